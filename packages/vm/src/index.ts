// @wippy-lua/vm: the Lua 5.3 virtual machine, its base and coroutine
// libraries and the embedding API. See README.md for the host-function
// calling convention.

export { LuaFloat, isInteger, isFloat, mkFloat, mkInt, MAX_SAFE, type LuaValue } from "./value.js";
export { LuaError } from "./lua-error.js";
export type { Proto, UpvalueDesc, LocVar } from "./proto.js";
export { LuaTable, copyStrKeys, newStrKeys, normalizeKey, type StrKeys } from "./table.js";
export { LuaClosure, HostFunction, UpVal, Special, hostClosure, isFunction, type HostFn, type LuaFunction } from "./function.js";
export { LuaUserdata } from "./userdata.js";
export { LuaState, LuaThread, CallInfo, MAX_STACK, MAX_CCALLS, type Writer, type CoStatus } from "./state.js";
export { TM, TM_NAMES, typeName, objTypeName, getMetatable, getTM, fasttm, addressOf, isFalse } from "./meta.js";
export {
  luaCall, callFunction, call1, checkStack, ensureStack, MINSTACK,
} from "./call.js";
export {
  index, setIndex, arith, lessThan, lessEqual, equals, rawEquals, length, concat, toNumber, typeError as opTypeError,
} from "./vm-ops.js";
export { traceback, where, currentLine, funcNameOf, globalFuncName, getLocalName, frameAt } from "./debug-info.js";
export {
  arg, argCount, argError, argErrorObject, typeError, checkAny, checkTable, checkFunction, checkThread,
  checkUserdata, checkNumber, optNumber, checkFloat, checkInteger, optInteger, checkInt, optInt, checkString,
  optString, checkOption, isNoneOrNil, ret, ret1, luaError, tostring, tostringRaw, hostFunction,
} from "./auxlib.js";
export { runtimeError } from "./runtime-error.js";
export { openBase, loadedTable, baseFunction } from "./baselib.js";
export { openCoroutine, newCoroutine, yieldFunction } from "./corolib.js";
export { compileChunk, loadChunk } from "./load.js";
export { TYPES_REGISTRY_KEY, TYPE_HOOK } from "./compiler/type-hook.js";
export { fullCollect, noteMetatable, pin, unpin } from "./gc.js";
export {
  newState, initState, load, call, getGlobal, setGlobal, register, registerModule, flush, interrupt,
  newThread, runThread, resumeThread, rejectThread, runAsync, toJS, fromJS, toLuaString, fromLuaString,
  type StateOptions, type LibOpener, type RunResult,
} from "./api.js";
export { setHook, getHook, HOOK_CALL, HOOK_RET, HOOK_LINE, HOOK_COUNT } from "./hook.js";
