// Lua 5.3 arithmetic, bitwise operations and comparisons on numbers, exact
// for every pairing of the three number forms of value.ts:
//
//   integer: plain JS number (integral, |n| <= 2^53-1) or bigint (beyond that,
//            always within int64)
//   float:   plain JS number (not integral-valued: fractions, NaN, ±Infinity)
//            or LuaFloat (integral-valued doubles, including -0.0)
//
// Integer + - * wrap modulo 2^64 like C's unsigned arithmetic in lvm.c; any
// float operand makes the result a float. Every result is canonical. The VM
// inlines the "two safe integers" and "two doubles" fast paths itself and
// calls these for everything else, so each function is correct for all forms.
//
// NaN sign: on x86-64, a NaN produced by an invalid operation has its sign bit
// set and C Lua prints it as "-nan" (0/0), while -(0/0) prints "nan". V8
// keeps the sign bit through its arithmetic, typed arrays, object fields and
// generic arrays, but its `%` and Math.pow return a positive NaN, so those
// paths return NEG_NAN explicitly. (V8 does canonicalise NaN on some stores
// into double-only arrays, where a "-nan" can turn into "nan"; the VM should
// keep Lua values in generic arrays.)

import { LuaError } from "./lua-error.js";
import { LuaFloat, MAX_SAFE, mkFloat, mkInt } from "./value.js";

export type LuaNumber = number | bigint | LuaFloat;

const TWO63 = 9223372036854775808; // 2^63 as a double
const TWO32 = 4294967296;

// ---------------------------------------------------------------------------
// NaN sign bit

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
// Little-endian hosts keep the sign in the high word at index 1.
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/** True when the sign bit of `x` is set (also for NaN and -0). */
export function signBit(x: number): boolean {
  f64[0] = x;
  return u32[HI]! >>> 31 === 1;
}

function withSignFlipped(x: number): number {
  f64[0] = x;
  u32[HI] = u32[HI]! ^ 0x80000000;
  return f64[0];
}

/** The "default" NaN x86-64 produces for invalid operations (sign bit set). */
export const NEG_NAN: number = (() => {
  u32[HI] = 0xfff80000;
  u32[1 - HI] = 0;
  return f64[0];
})();

// ---------------------------------------------------------------------------
// Conversions between forms

/** The JS double a Lua number stands for (integers round to nearest, like C's cast). */
export function toFloat(a: LuaNumber): number {
  if (typeof a === "number") return a;
  if (typeof a === "bigint") return Number(a);
  return a.n;
}

/** The exact integer for a number or bigint already known to be integral. */
export function toBigInt(a: number | bigint): bigint {
  return typeof a === "bigint" ? a : BigInt(a);
}

/** Wraps an arbitrary bigint to int64 and returns its canonical form. */
export function wrapInt64(b: bigint): number | bigint {
  return mkInt(BigInt.asIntN(64, b));
}

/**
 * True when `a` has an integral value: an integer, or a finite float with no
 * fractional part (of any magnitude).
 */
export function isIntegerValue(a: LuaNumber): boolean {
  if (typeof a === "number") return Number.isInteger(a);
  if (typeof a === "bigint") return true;
  return Number.isFinite(a.n);
}

/** Converts an integral-valued double to an integer if it fits int64. */
function integralDoubleToInt(f: number): number | bigint | undefined {
  if (f >= -MAX_SAFE && f <= MAX_SAFE) return f + 0; // +0 turns -0 into 0
  if (f >= -TWO63 && f < TWO63) return BigInt(f);
  return undefined; // out of range or NaN
}

/**
 * Float-to-integer conversion with luaV_tointeger's rules: "exact" accepts only
 * integral values, "floor"/"ceil" round first. Integers come back unchanged;
 * undefined means the value has no int64 representation.
 */
export function toInteger(
  a: LuaNumber,
  mode: "exact" | "floor" | "ceil" = "exact",
): number | bigint | undefined {
  if (typeof a === "bigint") return a;
  let f: number;
  if (typeof a === "number") {
    if (Number.isInteger(a)) return a;
    if (mode === "exact") return undefined; // fraction, NaN or infinity
    f = mode === "floor" ? Math.floor(a) : Math.ceil(a);
  } else {
    f = a.n; // already integral (or ±0)
  }
  return integralDoubleToInt(f);
}

