// Userdata: a host object carried through Lua with its own metatable and
// user value (lua_setuservalue).

import type { LuaTable } from "./table.js";
import type { LuaValue } from "./value.js";

export class LuaUserdata {
  value: unknown;
  metatable: LuaTable | null;
  userValue: LuaValue = undefined;
  id = 0;
  constructor(value: unknown, metatable: LuaTable | null = null) {
    this.value = value;
    this.metatable = metatable;
  }
}
