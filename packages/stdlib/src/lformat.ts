// string.format with the semantics of Lua 5.3's lstrlib over C's printf
// (glibc flavour, C locale).
//
// A conversion is `%[flags][width][.precision]conv`: at most five flag
// characters from "-+ #0" (repeats allowed, as C allows them), at most two
// digits of width and two of precision; conv is one of c d i o u x X a A e E
// f g G q s (Lua 5.3 has no %F). Integer conversions take Lua integers (or
// floats/numeric strings with an exact integer value) and print them as C's
// long long: o u x X see the two's-complement bits as unsigned. Float
// conversions are exact: digits come from the exact binary value of the
// double, rounded half-to-even like glibc, never from a re-derivation that
// could double-round.
//
// The engine knows Lua values only through a `ValueHost` supplied by the
// binding (the VM's float box, string coercion, type names and tostring), so
// it does not depend on the VM's classes.

import { formatG14 } from "@wippy-lua/vm/libapi";
import { EngineError } from "./lpattern.js";

/** How the engines see Lua values; implemented by the library binding. */
export interface ValueHost {
  /** Is `v` the VM's box for an integral-valued float (LuaFloat)? */
  isFloatBox(v: unknown): v is { readonly n: number };
  /** The canonical Lua float for `d` (a box when integral, else the number). */
  mkFloat(d: number): unknown;
  /** Lua's string->number conversion: a Lua number, or undefined. */
  stringToNumber(s: string): unknown;
  /** Type name for "number expected, got X" (luaL_typeerror, honours __name). */
  typeName(v: unknown): string;
  /** luaL_tolstring: the string form of any value (honours __tostring). */
  tostring(v: unknown): string;
}

function argError(arg: number, msg: string): EngineError {
  return new EngineError(msg, arg);
}

// ---------------------------------------------------------------------------
// Reading Lua numbers from argument values

const TWO63 = 9223372036854775808;

/** A Lua number in JS terms: integers as number/bigint, or a float as { f }. */
type Num = number | bigint | { f: number };

/** The Lua number in `v` (coercing numeric strings), or undefined. */
export function toNum(v: unknown, host: ValueHost): Num | undefined {
  if (typeof v === "number" || typeof v === "bigint") {
    return typeof v === "number" && !Number.isInteger(v) ? { f: v } : v;
  }
  if (host.isFloatBox(v)) return { f: v.n };
  if (typeof v === "string") {
    const n = host.stringToNumber(v);
    return n === undefined ? undefined : toNum(n, host);
  }
  return undefined;
}

/** luaL_checkinteger on argument `arg` (1-based) holding `v`. */
export function checkInteger(v: unknown, arg: number, host: ValueHost): number | bigint {
  const n = toNum(v, host);
  if (n === undefined) throw argError(arg, `number expected, got ${host.typeName(v)}`);
  if (typeof n !== "object") return n;
  const f = n.f;
  if (Number.isInteger(f) && f >= -TWO63 && f < TWO63) {
    return Number.isSafeInteger(f) ? f : BigInt(f);
  }
  throw argError(arg, "number has no integer representation");
}

/** luaL_checknumber on argument `arg` holding `v`, as a double. */
export function checkNumber(v: unknown, arg: number, host: ValueHost): number {
  if (typeof v === "number") return v;
  const n = toNum(v, host);
  if (n === undefined) throw argError(arg, `number expected, got ${host.typeName(v)}`);
  if (typeof n === "object") return n.f;
  return Number(n);
}

// ---------------------------------------------------------------------------
// Exact decimal expansion of doubles

const view = new DataView(new ArrayBuffer(8));

/** Sign bit of a double (also for -0 and NaN). */
function signBit(x: number): boolean {
  if (x === x) return x < 0 || (x === 0 && 1 / x < 0);
  view.setFloat64(0, x); // NaN: only the bits tell
  return view.getUint32(0) >>> 31 === 1;
}

/** Mantissa and binary exponent: |x| = mant * 2^exp exactly (x finite). */
function decompose(x: number): { mant: bigint; exp: number } {
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (biased === 0) return { mant, exp: -1074 };
  mant |= 1n << 52n;
  return { mant, exp: biased - 1075 };
}

/**
 * The exact decimal digits of |x| (x finite, non-zero): |x| = 0.D * 10^point,
 * D having no leading zero.
 */
