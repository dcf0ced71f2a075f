// Helpers for host functions (lauxlib.c's territory): argument access and
// checks with Lua's messages, tostring with __tostring/__name, results.
//
// Arguments are numbered from 1 like in the C API and read from the running
// host frame, so a library function only needs `L`:
//
//   const lib_rep: HostFn = (L) => {
//     const s = checkString(L, 1);
//     const n = checkInteger(L, 2);
//     return ret(L, ...);
//   };

import { LuaError } from "./lua-error.js";
import { call1, setArgErrorHook } from "./call.js";
import { funcNameOf, globalFuncName } from "./debug-info.js";
import { HostFunction, LuaClosure, type HostFn } from "./function.js";
import { addressOf, getMetatable, objTypeName, typeName } from "./meta.js";
import * as num from "./number.js";
import type { LuaNumber } from "./number.js";
import { numberToString } from "./numconv.js";
import { LuaThread } from "./state.js";
import { LuaTable } from "./table.js";
import { LuaUserdata } from "./userdata.js";
import { LuaFloat, type LuaValue } from "./value.js";
import { toNumber } from "./vm-ops.js";

/** Number of arguments of the running host function. */
export function argCount(L: LuaThread): number {
  return L.ci.nargs;
}

/** Argument `n` (1-based); undefined when absent. */
export function arg(L: LuaThread, n: number): LuaValue {
  const ci = L.ci;
  return n <= ci.nargs ? L.stack[ci.base + n - 1] : undefined;
}

/** Is argument `n` absent or nil? */
export function isNoneOrNil(L: LuaThread, n: number): boolean {
  return arg(L, n) === undefined;
}

/** luaL_argerror: "bad argument #n to 'f' (msg)", naming f from the call site. */
export function argErrorObject(L: LuaThread, n: number, msg: string): LuaError {
  const ci = L.ci;
  const name = funcNameOf(ci);
  if (name !== null && name[0] === "method") {
    n--;
    if (n === 0) return new LuaError(`calling '${name[1]}' on bad self (${msg})`, true);
  }
  const fname = name !== null ? name[1] : (globalFuncName(L, L.stack[ci.func]) ?? "?");
  return new LuaError(`bad argument #${n} to '${fname}' (${msg})`, true);
}

setArgErrorHook(argErrorObject);

export function argError(L: LuaThread, n: number, msg: string): never {
  throw argErrorObject(L, n, msg);
}

/** luaL_typeerror: "<expected> expected, got <actual>". */
export function typeError(L: LuaThread, n: number, expected: string): never {
  let actual: string;
  if (n > L.ci.nargs) actual = "no value";
  else {
    const v = arg(L, n);
    const mt = getMetatable(L.G, v);
    const name = mt !== null ? mt.getStr("__name") : undefined;
    actual = typeof name === "string" ? name : typeName(v);
  }
  return argError(L, n, `${expected} expected, got ${actual}`);
}

export function checkAny(L: LuaThread, n: number): LuaValue {
  if (n > L.ci.nargs) argError(L, n, "value expected");
  return arg(L, n);
}

export function checkTable(L: LuaThread, n: number): LuaTable {
  const v = arg(L, n);
  if (!(v instanceof LuaTable)) typeError(L, n, "table");
  return v;
}

export function checkFunction(L: LuaThread, n: number): LuaClosure | HostFunction {
  const v = arg(L, n);
  if (!(v instanceof LuaClosure || v instanceof HostFunction)) typeError(L, n, "function");
  return v;
}

export function checkThread(L: LuaThread, n: number): LuaThread {
  const v = arg(L, n);
  if (!(v instanceof LuaThread)) typeError(L, n, "thread");
  return v;
}

export function checkUserdata(L: LuaThread, n: number): LuaUserdata {
  const v = arg(L, n);
  if (!(v instanceof LuaUserdata)) typeError(L, n, "userdata");
  return v;
}

/** A number argument (strings convert, like luaL_checknumber). */
export function checkNumber(L: LuaThread, n: number): LuaNumber {
  const v = toNumber(arg(L, n));
  if (v === undefined) typeError(L, n, "number");
  return v;
}

