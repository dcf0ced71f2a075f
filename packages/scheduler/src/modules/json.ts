// The `json` module (runtime spec §8): encode Lua values as JSON text and
// decode JSON text into Lua values, both returning `value, nil` or
// `nil, err`.
//
// Lua strings hold one byte per char, so both directions work on byte
// strings directly: UTF-8 passes through untouched, `\u` escapes are
// written out as UTF-8 bytes, and the text is never converted to UTF-16.

import { isUtf8 } from "node:buffer";
import { CowTable, CowTree, templateFrom } from "../cow-table.js";
import { ErrorValue, failWith } from "../errors-lib.js";
import { HostFunction, LuaFloat, LuaTable, LuaUserdata, arg, mkFloat, newStrKeys, mkInt, numberToString, type HostFn, type LuaValue } from "../vm.js";

/** Tables nested deeper than this are refused by encode (spec §8.1). */
export const ENCODE_MAX_DEPTH = 128;
/** Arrays and objects nested deeper than this are refused by decode (instead of overflowing the JS stack). */
export const DECODE_MAX_DEPTH = 1000;

/** An encode or decode failure: becomes `nil, err` (INTERNAL). */
class JsonError extends Error {}

// ------------------------------------------------------------ encoding

const NEEDS_ESCAPE = /["\\\x00-\x1f\x80-\xff]/;
const ESCAPES: string[] = [];
for (let c = 0; c < 0x20; c++) ESCAPES[c] = "\\u" + c.toString(16).padStart(4, "0");
ESCAPES[8] = "\\b";
ESCAPES[9] = "\\t";
ESCAPES[10] = "\\n";
ESCAPES[12] = "\\f";
ESCAPES[13] = "\\r";
ESCAPES[0x22] = '\\"';
ESCAPES[0x5c] = "\\\\";

/** UTF-8 bytes of U+FFFD, written in place of bytes that are not valid UTF-8 (as Go's encoder does). */
const REPLACEMENT = "\xef\xbf\xbd";

/** Length of the valid UTF-8 sequence starting at s[i] (lead byte >= 0x80), or 0. */
function utf8SequenceLength(s: string, i: number): number {
  const c = s.charCodeAt(i);
  const b1 = s.charCodeAt(i + 1); // NaN past the end: every range test below fails
  if (c >= 0xc2 && c <= 0xdf) return b1 >= 0x80 && b1 <= 0xbf ? 2 : 0;
  const b2 = s.charCodeAt(i + 2);
  if (c >= 0xe0 && c <= 0xef) {
    const lo = c === 0xe0 ? 0xa0 : 0x80;
    const hi = c === 0xed ? 0x9f : 0xbf; // no UTF-16 surrogates
    return b1 >= lo && b1 <= hi && b2 >= 0x80 && b2 <= 0xbf ? 3 : 0;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    const lo = c === 0xf0 ? 0x90 : 0x80;
    const hi = c === 0xf4 ? 0x8f : 0xbf;
    const b3 = s.charCodeAt(i + 3);
    return b1 >= lo && b1 <= hi && b2 >= 0x80 && b2 <= 0xbf && b3 >= 0x80 && b3 <= 0xbf ? 4 : 0;
  }
  return 0;
}

/** The body of a JSON string literal for the byte string s (which needs escaping). */
function escaped(s: string): string {
  let out = "";
  let start = 0;
  const n = s.length;
  for (let i = 0; i < n;) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c < 0x80 && c !== 0x22 && c !== 0x5c) {
      i++;
      continue;
    }
    if (c < 0x80) {
      out += s.slice(start, i) + ESCAPES[c];
      start = ++i;
      continue;
    }
    const len = utf8SequenceLength(s, i);
    if (len > 0) {
      i += len;
      continue;
    }
    out += s.slice(start, i) + REPLACEMENT;
    start = ++i;
  }
  return out + s.slice(start);
}

/** Shortest round-trip decimal text of a non-integral finite double, without exponent. */
function plainFloat(x: number): string {
  const s = String(x);
  const e = s.indexOf("e");
  if (e < 0) return s;
  // Non-integral doubles are below 2^53, so only negative exponents reach here.
  const neg = s[0] === "-";
  const mant = s.slice(neg ? 1 : 0, e).replace(".", "");
  const exp = Number(s.slice(e + 1));
  return (neg ? "-0." : "0.") + "0".repeat(-exp - 1) + mant;
}

/** Decimal text of an integral double (spec: no fraction, no exponent). */
function integralFloat(x: number): string {
  if (Math.abs(x) < 1e21) return String(x === 0 ? 0 : x);
  return BigInt(x).toString();
}