function exactDigits(x: number): { digits: string; point: number } {
  let { mant, exp } = decompose(x);
  if (exp >= 0) {
    const digits = (mant << BigInt(exp)).toString();
    return { digits, point: digits.length };
  }
  while ((mant & 1n) === 0n && exp < 0) {
    mant >>= 1n;
    exp++;
  }
  const k = -exp;
  const digits = (mant * 5n ** BigInt(k)).toString();
  return { digits, point: digits.length - k };
}

/**
 * Keep the first `n` digits of D (n may be <= 0), rounding half-to-even.
 * Returns exactly max(n, 0) digits, or one more ("1000...") on carry-out,
 * in which case `carry` is true.
 */
function roundDigits(digits: string, n: number): { digits: string; carry: boolean } {
  if (n >= digits.length) return { digits: digits + "0".repeat(n - digits.length), carry: false };
  let up: boolean;
  if (n < 0) {
    up = false;
  } else {
    const d = digits.charCodeAt(n) - 48;
    if (d !== 5) {
      up = d > 5;
    } else {
      let rest = false;
      for (let i = n + 1; i < digits.length; i++) {
        if (digits.charCodeAt(i) !== 48) {
          rest = true;
          break;
        }
      }
      const lastOdd = n > 0 && (digits.charCodeAt(n - 1) - 48) % 2 === 1;
      up = rest || lastOdd;
    }
  }
  const m = Math.max(n, 0);
  let head = digits.slice(0, m);
  if (!up) return { digits: head, carry: false };
  let i = m - 1;
  while (i >= 0 && head.charCodeAt(i) === 57) i--;
  if (i < 0) return { digits: "1" + "0".repeat(m), carry: true };
  head = head.slice(0, i) + String.fromCharCode(head.charCodeAt(i) + 1) + "0".repeat(m - 1 - i);
  return { digits: head, carry: false };
}

/** Fractional binary digits of a finite non-integer x (x = odd / 2^k). */
function fractionBits(x: number): number {
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  const exp = biased === 0 ? -1074 : biased - 1075;
  const mantHi = (hi & 0xfffff) | (biased === 0 ? 0 : 0x100000);
  // Trailing zero bits of the mantissa (non-zero, since x is not an integer).
  const tz = lo !== 0 ? 31 - Math.clz32(lo & -lo) : 32 + 31 - Math.clz32(mantHi & -mantHi);
  return -(exp + tz);
}

const POW10 = [1, 10, 100, 1000, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];
const ZEROS = ["", "0", "00", "000", "0000", "00000", "000000", "0000000", "00000000"];
/** How far from a half the scaled value must be for its rounding to be certain (see smallFixed). */
const HALF_MARGIN = 2 ** -20;

/**
 * |x| (a, positive) with `prec` <= 9 fraction digits by integer arithmetic,
 * or undefined when that cannot be sure of the rounding. t = a * 10^prec
 * is below 2^31, so the one rounding of the product is off by at most
 * 2^-22; when t's fraction is further than that from one half, the exact
 * value rounds the same way. Near-halves (exact ties included, which
 * glibc breaks to even) are left to the exact path.
 */
function smallFixed(a: number, prec: number): string | undefined {
  const p = POW10[prec]!;
  const t = a * p;
  if (!(t < 2147483648)) return undefined;
  const floor = Math.floor(t);
  const d = t - floor - 0.5;
  if (d > -HALF_MARGIN && d < HALF_MARGIN) return undefined;
  const n = d > 0 ? floor + 1 : floor;
  if (prec === 0) return "" + n;
  const intPart = Math.floor(n / p);
  const frac = "" + (n - intPart * p);
  return intPart + "." + ZEROS[prec - frac.length] + frac;
}

