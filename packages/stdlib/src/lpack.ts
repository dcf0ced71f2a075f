// string.pack, string.unpack and string.packsize (reference manual §6.4.2)
// with Lua 5.3's rules and messages.
//
// A format is read one option at a time, carrying the current endianness
// (`<` little, `>` big, `=` native, which is little here) and the maximum
// alignment (`![n]`, default 1, `!` alone means 8). Options: b B h H l L j J
// T (1, 1, 2, 2, 8, 8, 8, 8, 8 bytes), i[n] I[n] (n in 1..16, default 4),
// f d n (float, double, Lua float), s[n] (string with an n-byte length,
// default 8), z (zero-terminated), c<n> (fixed n bytes), x (one zero byte),
// X<op> (align to op's size) and ' ' (ignored). An option of size k is
// aligned to min(k, maxalign) bytes, which must be a power of two.
//
// Integers wider than 8 bytes are sign- (or zero-) extended when packed; on
// unpacking, their extra bytes must be a pure extension or the value does
// not fit a Lua integer. As in Lua 5.3, unpacking `z` past the end of the
// data ends the string at the end of the data.
//
// Values go through the same ValueHost as string.format. Errors about an
// argument carry its Lua index (the format is argument 1); format errors
// that Lua raises without "bad argument" have arg = 0.

import { EngineError } from "./lpattern.js";
import { checkInteger, checkNumber, type ValueHost } from "./lformat.js";

const MAXINTSIZE = 16;
const MAXALIGN = 8;
const SZINT = 8; // bytes in a Lua integer
const MAXSIZE = 2147483647; // C's INT_MAX, lstrlib's MAXSIZE

const enum Opt {
  Int,
  Uint,
  Float,
  Char,
  String,
  Zstr,
  Padding,
  PadAlign,
  Nop,
}

/** Parsing state for one format string. */
interface Header {
  fmt: string;
  pos: number;
  little: boolean;
  maxAlign: number;
  // Results of the last option read:
  size: number;
  toAlign: number;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Reads an optional decimal number (stopping before it could overflow an int). */
function readNum(h: Header, dflt: number): number {
  if (!isDigit(h.fmt.charCodeAt(h.pos))) return dflt;
  let a = 0;
  do {
    a = a * 10 + (h.fmt.charCodeAt(h.pos++) - 48);
  } while (isDigit(h.fmt.charCodeAt(h.pos)) && a <= (MAXSIZE - 9) / 10);
  return a;
}

function readLimit(h: Header, dflt: number): number {
  const sz = readNum(h, dflt);
  if (sz > MAXINTSIZE || sz <= 0) {
    throw new EngineError(`integral size (${sz}) out of limits [1,${MAXINTSIZE}]`);
  }
  return sz;
}

/** How lua_pushfstring's %c shows a byte in a message. */
function showChar(c: number): string {
  return c >= 32 && c < 127 ? String.fromCharCode(c) : `<\\${c}>`;
}

/** Reads one option; its size goes to h.size. */
function readOption(h: Header): Opt {
  const c = h.fmt.charCodeAt(h.pos++);
  h.size = 0;
  switch (c) {
    case 98 /* b */: h.size = 1; return Opt.Int;
    case 66 /* B */: h.size = 1; return Opt.Uint;
    case 104 /* h */: h.size = 2; return Opt.Int;
    case 72 /* H */: h.size = 2; return Opt.Uint;
    case 108 /* l */: case 106 /* j */: h.size = 8; return Opt.Int;
    case 76 /* L */: case 74 /* J */: case 84 /* T */: h.size = 8; return Opt.Uint;
    case 102 /* f */: h.size = 4; return Opt.Float;
    case 100 /* d */: case 110 /* n */: h.size = 8; return Opt.Float;
    case 105 /* i */: h.size = readLimit(h, 4); return Opt.Int;
    case 73 /* I */: h.size = readLimit(h, 4); return Opt.Uint;
    case 115 /* s */: h.size = readLimit(h, 8); return Opt.String;
    case 99 /* c */:
      h.size = readNum(h, -1);
      if (h.size === -1) throw new EngineError("missing size for format option 'c'");
      return Opt.Char;
    case 122 /* z */: return Opt.Zstr;
    case 120 /* x */: h.size = 1; return Opt.Padding;
    case 88 /* X */: return Opt.PadAlign;
    case 32 /* ' ' */: return Opt.Nop;
    case 60 /* < */: case 61 /* = */: h.little = true; return Opt.Nop;
    case 62 /* > */: h.little = false; return Opt.Nop;
    case 33 /* ! */: h.maxAlign = readLimit(h, MAXALIGN); return Opt.Nop;
    default: throw new EngineError(`invalid format option '${showChar(c)}'`);
  }
}

/** Reads one option and works out the padding needed before it at `offset`. */
function readDetails(h: Header, offset: number): Opt {
  const opt = readOption(h);
  let align = h.size;
  if (opt === Opt.PadAlign) {
    // X takes its alignment from the option after it, which is consumed.
    const size = h.size;
    if (h.pos >= h.fmt.length || readOption(h) === Opt.Char || h.size === 0) {
      throw new EngineError("invalid next option for option 'X'", 1);
    }
    align = h.size;
    h.size = size;
  }
  if (align <= 1 || opt === Opt.Char) {
    h.toAlign = 0;
  } else {
    if (align > h.maxAlign) align = h.maxAlign;
    if ((align & (align - 1)) !== 0) throw new EngineError("format asks for alignment not power of 2", 1);
    h.toAlign = (align - (offset & (align - 1))) & (align - 1);
  }
  return opt;
}

function header(fmt: string): Header {
  return { fmt, pos: 0, little: true, maxAlign: 1, size: 0, toAlign: 0 };
}

/** luaL_checklstring: strings, or numbers converted to strings. */
function checkString(v: unknown, arg: number, host: ValueHost): string {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "bigint" || host.isFloatBox(v)) return host.tostring(v);
  throw new EngineError(`string expected, got ${host.typeName(v)}`, arg);
}