function numberText(v: number | bigint | LuaFloat): string {
  if (typeof v === "bigint") return v.toString();
  const x = typeof v === "number" ? v : v.n;
  if (x !== x || x === Infinity || x === -Infinity) return "null";
  if (typeof v === "number") return Number.isInteger(x) ? String(x) : plainFloat(x);
  return integralFloat(x);
}

/** The member name for a non-string key of an object-like table. */
function keyText(k: LuaValue): string {
  if (typeof k === "string") return k;
  if (typeof k === "number" || typeof k === "bigint" || k instanceof LuaFloat) return numberToString(k);
  if (typeof k === "boolean") return k ? "true" : "false";
  throw new JsonError("table keys must be strings, numbers or booleans");
}

function isPositiveInteger(k: LuaValue): boolean {
  return (typeof k === "number" && Number.isInteger(k) && k > 0) || (typeof k === "bigint" && k > 0n);
}

/**
 * The output: bytes in a growing buffer, turned into one string at the
 * end (concatenating millions of small strings would leave as many
 * garbage rope nodes).
 */
class ByteWriter {
  buf = Buffer.allocUnsafe(1 << 16);
  pos = 0;

  private grow(extra: number): void {
    let size = this.buf.length * 2;
    while (size < this.pos + extra) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  byte(c: number): void {
    if (this.pos >= this.buf.length) this.grow(1);
    this.buf[this.pos++] = c;
  }

  /** Writes a byte string. */
  text(s: string): void {
    const n = s.length;
    if (this.pos + n > this.buf.length) this.grow(n);
    if (n > 24) {
      this.pos += this.buf.write(s, this.pos, "latin1");
      return;
    }
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) buf[p++] = s.charCodeAt(i);
    this.pos = p;
  }

  /** Writes a safe integer's decimal digits without making a string. */
  int(n: number): void {
    if (this.pos + 17 > this.buf.length) this.grow(17);
    const buf = this.buf;
    if (n < 0) {
      buf[this.pos++] = 0x2d;
      n = -n;
    }
    let digits = 1;
    for (let x = n; x >= 10; x = Math.floor(x / 10)) digits++;
    let p = this.pos + digits;
    this.pos = p;
    do {
      const q = Math.floor(n / 10);
      buf[--p] = 0x30 + (n - q * 10);
      n = q;
    } while (n > 0);
  }

  result(): string {
    return this.buf.toString("latin1", 0, this.pos);
  }
}

const QUOTE = 0x22;

class Encoder {
  readonly w = new ByteWriter();
  /** The tables being encoded, outermost first: a repeat means a cycle. */
  private readonly path: LuaTable[] = [];
  private readonly keyLists: LuaValue[][] = [];
  /** Per nesting level: the last key order seen and its sorted copy (see sortedNames). */
  private readonly shapes: { order: string[]; sorted: string[] }[] = [];

  string(s: string): void {
    const w = this.w;
    w.byte(QUOTE);
    w.text(NEEDS_ESCAPE.test(s) ? escaped(s) : s);
    w.byte(QUOTE);
  }

  value(v: LuaValue): void {
    switch (typeof v) {
      case "string":
        this.string(v);
        return;
      case "number":
        if (Number.isInteger(v)) this.w.int(v);
        else this.w.text(numberText(v));
        return;
      case "bigint":
        this.w.text(numberText(v));
        return;
      case "boolean":
        this.w.text(v ? "true" : "false");
        return;
      case "undefined":
        this.w.text("null");
        return;
    }
    if (v instanceof LuaTable) this.table(v);
    else if (v instanceof LuaFloat) this.w.text(numberText(v));
    else if (v instanceof LuaUserdata && v.value instanceof ErrorValue) this.string(v.value.message);
    else this.w.text("null"); // functions, threads, channels and other userdata
  }