/** |x| in %f style with `prec` fraction digits (no sign). */
function fixedAbs(x: number, prec: number): string {
  const a = Math.abs(x);
  if (a === 0) return prec > 0 ? "0." + "0".repeat(prec) : "0";
  if (prec <= 9) {
    const r = smallFixed(a, prec);
    if (r !== undefined) return r;
  }
  // toFixed is exact but breaks ties away from zero; glibc breaks them to
  // even. A tie needs exactly prec+1 fraction digits, i.e. prec+1 fraction
  // bits; a value that is not a whole number of 2^-(prec+1) has more (the
  // scaling by a power of two is exact), so only those reach fractionBits.
  if (a < 1e21 && prec <= 100 &&
      (Number.isInteger(a) || !Number.isInteger(a * 2 ** (prec + 1)) || fractionBits(a) !== prec + 1)) {
    return a.toFixed(prec);
  }
  const { digits, point } = exactDigits(a);
  const r = roundDigits(digits, point + prec);
  let ds = r.digits;
  const intLen = point + (r.carry ? 1 : 0);
  if (ds.length < prec + 1) ds = "0".repeat(prec + 1 - ds.length) + ds;
  const cut = Math.max(intLen, ds.length - prec);
  const intPart = ds.slice(0, cut) || "0";
  return prec > 0 ? intPart + "." + ds.slice(cut) : intPart;
}

/** |x| as `prec+1` significant digits and a decimal exponent (x finite). */
function expParts(x: number, prec: number): { digits: string; exp: number } {
  const a = Math.abs(x);
  if (a === 0) return { digits: "0".repeat(prec + 1), exp: 0 };
  if (prec <= 100) {
    const s = a.toExponential(prec);
    const ePos = s.indexOf("e");
    const exp = Number(s.slice(ePos + 1));
    // A tie needs the exact expansion to end one digit past the last kept one.
    let tie: boolean;
    if (Number.isInteger(a)) {
      tie = prec <= exp; // rounding falls inside the integer's digits
    } else {
      const k = fractionBits(a);
      tie = exp + 1 + k === prec + 2 || exp + k === prec + 2;
    }
    if (!tie) return { digits: s.slice(0, ePos).replace(".", ""), exp };
  }
  const { digits, point } = exactDigits(a);
  const r = roundDigits(digits, prec + 1);
  if (r.carry) return { digits: r.digits.slice(0, prec + 1), exp: point };
  return { digits: r.digits, exp: point - 1 };
}

function expSuffix(exp: number, upper: boolean): string {
  const a = Math.abs(exp);
  return (upper ? "E" : "e") + (exp < 0 ? "-" : "+") + (a < 10 ? "0" + a : String(a));
}

function expAbs(x: number, prec: number, alt: boolean, upper: boolean): string {
  const { digits, exp } = expParts(x, prec);
  const mant = prec > 0 || alt ? digits[0] + "." + digits.slice(1) : digits;
  return mant + expSuffix(exp, upper);
}

function stripZeros(s: string): string {
  if (s.indexOf(".") < 0) return s;
  let end = s.length;
  while (s.charCodeAt(end - 1) === 48) end--;
  if (s.charCodeAt(end - 1) === 46) end--;
  return s.slice(0, end);
}

function generalAbs(x: number, prec: number, alt: boolean, upper: boolean): string {
  const p = prec === 0 ? 1 : prec;
  // Both styles keep p significant digits, so one rounding serves either.
  const { digits, exp } = expParts(x, p - 1);
  if (p > exp && exp >= -4) {
    let s: string;
    if (exp >= 0) s = exp + 1 < p ? digits.slice(0, exp + 1) + "." + digits.slice(exp + 1) : digits;
    else s = "0." + "0".repeat(-exp - 1) + digits;
    if (!alt) return stripZeros(s);
    return s.indexOf(".") < 0 ? s + "." : s;
  }
  // glibc quirk, visible only with '#': a value with exactly p integer
  // digits that rounds up to p+1 digits is printed with no fraction digits
  // ("%#.3g" of 999.5 is "1.e+03").
  if (alt && exp === p && exactDigits(Math.abs(x)).point === p) return "1." + expSuffix(exp, upper);
  let mant = p > 1 || alt ? digits[0] + "." + digits.slice(1) : digits;
  if (!alt) mant = stripZeros(mant);
  return mant + expSuffix(exp, upper);
}