/**
 * Table-key normalisation: a float with an integral value in int64 range
 * becomes that integer (so t[1.0] and t[1] are the same slot); anything else
 * comes back as is.
 */
export function intFromFloatForTable(a: LuaNumber): LuaNumber {
  if (a instanceof LuaFloat) {
    const i = integralDoubleToInt(a.n);
    return i === undefined ? a : i;
  }
  return a;
}

// The operand of a bitwise operation: integers as they are, floats only when
// they have an exact integer value (lvm.c's tointeger with mode 0).
function bitOperand(a: LuaNumber): number | bigint {
  if (typeof a === "number") {
    if (Number.isInteger(a)) return a;
  } else if (typeof a === "bigint") {
    return a;
  } else {
    const i = integralDoubleToInt(a.n);
    if (i !== undefined) return i;
  }
  throw new LuaError("number has no integer representation", true);
}

// ---------------------------------------------------------------------------
// Arithmetic

/** a + b */
export function add(a: LuaNumber, b: LuaNumber): LuaNumber {
  if (typeof a === "number" && typeof b === "number") {
    const r = a + b;
    if (Number.isInteger(a) && Number.isInteger(b)) {
      // Exact unless the true sum leaves the safe range; rounding is monotonic,
      // so |r| > MAX_SAFE exactly when the true sum does.
      return r >= -MAX_SAFE && r <= MAX_SAFE ? r : BigInt(a) + BigInt(b);
    }
    return mkFloat(r);
  }
  if (isIntForm(a) && isIntForm(b)) return wrapInt64(toBigInt(a) + toBigInt(b));
  return mkFloat(toFloat(a) + toFloat(b));
}

/** a - b */
export function sub(a: LuaNumber, b: LuaNumber): LuaNumber {
  if (typeof a === "number" && typeof b === "number") {
    const r = a - b;
    if (Number.isInteger(a) && Number.isInteger(b)) {
      return r >= -MAX_SAFE && r <= MAX_SAFE ? r : BigInt(a) - BigInt(b);
    }
    return mkFloat(r);
  }
  if (isIntForm(a) && isIntForm(b)) return wrapInt64(toBigInt(a) - toBigInt(b));
  return mkFloat(toFloat(a) - toFloat(b));
}

/** a * b */
export function mul(a: LuaNumber, b: LuaNumber): LuaNumber {
  if (typeof a === "number" && typeof b === "number") {
    const r = a * b;
    if (Number.isInteger(a) && Number.isInteger(b)) {
      // The product of two safe integers may need up to 106 bits: redo it
      // exactly when the double result left the safe range.
      if (r >= -MAX_SAFE && r <= MAX_SAFE) return r + 0; // 0 * -5 is -0 in JS
      return wrapInt64(BigInt(a) * BigInt(b));
    }
    return mkFloat(r);
  }
  if (isIntForm(a) && isIntForm(b)) return wrapInt64(toBigInt(a) * toBigInt(b));
  return mkFloat(toFloat(a) * toFloat(b));
}

/** a / b: always a float. */
export function div(a: LuaNumber, b: LuaNumber): LuaNumber {
  return mkFloat(toFloat(a) / toFloat(b));
}

/** a ^ b: always a float, with C's pow special cases. */
export function pow(a: LuaNumber, b: LuaNumber): LuaNumber {
  return mkFloat(powFloat(toFloat(a), toFloat(b)));
}

/**
 * C99 pow on doubles. JS's Math.pow is off by up to an ulp in about one case
 * in twelve (against glibc) and differs for a base of ±1 with NaN/±inf
 * exponents, so finite nonzero bases go through e^(y ln|x|) computed in
 * double-double (or repeated double-double products for small integer
 * exponents) and rounded once: correctly rounded in all our samples, like
 * glibc except in its rare misrounded cases. About 7x Math.pow's cost.
 */
