// Per-process metatables for the runtime's userdata (channels, errors,
// messages, timers, ...). Each process gets its own metatable, built on
// first use, whose __index is a copy-on-write view of a method table shared
// by all processes: a process may patch its channel methods without the
// change reaching any other process, and idle processes pay nothing.

import { HostFunction, LuaTable, LuaUserdata, type LuaState, type LuaThread, type LuaValue } from "./vm.js";
import { CowTable, templateFrom, type TableTemplate } from "./cow-table.js";
import type { Process } from "./runtime.js";

export interface MetaSpec {
  readonly id: number;
  readonly name: string;
  readonly index: TableTemplate;
  readonly fields: readonly [string, LuaValue][];
}

let nextSpecId = 0;

/** Describes a userdata type: its __name, methods (the __index table) and metamethods. */
export function metaSpec(name: string, methods: readonly HostFunction[], fields: readonly [string, LuaValue][] = []): MetaSpec {
  return { id: nextSpecId++, name, index: templateFrom(methods.map((f) => [f.name, f])), fields };
}

/** A state that belongs to a process. */
export interface ProcessBound extends LuaState {
  proc: Process;
}

/** The process that runs the calling thread. */
export function procOf(L: LuaThread): Process {
  return (L.G as ProcessBound).proc;
}

/** The metatable of `spec` in process `p`, built on first use. */
export function metaFor(p: Process, spec: MetaSpec): LuaTable {
  let metas = p.metas;
  if (metas === null) metas = p.metas = [];
  let mt = metas[spec.id];
  if (mt === undefined) {
    mt = new LuaTable();
    mt.setStr("__index", new CowTable(spec.index));
    mt.setStr("__name", spec.name);
    for (const [k, v] of spec.fields) mt.setStr(k, v);
    metas[spec.id] = mt;
  }
  return mt;
}

/** A new userdata of type `spec` in process `p`. */
export function newObject(p: Process, spec: MetaSpec, value: unknown): LuaUserdata {
  return new LuaUserdata(value, metaFor(p, spec));
}

/** The host value of argument `n` if it is a userdata carrying a `cls`, else undefined. */
export function objectArg<T>(L: LuaThread, n: number, cls: abstract new (...a: never[]) => T): T | undefined {
  const ci = L.ci;
  const v = n <= ci.nargs ? L.stack[ci.base + n - 1] : undefined;
  if (v instanceof LuaUserdata && v.value instanceof cls) return v.value as T;
  return undefined;
}