/** |x| in glibc's %a style ("0x1.8p+1"), without sign. */
function hexAbs(x: number, prec: number, alt: boolean, upper: boolean): string {
  const a = Math.abs(x);
  let lead: number;
  let frac: bigint; // 52 fraction bits
  let exp: number;
  if (a === 0) {
    lead = 0;
    frac = 0n;
    exp = 0;
  } else {
    const d = decompose(a);
    if (d.exp === -1074 && d.mant < 1n << 52n) {
      lead = 0; // subnormal: glibc prints 0x0.xxxp-1022
      frac = d.mant;
      exp = -1022;
    } else {
      lead = 1;
      frac = d.mant - (1n << 52n);
      exp = d.exp + 52;
    }
  }
  let hex = frac.toString(16).padStart(13, "0");
  if (prec < 0) {
    hex = hex.replace(/0+$/, "");
  } else if (prec < 13) {
    // Round the 52-bit fraction to 4*prec bits, half to even.
    const drop = BigInt(4 * (13 - prec));
    let kept = frac >> drop;
    const rest = frac & ((1n << drop) - 1n);
    const half = 1n << (drop - 1n);
    // With no fraction digits left, the leading digit decides a tie.
    const odd = prec === 0 ? (lead & 1) === 1 : (kept & 1n) === 1n;
    if (rest > half || (rest === half && odd)) kept++;
    if (kept >> BigInt(4 * prec) !== 0n) {
      lead++; // carries into the leading digit, as glibc prints it: 0x2.0p+0
      kept -= 1n << BigInt(4 * prec);
    }
    hex = prec === 0 ? "" : kept.toString(16).padStart(prec, "0");
  } else {
    hex = hex + "0".repeat(prec - 13);
  }
  let s = "0x" + lead + (hex !== "" || alt ? "." : "") + hex + "p" + (exp < 0 ? "-" : "+") + Math.abs(exp);
  if (upper) s = s.toUpperCase();
  return s;
}

// ---------------------------------------------------------------------------
// Padding and the conversions

interface Spec {
  minus: boolean;
  plus: boolean;
  space: boolean;
  alt: boolean;
  zero: boolean;
  width: number;
  prec: number; // -1 when absent
}

/** Pad `body` (digits, after any sign/prefix) to the field width. */
function pad(sign: string, body: string, spec: Spec, zeroOk: boolean): string {
  const len = sign.length + body.length;
  if (len >= spec.width) return sign + body;
  const fill = spec.width - len;
  if (spec.minus) return sign + body + " ".repeat(fill);
  if (spec.zero && zeroOk) return sign + "0".repeat(fill) + body;
  return " ".repeat(fill) + sign + body;
}

function signOf(negative: boolean, spec: Spec): string {
  return negative ? "-" : spec.plus ? "+" : spec.space ? " " : "";
}

function formatInteger(v: number | bigint, conv: string, spec: Spec): string {
  let negative = false;
  let digits: string;
  if (conv === "d" || conv === "i") {
    negative = v < 0;
    digits = (typeof v === "bigint" ? (negative ? -v : v) : Math.abs(v)).toString();
  } else {
    const u = v < 0 || typeof v === "bigint" ? BigInt.asUintN(64, BigInt(v)) : v;
    digits = u.toString(conv === "o" ? 8 : conv === "u" ? 10 : 16);
    if (conv === "X") digits = digits.toUpperCase();
  }
  const isZero = v === 0 || v === 0n;
  if (spec.prec >= 0) {
    if (spec.prec === 0 && isZero) digits = "";
    else if (digits.length < spec.prec) digits = "0".repeat(spec.prec - digits.length) + digits;
  }
  let prefix = "";
  if (spec.alt) {
    if (conv === "o") {
      if (digits.charCodeAt(0) !== 48) digits = "0" + digits;
    } else if ((conv === "x" || conv === "X") && !isZero) {
      prefix = conv === "x" ? "0x" : "0X";
    }
  }
  const sign = conv === "d" || conv === "i" ? signOf(negative, spec) : "";
  return pad(sign + prefix, digits, spec, spec.prec < 0);
}

function formatFloat(x: number, conv: string, spec: Spec): string {
  const upper = conv === "E" || conv === "G" || conv === "A";
  const sign = signOf(signBit(x), spec);
  if (!Number.isFinite(x)) {
    const word = Number.isNaN(x) ? "nan" : "inf";
    return pad(sign, upper ? word.toUpperCase() : word, spec, false);
  }
  const prec = spec.prec;
  switch (conv) {
    case "f":
      return pad(sign, fixedAbs(x, prec < 0 ? 6 : prec) + (spec.alt && prec === 0 ? "." : ""), spec, true);
    case "e":
    case "E":
      return pad(sign, expAbs(x, prec < 0 ? 6 : prec, spec.alt, upper), spec, true);
    case "g":
    case "G":
      return pad(sign, generalAbs(x, prec < 0 ? 6 : prec, spec.alt, upper), spec, true);
    default: {
      const body = hexAbs(x, prec, spec.alt, upper);
      // Zero padding goes between "0x" and the digits.
      return pad(sign + body.slice(0, 2), body.slice(2), spec, true);
    }
  }
}

