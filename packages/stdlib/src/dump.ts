// string.dump's binary chunks: a Proto serialised to a byte string, and
// read back by `load` (see binload.ts).
//
// The chunk starts with luac 5.3's exact header (signature "\x1bLua",
// version 0x53, format 0, the check bytes, the sizes of int, size_t,
// Instruction, lua_Integer and lua_Number, then 0x5678 and 370.5 to check
// integer and float layout), so programs that inspect the header see what
// they expect. The body is our own: a marker byte 'W' and the main Proto,
// numbers in unsigned LEB128 varints unless stated. A chunk made by luac
// (whose body starts with its upvalue count) is refused with
// "format mismatch" instead of being misread.

import { internString, LuaFloat, type LuaValue, type Proto } from "@wippy-lua/vm/libapi";
import { TYPE_HOOK } from "@wippy-lua/vm";

const SIGNATURE = "\x1bLua";
const VERSION = 0x53;
const FORMAT = 0;
const DATA = "\x19\x93\r\n\x1a\n";
/** sizeof int, size_t, Instruction, lua_Integer, lua_Number. */
const SIZES: readonly [string, number][] = [["int", 4], ["size_t", 8], ["Instruction", 4], ["lua_Integer", 8],
  ["lua_Number", 8]];
const LUAC_INT = "\x78\x56\0\0\0\0\0\0";
const LUAC_NUM = "\0\0\0\0\0\x28\x77\x40"; // 370.5, little-endian
const BODY_MARK = 0x57;
const HEADER = SIGNATURE + String.fromCharCode(VERSION, FORMAT) + DATA +
  String.fromCharCode(...SIZES.map((e) => e[1])) + LUAC_INT + LUAC_NUM + String.fromCharCode(BODY_MARK);

const enum K {
  Nil,
  False,
  True,
  Int,
  Float,
  Str,
  /** The compiler's type-value hook (the one host function a Proto may hold). */
  TypeHook,
}

const f64 = new Float64Array(1);
const u8 = new Uint8Array(f64.buffer);
const i64 = new BigInt64Array(1);
const i64b = new Uint8Array(i64.buffer);

class Writer {
  parts: string[] = [];
  byte(b: number): void {
    this.parts.push(String.fromCharCode(b));
  }
  uint(n: number): void {
    let s = "";
    while (n >= 0x80) {
      s += String.fromCharCode((n % 0x80) | 0x80);
      n = Math.floor(n / 0x80);
    }
    this.parts.push(s + String.fromCharCode(n));
  }
  str(s: string): void {
    this.uint(s.length);
    this.parts.push(s);
  }
  bytes(b: Uint8Array): void {
    let s = "";
    for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i]!);
    this.parts.push(s);
  }
}

function writeConstant(w: Writer, k: LuaValue): void {
  if (k === undefined) w.byte(K.Nil);
  else if (k === TYPE_HOOK) w.byte(K.TypeHook);
  else if (k === false) w.byte(K.False);
  else if (k === true) w.byte(K.True);
  else if (typeof k === "string") {
    w.byte(K.Str);
    w.str(k);
  } else if (typeof k === "bigint" || (typeof k === "number" && Number.isInteger(k))) {
    w.byte(K.Int);
    i64[0] = BigInt(k);
    w.bytes(i64b);
  } else {
    w.byte(K.Float);
    f64[0] = k instanceof LuaFloat ? k.n : (k as number);
    w.bytes(u8);
  }
}

function writeProto(w: Writer, p: Proto, strip: boolean, parentSource: string | null): void {
  // Like luac, a nested function's source is stored only when it differs.
  w.str(strip || p.source === parentSource ? "" : p.source);
  w.uint(p.lineDefined);
  w.uint(p.lastLineDefined);
  w.uint(p.numParams);
  w.byte(p.isVararg ? 1 : 0);
  w.uint(p.maxStackSize);
  w.uint(p.code.length);
  w.bytes(new Uint8Array(p.code.buffer, p.code.byteOffset, p.code.byteLength));
  w.uint(p.constants.length);
  for (const k of p.constants) writeConstant(w, k);
  w.uint(p.upvalues.length);
  for (const u of p.upvalues) {
    w.byte(u.inStack ? 1 : 0);
    w.uint(u.index);
  }
  w.uint(p.protos.length);
  for (const q of p.protos) writeProto(w, q, strip, p.source);
  // Debug information.
  const lines = strip ? 0 : p.lineInfo.length;
  w.uint(lines);
  for (let i = 0; i < lines; i++) w.uint(p.lineInfo[i]!);
  const locs = strip ? [] : p.locVars;
  w.uint(locs.length);
  for (const v of locs) {
    w.str(v.name);
    w.uint(v.startPc);
    w.uint(v.endPc);
  }
  w.uint(strip ? 0 : p.upvalues.length);
  if (!strip) for (const u of p.upvalues) w.str(u.name);
}

