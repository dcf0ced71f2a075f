// Number <-> string conversions with Lua 5.3's exact rules:
//   - numerals in strings (luaO_str2num: coercions, tonumber(s));
//   - tonumber(s, base) (luaB_tonumber's digit loop);
//   - tostring for numbers (LUAI_NUMFFORMAT "%.14g", plus ".0" when a float
//     prints like an integer).
//
// Strings are Lua byte strings: one JS char per byte. The scanners work on
// char codes (no regexes); short decimal integers need no allocation at all.

import { MAX_SAFE, mkFloat, mkInt } from "./value.js";
import { signBit, type LuaNumber } from "./number.js";

// C's isspace in the "C" locale: space, \t, \n, \v, \f, \r.
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Value of a hex digit char code, or -1. */
function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 0x20; // ASCII lower case
  if (l >= 97 && l <= 102) return l - 87;
  return -1;
}

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

// ---------------------------------------------------------------------------
// String -> number

/**
 * Converts a Lua numeral in a string (surrounding whitespace allowed) to a
 * number, or undefined when the string is not a numeral. Decimal integers that
 * overflow int64 become floats; hex integers wrap modulo 2^64; "inf"/"nan"
 * and embedded "\0" are rejected.
 */
export function stringToNumber(s: string): LuaNumber | undefined {
  // Fast path: a short string of plain digits (the usual coercion case).
  const n = s.length;
  if (n <= 15) {
    let v = 0;
    let p = 0;
    for (; p < n; p++) {
      const c = s.charCodeAt(p);
      if (c < 48 || c > 57) break;
      v = v * 10 + (c - 48);
    }
    if (p === n && n > 0) return v;
  }
  return generalNumeral(s);
}

function generalNumeral(s: string): LuaNumber | undefined {
  let i = 0;
  let end = s.length;
  while (i < end && isSpace(s.charCodeAt(i))) i++;
  while (end > i && isSpace(s.charCodeAt(end - 1))) end--;
  if (i === end) return undefined;

  let j = i;
  let c = s.charCodeAt(j);
  const neg = c === 45; // '-'
  if (neg || c === 43) j++; // '-' or '+'
  if (j + 1 < end && s.charCodeAt(j) === 48 && (s.charCodeAt(j + 1) | 0x20) === 120) {
    return hexNumeral(s, j + 2, end, neg);
  }

  // Decimal integer: accumulate while exact (15 digits < 2^53).
  let k = j;
  let v = 0;
  while (k < end && isDigit((c = s.charCodeAt(k)))) {
    v = v * 10 + (c - 48);
    k++;
  }
  if (k === end && k > j) {
    if (k - j <= 15) return neg ? 0 - v : v; // 0 - 0 is +0
    let big = BigInt(s.slice(j, end));
    if (neg) big = -big;
    if (big >= INT64_MIN && big <= INT64_MAX) return mkInt(big);
    // Too large for an integer: read as a float, like l_str2int giving up.
  }
  return decimalFloat(s, i, j, k, end);
}

// A decimal float numeral in s[start, end): the digits of its integer part
// (already scanned) run from `digits` to `k`.
function decimalFloat(s: string, start: number, digits: number, k: number, end: number): LuaNumber | undefined {
  let count = k - digits;
  if (k < end && s.charCodeAt(k) === 46) { // '.'
    k++;
    const fracStart = k;
    while (k < end && isDigit(s.charCodeAt(k))) k++;
    count += k - fracStart;
  }
  if (count === 0) return undefined;
  if (k < end && (s.charCodeAt(k) | 0x20) === 101) { // 'e' or 'E'
    // an optional sign and at least one digit
    k++;
    if (k < end && (s.charCodeAt(k) === 43 || s.charCodeAt(k) === 45)) k++;
    const expStart = k;
    while (k < end && isDigit(s.charCodeAt(k))) k++;
    if (k === expStart) return undefined;
  }
  if (k !== end) return undefined;
  // The syntax is a subset of JS's StringNumericLiteral, and both JS and
  // C's strtod round correctly, so Number() gives strtod's result.
  return mkFloat(Number(s.slice(start, end)));
}

