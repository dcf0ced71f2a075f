// The utf8 library (lutf8lib.c's interface) over byte strings. As in Lua
// 5.3, decoding accepts sequences of up to four bytes for code points up to
// 0x10FFFF, rejects overlong forms, and lets surrogates through.

import { HostFunction, LuaError, type LuaState, type LuaTable, type LuaThread } from "@wippy-lua/vm/libapi";
import { argAt, argError, checkInt, checkInteger, checkString, optInt } from "./args.js";
import { libTemplate, newLibTable } from "./libtable.js";

const MAXUNICODE = 0x10ffff;
const LIMITS = [0xff, 0x7f, 0x7ff, 0xffff];

/** u_posrelat: negative positions count from the end; too negative gives 0. */
function uPosrelat(pos: number, len: number): number {
  if (pos >= 0) return pos;
  if (-pos > len) return 0;
  return len + pos + 1;
}

function isCont(s: string, i: number): boolean {
  return (s.charCodeAt(i) & 0xc0) === 0x80;
}

// Decodes the sequence at byte index i: sets `decoded` and returns the index
// after it, or -1 when the bytes are not valid UTF-8.
let decoded = 0;
function decode(s: string, i: number): number {
  let c = s.charCodeAt(i);
  if (c !== c) c = 0; // the C string's terminating NUL
  if (c < 0x80) {
    decoded = c;
    return i + 1;
  }
  let res = 0;
  let count = 0;
  while (c & 0x40) {
    const cc = s.charCodeAt(i + ++count);
    if ((cc & 0xc0) !== 0x80) return -1;
    res = (res << 6) | (cc & 0x3f);
    c <<= 1;
  }
  res |= (c & 0x7f) << (count * 5);
  if (count > 3 || res > MAXUNICODE || res <= LIMITS[count]!) return -1;
  decoded = res;
  return i + count + 1;
}

/** The UTF-8 bytes of code point `x` (luaO_utf8esc). */
export function utf8Encode(x: number): string {
  if (x < 0x80) return String.fromCharCode(x);
  if (x < 0x800) return String.fromCharCode(0xc0 | (x >> 6), 0x80 | (x & 0x3f));
  if (x < 0x10000) {
    return String.fromCharCode(0xe0 | (x >> 12), 0x80 | ((x >> 6) & 0x3f), 0x80 | (x & 0x3f));
  }
  if (x < 0x200000) {
    return String.fromCharCode(0xf0 | (x >> 18), 0x80 | ((x >> 12) & 0x3f), 0x80 | ((x >> 6) & 0x3f),
      0x80 | (x & 0x3f));
  }
  if (x < 0x4000000) {
    return String.fromCharCode(0xf8 | (x >> 24), 0x80 | ((x >> 18) & 0x3f), 0x80 | ((x >> 12) & 0x3f),
      0x80 | ((x >> 6) & 0x3f), 0x80 | (x & 0x3f));
  }
  return String.fromCharCode(0xfc | (x >> 30), 0x80 | ((x >> 24) & 0x3f), 0x80 | ((x >> 18) & 0x3f),
    0x80 | ((x >> 12) & 0x3f), 0x80 | ((x >> 6) & 0x3f), 0x80 | (x & 0x3f));
}

function utfLen(L: LuaThread, base: number, nargs: number): number {
  const s = checkString(L, base, nargs, 1);
  const len = s.length;
  let posi = uPosrelat(optInt(L, base, nargs, 2, 1), len);
  let posj = uPosrelat(optInt(L, base, nargs, 3, -1), len);
  if (!(1 <= posi && --posi <= len)) throw argError(L, 2, "initial position out of string");
  if (!(--posj < len)) throw argError(L, 3, "final position out of string");
  let n = 0;
  while (posi <= posj) {
    const next = decode(s, posi);
    if (next < 0) {
      L.stack[L.top++] = undefined;
      L.stack[L.top++] = posi + 1;
      return 2;
    }
    posi = next;
    n++;
  }
  L.stack[L.top++] = n;
  return 1;
}