export function optNumber(L: LuaThread, n: number, def: LuaNumber): LuaNumber {
  return isNoneOrNil(L, n) ? def : checkNumber(L, n);
}

/** A number argument as a JS double. */
export function checkFloat(L: LuaThread, n: number): number {
  return num.toFloat(checkNumber(L, n));
}

/** An integer argument (luaL_checkinteger): integral floats and numeric strings convert. */
export function checkInteger(L: LuaThread, n: number): number | bigint {
  const v = toNumber(arg(L, n));
  if (v === undefined) typeError(L, n, "number");
  const i = num.toInteger(v);
  if (i === undefined) argError(L, n, "number has no integer representation");
  return i;
}

export function optInteger(L: LuaThread, n: number, def: number | bigint): number | bigint {
  return isNoneOrNil(L, n) ? def : checkInteger(L, n);
}

/** An integer argument clamped into the JS safe range (for sizes, indices, counts). */
export function checkInt(L: LuaThread, n: number): number {
  const i = checkInteger(L, n);
  if (typeof i === "number") return i;
  return i > 0n ? Number.MAX_SAFE_INTEGER : Number.MIN_SAFE_INTEGER;
}

export function optInt(L: LuaThread, n: number, def: number): number {
  return isNoneOrNil(L, n) ? def : checkInt(L, n);
}

/** A string argument; numbers convert to their text (luaL_checklstring). */
export function checkString(L: LuaThread, n: number): string {
  const v = arg(L, n);
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "bigint" || v instanceof LuaFloat) return numberToString(v);
  return typeError(L, n, "string");
}

export function optString(L: LuaThread, n: number, def: string): string {
  return isNoneOrNil(L, n) ? def : checkString(L, n);
}

/** luaL_checkoption: the index of the argument in `options`. */
export function checkOption(L: LuaThread, n: number, def: string | null, options: readonly string[]): number {
  const s = def !== null && isNoneOrNil(L, n) ? def : checkString(L, n);
  const i = options.indexOf(s);
  if (i < 0) argError(L, n, `invalid option '${s}'`);
  return i;
}

/** Pushes results and returns their count: `return ret(L, a, b)`. */
export function ret(L: LuaThread, ...values: LuaValue[]): number {
  const stack = L.stack;
  for (let i = 0; i < values.length; i++) stack[L.top++] = values[i];
  return values.length;
}

/** Pushes one result: `return ret1(L, v)` (no array allocation). */
export function ret1(L: LuaThread, v: LuaValue): number {
  L.stack[L.top++] = v;
  return 1;
}

/**
 * Set for good once any state gives numbers, booleans or nil a metatable
 * (debug.setmetatable): tostring of those may then run a __tostring, so the
 * frameless fast versions of tostring and string.format stop printing them
 * directly. (Strings always have a metatable, whose __tostring a program may
 * set at any time: those fast versions never print strings themselves.)
 */
export const basicMetatables = { used: false };

/** Raises a Lua error with position like luaL_error. */
export function luaError(msg: string): never {
  throw new LuaError(msg, true);
}

/** Text of a value for tostring/print (luaL_tolstring): __tostring, then __name. */
export function tostring(L: LuaThread, v: LuaValue): string {
  const mt = getMetatable(L.G, v);
  if (mt !== null) {
    const tm = mt.getStr("__tostring");
    if (tm !== undefined) {
      const r = call1(L, tm, v, undefined, 1);
      if (typeof r === "string") return r;
      if (typeof r === "number" || typeof r === "bigint" || r instanceof LuaFloat) return numberToString(r);
      throw new LuaError("'__tostring' must return a string", true);
    }
  }
  return tostringRaw(L, v);
}

/** Text of a value without __tostring. */
export function tostringRaw(L: LuaThread, v: LuaValue): string {
  switch (typeof v) {
    case "undefined":
      return "nil";
    case "boolean":
      return v ? "true" : "false";
    case "string":
      return v;
    case "number":
    case "bigint":
      return numberToString(v);
  }
  if (v instanceof LuaFloat) return numberToString(v);
  return `${objTypeName(L.G, v)}: ${addressOf(L.G, v as { id: number })}`;
}

/** Makes a host function value. */
export function hostFunction(name: string, fn: HostFn): HostFunction {
  return new HostFunction(name, fn);
}
