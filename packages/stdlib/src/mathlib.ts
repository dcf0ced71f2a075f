// The math library (lmathlib.c's interface), keeping Lua 5.3's integer/float
// subtypes: floor/ceil/modf give integers when the result fits, max/min
// return the winning argument unchanged, integer fmod follows C's `%`.
// Includes the LUA_COMPAT_MATHLIB functions the reference lua5.3 build has
// (cosh, sinh, tanh, pow, frexp, ldexp, log10).
//
// math.random draws from xoshiro128** (per state, seeded from the clock;
// math.randomseed(x) makes the sequence repeatable). Integer intervals
// are uniform over the whole int64 range, beyond what a double can hold.

import {
  HostFunction, LuaError, LuaFloat, LuaTable, lessThan, mkFloat, mkInt, NOT_FAST, num, withFast, type FastFn,
  type LuaState, type LuaThread, type LuaValue,
} from "@wippy-lua/vm/libapi";
import { argAt, argError, checkAny, checkFloat, checkInteger, toNumberValue } from "./args.js";
import { libTemplate, newLibTable } from "./libtable.js";

const MAXINT = 9223372036854775807n;
const TWO63 = 9223372036854775808;

/** A float result, pushed in canonical form. */
function pushFloat(L: LuaThread, d: number): number {
  L.stack[L.top++] = Number.isInteger(d) || Object.is(d, -0) ? new LuaFloat(d) : d;
  return 1;
}

/** lmathlib's pushnumint: an integer when the float value fits one, else the float. */
function pushNumInt(L: LuaThread, d: number): number {
  if (Number.isSafeInteger(d)) L.stack[L.top++] = d + 0;
  else if (d >= -TWO63 && d < TWO63) L.stack[L.top++] = BigInt(d);
  else return pushFloat(L, d);
  return 1;
}

/** The argument when it is a Lua integer value (not a string), else undefined. */
function intArg(v: LuaValue): number | bigint | undefined {
  if (typeof v === "number") return Number.isInteger(v) ? v : undefined;
  if (typeof v === "bigint") return v;
  return undefined;
}

function mathAbs(L: LuaThread, base: number, nargs: number): number {
  const i = intArg(argAt(L, base, nargs, 1));
  if (i !== undefined) {
    L.stack[L.top++] = i >= 0 ? i : num.unm(i);
    return 1;
  }
  return pushFloat(L, Math.abs(checkFloat(L, base, nargs, 1)));
}

function mathFloor(L: LuaThread, base: number, nargs: number): number {
  const i = intArg(argAt(L, base, nargs, 1));
  if (i !== undefined) {
    L.stack[L.top++] = i;
    return 1;
  }
  return pushNumInt(L, Math.floor(checkFloat(L, base, nargs, 1)));
}

function mathCeil(L: LuaThread, base: number, nargs: number): number {
  const i = intArg(argAt(L, base, nargs, 1));
  if (i !== undefined) {
    L.stack[L.top++] = i;
    return 1;
  }
  return pushNumInt(L, Math.ceil(checkFloat(L, base, nargs, 1)));
}

/** C's fmod, with glibc's negative NaN for invalid operations. */
function fmodFloat(a: number, b: number): number {
  if (a !== a) return a;
  if (b !== b) return b;
  if (b === 0 || !Number.isFinite(a)) return num.NEG_NAN;
  return a % b;
}

function mathFmod(L: LuaThread, base: number, nargs: number): number {
  const a = intArg(argAt(L, base, nargs, 1));
  const b = intArg(argAt(L, base, nargs, 2));
  if (a !== undefined && b !== undefined) {
    if (b === 0 || b === 0n) throw argError(L, 2, "zero");
    if (b === -1 || b === -1n) {
      L.stack[L.top++] = 0; // avoids the overflow of mininteger % -1
    } else if (typeof a === "number" && typeof b === "number") {
      L.stack[L.top++] = a % b + 0;
    } else {
      L.stack[L.top++] = mkInt(BigInt(a) % BigInt(b));
    }
    return 1;
  }
  // lua5.3 as built by gcc checks the second argument first (C leaves the
  // order of argument evaluation open; gcc goes right to left here).
  const y = checkFloat(L, base, nargs, 2);
  return pushFloat(L, fmodFloat(checkFloat(L, base, nargs, 1), y));
}

function mathModf(L: LuaThread, base: number, nargs: number): number {
  const i = intArg(argAt(L, base, nargs, 1));
  if (i !== undefined) {
    L.stack[L.top++] = i;
    L.stack[L.top++] = new LuaFloat(0);
    return 2;
  }
  const n = checkFloat(L, base, nargs, 1);
  const ip = n < 0 ? Math.ceil(n) : Math.floor(n);
  pushNumInt(L, ip);
  pushFloat(L, n === ip ? 0 : n - ip);
  return 2;
}