export function powFloat(x: number, y: number): number {
  if (y === 2) return x * x;
  if (y === 0 || x === 1) return 1; // even for NaN operands
  if (x !== x) {
    // NaN propagates; glibc treats a NaN with its sign bit set as a negative
    // base, so an odd integer exponent clears that sign.
    return signBit(x) && Number.isInteger(y) && y % 2 !== 0 ? withSignFlipped(x) : x;
  }
  if (y !== y) return y;
  if (x === 0 || x === Infinity || x === -Infinity) return Math.pow(x, y);
  if (y === Infinity || y === -Infinity) return x === -1 ? 1 : Math.pow(x, y);
  if (y === 1) return x;
  let sign = 1;
  if (x < 0) {
    if (!Number.isInteger(y)) return NEG_NAN; // invalid operation, e.g. (-8)^(1/3)
    if (y % 2 !== 0) sign = -1;
    x = -x;
    // (-1)^y for a huge even or odd y: the log path below would split y
    // times ln 1 = 0 and overflow into NaN ((-1)^1e308 is 1).
    if (x === 1) return sign;
  }
  if (y === 0.5) return Math.sqrt(x); // correctly rounded
  if (y === -1) return sign / x;
  if (Number.isInteger(y) && y >= -1024 && y <= 1024) {
    // Small integer exponents by repeated multiplication in double-double,
    // when no intermediate power can overflow the Veltkamp split or lose bits
    // to subnormals (they all lie between 1 and x^|y|).
    const approx = Math.pow(x, y);
    if (approx > 1e-250 && approx < 1e250) return sign * powIntDD(x, y);
  }
  logDD(x);
  // |y ln x| far beyond exp's range: the double-double product below would
  // overflow into inf - inf = NaN, so settle overflow and underflow here.
  const rough = y * DD[0];
  if (rough > 1000) return sign * Infinity;
  if (rough < -1000) return sign * 0;
  // p = y * ln x in double-double
  twoProd(y, DD[0]);
  let ph = DD[0];
  let pl = DD[1] + y * DD[2];
  const s = ph + pl;
  pl -= s - ph;
  ph = s;
  return sign * expDD(ph, pl);
}

// ---------------------------------------------------------------------------
// Double-double helpers for powFloat. A value is an unevaluated sum hi + lo
// with |lo| <= ulp(hi)/2; results come back in DD[0] and DD[1].

// Results live in a typed array: module-level `let` doubles would allocate a
// heap number on every assignment.
const DD = new Float64Array(3); // [hi, lo, low part of the last logDD result]

const SPLITTER = 134217729; // 2^27 + 1, for Veltkamp splitting

// DD[0] + DD[1] = a * b exactly.
function twoProd(a: number, b: number): void {
  const p = a * b;
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  DD[0] = p;
  DD[1] = ah * bh - p + ah * bl + al * bh + al * bl;
}

// DD[0] + DD[1] = (ah + al) * (bh + bl), to about 2^-104 relative.
function mulDD(ah: number, al: number, bh: number, bl: number): void {
  twoProd(ah, bh);
  const lo = DD[1] + (ah * bl + al * bh);
  const hi = DD[0] + lo;
  DD[1] = lo - (hi - DD[0]);
  DD[0] = hi;
}

// DD[0] + DD[1] = (ah + al) + (bh + bl).
function addDD(ah: number, al: number, bh: number, bl: number): void {
  const s = ah + bh;
  const v = s - ah;
  const e = ah - (s - v) + (bh - v) + al + bl;
  DD[0] = s + e;
  DD[1] = e - (DD[0] - s);
}

const LN2_HI = 0.6931471805599453; // ln 2 = LN2_HI + LN2_LO to ~2^-106
const LN2_LO = 2.3190468138462996e-17;

// 1/(2i+1) as double-doubles, for the atanh series that builds LOG_T.
const ODD_RECIP_HI: number[] = [];
const ODD_RECIP_LO: number[] = [];

// The tables below cost a few milliseconds to build, so they are built on
// the first pow/log that needs them rather than at start-up.
let tablesBuilt = false;
function buildTables(): void {
  tablesBuilt = true;
  for (let i = 0; i <= 40; i++) {
    const d = 2 * i + 1;
    const h = 1 / d;
    twoProd(h, d); // h*d = 1 - err exactly: the low part is err/d
    ODD_RECIP_HI.push(h);
    ODD_RECIP_LO.push((1 - DD[0] - DD[1]) / d);
  }
  buildLogTable();
  buildExp2Table();
}