// A hex numeral after its "0x" prefix, in s[i, end).
function hexNumeral(s: string, i: number, end: number, neg: boolean): LuaNumber | undefined {
  let k = i;
  let v = 0;
  while (k < end && hexValue(s.charCodeAt(k)) >= 0) {
    if (k - i < 13) v = v * 16 + hexValue(s.charCodeAt(k)); // exact up to 52 bits
    k++;
  }
  if (k === end) {
    if (k === i) return undefined;
    if (k - i <= 13) return neg ? 0 - v : v;
    const big = BigInt("0x" + s.slice(i, end));
    return mkInt(BigInt.asIntN(64, neg ? -big : big)); // wraps modulo 2^64
  }
  return hexFloat(s, i, k, end, neg);
}

// A hex float (C99 strtod syntax): hex digits with an optional '.', then an
// optional binary exponent 'p' [sign] decimal digits. Integer part digits run
// from i to k.
function hexFloat(s: string, i: number, k: number, end: number, neg: boolean): LuaNumber | undefined {
  let mantissa = s.slice(i, k);
  let exp = 0;
  if (k < end && s.charCodeAt(k) === 46) {
    k++;
    const fracStart = k;
    while (k < end && hexValue(s.charCodeAt(k)) >= 0) k++;
    mantissa += s.slice(fracStart, k);
    exp = -4 * (k - fracStart);
  }
  if (mantissa.length === 0) return undefined;
  if (k < end && (s.charCodeAt(k) | 0x20) === 112) { // 'p' or 'P'
    k++;
    let expNeg = false;
    if (k < end && (s.charCodeAt(k) === 43 || s.charCodeAt(k) === 45)) expNeg = s.charCodeAt(k++) === 45;
    const expStart = k;
    let e = 0;
    for (let c: number; k < end && isDigit((c = s.charCodeAt(k))); k++) {
      if (e < 1e8) e = e * 10 + (c - 48); // saturate: far beyond any double's range
    }
    if (k === expStart) return undefined;
    exp += expNeg ? -e : e;
  }
  if (k !== end) return undefined;
  const m = BigInt("0x" + mantissa);
  const d = m === 0n ? 0 : scaleByPowerOfTwo(m, exp);
  return mkFloat(neg ? -d : d);
}

function bitLength(m: bigint): number {
  return m.toString(2).length;
}

// m * 2^e rounded once to the nearest double (ties to even), like strtod.
function scaleByPowerOfTwo(m: bigint, e: number): number {
  const len = bitLength(m);
  const top = len - 1 + e; // exponent of the leading bit
  if (top > 1023) return Infinity;
  // Significant bits available: 53 for normal results, fewer for subnormals.
  const precision = top >= -1022 ? 53 : 53 - (-1022 - top);
  if (precision < 0) return 0; // below half the smallest subnormal
  const drop = len - precision;
  if (drop > 0) {
    const shift = BigInt(drop);
    let q = m >> shift;
    const rem = m - (q << shift);
    const half = 1n << (shift - 1n);
    if (rem > half || (rem === half && (q & 1n) === 1n)) q += 1n;
    m = q;
    e += drop;
  }
  // m now has at most 53 bits (54 after a carry, still exact) and the
  // product is representable (or overflows to Infinity): scale in steps that
  // keep every intermediate exact.
  let r = Number(m);
  while (e > 1000) {
    r *= 2 ** 1000;
    e -= 1000;
  }
  while (e < -1000) {
    r *= 2 ** -1000;
    e += 1000;
  }
  return r * 2 ** e;
}

/**
 * tonumber(s, base) for base 2..36: digits and letters of either case, an
 * optional sign, surrounding whitespace; the value wraps modulo 2^64.
 * Returns undefined when `s` is not a numeral in that base (or the base is
 * out of range; callers check the base to report "base out of range").
 */
