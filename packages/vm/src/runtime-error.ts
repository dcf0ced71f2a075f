// Errors raised by the VM itself (luaG_runerror) carry the position of the
// running function only when that is a Lua function; errors raised by host
// functions (luaL_error) carry the position of their caller. Both are
// LuaErrors with needsPosition set; this set tells the first kind apart.

import { LuaError } from "./lua-error.js";

const runtimeErrors = new WeakSet<LuaError>();

export function runtimeError(msg: string): LuaError {
  const e = new LuaError(msg, true);
  runtimeErrors.add(e);
  return e;
}

export function isRuntimeError(e: LuaError): boolean {
  return runtimeErrors.has(e);
}
