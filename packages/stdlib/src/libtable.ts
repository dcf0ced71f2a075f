// Library tables. Each library's contents (its shared HostFunctions and
// constants) are laid out once, at module load, as a template string part;
// opening the library into a state copies it with one Object.assign instead
// of inserting entry by entry.

import { LuaTable, newStrKeys, type HostFunction, type LuaValue, type StrKeys } from "@wippy-lua/vm/libapi";

export type LibTemplate = Readonly<StrKeys>;

/** The template for a library of `funcs` (keyed by their names) plus `extra` fields. */
export function libTemplate(funcs: readonly HostFunction[], extra: readonly [string, LuaValue][] = []): LibTemplate {
  const o = newStrKeys();
  for (const f of funcs) o[f.name] = f;
  for (const [k, v] of extra) o[k] = v;
  return o;
}

/** A fresh library table for one state. */
export function newLibTable(tpl: LibTemplate): LuaTable {
  const t = new LuaTable();
  t.adoptStrs(Object.assign(newStrKeys(), tpl));
  return t;
}