const TWO_THIRDS_HI = 2 / 3;
const TWO_THIRDS_LO = (() => {
  twoProd(TWO_THIRDS_HI, 3);
  return (2 - DD[0] - DD[1]) / 3;
})();

// ln v for v in [1/2, 2] into DD[0..1], from the full atanh series in
// double-double (slow; only for building LOG_T).
function lnByFullSeries(v: number): void {
  const num = v - 1; // exact (Sterbenz)
  addDD(v, 0, 1, 0);
  const dh = DD[0];
  const dl = DD[1];
  const sh = num / dh;
  twoProd(sh, dh);
  const sl = (num - DD[0] - DD[1] - sh * dl) / dh;
  mulDD(sh, sl, sh, sl);
  const zh = DD[0];
  const zl = DD[1];
  let ah = 0;
  let al = 0;
  for (let i = 40; i >= 0; i--) {
    mulDD(ah, al, zh, zl);
    addDD(DD[0], DD[1], ODD_RECIP_HI[i]!, ODD_RECIP_LO[i]!);
    ah = DD[0];
    al = DD[1];
  }
  mulDD(ah, al, 2 * sh, 2 * sl);
}

// logDD splits the significand m in [1, 2) by its top 7 bits: LOG_R[j] is a
// 13-bit approximation of 1/m on that slice (so m * LOG_R[j] is within 2^-7
// of 1), and LOG_T[j] = -ln LOG_R[j] as a double-double.
const LOG_R: number[] = [];
const LOG_T_HI: number[] = [];
const LOG_T_LO: number[] = [];
function buildLogTable(): void {
  for (let j = 0; j < 128; j++) {
    const r = Math.round(4096 / (1 + (j + 0.5) / 128)) / 4096;
    lnByFullSeries(r);
    LOG_R.push(r);
    LOG_T_HI.push(-DD[0]);
    LOG_T_LO.push(-DD[1]);
  }
}

// ln(1 + u) for |u| < 2^-7 given as a double-double, into DD[0..1]:
// 2 atanh(s) with s = u / (2 + u), that is 2s + s^3 (2/3 + 2z/5 + ...), z = s^2.
function log1pSmallDD(uh: number, ul: number): void {
  addDD(2, 0, uh, ul);
  const dh = DD[0];
  const dl = DD[1];
  const sh = uh / dh;
  twoProd(sh, dh);
  const sl = (uh - DD[0] - DD[1] + ul - sh * dl) / dh;
  mulDD(sh, sl, sh, sl);
  const zh = DD[0];
  const zl = DD[1];
  // z < 2^-15: the terms from s^5 on need only double precision, and the
  // first one left out (s^13) is below 2^-96 of the total.
  const t = zh * (2 / 5 + zh * (2 / 7 + zh * (2 / 9 + zh * (2 / 11))));
  addDD(TWO_THIRDS_HI, TWO_THIRDS_LO, t, 0);
  mulDD(DD[0], DD[1], zh, zl);
  mulDD(DD[0], DD[1], sh, sl);
  addDD(DD[0], DD[1], 2 * sh, 2 * sl);
}

// ln x for a positive finite x: high part in DD[0], low part in DD[2].
function logDD(x: number): void {
  if (!tablesBuilt) buildTables();
  if (x > 0.9921875 && x < 1.0078125) {
    // Near 1 the result is tiny: no table term or k ln2 to cancel against.
    log1pSmallDD(x - 1, 0); // x - 1 is exact
    DD[2] = DD[1];
    return;
  }
  // x = m * 2^k with m in [1, 2); ln x = k ln2 - ln r + ln(1 + (m r - 1)).
  let k = 0;
  if (x < 2.2250738585072014e-308) {
    x *= 18014398509481984; // 2^54: bring subnormals into the normal range
    k = -54;
  }
  f64[0] = x;
  const hi = u32[HI]!;
  k += ((hi >>> 20) & 0x7ff) - 1023;
  const j = (hi >>> 13) & 127;
  u32[HI] = (hi & 0x000fffff) | 0x3ff00000;
  twoProd(f64[0], LOG_R[j]!); // m * r exactly
  addDD(DD[0] - 1, 0, DD[1], 0); // DD[0] - 1 is exact (Sterbenz)
  log1pSmallDD(DD[0], DD[1]);
  addDD(DD[0], DD[1], LOG_T_HI[j]!, LOG_T_LO[j]!);
  const ah = DD[0];
  const al = DD[1];
  twoProd(k, LN2_HI);
  addDD(DD[0], DD[1] + k * LN2_LO, ah, al);
  DD[2] = DD[1];
}

