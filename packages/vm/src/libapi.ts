// @wippy-lua/vm/libapi: the VM internals that library writers build on
// (the standard library in @wippy-lua/stdlib uses only this entry point and
// the package root). Everything here is re-exported from the VM's own
// modules; nothing is reimplemented.
//
// The VM's `const enum`s cannot be used across packages under
// isolatedModules, so the few flag values libraries need are re-exported
// as plain numbers.

import { CIST } from "./state.js";

export { LuaFloat, MAX_SAFE, internString, isInteger, isFloat, mkFloat, mkInt, type LuaValue } from "./value.js";
export { LuaError } from "./lua-error.js";
export { LuaTable, copyStrKeys, newStrKeys, normalizeKey, type StrKeys } from "./table.js";
export {
  HostFunction, LuaClosure, UpVal, hostClosure, isFunction, NOT_FAST, SECOND, withFast, type FastFn, type HostFn, type LuaFunction,
} from "./function.js";
export { LuaUserdata } from "./userdata.js";
export { CallInfo, LuaState, LuaThread, MAX_CCALLS, MAX_STACK, type CoStatus, type Writer } from "./state.js";
export type { Proto, LocVar, UpvalueDesc } from "./proto.js";
export {
  TM_NAMES, addressOf, fasttm, getMetatable, getTM, isFalse, objTypeName, typeName,
} from "./meta.js";
export {
  MINSTACK, beginCalls, call1, callFunction, callPlaced, callRepeated, checkStack, closeUpvals, endCalls, ensureStack,
  luaCall, setArgErrorHook, toLuaError, type RepeatedCall,
} from "./call.js";
export {
  NO_VAR, arith, concat, equals, index, length, lessEqual, lessThan, rawEquals, setIndex, toNumber,
} from "./vm-ops.js";
export * as num from "./number.js";
export type { LuaNumber } from "./number.js";
export { formatG14, integerToString, numberToString, stringToNumber, tonumberWithBase } from "./numconv.js";
export * from "./auxlib.js";
export { isRuntimeError, runtimeError } from "./runtime-error.js";
export {
  currentLine, frameAt, funcNameOf, getLocalName, getObjName, globalFuncName, traceback, where, whereCi,
} from "./debug-info.js";

/** CallInfo status bits (state.ts's CIST) as plain numbers. */
export const CIST_LUA: number = CIST.Lua;
export const CIST_HOST: number = CIST.Host;
export const CIST_TAIL: number = CIST.Tail;
export const CIST_FRESH: number = CIST.Fresh;
export const CIST_FIN: number = CIST.Fin;
