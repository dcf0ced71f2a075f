// Type values as Lua values. A type value is a userdata whose host value is
// a TypeBox holding a node of the checker's type representation (types.ts);
// its metatable (one per state) gives it validation, reflection, comparison
// and `tostring`. The one exception is `string`, which is also the string
// library: its type value is the library table itself, given a metatable
// that adds the same behaviour (so `require"string" == string` and
// `getmetatable("").__index == string` stay true).

import { HostFunction, LuaTable, LuaUserdata, type LuaState, type LuaThread, type LuaValue } from "@wippy-lua/vm/libapi";
import { STRING, type Type } from "../types.js";
import type { ErrorSupport } from "./errors.js";

/** A multiple-result type, only produced by `:ret()`. */
export interface TupleType {
  kind: "tuple";
  types: Type[];
}

/** What a type value can hold. */
export type RType = Type | TupleType;

/** The host value of a type value userdata. */
export class TypeBox {
  /** Methods bound to this value (`T.kind`), made on first access. */
  bound: Map<string, HostFunction> | null = null;
  /**
   * `T.name` when record T has a field named like a method: the field's
   * type, which still runs the method when called with T first (`T:name()`).
   */
  owner: LuaValue = undefined;
  ownerMethod: string | null = null;
  /** Those values for this record's method-named fields, made on first access. */
  methodFields: Map<string, LuaUserdata> | null = null;
  constructor(readonly type: RType) {}
}

/** The runtime type library's data for one state. */
export interface TypesState {
  readonly G: LuaState;
  readonly errors: ErrorSupport;
  /** Metatable of type values. */
  readonly meta: LuaTable;
  /** Metatable given to the string library table. */
  readonly stringMeta: LuaTable;
  /** The string library table acting as the string type; null when there is none; undefined until looked up. */
  stringTable: LuaTable | null | undefined;
  /** Methods bound to the string type value. */
  stringBound: Map<string, HostFunction> | null;
  /** The value of each type node already handed out (primitives are singletons this way). */
  readonly cache: WeakMap<object, LuaUserdata>;
}

const states = new WeakMap<LuaState, TypesState>();

export function registerState(S: TypesState): void {
  states.set(S.G, S);
}

export function findState(G: LuaState): TypesState | undefined {
  return states.get(G);
}

/** The state data of the state running L (type values only exist where it was made). */
export function stateOf(L: LuaThread): TypesState {
  const S = states.get(L.G);
  if (S === undefined) throw new Error("types runtime: state not initialised");
  return S;
}

/** The string library table, made to act as the string type (null when the state has none). */
export function stringTable(S: TypesState): LuaTable | null {
  if (S.stringTable !== undefined) return S.stringTable;
  let t: LuaValue = undefined;
  const loaded = S.G.registry.getStr("_LOADED");
  if (loaded instanceof LuaTable) t = loaded.getStr("string");
  if (!(t instanceof LuaTable)) t = S.G.globals.getStr("string");
  if (t instanceof LuaTable && (t.metatable === null || t.metatable === S.stringMeta)) {
    t.metatable = S.stringMeta;
    S.stringTable = t;
  } else {
    S.stringTable = null;
  }
  return S.stringTable;
}

/** The Lua value of type `t` (the same value each time for the same node). */
export function wrap(S: TypesState, t: RType): LuaValue {
  if (t.kind === "string") {
    const lib = stringTable(S);
    if (lib !== null) return lib;
    t = STRING;
  }
  let v = S.cache.get(t);
  if (v === undefined) {
    v = new LuaUserdata(new TypeBox(t), S.meta);
    S.cache.set(t, v);
  }
  return v;
}

/** The type a Lua value stands for, or undefined when it is not a type value. */
export function unwrap(S: TypesState, v: LuaValue): RType | undefined {
  if (v instanceof LuaUserdata) return v.value instanceof TypeBox ? v.value.type : undefined;
  if (v instanceof LuaTable && v === stringTable(S)) return STRING;
  return undefined;
}

/** Is v a type value (state-independent: used by `type()`)? The string library stays a table. */
export function isTypeValue(v: LuaValue): boolean {
  return v instanceof LuaUserdata && v.value instanceof TypeBox;
}