// x^n for an integer n with |n| >= 2, rounded once from double-double.
function powIntDD(x: number, n: number): number {
  let e = n < 0 ? -n : n;
  let bh = x; // x^(2^i)
  let bl = 0;
  let rh = 1;
  let rl = 0;
  for (;;) {
    if (e & 1) {
      mulDD(rh, rl, bh, bl);
      rh = DD[0];
      rl = DD[1];
    }
    e >>>= 1;
    if (e === 0) break;
    mulDD(bh, bl, bh, bl);
    bh = DD[0];
    bl = DD[1];
  }
  if (n > 0) return rh + rl;
  // 1 / (rh + rl): one Newton correction of the double quotient.
  const q = 1 / rh;
  twoProd(q, rh);
  return q + (1 - DD[0] - DD[1] - q * rl) * q;
}

// e^(ph + pl), rounded to double. With p = n ln2/64 + r, |r| <= ln2/128:
// e^p = 2^(n div 64) * 2^((n mod 64)/64) * e^r, the middle factor from a table.
function expDD(ph: number, pl: number): number {
  if (!tablesBuilt) buildTables();
  if (ph > 709.8) return Infinity;
  if (ph < -745.2) return 0;
  const n = Math.round(ph * INV_LN2_64);
  twoProd(n, LN2_64_HI);
  addDD(ph, pl, -DD[0], -DD[1] - n * LN2_64_LO);
  const rh = DD[0];
  const rl = DD[1];
  // e^r - 1 = r + r^2/2 + r^3 (1/3! + r/4! + ... + r^7/10!): the terms from
  // r^3 on are below 2^-24 and need only double precision.
  let t = INV_FACT[10]!;
  for (let i = 9; i >= 3; i--) t = t * rh + INV_FACT[i]!;
  t *= rh * rh * rh;
  mulDD(rh, rl, rh / 2, rl / 2);
  addDD(DD[0], DD[1] + t, rh, rl);
  // 2^(j/64) * (1 + (e^r - 1))
  const j = n & 63;
  const th = EXP2_HI[j]!;
  const tl = EXP2_LO[j]!;
  mulDD(th, tl, DD[0], DD[1]);
  addDD(th, tl, DD[0], DD[1]);
  const r = DD[0] + DD[1];
  // Scale by 2^q in two steps so neither factor over- or underflows.
  const q = (n - j) / 64;
  const half = q >> 1;
  return r * 2 ** half * 2 ** (q - half);
}

const INV_LN2_64 = 64 / Math.LN2;
const LN2_64_HI = LN2_HI / 64; // exact: a power-of-two division
const LN2_64_LO = LN2_LO / 64;

// 1/i! for the Taylor series of e^x.
const INV_FACT: number[] = [1];
for (let i = 1, f = 1; i <= 30; i++) INV_FACT.push(1 / (f *= i));

// 2^(j/64) for j = 0..63 as double-doubles, from a full double-double Taylor
// series of e^(j ln2/64) (30 terms: far below 2^-106 for arguments < ln 2).
const EXP2_HI: number[] = [];
const EXP2_LO: number[] = [];
function buildExp2Table(): void {
  for (let j = 0; j < 64; j++) {
    twoProd(j, LN2_64_HI);
    addDD(DD[0], DD[1], j * LN2_64_LO, 0);
    const xh = DD[0];
    const xl = DD[1];
    // Horner on 1/i! with each coefficient as a double-double (1 / i! rounded
    // plus its remainder, via i! exact up to 22!, then by division).
    let ah = 0;
    let al = 0;
    for (let i = 30; i >= 0; i--) {
      const ch = INV_FACT[i]!;
      const cl = invFactLow(i, ch);
      mulDD(ah, al, xh, xl);
      addDD(DD[0], DD[1], ch, cl);
      ah = DD[0];
      al = DD[1];
    }
    EXP2_HI.push(ah);
    EXP2_LO.push(al);
  }
}

