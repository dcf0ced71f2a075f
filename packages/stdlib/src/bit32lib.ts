// The bit32 library (lbitlib.c), deprecated in Lua 5.3 but part of its
// default build (LUA_COMPAT_5_2) and of the reference lua5.3: bitwise
// operations on the low 32 bits of integers, with unsigned results.

import { HostFunction, LuaError, type LuaState, type LuaTable, type LuaThread } from "@wippy-lua/vm/libapi";
import { argError, checkInteger, optInteger } from "./args.js";
import { libTemplate, newLibTable } from "./libtable.js";

const NBITS = 32;

/** checkunsigned + trim: the argument's low 32 bits, as an unsigned number. */
function checkU32(L: LuaThread, base: number, nargs: number, arg: number): number {
  const i = checkInteger(L, base, nargs, arg);
  return typeof i === "number" ? i >>> 0 : Number(BigInt.asUintN(32, i));
}

/** A shift or rotate distance, clamped (only its range matters). */
function checkDisp(L: LuaThread, base: number, nargs: number, arg: number): number {
  const i = checkInteger(L, base, nargs, arg);
  if (typeof i === "number") return i;
  return i > 0n ? 2 ** 40 : -(2 ** 40);
}

function push(L: LuaThread, r: number): number {
  L.stack[L.top++] = r >>> 0;
  return 1;
}

function andAux(L: LuaThread, base: number, nargs: number): number {
  let r = 0xffffffff;
  for (let i = 1; i <= nargs; i++) r &= checkU32(L, base, nargs, i);
  return r >>> 0;
}

function bAnd(L: LuaThread, base: number, nargs: number): number {
  return push(L, andAux(L, base, nargs));
}

function bTest(L: LuaThread, base: number, nargs: number): number {
  L.stack[L.top++] = andAux(L, base, nargs) !== 0;
  return 1;
}

function bOr(L: LuaThread, base: number, nargs: number): number {
  let r = 0;
  for (let i = 1; i <= nargs; i++) r |= checkU32(L, base, nargs, i);
  return push(L, r);
}

function bXor(L: LuaThread, base: number, nargs: number): number {
  let r = 0;
  for (let i = 1; i <= nargs; i++) r ^= checkU32(L, base, nargs, i);
  return push(L, r);
}

function bNot(L: LuaThread, base: number, nargs: number): number {
  return push(L, ~checkU32(L, base, nargs, 1));
}

/** Logical shift of r by i bits (left when i > 0). */
function shift(r: number, i: number): number {
  if (i < 0) return -i >= NBITS ? 0 : r >>> -i;
  return i >= NBITS ? 0 : (r << i) >>> 0;
}

function lShift(L: LuaThread, base: number, nargs: number): number {
  return push(L, shift(checkU32(L, base, nargs, 1), checkDisp(L, base, nargs, 2)));
}

function rShift(L: LuaThread, base: number, nargs: number): number {
  return push(L, shift(checkU32(L, base, nargs, 1), -checkDisp(L, base, nargs, 2)));
}

function arShift(L: LuaThread, base: number, nargs: number): number {
  const r = checkU32(L, base, nargs, 1);
  const i = checkDisp(L, base, nargs, 2);
  if (i < 0 || (r & 0x80000000) === 0) return push(L, shift(r, -i));
  return push(L, i >= NBITS ? 0xffffffff : r >> i);
}

function rotate(r: number, i: number): number {
  i &= NBITS - 1;
  return i === 0 ? r : ((r << i) | (r >>> (NBITS - i))) >>> 0;
}

function lRotate(L: LuaThread, base: number, nargs: number): number {
  return push(L, rotate(checkU32(L, base, nargs, 1), checkDisp(L, base, nargs, 2)));
}

function rRotate(L: LuaThread, base: number, nargs: number): number {
  return push(L, rotate(checkU32(L, base, nargs, 1), -checkDisp(L, base, nargs, 2)));
}

/** fieldargs: [field, width] with lbitlib's checks. */
function fieldArgs(L: LuaThread, base: number, nargs: number, farg: number): [number, number] {
  const f = checkDisp(L, base, nargs, farg);
  const w0 = optInteger(L, base, nargs, farg + 1, 1);
  const w = typeof w0 === "number" ? w0 : w0 > 0n ? 2 ** 40 : -(2 ** 40);
  if (f < 0) throw argError(L, farg, "field cannot be negative");
  if (w <= 0) throw argError(L, farg + 1, "width must be positive");
  if (f + w > NBITS) throw new LuaError("trying to access non-existent bits", true);
  return [f, w];
}

function mask(w: number): number {
  return w >= NBITS ? 0xffffffff : (1 << w) - 1 >>> 0;
}

function extract(L: LuaThread, base: number, nargs: number): number {
  const r = checkU32(L, base, nargs, 1);
  const [f, w] = fieldArgs(L, base, nargs, 2);
  return push(L, (r >>> f) & mask(w));
}

function replace(L: LuaThread, base: number, nargs: number): number {
  const r = checkU32(L, base, nargs, 1);
  const v = checkU32(L, base, nargs, 2);
  const [f, w] = fieldArgs(L, base, nargs, 3);
  const m = mask(w);
  return push(L, (r & ~(m << f)) | ((v & m) << f));
}

const FUNCS: readonly HostFunction[] = [
  new HostFunction("arshift", arShift),
  new HostFunction("band", bAnd),
  new HostFunction("bnot", bNot),
  new HostFunction("bor", bOr),
  new HostFunction("bxor", bXor),
  new HostFunction("btest", bTest),
  new HostFunction("extract", extract),
  new HostFunction("lrotate", lRotate),
  new HostFunction("lshift", lShift),
  new HostFunction("replace", replace),
  new HostFunction("rrotate", rRotate),
  new HostFunction("rshift", rShift),
];
const TEMPLATE = libTemplate(FUNCS);

export function openBit32(_G: LuaState): LuaTable {
  return newLibTable(TEMPLATE);
}