/** `size` bytes of the two's-complement `n`, extended with 0xff when negative. */
function intBytes(n: number | bigint, size: number, little: boolean, negative: boolean): string {
  const bytes = new Array<number>(size);
  if (typeof n === "number" && n >= 0 && n <= 0xffffffff) {
    for (let i = 0; i < size; i++) {
      bytes[i] = i < 4 ? (n >>> (8 * i)) & 0xff : 0;
    }
  } else {
    let u = BigInt.asUintN(64, BigInt(n));
    for (let i = 0; i < size; i++) {
      if (i < SZINT) {
        bytes[i] = Number(u & 0xffn);
        u >>= 8n;
      } else {
        bytes[i] = negative ? 0xff : 0;
      }
    }
  }
  if (!little) bytes.reverse();
  return String.fromCharCode(...bytes);
}

const floatView = new DataView(new ArrayBuffer(8));

function floatBytes(x: number, size: number, little: boolean): string {
  if (size === 4) floatView.setFloat32(0, x, little);
  else floatView.setFloat64(0, x, little);
  let s = "";
  for (let i = 0; i < size; i++) s += String.fromCharCode(floatView.getUint8(i));
  return s;
}

/** string.pack. `args` are the values after the format (args[0] is argument #2). */
export function pack(fmt: string, args: readonly unknown[], host: ValueHost): string {
  const h = header(fmt);
  const parts: string[] = [];
  let total = 0;
  let arg = 0; // args consumed
  while (h.pos < fmt.length) {
    const opt = readDetails(h, total);
    const size = h.size;
    total += h.toAlign + size;
    if (h.toAlign > 0) parts.push("\0".repeat(h.toAlign));
    const luaArg = arg + 2;
    const v = args[arg];
    switch (opt) {
      case Opt.Int: {
        arg++;
        const n = checkInteger(v, luaArg, host);
        if (size < SZINT) {
          const lim = 2 ** (size * 8 - 1);
          if (!(n >= -lim && n < lim)) throw new EngineError("integer overflow", luaArg);
        }
        parts.push(intBytes(n, size, h.little, n < 0));
        break;
      }
      case Opt.Uint: {
        arg++;
        const n = checkInteger(v, luaArg, host);
        if (size < SZINT && !(n >= 0 && n < 2 ** (size * 8))) {
          throw new EngineError("unsigned overflow", luaArg);
        }
        parts.push(intBytes(n, size, h.little, false));
        break;
      }
      case Opt.Float:
        arg++;
        parts.push(floatBytes(checkNumber(v, luaArg, host), size, h.little));
        break;
      case Opt.Char: {
        arg++;
        const s = checkString(v, luaArg, host);
        if (s.length > size) throw new EngineError("string longer than given size", luaArg);
        parts.push(s);
        if (s.length < size) parts.push("\0".repeat(size - s.length));
        break;
      }
      case Opt.String: {
        arg++;
        const s = checkString(v, luaArg, host);
        if (size < SZINT && s.length >= 2 ** (size * 8)) {
          throw new EngineError("string length does not fit in given size", luaArg);
        }
        parts.push(intBytes(s.length, size, h.little, false), s);
        total += s.length;
        break;
      }
      case Opt.Zstr: {
        arg++;
        const s = checkString(v, luaArg, host);
        if (s.indexOf("\0") >= 0) throw new EngineError("string contains zeros", luaArg);
        parts.push(s, "\0");
        total += s.length + 1;
        break;
      }
      case Opt.Padding:
        parts.push("\0");
        break;
      default:
        break;
    }
  }
  return parts.join("");
}