// The low part of 1/i! when its high part is ch (exact for i! < 2^53, i.e.
// i <= 18; beyond, the term is below 2^-60 and the low part is negligible).
function invFactLow(i: number, ch: number): number {
  if (i > 18) return 0;
  let f = 1;
  for (let k = 2; k <= i; k++) f *= k;
  twoProd(ch, f); // ch * f = 1 - err exactly
  return (1 - DD[0] - DD[1]) / f;
}

/** a // b: floor division. Integer division by zero is an error. */
export function idiv(a: LuaNumber, b: LuaNumber): LuaNumber {
  if (typeof a === "number" && typeof b === "number" && Number.isInteger(a) && Number.isInteger(b)) {
    if (b === 0) throw new LuaError("attempt to divide by zero", true);
    // JS % is exact on integers, so (a - r) / b is an exact quotient.
    const r = a % b;
    const q = (a - r) / b;
    return (r !== 0 && r < 0 !== b < 0 ? q - 1 : q) + 0;
  }
  if (isIntForm(a) && isIntForm(b)) {
    const x = toBigInt(a);
    const y = toBigInt(b);
    if (y === 0n) throw new LuaError("attempt to divide by zero", true);
    let q = x / y; // truncates; wraps only for mininteger // -1
    if (x % y !== 0n && x < 0n !== y < 0n) q -= 1n;
    return wrapInt64(q);
  }
  const d = toFloat(a) / toFloat(b);
  return d === d ? mkFloat(Math.floor(d)) : d; // keep the NaN's sign bit
}

/** a % b: result takes the sign of b. Integer modulo by zero is an error. */
export function mod(a: LuaNumber, b: LuaNumber): LuaNumber {
  if (typeof a === "number" && typeof b === "number" && Number.isInteger(a) && Number.isInteger(b)) {
    if (b === 0) throw new LuaError("attempt to perform 'n%0'", true);
    const r = a % b;
    return (r !== 0 && r < 0 !== b < 0 ? r + b : r) + 0;
  }
  if (isIntForm(a) && isIntForm(b)) {
    const x = toBigInt(a);
    const y = toBigInt(b);
    if (y === 0n) throw new LuaError("attempt to perform 'n%0'", true);
    const r = x % y;
    return mkInt(r !== 0n && r < 0n !== y < 0n ? r + y : r);
  }
  return mkFloat(modFloat(toFloat(a), toFloat(b)));
}

/** Lua 5.3's float modulo: C fmod, then moved into b's sign when they differ. */
export function modFloat(x: number, y: number): number {
  let m = x % y; // JS % is C's fmod
  if (m !== m) {
    if (x !== x) return x;
    if (y !== y) return y;
    return NEG_NAN; // fmod(inf, y) or fmod(x, 0)
  }
  if (m * y < 0) m += y;
  return m;
}

/** -a. Keeps the sign of zero for floats; flips the sign bit of NaN like C. */
export function unm(a: LuaNumber): LuaNumber {
  if (typeof a === "number") {
    if (Number.isInteger(a)) return a === 0 ? 0 : -a;
    return a === a ? -a : withSignFlipped(a);
  }
  if (typeof a === "bigint") return wrapInt64(-a); // -mininteger wraps to itself
  return new LuaFloat(-a.n);
}

function isIntForm(a: LuaNumber): a is number | bigint {
  return typeof a === "bigint" || (typeof a === "number" && Number.isInteger(a));
}

// ---------------------------------------------------------------------------
// Bitwise operations on int64. Values inside int32 use JS's 32-bit operators
// (sign-extended 32-bit results equal the 64-bit ones); other safe integers
// are split into a signed high word and an unsigned low word.

function hiWord(x: number): number {
  return Math.floor(x / TWO32) | 0;
}

