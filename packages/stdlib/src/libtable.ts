// Library tables. Each library's contents (its shared HostFunctions and
// constants) are laid out once, at module load, as a template Map; opening
// the library into a state copies that Map in one native operation instead
// of inserting entry by entry.

import { LuaTable, type HostFunction, type LuaValue } from "@wippy-lua/vm/libapi";

export type LibTemplate = ReadonlyMap<LuaValue, LuaValue>;

/** The template for a library of `funcs` (keyed by their names) plus `extra` fields. */
export function libTemplate(funcs: readonly HostFunction[], extra: readonly [string, LuaValue][] = []): LibTemplate {
  const m = new Map<LuaValue, LuaValue>();
  for (const f of funcs) m.set(f.name, f);
  for (const [k, v] of extra) m.set(k, v);
  return m;
}

/** A fresh library table for one state. */
export function newLibTable(tpl: LibTemplate): LuaTable {
  const t = new LuaTable();
  t.hash = new Map(tpl);
  return t;
}