function mathToInteger(L: LuaThread, base: number, nargs: number): number {
  const v = argAt(L, base, nargs, 1);
  const n = toNumberValue(v);
  const i = n === undefined ? undefined : num.toInteger(n);
  if (i === undefined) checkAny(L, nargs, 1);
  L.stack[L.top++] = i;
  return 1;
}

function mathType(L: LuaThread, base: number, nargs: number): number {
  checkAny(L, nargs, 1);
  const v = argAt(L, base, nargs, 1);
  if (typeof v === "number") L.stack[L.top++] = Number.isInteger(v) ? "integer" : "float";
  else if (typeof v === "bigint") L.stack[L.top++] = "integer";
  else if (v instanceof LuaFloat) L.stack[L.top++] = "float";
  else L.stack[L.top++] = undefined;
  return 1;
}

function mathUlt(L: LuaThread, base: number, nargs: number): number {
  const a = checkInteger(L, base, nargs, 1);
  const b = checkInteger(L, base, nargs, 2);
  L.stack[L.top++] = BigInt.asUintN(64, BigInt(a)) < BigInt.asUintN(64, BigInt(b));
  return 1;
}

// Like lmathlib (5.3.6), the arguments are only compared (lua_compare), not checked.
function minMax(L: LuaThread, base: number, nargs: number, wantMax: boolean): number {
  if (nargs < 1) throw argError(L, 1, "value expected");
  let best: LuaValue = L.stack[base];
  for (let i = 2; i <= nargs; i++) {
    const v = L.stack[base + i - 1];
    const better = wantMax ? lessThan(L, null, best, v) : lessThan(L, null, v, best);
    if (better) best = v;
  }
  L.stack[L.top++] = best;
  return 1;
}

function mathMax(L: LuaThread, base: number, nargs: number): number {
  return minMax(L, base, nargs, true);
}

function mathMin(L: LuaThread, base: number, nargs: number): number {
  return minMax(L, base, nargs, false);
}

function mathSqrt(L: LuaThread, base: number, nargs: number): number {
  return pushFloat(L, Math.sqrt(checkFloat(L, base, nargs, 1)));
}

function mathExp(L: LuaThread, base: number, nargs: number): number {
  return pushFloat(L, Math.exp(checkFloat(L, base, nargs, 1)));
}

/**
 * A logarithm as glibc gives it: of a negative number, the NaN C Lua prints
 * as "-nan" (V8's Math.log returns a positive NaN); a NaN argument comes
 * back as it is. (glibc's log10 of a negative number is a positive NaN, as
 * V8's.)
 */
function cLog(f: (x: number) => number): (x: number) => number {
  return (x) => (x !== x ? x : x < 0 ? num.NEG_NAN : f(x));
}
const ln = cLog(Math.log);
const log2 = cLog(Math.log2);

function mathLog(L: LuaThread, base: number, nargs: number): number {
  const x = checkFloat(L, base, nargs, 1);
  if (nargs < 2 || L.stack[base + 1] === undefined) return pushFloat(L, ln(x));
  const b = checkFloat(L, base, nargs, 2);
  if (b === 2) return pushFloat(L, log2(x));
  if (b === 10) return pushFloat(L, Math.log10(x));
  return pushFloat(L, ln(x) / ln(b));
}

function unary(name: string, f: (x: number) => number): HostFunction {
  return withFast(new HostFunction(name, (L, base, nargs) => pushFloat(L, f(checkFloat(L, base, nargs, 1)))), 1,
    floatFast(f), 1, true);
}

// Frameless versions for compiled code (the VM's FastFn): the same first
// result for number arguments held as doubles; NOT_FAST for anything the
// functions above would convert or reject, and for int64 beyond 2^53.

/** A number argument as a double, or undefined (strings to convert, int64 beyond 2^53, other types). */
function fastDouble(v: LuaValue): number | undefined {
  return typeof v === "number" ? v : v instanceof LuaFloat ? v.n : undefined;
}

/** The fast version of a function of one float argument with a float result. */
function floatFast(f: (x: number) => number): FastFn {
  return (a) => {
    const d = fastDouble(a);
    return d === undefined ? NOT_FAST : mkFloat(f(d));
  };
}