function utfCodepoint(L: LuaThread, base: number, nargs: number): number {
  const s = checkString(L, base, nargs, 1);
  const len = s.length;
  const posi = uPosrelat(optInt(L, base, nargs, 2, 1), len);
  const pose = uPosrelat(optInt(L, base, nargs, 3, posi), len);
  if (posi < 1) throw argError(L, 2, "out of range");
  if (pose > len) throw argError(L, 3, "out of range");
  if (posi > pose) return 0;
  const n = pose - posi + 1;
  if (n >= 2147483647 || L.top + n + 20 > L.stackLimit) throw new LuaError("string slice too long", true);
  const stack = L.stack;
  while (stack.length < L.top + n + 20) stack.push(undefined);
  let count = 0;
  for (let i = posi - 1; i < pose;) {
    i = decode(s, i);
    if (i < 0) throw new LuaError("invalid UTF-8 code", true);
    stack[L.top++] = decoded;
    count++;
  }
  return count;
}

function utfChar(L: LuaThread, base: number, nargs: number): number {
  let r = "";
  for (let i = 1; i <= nargs; i++) {
    const c = checkInteger(L, base, nargs, i);
    if (typeof c === "bigint" || c < 0 || c > MAXUNICODE) throw argError(L, i, "value out of range");
    r += utf8Encode(c);
  }
  L.stack[L.top++] = r;
  return 1;
}

function utfOffset(L: LuaThread, base: number, nargs: number): number {
  const s = checkString(L, base, nargs, 1);
  const len = s.length;
  let n = checkInt(L, base, nargs, 2);
  let posi = uPosrelat(optInt(L, base, nargs, 3, n >= 0 ? 1 : len + 1), len);
  if (!(1 <= posi && --posi <= len)) throw argError(L, 3, "position out of range");
  if (n === 0) {
    while (posi > 0 && isCont(s, posi)) posi--;
  } else {
    if (isCont(s, posi)) throw new LuaError("initial position is a continuation byte", true);
    if (n < 0) {
      while (n < 0 && posi > 0) {
        do posi--; while (posi > 0 && isCont(s, posi));
        n++;
      }
    } else {
      n--;
      while (n > 0 && posi < len) {
        do posi++; while (isCont(s, posi));
        n--;
      }
    }
  }
  L.stack[L.top++] = n === 0 ? posi + 1 : undefined;
  return 1;
}

function iterAux(L: LuaThread, base: number, nargs: number): number {
  const s = checkString(L, base, nargs, 1);
  const len = s.length;
  const i = argAt(L, base, nargs, 2);
  let n = (typeof i === "number" ? i : 0) - 1;
  if (n < 0) {
    n = 0;
  } else if (n < len) {
    n++;
    while (isCont(s, n)) n++;
  }
  if (n >= len) return 0;
  const next = decode(s, n);
  if (next < 0 || isCont(s, next)) throw new LuaError("invalid UTF-8 code", true);
  L.stack[L.top++] = n + 1;
  L.stack[L.top++] = decoded;
  return 2;
}

const ITER = new HostFunction("codes_iterator", iterAux);

function utfCodes(L: LuaThread, base: number, nargs: number): number {
  const s = checkString(L, base, nargs, 1);
  L.stack[L.top++] = ITER;
  L.stack[L.top++] = s;
  L.stack[L.top++] = 0;
  return 3;
}

const FUNCS: readonly HostFunction[] = [
  new HostFunction("offset", utfOffset),
  new HostFunction("codepoint", utfCodepoint),
  new HostFunction("char", utfChar),
  new HostFunction("len", utfLen),
  new HostFunction("codes", utfCodes),
];
const TEMPLATE = libTemplate(FUNCS, [["charpattern", "[\x00-\x7F\xC2-\xF4][\x80-\xBF]*"]]);

export function openUtf8(_G: LuaState): LuaTable {
  return newLibTable(TEMPLATE);
}
