// The JS exception that carries a Lua error value through host code.

import type { LuaValue } from "./value.js";

/**
 * A Lua error in flight. `value` is the Lua error value (any type). When
 * `needsPosition` is set and the value is a string, the VM prefixes it with
 * the position (`chunk:line: `) of the Lua function that is running, the way
 * luaG_runerror / luaL_error do.
 */
export class LuaError extends Error {
  value: LuaValue;
  needsPosition: boolean;
  /** Filled in when the error is caught by a handler that wants it. */
  luaTraceback?: string;
  constructor(value: LuaValue, needsPosition = false) {
    super(typeof value === "string" ? value : "(error object)");
    this.name = "LuaError";
    this.value = value;
    this.needsPosition = needsPosition;
  }
}