/** %q: a Lua literal that reads back as the same value. */
function quoted(v: unknown, arg: number, host: ValueHost): string {
  if (typeof v === "string") return quoteString(v);
  if (typeof v === "number" || typeof v === "bigint" || host.isFloatBox(v)) {
    const n = toNum(v, host)!;
    if (typeof n === "object") return formatFloat(n.f, "a", NO_SPEC);
    if (n === -9223372036854775808n) return "0x8000000000000000";
    return n.toString();
  }
  if (v === undefined || v === true || v === false) return host.tostring(v);
  throw argError(arg, "value has no literal form");
}

function quoteString(s: string): string {
  let out = '"';
  let from = 0;
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    let rep: string;
    if (c === 34 || c === 92) rep = "\\" + s[i];
    else if (c === 10) rep = "\\\n";
    else if (c < 32 || c === 127) {
      const next = i + 1 < n ? s.charCodeAt(i + 1) : 0;
      rep = "\\" + (next >= 48 && next <= 57 ? String(c).padStart(3, "0") : String(c));
    } else continue;
    out += s.slice(from, i) + rep;
    from = i + 1;
  }
  return out + s.slice(from) + '"';
}

const NO_SPEC: Spec = { minus: false, plus: false, space: false, alt: false, zero: false, width: 0, prec: -1 };

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** How lua_pushfstring's %c shows a byte in a message. */
function showChar(c: number): string {
  return c >= 32 && c < 127 ? String.fromCharCode(c) : `<\\${c}>`;
}

// A format string is parsed once into steps (cached like patterns): the
// literal text before each conversion and the conversion's spec. A malformed
// conversion becomes an error step, raised when formatting reaches it, after
// the earlier conversions have checked their arguments, as lstrlib does.

const CONV_ERROR = -1;

interface Step {
  /** Text before the conversion, `%%` already turned into `%`. */
  literal: string;
  /** Char code of the conversion letter, or CONV_ERROR. */
  conv: number;
  spec: Spec;
  /** No flags, width or precision: `%d` and `%s` take their fast paths. */
  plain: boolean;
  /** Exactly `%.14g` (tostring's float format): formatG14 does it. */
  g14: boolean;
  /** The message of an error step. */
  error: string;
}

interface ParsedFormat {
  steps: Step[];
  /** Text after the last conversion. */
  tail: string;
}

function step(literal: string, conv: number, spec: Spec, plain: boolean, error: string): Step {
  const g14 = conv === 103 /* g */ && spec.prec === 14 && spec.width === 0 &&
    !spec.minus && !spec.plus && !spec.space && !spec.alt && !spec.zero;
  return { literal, conv, spec, plain, g14, error };
}

const CONVERSIONS = "cdioxXuaAeEfgGqs";

function parseFormat(fmt: string): ParsedFormat {
  const steps: Step[] = [];
  const n = fmt.length;
  let literal = "";
  let from = 0;
  let i = fmt.indexOf("%");
  while (i >= 0) {
    literal += fmt.slice(from, i);
    i++;
    if (fmt.charCodeAt(i) === 37 /* % */) {
      literal += "%";
      from = i + 1;
      i = fmt.indexOf("%", from);
      continue;
    }
    // Flags, then at most two digits of width and two of precision.
    const spec: Spec = { minus: false, plus: false, space: false, alt: false, zero: false, width: 0, prec: -1 };
    const flagsStart = i;
    for (;;) {
      const c = fmt.charCodeAt(i);
      if (c === 45) spec.minus = true;
      else if (c === 43) spec.plus = true;
      else if (c === 32) spec.space = true;
      else if (c === 35) spec.alt = true;
      else if (c === 48) spec.zero = true;
      else break;
      i++;
    }
    let error = "";
    if (i - flagsStart >= 6) error = "invalid format (repeated flags)";
    if (isDigit(fmt.charCodeAt(i))) spec.width = fmt.charCodeAt(i++) - 48;
    if (isDigit(fmt.charCodeAt(i))) spec.width = spec.width * 10 + fmt.charCodeAt(i++) - 48;
    if (fmt.charCodeAt(i) === 46 /* . */) {
      i++;
      spec.prec = 0;
      if (isDigit(fmt.charCodeAt(i))) spec.prec = fmt.charCodeAt(i++) - 48;
      if (isDigit(fmt.charCodeAt(i))) spec.prec = spec.prec * 10 + fmt.charCodeAt(i++) - 48;
    }
    if (error === "" && isDigit(fmt.charCodeAt(i))) error = "invalid format (width or precision too long)";
    const conv = i < n ? fmt.charCodeAt(i) : 0;
    if (error === "" && (conv === 0 || CONVERSIONS.indexOf(fmt[i]!) < 0)) {
      error = `invalid option '%${showChar(conv)}' to 'format'`;
    }
    if (error !== "") {
      steps.push(step(literal, CONV_ERROR, spec, false, error));
      return { steps, tail: "" };
    }
    steps.push(step(literal, conv, spec, i === flagsStart, ""));
    literal = "";
    from = i + 1;
    i = fmt.indexOf("%", from);
  }
  return { steps, tail: literal + fmt.slice(from) };
}