/** floor or ceil: integers unchanged, floats rounded to an integer when it is exact as a double. */
function roundFast(f: (x: number) => number): FastFn {
  return (a) => {
    if (typeof a === "number" && Number.isInteger(a)) return a;
    const d = fastDouble(a);
    if (d === undefined) return NOT_FAST;
    const r = f(d);
    return Number.isSafeInteger(r) ? r + 0 : NOT_FAST;
  };
}

const absFast: FastFn = (a) => {
  if (typeof a === "number") return Math.abs(a);
  return a instanceof LuaFloat ? mkFloat(Math.abs(a.n)) : NOT_FAST;
};

const toIntegerFast: FastFn = (a) => {
  if (typeof a === "number") return Number.isInteger(a) ? a : undefined;
  return a instanceof LuaFloat && Number.isSafeInteger(a.n) ? a.n + 0 : NOT_FAST;
};

const typeFast: FastFn = (a) => {
  if (typeof a === "number") return Number.isInteger(a) ? "integer" : "float";
  if (a instanceof LuaFloat) return "float";
  return typeof a === "bigint" ? "integer" : undefined;
};

/** max and min of two plain numbers: the winning argument unchanged, as minMax compares. */
const maxFast: FastFn = (a, b) => (typeof a === "number" && typeof b === "number" ? (a < b ? b : a) : NOT_FAST);
const minFast: FastFn = (a, b) => (typeof a === "number" && typeof b === "number" ? (b < a ? b : a) : NOT_FAST);

function mathAtan(L: LuaThread, base: number, nargs: number): number {
  const y = checkFloat(L, base, nargs, 1);
  const x = nargs >= 2 && L.stack[base + 1] !== undefined ? checkFloat(L, base, nargs, 2) : 1;
  return pushFloat(L, Math.atan2(y, x));
}

function mathPow(L: LuaThread, base: number, nargs: number): number {
  return pushFloat(L, num.powFloat(checkFloat(L, base, nargs, 1), checkFloat(L, base, nargs, 2)));
}

function mathLdexp(L: LuaThread, base: number, nargs: number): number {
  const m = checkFloat(L, base, nargs, 1);
  const e = Number(checkInteger(L, base, nargs, 2));
  // Scale in steps so that intermediate powers of two stay finite.
  let r = m;
  let k = Math.max(-2200, Math.min(2200, e));
  while (k > 1000) {
    r *= 2 ** 1000;
    k -= 1000;
  }
  while (k < -1000) {
    r *= 2 ** -1000;
    k += 1000;
  }
  return pushFloat(L, r * 2 ** k);
}

function mathFrexp(L: LuaThread, base: number, nargs: number): number {
  const x = checkFloat(L, base, nargs, 1);
  if (x === 0 || !Number.isFinite(x)) {
    pushFloat(L, x);
    L.stack[L.top++] = 0;
    return 2;
  }
  let e = Math.max(-1073, Math.floor(Math.log2(Math.abs(x))) + 1);
  let m = x * 2 ** -e;
  // Correct the estimate so that 0.5 <= |m| < 1.
  while (Math.abs(m) < 0.5) {
    m *= 2;
    e--;
  }
  while (Math.abs(m) >= 1) {
    m /= 2;
    e++;
  }
  pushFloat(L, m);
  L.stack[L.top++] = e;
  return 2;
}

// ---------------------------------------------------------------- random

/** xoshiro128** state, one per Lua state. */
const rngs = new WeakMap<LuaState, Uint32Array>();

function seedRng(s: Uint32Array, a: number, b: number): void {
  // splitmix32 to spread the seed over the four words.
  let x = (a ^ Math.imul(b, 0x9e3779b9)) >>> 0;
  for (let i = 0; i < 4; i++) {
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    s[i] = (z ^ (z >>> 16)) >>> 0;
  }
  if ((s[0]! | s[1]! | s[2]! | s[3]!) === 0) s[0] = 1;
}

function rngOf(G: LuaState): Uint32Array {
  let s = rngs.get(G);
  if (s === undefined) {
    s = new Uint32Array(4);
    seedRng(s, Date.now() >>> 0, Math.floor(Math.random() * 0x100000000));
    rngs.set(G, s);
  }
  return s;
}