/** string.packsize: the size of a fixed-size format. */
export function packsize(fmt: string): number {
  const h = header(fmt);
  let total = 0;
  while (h.pos < fmt.length) {
    const opt = readDetails(h, total);
    if (opt === Opt.String || opt === Opt.Zstr) throw new EngineError("variable-length format", 1);
    const size = h.size + h.toAlign;
    if (total > MAXSIZE - size) throw new EngineError("format result too large", 1);
    total += size;
  }
  return total;
}

/** Reads a `size`-byte integer at `at`; see the file comment for wide ones. */
function readInt(s: string, at: number, size: number, little: boolean, signed: boolean): number | bigint {
  const limit = size <= SZINT ? size : SZINT;
  const byteAt = (i: number) => s.charCodeAt(little ? at + i : at + size - 1 - i);
  if (limit <= 6) {
    let res = 0;
    for (let i = limit - 1; i >= 0; i--) res = res * 256 + byteAt(i);
    if (signed && size === limit) {
      const half = 2 ** (size * 8 - 1);
      if (res >= half) res -= 2 * half;
    }
    return res;
  }
  let res = 0n;
  for (let i = limit - 1; i >= 0; i--) res = (res << 8n) | BigInt(byteAt(i));
  if (size < SZINT) {
    if (signed) res = BigInt.asIntN(size * 8, res);
  } else {
    res = BigInt.asIntN(64, res);
    if (size > SZINT) {
      const ext = !signed || res >= 0n ? 0 : 0xff;
      for (let i = limit; i < size; i++) {
        if (byteAt(i) !== ext) throw new EngineError(`${size}-byte integer does not fit into Lua Integer`);
      }
    }
  }
  return res >= -9007199254740991n && res <= 9007199254740991n ? Number(res) : res;
}

/**
 * string.unpack. `init` is the raw 1-based Lua argument #3 (default 1).
 * Returns the unpacked values followed by the position after them.
 */
export function unpack(fmt: string, data: string, init: number, host: ValueHost): unknown[] {
  const ld = data.length;
  let pos: number;
  if (init >= 0) pos = init - 1;
  else if (-init > ld) pos = -1;
  else pos = ld + init;
  if (pos < 0 || pos > ld) throw new EngineError("initial position out of string", 3);
  const h = header(fmt);
  const out: unknown[] = [];
  while (h.pos < fmt.length) {
    const opt = readDetails(h, pos);
    const size = h.size;
    if (pos + h.toAlign + size > ld) throw new EngineError("data string too short", 2);
    pos += h.toAlign;
    switch (opt) {
      case Opt.Int:
      case Opt.Uint:
        out.push(readInt(data, pos, size, h.little, opt === Opt.Int));
        break;
      case Opt.Float: {
        for (let i = 0; i < size; i++) floatView.setUint8(i, data.charCodeAt(pos + i));
        const x = size === 4 ? floatView.getFloat32(0, h.little) : floatView.getFloat64(0, h.little);
        out.push(host.mkFloat(x));
        break;
      }
      case Opt.Char:
        out.push(data.slice(pos, pos + size));
        break;
      case Opt.String: {
        const raw = readInt(data, pos, size, h.little, false);
        const len = typeof raw === "bigint" ? Number(BigInt.asUintN(64, raw)) : raw < 0 ? raw + 2 ** 64 : raw;
        if (pos + len + size > ld) throw new EngineError("data string too short", 2);
        out.push(data.slice(pos + size, pos + size + len));
        pos += len;
        break;
      }
      case Opt.Zstr: {
        let end = data.indexOf("\0", pos);
        if (end < 0) end = ld; // the C string ends at the data's terminator
        out.push(data.slice(pos, end));
        pos = end + 1;
        break;
      }
      default:
        break;
    }
    pos += size;
  }
  out.push(pos + 1);
  return out;
}