const formatCache = new Map<string, ParsedFormat>();
const FORMAT_CACHE_LIMIT = 256;
let lastFormat = "";
let lastParsed: ParsedFormat = parseFormat("");

function parsed(fmt: string): ParsedFormat {
  if (fmt === lastFormat) return lastParsed;
  let pf = formatCache.get(fmt);
  if (pf === undefined) {
    pf = parseFormat(fmt);
    if (formatCache.size >= FORMAT_CACHE_LIMIT) formatCache.clear();
    formatCache.set(fmt, pf);
  }
  lastFormat = fmt;
  lastParsed = pf;
  return pf;
}

/**
 * string.format. The values formatted are args[first..end) (by default all
 * of `args`), so args[first] is Lua argument #2; errors about an argument
 * carry its Lua index.
 */
export function format(fmt: string, args: readonly unknown[], host: ValueHost, first = 0, end = args.length): string {
  const pf = parsed(fmt);
  const steps = pf.steps;
  let out = "";
  let a = first;
  for (let k = 0; k < steps.length; k++) {
    const st = steps[k]!;
    out += st.literal;
    const luaArg = a - first + 2;
    if (a >= end) throw argError(luaArg, "no value");
    const v = args[a++];
    const spec = st.spec;
    switch (st.conv) {
      case 99 /* c */: {
        const code = checkInteger(v, luaArg, host);
        const byte = Number(BigInt.asUintN(8, BigInt(code)));
        out += pad("", String.fromCharCode(byte), spec, false);
        break;
      }
      case 100 /* d */: case 105 /* i */:
        // A JS number with an integral value is a Lua integer (integral
        // floats are boxed): plain %d is its decimal form.
        if (st.plain && typeof v === "number" && Number.isInteger(v)) out += String(v);
        else out += formatInteger(checkInteger(v, luaArg, host), st.conv === 100 ? "d" : "i", spec);
        break;
      case 111 /* o */: case 117 /* u */: case 120 /* x */: case 88 /* X */:
        out += formatInteger(checkInteger(v, luaArg, host), String.fromCharCode(st.conv), spec);
        break;
      case 103 /* g */:
        if (st.g14) {
          out += formatG14(typeof v === "number" ? v : checkNumber(v, luaArg, host));
          break;
        }
        out += formatFloat(checkNumber(v, luaArg, host), "g", spec);
        break;
      case 97 /* a */: case 65 /* A */: case 101 /* e */: case 69 /* E */: case 102 /* f */: case 71 /* G */:
        out += formatFloat(checkNumber(v, luaArg, host), String.fromCharCode(st.conv), spec);
        break;
      case 113 /* q */:
        out += quoted(v, luaArg, host);
        break;
      case 115 /* s */: {
        const s = host.tostring(v);
        if (st.plain) {
          out += s; // no modifiers: the whole string, zeros included
        } else {
          if (s.indexOf("\0") >= 0) throw argError(luaArg, "string contains zeros");
          if (spec.prec < 0 && s.length >= 100) out += s;
          else out += pad("", spec.prec >= 0 ? s.slice(0, spec.prec) : s, spec, false);
        }
        break;
      }
      default:
        throw new EngineError(st.error);
    }
  }
  return out + pf.tail;
}