export function tonumberWithBase(s: string, base: number): number | bigint | undefined {
  if (!(base >= 2 && base <= 36) || !Number.isInteger(base)) return undefined;
  let i = 0;
  let end = s.length;
  while (i < end && isSpace(s.charCodeAt(i))) i++;
  while (end > i && isSpace(s.charCodeAt(end - 1))) end--;
  let neg = false;
  if (i < end && (s.charCodeAt(i) === 45 || s.charCodeAt(i) === 43)) neg = s.charCodeAt(i++) === 45;
  if (i === end) return undefined;
  // Accumulate in a double while it stays below 2^53, then switch to bigint.
  const limit = Math.floor(MAX_SAFE / base) - base;
  let v = 0;
  let big: bigint | undefined;
  const bigBase = BigInt(base);
  for (; i < end; i++) {
    const d = digitValue(s.charCodeAt(i));
    if (d < 0 || d >= base) return undefined;
    if (big !== undefined) big = BigInt.asUintN(64, big * bigBase + BigInt(d));
    else if (v < limit) v = v * base + d;
    else big = BigInt(v) * bigBase + BigInt(d);
  }
  if (big === undefined) return neg ? 0 - v : v;
  return mkInt(BigInt.asIntN(64, neg ? -big : big));
}

// Value of an alphanumeric char as a digit (0-9, then a/A = 10 ... z/Z = 35).
function digitValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 0x20;
  if (l >= 97 && l <= 122) return l - 87;
  return -1;
}

// ---------------------------------------------------------------------------
// Number -> string

/** Decimal text of a Lua integer. */
export function integerToString(v: number | bigint): string {
  return typeof v === "number" ? "" + v : v.toString();
}

/** tostring(v) for a number: "%.14g" for floats, plus ".0" when that looks like an integer. */
export function numberToString(v: LuaNumber): string {
  if (typeof v === "number") {
    if (Number.isInteger(v)) return "" + v;
    return floatToString(v);
  }
  if (typeof v === "bigint") return v.toString();
  return floatToString(v.n);
}

function floatToString(x: number): string {
  const s = formatG14(x);
  // lua_Number2str's rule: only "-0123456789" chars means it looks like an int.
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 45 && !isDigit(c)) return s;
  }
  return s + ".0";
}

/**
 * C's printf("%.14g", x): 14 significant digits, rounded from the exact binary
 * value (ties to even), trailing zeros removed, exponent form when the decimal
 * exponent is below -4 or at least 14, with at least two exponent digits.
 * NaN prints as "nan" or "-nan" according to its sign bit, as glibc does.
 */
export function formatG14(x: number): string {
  if (x !== x) return signBit(x) ? "-nan" : "nan";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0" : "0";
  const neg = x < 0;
  const ax = neg ? -x : x;
  // Integers below 10^14 have at most 14 digits and print as they are; JS's
  // number-to-string is much faster than toPrecision for them.
  if (ax < 1e14 && Number.isInteger(ax)) return "" + x;
  const body = mightBeTie(ax) ? rounded14(ax) : fromPrecision14(ax.toPrecision(14));
  return neg ? "-" + body : body;
}

const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);
const LO = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1; // low word index

// Can rounding ax to 14 digits be an exact tie? Only if ax's exact decimal
// expansion has exactly 15 significant digits, the last one 5. Writing
// ax = M * 2^E with M odd: for E < 0 the expansion ends with the digit 5 at
// position -E after the point, so it has X - E + 1 digits (X = decimal
// exponent); for E >= 0 a tie means ax = D * 10^E with D odd, so again
// X = 14 + E. Cheap and conservative: rounded14 settles candidates exactly.
function mightBeTie(ax: number): boolean {
  bits[0] = ax;
  const lo = words[LO]!;
  const hi = words[1 - LO]!;
  const biased = (hi >>> 20) & 0x7ff;
  if (biased === 0) return true; // subnormal: rare, let rounded14 decide
  let tz: number; // trailing zero bits of the significand
  if (lo !== 0) tz = 31 - Math.clz32(lo & -lo);
  else {
    const h = (hi & 0xfffff) | 0x100000; // with the implicit leading bit
    tz = 32 + 31 - Math.clz32(h & -h);
  }
  const e = biased - 1075 + tz;
  // ax is in [2^b, 2^(b+1)), so its decimal exponent X is est or est + 1.
  const est = Math.floor((biased - 1023) * 0.30102999566398120);
  const d = est - e - 14; // a tie needs X - e - 14 = 0
  return d >= -2 && d <= 1;
}