function joinWords(hi: number, lo: number): number | bigint {
  // hi is int32, lo uint32. Within ±2^21 for hi the value is a safe integer
  // (except exactly -2^53, which must become a bigint).
  if (hi >= -0x200000 && hi < 0x200000) {
    const r = hi * TWO32 + lo;
    if (r >= -MAX_SAFE) return r;
  }
  return (BigInt(hi) << 32n) | BigInt(lo);
}

/** a & b */
export function band(a: LuaNumber, b: LuaNumber): number | bigint {
  const x = bitOperand(a);
  const y = bitOperand(b);
  if (typeof x === "number" && typeof y === "number") {
    if ((x | 0) === x && (y | 0) === y) return x & y;
    return joinWords(hiWord(x) & hiWord(y), (x & y) >>> 0);
  }
  return mkInt(toBigInt(x) & toBigInt(y));
}

/** a | b */
export function bor(a: LuaNumber, b: LuaNumber): number | bigint {
  const x = bitOperand(a);
  const y = bitOperand(b);
  if (typeof x === "number" && typeof y === "number") {
    if ((x | 0) === x && (y | 0) === y) return x | y;
    return joinWords(hiWord(x) | hiWord(y), (x | y) >>> 0);
  }
  return mkInt(toBigInt(x) | toBigInt(y));
}

/** a ~ b */
export function bxor(a: LuaNumber, b: LuaNumber): number | bigint {
  const x = bitOperand(a);
  const y = bitOperand(b);
  if (typeof x === "number" && typeof y === "number") {
    if ((x | 0) === x && (y | 0) === y) return x ^ y;
    return joinWords(hiWord(x) ^ hiWord(y), (x ^ y) >>> 0);
  }
  return mkInt(toBigInt(x) ^ toBigInt(y));
}

/** ~a */
export function bnot(a: LuaNumber): number | bigint {
  const x = bitOperand(a);
  if (typeof x === "number") {
    const r = -x - 1; // two's complement identity, exact for safe x
    return r >= -MAX_SAFE ? r : BigInt(r);
  }
  return mkInt(~x);
}

/** a << b (a negative b shifts right; counts of 64 or more give 0). */
export function shl(a: LuaNumber, b: LuaNumber): number | bigint {
  return shiftLeft(bitOperand(a), bitOperand(b), false);
}

/** a >> b, logical (unsigned) shift. */
export function shr(a: LuaNumber, b: LuaNumber): number | bigint {
  return shiftLeft(bitOperand(a), bitOperand(b), true);
}

// luaV_shiftl: shift x left by n (right when n is negative), as unsigned int64.
function shiftLeft(x: number | bigint, n: number | bigint, negate: boolean): number | bigint {
  // A bigint count is beyond ±2^53, so always at least 64 in magnitude.
  if (typeof n === "bigint") return 0;
  if (negate) n = -n;
  if (n <= -64 || n >= 64) return 0;
  if (n === 0) return x;
  if (n > 0) {
    if (typeof x === "number") {
      const r = x * 2 ** n; // exact while it stays in the safe range
      if (r >= -MAX_SAFE && r <= MAX_SAFE) return r;
    }
    return wrapInt64(toBigInt(x) << BigInt(n));
  }
  if (typeof x === "number" && x >= 0) return Math.floor(x / 2 ** -n);
  return mkInt(BigInt.asUintN(64, toBigInt(x)) >> BigInt(-n));
}

// ---------------------------------------------------------------------------
// Comparisons. JS compares bigint with number by exact mathematical value (and
// NaN compares false), which is exactly Lua's integer/float comparison.

function cmpForm(a: LuaNumber): number | bigint {
  return typeof a === "object" ? a.n : a;
}

/** a == b (numeric equality; int and float compare by exact value). */
export function eq(a: LuaNumber, b: LuaNumber): boolean {
  return cmpForm(a) == cmpForm(b); // loose ==: exact for bigint vs number
}

/** a < b */
export function lt(a: LuaNumber, b: LuaNumber): boolean {
  return cmpForm(a) < cmpForm(b);
}

/** a <= b */
export function le(a: LuaNumber, b: LuaNumber): boolean {
  return cmpForm(a) <= cmpForm(b);
}