  private table(t: LuaTable): void {
    const path = this.path;
    if (path.length >= ENCODE_MAX_DEPTH) {
      if (path.includes(t)) throw new JsonError("cannot encode recursively nested table");
      throw new JsonError(`cannot encode table nested deeper than ${ENCODE_MAX_DEPTH} levels`);
    }
    path.push(t);
    // A CowTree's raw storage holds template objects: read it through get().
    const raw = !(t instanceof CowTree);
    const arr = t.arr;
    const strs = t.strs;
    const hash = t.hash;
    let n = arr.length;
    while (n > 0 && arr[n - 1] === undefined) n--;
    let holes = false;
    for (let i = 0; i < n; i++) if (arr[i] === undefined) holes = true;
    if ((strs === null && hash === null) || t.hashSize() === 0) {
      if (holes) throw new JsonError("cannot encode sparse array");
      if (n === 0 && (strs !== null || hash !== null)) this.w.text("{}");
      else this.array(t, n, raw);
    } else {
      let ints = 0;
      let max = n;
      let plain = true;
      // One key list per nesting level, reused from table to table.
      const keys = this.keyLists[path.length] ??= [];
      keys.length = 0;
      if (strs !== null) for (const k in strs) keys.push(k);
      if (hash !== null) for (const k of hash.keys()) {
        if (hash.get(k) === undefined) {
          continue;
        } else if (typeof k === "string") {
          keys.push(k); // a big table's string keys live in its hash part (table.ts)
        } else if (isPositiveInteger(k)) {
          ints++;
          if (Number(k) > max) max = Number(k);
        } else {
          keys.push(k);
          plain = false;
        }
      }
      if (keys.length > 0 && (ints > 0 || n > 0)) {
        // Tombstoned string keys do not count.
        if (keys.some((k) => t.get(k) !== undefined)) throw new JsonError("cannot encode table with mixed keys");
        keys.length = 0;
      }
      if (keys.length === 0) {
        let count = ints;
        for (let i = 0; i < n; i++) if (arr[i] !== undefined) count++;
        if (count !== max) throw new JsonError("cannot encode sparse array");
        this.array(t, max, raw);
      } else if (plain) {
        const names = this.sortedNames(keys as string[], path.length);
        this.object(t, names, names);
      } else {
        const named = keys.map((k): [string, LuaValue] => [keyText(k), k]);
        named.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
        this.object(t, named.map((e) => e[0]), named.map((e) => e[1]));
      }
    }
    path.pop();
  }

  /**
   * The names in byte order. Sorting is a fifth of the encoding time of a
   * document of records, and records at one nesting level mostly share
   * their keys in the same insertion order: the last order seen at each
   * level and its sorted copy are kept and reused when the next table
   * lists the same keys.
   */
  private sortedNames(keys: readonly string[], depth: number): string[] {
    const shape = (this.shapes[depth] ??= { order: [], sorted: [] });
    const order = shape.order;
    let same = order.length === keys.length;
    for (let i = 0; same && i < keys.length; i++) same = order[i] === keys[i];
    if (!same) {
      shape.order = keys.slice();
      // Default sort compares code units: byte order for byte strings.
      shape.sorted = keys.slice().sort();
    }
    return shape.sorted;
  }

  private array(t: LuaTable, n: number, raw: boolean): void {
    const w = this.w;
    if (n === 0) {
      w.text("[]");
      return;
    }
    const arr = t.arr;
    w.byte(0x5b);
    for (let i = 1; i <= n; i++) {
      if (i > 1) w.byte(0x2c);
      this.value(raw && i <= arr.length ? arr[i - 1] : t.get(i));
    }
    w.byte(0x5d);
  }

  /** Members in the order of `names`; `keys[i]` is the table key behind `names[i]`. */
  private object(t: LuaTable, names: string[], keys: LuaValue[]): void {
    const w = this.w;
    let first = true;
    w.byte(0x7b);
    for (let i = 0; i < names.length; i++) {
      const v = t.get(keys[i]);
      if (v === undefined) continue; // a cleared field
      if (!first) w.byte(0x2c);
      first = false;
      this.string(names[i]!);
      w.byte(0x3a);
      this.value(v);
    }
    w.byte(0x7d);
  }
}

/** JSON text for v; throws JsonError when v cannot be encoded. */
export function encodeJson(v: LuaValue): string {
  const e = new Encoder();
  e.value(v);
  return e.w.result();
}

// ------------------------------------------------------------ decoding