// Turns JS's toPrecision(14) (same rounding as %.14g except for exact ties)
// into %.14g's layout: trailing zeros dropped, exponent form for decimal
// exponents below -4 (JS switches only below -6), two-digit exponents.
function fromPrecision14(p: string): string {
  const ePos = p.indexOf("e");
  if (ePos < 0) {
    if (p.charCodeAt(0) === 48 && p.startsWith("0.0000")) {
      // exponent -5 or -6: "0.0000dddd"
      let z = 2;
      while (p.charCodeAt(z) === 48) z++;
      return layoutG(stripZeros(p.slice(z)), 1 - z);
    }
    if (p.indexOf(".") < 0) return p;
    let n = p.length;
    while (p.charCodeAt(n - 1) === 48) n--;
    if (p.charCodeAt(n - 1) === 46) n--; // '.'
    return n === p.length ? p : p.slice(0, n);
  }
  let n = ePos;
  while (p.charCodeAt(n - 1) === 48) n--;
  if (p.charCodeAt(n - 1) === 46) n--;
  const exp = p.slice(ePos + 1); // "+14", "-7", "+308"
  return p.slice(0, n) + "e" + (exp.length === 2 ? exp.charAt(0) + "0" + exp.charAt(1) : exp);
}

function stripZeros(digits: string): string {
  let n = digits.length;
  while (n > 1 && digits.charCodeAt(n - 1) === 48) n--;
  return n === digits.length ? digits : digits.slice(0, n);
}

// General path: ax rounded to 14 significant digits with ties to even (JS's
// toExponential rounds ties away from zero, so exact ties are found and fixed).
function rounded14(ax: number): string {
  const e13 = ax.toExponential(13); // "d.ddddddddddddde+X"
  let digits = e13.charAt(0) + e13.slice(2, 15);
  let x10 = +e13.slice(16);
  const e14 = ax.toExponential(14); // one more digit: a tie shows as a final 5
  if (e14.charCodeAt(15) === 53 && Number(e14) === ax && isExactDecimal(ax, e14)) {
    const truncated = e14.charAt(0) + e14.slice(2, 15);
    if ((truncated.charCodeAt(13) & 1) === 0) {
      digits = truncated;
      x10 = +e14.slice(17);
    }
  }
  return layoutG(stripZeros(digits), x10);
}

// Is the exact binary value of ax (positive, finite) equal to the decimal
// numeral `dec` ("d.dddde±X")?
function isExactDecimal(ax: number, dec: string): boolean {
  const ePos = dec.indexOf("e");
  const fracLen = ePos - 2;
  const D = BigInt(dec.charAt(0) + dec.slice(2, ePos));
  const F = +dec.slice(ePos + 1) - fracLen; // dec = D * 10^F
  const [M, E] = decompose(ax); // ax = M * 2^E
  // Compare M * 2^E with D * 10^F by moving negative exponents across.
  let left = M;
  let right = D;
  if (E >= 0) left <<= BigInt(E);
  else right <<= BigInt(-E);
  if (F >= 0) right *= 10n ** BigInt(F);
  else left *= 10n ** BigInt(-F);
  return left === right;
}

// ax = M * 2^E with integer M, for a positive finite double.
function decompose(ax: number): [bigint, number] {
  bits[0] = ax;
  const hi = words[1 - LO]!;
  const lo = words[LO]!;
  const biased = (hi >>> 20) & 0x7ff;
  const frac = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (biased === 0) return [frac, -1074];
  return [frac | (1n << 52n), biased - 1075];
}

// Lays out significant digits (no trailing zeros) with decimal exponent x10
// the way %.14g does.
function layoutG(digits: string, x10: number): string {
  const n = digits.length;
  if (x10 < -4 || x10 >= 14) {
    const mant = n > 1 ? digits.charAt(0) + "." + digits.slice(1) : digits;
    const ax10 = x10 < 0 ? -x10 : x10;
    return mant + (x10 < 0 ? "e-" : "e+") + (ax10 < 10 ? "0" : "") + ax10;
  }
  if (x10 < 0) return "0." + "0".repeat(-x10 - 1) + digits;
  if (n <= x10 + 1) return n === x10 + 1 ? digits : digits + "0".repeat(x10 + 1 - n);
  return digits.slice(0, x10 + 1) + "." + digits.slice(x10 + 1);
}
