// Values of numerals and string literals, from their source text.
//
// The grammar has already checked the text's form (valid escapes, escape
// ranges, numeral shape), so these functions only compute values.

const INT64_MAX = (1n << 63n) - 1n;
const TWO_64 = 1n << 64n;

export type NumeralValue = { integer: true; value: number | bigint } | { integer: false; value: number };

/** An int64 in the AST's canonical form: a number when exact, else a bigint. */
function canonicalInteger(v: bigint): number | bigint {
  return v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v;
}

export function numeralValue(text: string): NumeralValue {
  const isHex = text.length > 1 && text[0] === "0" && (text[1] === "x" || text[1] === "X");
  if (isHex) {
    const body = text.slice(2);
    if (!/[.pP]/.test(body)) {
      // Hex integers wrap around modulo 2^64.
      let v = BigInt("0x" + body) % TWO_64;
      if (v > INT64_MAX) v -= TWO_64;
      return { integer: true, value: canonicalInteger(v) };
    }
    return { integer: false, value: hexFloat(body) };
  }
  if (!/[.eE]/.test(text)) {
    const v = BigInt(text);
    // A decimal integer too large for int64 is read as a float.
    if (v > INT64_MAX) return { integer: false, value: Number(text) };
    return { integer: true, value: canonicalInteger(v) };
  }
  return { integer: false, value: Number(text) };
}

/** `body` is the part after "0x": hex digits, an optional '.', an optional binary exponent. */
function hexFloat(body: string): number {
  let exponent = 0;
  const p = body.search(/[pP]/);
  let mantissa = body;
  if (p >= 0) {
    exponent = parseInt(body.slice(p + 1), 10);
    mantissa = body.slice(0, p);
  }
  const dot = mantissa.indexOf(".");
  let digits = mantissa;
  if (dot >= 0) {
    digits = mantissa.slice(0, dot) + mantissa.slice(dot + 1);
    exponent -= 4 * (mantissa.length - dot - 1);
  }
  if (digits === "") return 0;
  // Like C's ldexp on the mantissa; scaled in steps so that an intermediate
  // power of two neither overflows nor underflows on its own.
  let r = Number(BigInt("0x" + digits));
  while (exponent > 1000 && r !== Infinity) {
    r *= 2 ** 1000;
    exponent -= 1000;
  }
  while (exponent < -1000 && r !== 0) {
    r *= 2 ** -1000;
    exponent += 1000;
  }
  return r * 2 ** exponent;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  a: "\x07",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
  "\\": "\\",
  '"': '"',
  "'": "'",
};

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

function isHexDigit(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

/** Encodes a code point (up to 2^31) as (extended) UTF-8 bytes, one char per byte. */
export function utf8Bytes(cp: number): string {
  if (cp < 0x80) return String.fromCharCode(cp);
  const bytes: number[] = [];
  let limit = 0x3f; // largest value that fits in the first byte
  let x = cp;
  do {
    bytes.unshift(0x80 | (x & 0x3f));
    x = Math.floor(x / 64);
    limit >>= 1;
  } while (x > limit);
  const lead = (~limit << 1) & 0xff;
  bytes.unshift(lead | x);
  return String.fromCharCode(...bytes);
}

/** Decodes a quoted string's source text (quotes included). */
export function decodeShortString(text: string): string {
  const end = text.length - 1;
  let out = "";
  let i = 1;
  let runStart = 1;
  while (i < end) {
    if (text.charCodeAt(i) !== 92 /* \ */) {
      i++;
      continue;
    }
    out += text.slice(runStart, i);
    const e = text[i + 1]!;
    i += 2;
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined) {
      out += simple;
    } else if (e === "\n" || e === "\r") {
      // An escaped line break (any of the four forms) is one "\n".
      const c = text[i];
      if ((c === "\n" || c === "\r") && c !== e) i++;
      out += "\n";
    } else if (e === "z") {
      while (i < end && isSpace(text.charCodeAt(i))) i++;
    } else if (e === "x") {
      out += String.fromCharCode(parseInt(text.slice(i, i + 2), 16));
      i += 2;
    } else if (e === "u") {
      let j = i + 1; // after '{'
      while (isHexDigit(text.charCodeAt(j))) j++;
      out += utf8Bytes(parseInt(text.slice(i + 1, j), 16));
      i = j + 1;
    } else {
      // Decimal escape: up to three digits (the first is `e`).
      let j = i;
      while (j < i + 2 && j < end && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
      out += String.fromCharCode(parseInt(text.slice(i - 1, j), 10));
      i = j;
    }
    runStart = i;
  }
  return out + text.slice(runStart, end);
}

/** Decodes a long bracket's source text: `[==[...]==]`. */
export function decodeLongString(text: string): string {
  let level = 0;
  while (text.charCodeAt(1 + level) === 61 /* = */) level++;
  let body = text.slice(level + 2, text.length - level - 2);
  // The first line break right after the opening bracket is skipped.
  if (body.startsWith("\r\n") || body.startsWith("\n\r")) body = body.slice(2);
  else if (body.startsWith("\n") || body.startsWith("\r")) body = body.slice(1);
  // Every line break inside is read as "\n".
  return body.replace(/\r\n|\n\r|\r|\n/g, "\n");
}