/** The binary chunk for `p` (string.dump); `strip` drops debug information. */
export function dumpFunction(p: Proto, strip: boolean): string {
  const w = new Writer();
  w.parts.push(HEADER);
  writeProto(w, p, strip, null);
  return w.parts.join("");
}

/**
 * Raised for malformed chunks with lundump's reason ("truncated", "not a",
 * "version mismatch in", ...); the loader makes "<name>: <why> precompiled chunk".
 */
export class ChunkError extends Error {}

class Reader {
  pos = 0;
  constructor(readonly s: string) {}
  byte(): number {
    if (this.pos >= this.s.length) throw new ChunkError("truncated");
    return this.s.charCodeAt(this.pos++);
  }
  uint(): number {
    let n = 0;
    let scale = 1;
    for (;;) {
      const b = this.byte();
      n += (b & 0x7f) * scale;
      if (b < 0x80) return n;
      scale *= 0x80;
      if (scale > 2 ** 56) throw new ChunkError("corrupted");
    }
  }
  raw(n: number): string {
    if (this.pos + n > this.s.length) throw new ChunkError("truncated");
    const r = this.s.slice(this.pos, this.pos + n);
    this.pos += n;
    return r;
  }
  str(): string {
    return this.raw(this.uint());
  }
  into(b: Uint8Array): void {
    for (let i = 0; i < b.length; i++) b[i] = this.byte();
  }
}

function readConstant(r: Reader): LuaValue {
  switch (r.byte()) {
    case K.Nil:
      return undefined;
    case K.False:
      return false;
    case K.True:
      return true;
    case K.Int: {
      r.into(i64b);
      const b = i64[0]!;
      return b >= -9007199254740991n && b <= 9007199254740991n ? Number(b) : b;
    }
    case K.Float: {
      r.into(u8);
      const d = f64[0]!;
      return Number.isInteger(d) || Object.is(d, -0) ? new LuaFloat(d) : d;
    }
    case K.Str:
      return internString(r.str());
    case K.TypeHook:
      return TYPE_HOOK;
  }
  throw new ChunkError("corrupted");
}

function readProto(r: Reader, parentSource: string): Proto {
  let source = r.str();
  if (source === "") source = parentSource;
  const lineDefined = r.uint();
  const lastLineDefined = r.uint();
  const numParams = r.uint();
  const isVararg = r.byte() !== 0;
  const maxStackSize = r.uint();
  const ncode = r.uint();
  const code = new Int32Array(ncode);
  r.into(new Uint8Array(code.buffer));
  const constants: LuaValue[] = [];
  for (let i = r.uint(); i > 0; i--) constants.push(readConstant(r));
  const upvalues: { name: string; inStack: boolean; index: number }[] = [];
  for (let i = r.uint(); i > 0; i--) {
    const inStack = r.byte() !== 0;
    upvalues.push({ name: "", inStack, index: r.uint() });
  }
  const protos: Proto[] = [];
  for (let i = r.uint(); i > 0; i--) protos.push(readProto(r, source));
  const nlines = r.uint();
  const lineInfo = new Int32Array(nlines);
  for (let i = 0; i < nlines; i++) lineInfo[i] = r.uint();
  const locVars: { name: string; startPc: number; endPc: number }[] = [];
  for (let i = r.uint(); i > 0; i--) {
    const name = r.str();
    const startPc = r.uint();
    locVars.push({ name, startPc, endPc: r.uint() });
  }
  const nnames = r.uint();
  for (let i = 0; i < nnames; i++) {
    const name = r.str();
    if (i < upvalues.length) upvalues[i]!.name = name;
  }
  return {
    code, constants, protos, upvalues, lineInfo, locVars, numParams, isVararg, maxStackSize,
    lineDefined, lastLineDefined, source, cache: null, jit: null, leafMisses: 0,
  };
}

/** Reads a chunk made by dumpFunction; throws ChunkError with lundump's reasons. */
export function undumpChunk(s: string): Proto {
  const r = new Reader(s);
  if (r.raw(SIGNATURE.length) !== SIGNATURE) throw new ChunkError("not a");
  if (r.byte() !== VERSION) throw new ChunkError("version mismatch in");
  if (r.byte() !== FORMAT) throw new ChunkError("format mismatch in");
  if (r.raw(DATA.length) !== DATA) throw new ChunkError("corrupted");
  for (const [name, size] of SIZES) if (r.byte() !== size) throw new ChunkError(`${name} size mismatch in`);
  if (r.raw(8) !== LUAC_INT) throw new ChunkError("endianness mismatch in");
  if (r.raw(8) !== LUAC_NUM) throw new ChunkError("float format mismatch in");
  if (r.byte() !== BODY_MARK) throw new ChunkError("format mismatch in");
  return readProto(r, "=?");
}
