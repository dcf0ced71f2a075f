// The VM API this package builds on, in one place, plus small helpers.

import { LuaFloat, type LuaValue } from "@wippy-lua/vm";
import { numberToString } from "@wippy-lua/vm/libapi";

export * from "@wippy-lua/vm";
export { numberToString };

/** Lua's text for a number value; null for anything else. */
export function numberToStringOrNull(v: LuaValue): string | null {
  if (typeof v === "number" || typeof v === "bigint" || v instanceof LuaFloat) return numberToString(v);
  return null;
}