/** Bytes of the UTF-8 encoding of code point cp. */
function utf8(cp: number): string {
  if (cp < 0x80) return String.fromCharCode(cp);
  if (cp < 0x800) return String.fromCharCode(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
  if (cp < 0x10000) return String.fromCharCode(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
  return String.fromCharCode(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
}

function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const l = c | 0x20;
  if (l >= 0x61 && l <= 0x66) return l - 0x57;
  return -1;
}

/** Position (1-based) of the first byte that is not part of valid UTF-8. */
function firstInvalidUtf8(s: string): number {
  for (let i = 0; i < s.length;) {
    if (s.charCodeAt(i) < 0x80) i++;
    else {
      const len = utf8SequenceLength(s, i);
      if (len === 0) return i + 1;
      i += len;
    }
  }
  return 0;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

class Decoder {
  i = 0;
  depth = 0;
  constructor(readonly s: string) {}

  fail(what: string, at = this.i): never {
    throw new JsonError(`${what} at position ${at + 1}`);
  }

  unexpected(): never {
    const s = this.s;
    if (this.i >= s.length) this.fail("unexpected end of input");
    const c = s.charCodeAt(this.i);
    const shown = c >= 0x20 && c < 0x7f ? `'${s[this.i]}'` : `byte 0x${c.toString(16).padStart(2, "0")}`;
    this.fail(`unexpected ${shown}`);
  }

  skipSpace(): number {
    const s = this.s;
    let i = this.i;
    let c = s.charCodeAt(i);
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = s.charCodeAt(++i);
    this.i = i;
    return c;
  }

  value(): LuaValue {
    const c = this.skipSpace();
    switch (c) {
      case 0x22: // "
        return this.string();
      case 0x7b: // {
        return this.object();
      case 0x5b: // [
        return this.array();
      case 0x74: // t
        return this.literal("true", true);
      case 0x66: // f
        return this.literal("false", false);
      case 0x6e: // n
        return this.literal("null", undefined);
    }
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return this.number();
    return this.unexpected();
  }

  literal(word: string, v: LuaValue): LuaValue {
    if (!this.s.startsWith(word, this.i)) this.fail(`invalid literal (expected '${word}')`);
    this.i += word.length;
    return v;
  }

  number(): LuaValue {
    const s = this.s;
    const start = this.i;
    let i = start;
    let c = s.charCodeAt(i);
    if (c === 0x2d) c = s.charCodeAt(++i);
    const digits = i;
    if (c === 0x30) {
      c = s.charCodeAt(++i);
    } else if (c >= 0x31 && c <= 0x39) {
      do c = s.charCodeAt(++i); while (c >= 0x30 && c <= 0x39);
    } else {
      this.i = i;
      this.fail("invalid number", start);
    }
    let integral = true;
    if (c === 0x2e) {
      integral = false;
      c = s.charCodeAt(++i);
      if (!(c >= 0x30 && c <= 0x39)) this.fail("invalid number", start);
      do c = s.charCodeAt(++i); while (c >= 0x30 && c <= 0x39);
    }
    if (c === 0x65 || c === 0x45) {
      integral = false;
      c = s.charCodeAt(++i);
      if (c === 0x2b || c === 0x2d) c = s.charCodeAt(++i);
      if (!(c >= 0x30 && c <= 0x39)) this.fail("invalid number", start);
      do c = s.charCodeAt(++i); while (c >= 0x30 && c <= 0x39);
    }
    this.i = i;
    if (integral && i - digits <= 15) {
      let n = 0;
      for (let j = digits; j < i; j++) n = n * 10 + (s.charCodeAt(j) - 0x30);
      return digits > start && n !== 0 ? -n : n; // -0 is the integer 0
    }
    const text = s.slice(start, i);
    if (integral) {
      const b = BigInt(text);
      if (b >= INT64_MIN && b <= INT64_MAX) return mkInt(b);
    }
    return mkFloat(Number(text));
  }

  string(): string {
    const s = this.s;
    const start = ++this.i;
    let i = start;
    // Fast path: no escapes (the text's UTF-8 was checked up front).
    for (;;) {
      const c = s.charCodeAt(i);
      if (c === 0x22) {
        this.i = i + 1;
        return s.slice(start, i);
      }
      if (c === 0x5c || c < 0x20 || c !== c) break;
      i++;
    }
    let out = s.slice(start, i);
    let run = i;
    for (;;) {
      const c = s.charCodeAt(i);
      if (c === 0x22) {
        this.i = i + 1;
        return out + s.slice(run, i);
      }
      if (c !== c) this.fail("unterminated string", start - 1);
      if (c < 0x20) this.fail("control character in string", i);
      if (c !== 0x5c) {
        i++;
        continue;
      }
      out += s.slice(run, i);
      const e = s.charCodeAt(i + 1);
      i += 2;
      switch (e) {
        case 0x22: out += '"'; break;
        case 0x5c: out += "\\"; break;
        case 0x2f: out += "/"; break;
        case 0x62: out += "\b"; break;
        case 0x66: out += "\f"; break;
        case 0x6e: out += "\n"; break;
        case 0x72: out += "\r"; break;
        case 0x74: out += "\t"; break;
        case 0x75: {
          let cp = this.hex4(i);
          i += 4;
          if (cp >= 0xd800 && cp <= 0xdbff && s.charCodeAt(i) === 0x5c && s.charCodeAt(i + 1) === 0x75) {
            const lo = this.hex4(i + 2);
            if (lo >= 0xdc00 && lo <= 0xdfff) {
              cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
              i += 6;
            }
          }
          // A lone surrogate has no UTF-8 form: U+FFFD instead, as Go does.
          out += cp >= 0xd800 && cp <= 0xdfff ? REPLACEMENT : utf8(cp);
          break;
        }
        default:
          this.fail("invalid escape in string", i - 2);
      }
      run = i;
    }
  }

  hex4(i: number): number {
    const s = this.s;
    const a = hexDigit(s.charCodeAt(i));
    const b = hexDigit(s.charCodeAt(i + 1));
    const c = hexDigit(s.charCodeAt(i + 2));
    const d = hexDigit(s.charCodeAt(i + 3));
    if ((a | b | c | d) < 0) this.fail("invalid \\u escape in string", i - 2);
    return (a << 12) | (b << 8) | (c << 4) | d;
  }

  enter(): void {
    if (++this.depth > DECODE_MAX_DEPTH) this.fail(`nesting deeper than ${DECODE_MAX_DEPTH} levels`);
    this.i++;
  }

  array(): LuaTable {
    this.enter();
    const t = new LuaTable();
    const items: LuaValue[] = [];
    if (this.skipSpace() === 0x5d) {
      this.i++;
    } else {
      for (;;) {
        items.push(this.value());
        const c = this.skipSpace();
        if (c === 0x2c) {
          this.i++;
          continue;
        }
        if (c === 0x5d) {
          this.i++;
          break;
        }
        this.unexpected();
      }
      // Keys 1..n with nil holes for nulls: the array part may hold nils.
      t.arr = items;
    }
    this.depth--;
    return t;
  }

  object(): LuaTable {
    this.enter();
    const t = new LuaTable();
    // Even an empty object has a string part, so it encodes back as {} (spec §8.1).
    t.adoptStrs(newStrKeys());
    if (this.skipSpace() === 0x7d) {
      this.i++;
    } else {
      for (;;) {
        if (this.skipSpace() !== 0x22) this.unexpected();
        const k = this.string();
        if (this.skipSpace() !== 0x3a) this.unexpected();
        this.i++;
        const v = this.value();
        t.setStr(k, v); // a later null removes an earlier member
        const c = this.skipSpace();
        if (c === 0x2c) {
          this.i++;
          continue;
        }
        if (c === 0x7d) {
          this.i++;
          break;
        }
        this.unexpected();
      }
    }
    this.depth--;
    return t;
  }
}

const HIGH_BYTE = /[\x80-\xff]/;

/** The Lua value for JSON text s (a byte string); throws JsonError when malformed. */
export function decodeJson(s: string): LuaValue {
  if (HIGH_BYTE.test(s) && !isUtf8(Buffer.from(s, "latin1"))) {
    throw new JsonError(`invalid UTF-8 at position ${firstInvalidUtf8(s)}`);
  }
  const d = new Decoder(s);
  const v = d.value();
  d.skipSpace();
  if (d.i < s.length) d.fail("trailing garbage after JSON value");
  return v;
}

// ------------------------------------------------------------ the module

function internal(e: unknown): string {
  if (e instanceof JsonError) return e.message;
  if (e instanceof RangeError) return "value too deeply nested";
  throw e;
}

const encode: HostFn = (L) => {
  let text: string;
  try {
    text = encodeJson(arg(L, 1));
  } catch (e) {
    return failWith(L, "INTERNAL", `json.encode: ${internal(e)}`);
  }
  L.stack[L.top++] = text;
  L.stack[L.top++] = undefined;
  return 2;
};

const decode: HostFn = (L) => {
  const s = arg(L, 1);
  if (typeof s !== "string") return failWith(L, "INVALID", "json.decode: argument must be a string");
  if (s.length === 0) return failWith(L, "INVALID", "json.decode: empty input");
  let v: LuaValue;
  try {
    v = decodeJson(s);
  } catch (e) {
    return failWith(L, "INTERNAL", `json.decode: ${internal(e)}`);
  }
  L.stack[L.top++] = v;
  L.stack[L.top++] = undefined;
  return 2;
};

const JSON_TEMPLATE = templateFrom([
  ["encode", new HostFunction("encode", encode)],
  ["decode", new HostFunction("decode", decode)],
]);

/** The loader `require("json")` finds (each process gets its own module table). */
export const JSON_LOADER = new HostFunction("json", (L) => {
  L.stack[L.top++] = new CowTable(JSON_TEMPLATE);
  return 1;
});
