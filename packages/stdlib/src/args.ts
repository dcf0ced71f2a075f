// Argument checking for library functions, with the messages of lauxlib's
// luaL_check*/luaL_opt* family, and the few other auxiliary-library services
// the libraries share (luaL_tolstring, engine error conversion, ValueHost).
//
// A host function sees its arguments as L.stack[base .. base + nargs - 1];
// argument `arg` (1-based) is present when arg <= nargs. Errors are LuaErrors
// asking for a position, so the VM prefixes "chunk:line: " of the Lua caller
// exactly like luaL_error does.

import {
  LuaError, LuaFloat, argErrorObject, mkFloat, num, numberToString, objTypeName,
  stringToNumber, tostring as auxTostring, type LuaNumber, type LuaThread, type LuaValue,
} from "@wippy-lua/vm/libapi";
import { EngineError } from "./lpattern.js";
import type { ValueHost } from "./lformat.js";

/** luaL_argerror: "bad argument #arg to 'name' (msg)", naming the function as Lua does. */
export function argError(L: LuaThread, arg: number, msg: string): LuaError {
  return argErrorObject(L, arg, msg);
}

/** Userdata standing for C's light userdata (debug.upvalueid's identities). */
const lightUserdata = new WeakSet<object>();

export function markLightUserdata(u: object): void {
  lightUserdata.add(u);
}

export function isLightUserdata(v: LuaValue): boolean {
  return typeof v === "object" && lightUserdata.has(v);
}

/** Type name of an argument for "X expected, got Y" (luaL_typeerror). */
export function argTypeName(L: LuaThread, nargs: number, arg: number, v: LuaValue): string {
  if (arg > nargs) return "no value";
  return isLightUserdata(v) ? "light userdata" : objTypeName(L.G, v);
}

/** luaL_typeerror. */
export function typeError(L: LuaThread, base: number, nargs: number, arg: number, expected: string): LuaError {
  return argError(L, arg, `${expected} expected, got ${argTypeName(L, nargs, arg, L.stack[base + arg - 1])}`);
}

/** luaL_checkany. */
export function checkAny(L: LuaThread, nargs: number, arg: number): void {
  if (arg > nargs) throw argError(L, arg, "value expected");
}

/** The number in `v` (numbers as they are, numeric strings converted), or undefined. */
export function toNumberValue(v: LuaValue): LuaNumber | undefined {
  if (typeof v === "number" || typeof v === "bigint" || v instanceof LuaFloat) return v;
  if (typeof v === "string") return stringToNumber(v);
  return undefined;
}

/** luaL_checkinteger: a Lua integer (number, or bigint beyond 2^53). */
export function checkInteger(L: LuaThread, base: number, nargs: number, arg: number): number | bigint {
  const v = arg <= nargs ? L.stack[base + arg - 1] : undefined;
  if (typeof v === "number" && Number.isInteger(v)) return v;
  const n = toNumberValue(v);
  if (n === undefined) throw typeError(L, base, nargs, arg, "number");
  const i = num.toInteger(n);
  if (i === undefined) throw argError(L, arg, "number has no integer representation");
  return i;
}

/** luaL_optinteger. */
export function optInteger(L: LuaThread, base: number, nargs: number, arg: number, def: number): number | bigint {
  return arg > nargs || L.stack[base + arg - 1] === undefined ? def : checkInteger(L, base, nargs, arg);
}

/**
 * A checked integer as a JS number, for positions and counts: values beyond
 * 2^53 are clamped to ±2^53, which no string or table size can reach.
 */
export function checkInt(L: LuaThread, base: number, nargs: number, arg: number): number {
  const i = checkInteger(L, base, nargs, arg);
  return typeof i === "number" ? i : clampBig(i);
}

export function optInt(L: LuaThread, base: number, nargs: number, arg: number, def: number): number {
  return arg > nargs || L.stack[base + arg - 1] === undefined ? def : checkInt(L, base, nargs, arg);
}

const BIG_LIMIT = 2n ** 53n;

export function clampBig(b: bigint): number {
  return b > BIG_LIMIT ? 2 ** 53 : b < -BIG_LIMIT ? -(2 ** 53) : Number(b);
}

/** luaL_checknumber: a Lua number (string arguments converted). */
export function checkNumber(L: LuaThread, base: number, nargs: number, arg: number): LuaNumber {
  const v = arg <= nargs ? L.stack[base + arg - 1] : undefined;
  if (typeof v === "number") return v;
  const n = toNumberValue(v);
  if (n === undefined) throw typeError(L, base, nargs, arg, "number");
  return n;
}

/** luaL_checknumber as a JS double. */
export function checkFloat(L: LuaThread, base: number, nargs: number, arg: number): number {
  const v = arg <= nargs ? L.stack[base + arg - 1] : undefined;
  if (typeof v === "number") return v;
  return num.toFloat(checkNumber(L, base, nargs, arg));
}

/** luaL_checklstring: strings, and numbers converted to their string form. */
export function checkString(L: LuaThread, base: number, nargs: number, arg: number): string {
  const v = arg <= nargs ? L.stack[base + arg - 1] : undefined;
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "bigint" || v instanceof LuaFloat) {
    const s = numberToString(v);
    L.stack[base + arg - 1] = s; // lua_tolstring converts in place
    return s;
  }
  throw typeError(L, base, nargs, arg, "string");
}

export function optString(L: LuaThread, base: number, nargs: number, arg: number, def: string): string {
  return arg > nargs || L.stack[base + arg - 1] === undefined ? def : checkString(L, base, nargs, arg);
}

/** luaL_checkoption: the index of the argument in `options`. */
export function checkOption(L: LuaThread, base: number, nargs: number, arg: number, def: string | null,
  options: readonly string[]): number {
  const name = def !== null && (arg > nargs || L.stack[base + arg - 1] === undefined)
    ? def : checkString(L, base, nargs, arg);
  const i = options.indexOf(name);
  if (i < 0) throw argError(L, arg, `invalid option '${name}'`);
  return i;
}

/** Argument `arg`, or undefined when absent (slots above the arguments may hold stale values). */
export function argAt(L: LuaThread, base: number, nargs: number, arg: number): LuaValue {
  return arg <= nargs ? L.stack[base + arg - 1] : undefined;
}

/** lua_toboolean. */
export function truthy(v: LuaValue): boolean {
  return v !== undefined && v !== false;
}

/** luaL_tolstring: the string form of any value, honouring __tostring and __name. */
export function tolstring(L: LuaThread, v: LuaValue): string {
  return auxTostring(L, v);
}

/** Turns an error from a string engine into the Lua error it stands for. */
export function engineError(L: LuaThread, e: unknown): unknown {
  if (e instanceof EngineError) {
    return e.arg > 0 ? argError(L, e.arg, e.message) : new LuaError(e.message, true);
  }
  return e;
}

// The engines' view of Lua values. Only typeName and tostring need the
// thread, which is set before each engine call (engines do not re-enter).
let hostThread: LuaThread | null = null;

const valueHost: ValueHost = {
  isFloatBox: (v: unknown): v is { readonly n: number } => v instanceof LuaFloat,
  mkFloat: (d: number) => mkFloat(d),
  stringToNumber: (s: string) => stringToNumber(s),
  typeName: (v: unknown) => (v === undefined ? "nil" : objTypeName(hostThread!.G, v as LuaValue)),
  tostring: (v: unknown) => tolstring(hostThread!, v as LuaValue),
};

/** The ValueHost for engine calls made on behalf of thread L. */
export function hostFor(L: LuaThread): ValueHost {
  hostThread = L;
  return valueHost;
}