function next32(s: Uint32Array): number {
  const r = Math.imul(rotl(Math.imul(s[1]!, 5), 7), 9) >>> 0;
  const t = s[1]! << 9;
  s[2]! ^= s[0]!;
  s[3]! ^= s[1]!;
  s[1]! ^= s[2]!;
  s[0]! ^= s[3]!;
  s[2]! ^= t;
  s[3] = rotl(s[3]!, 11);
  return r;
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** A float in [0, 1) with 53 random bits. */
function nextFloat(s: Uint32Array): number {
  return ((next32(s) >>> 5) * 67108864 + (next32(s) >>> 6)) / 9007199254740992;
}

/** A uniform integer in [0, n] for 0 <= n < 2^32 - 1 (rejection sampling, no bias). */
function nextBelowSmall(s: Uint32Array, n: number): number {
  const m = n + 1;
  const lim = Math.floor(0x100000000 / m) * m;
  for (;;) {
    const r = next32(s);
    if (r < lim) return r % m;
  }
}

/** A uniform integer in [0, n] for 0 <= n < 2^64. */
function nextBelow(s: Uint32Array, n: bigint): bigint {
  if (n < 0xffffffffn) return BigInt(nextBelowSmall(s, Number(n)));
  let mask = n;
  for (let sh = 1n; sh <= 32n; sh <<= 1n) mask |= mask >> sh;
  for (;;) {
    const r = ((BigInt(next32(s)) << 32n) | BigInt(next32(s))) & mask;
    if (r <= n) return r;
  }
}

function mathRandom(L: LuaThread, base: number, nargs: number): number {
  const s = rngOf(L.G);
  let low: number | bigint;
  let up: number | bigint;
  switch (nargs) {
    case 0:
      return pushFloat(L, nextFloat(s));
    case 1:
      low = 1;
      up = checkInteger(L, base, nargs, 1);
      break;
    case 2:
      low = checkInteger(L, base, nargs, 1);
      up = checkInteger(L, base, nargs, 2);
      break;
    default:
      throw new LuaError("wrong number of arguments", true);
  }
  if (low > up) throw argError(L, 1, "interval is empty");
  if (typeof low === "number" && typeof up === "number" && up - low < 0xffffffff) {
    L.stack[L.top++] = low + nextBelowSmall(s, up - low);
    return 1;
  }
  const lo = BigInt(low);
  const hi = BigInt(up);
  if (!(lo >= 0n || hi <= MAXINT + lo)) throw argError(L, 1, "interval too large");
  L.stack[L.top++] = mkInt(lo + nextBelow(s, hi - lo));
  return 1;
}

function mathRandomseed(L: LuaThread, base: number, nargs: number): number {
  const x = checkFloat(L, base, nargs, 1);
  const n = num.toInteger(mkFloat(x), "floor");
  const b = BigInt.asUintN(64, n === undefined ? 0n : BigInt(n));
  seedRng(rngOf(L.G), Number(b & 0xffffffffn), Number(b >> 32n));
  return 0;
}

const FUNCS: readonly HostFunction[] = [
  withFast(new HostFunction("abs", mathAbs), 1, absFast, 1, true),
  withFast(new HostFunction("ceil", mathCeil), 1, roundFast(Math.ceil), 1, true),
  withFast(new HostFunction("floor", mathFloor), 1, roundFast(Math.floor), 1, true),
  new HostFunction("fmod", mathFmod),
  new HostFunction("modf", mathModf),
  withFast(new HostFunction("tointeger", mathToInteger), 1, toIntegerFast, 1, true),
  withFast(new HostFunction("type", mathType), 1, typeFast, 1, true),
  new HostFunction("ult", mathUlt),
  withFast(new HostFunction("max", mathMax), 2, maxFast, 1, true),
  withFast(new HostFunction("min", mathMin), 2, minFast, 1, true),
  new HostFunction("random", mathRandom),
  new HostFunction("randomseed", mathRandomseed),
  withFast(new HostFunction("sqrt", mathSqrt), 1, floatFast(Math.sqrt), 1, true),
  withFast(new HostFunction("exp", mathExp), 1, floatFast(Math.exp), 1, true),
  withFast(new HostFunction("log", mathLog), 1, floatFast(ln), 1, true),
  new HostFunction("atan", mathAtan),
  unary("sin", Math.sin),
  unary("cos", Math.cos),
  unary("tan", Math.tan),
  unary("asin", Math.asin),
  unary("acos", Math.acos),
  unary("deg", (x) => x * (180 / Math.PI)),
  unary("rad", (x) => x * (Math.PI / 180)),
  unary("cosh", Math.cosh),
  unary("sinh", Math.sinh),
  unary("tanh", Math.tanh),
  unary("log10", Math.log10),
  new HostFunction("pow", mathPow),
  new HostFunction("ldexp", mathLdexp),
  new HostFunction("frexp", mathFrexp),
];
const TEMPLATE = libTemplate(FUNCS, [
  ["pi", Math.PI],
  ["huge", new LuaFloat(Infinity)],
  ["maxinteger", MAXINT],
  ["mininteger", -MAXINT - 1n],
]);

export function openMath(_G: LuaState): LuaTable {
  return newLibTable(TEMPLATE);
}
