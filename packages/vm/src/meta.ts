// Metatables and metamethod lookup (ltm.c's territory): type names, the
// per-type metatables, cached absence of metamethods, object addresses.

import { HostFunction, LuaClosure } from "./function.js";
import { LuaThread, type LuaState } from "./state.js";
import { LuaTable } from "./table.js";
import { LuaUserdata } from "./userdata.js";
import type { LuaValue } from "./value.js";

/** Metamethod events, in ltm.h's order. */
export const enum TM {
  Index,
  NewIndex,
  Gc,
  Mode,
  Len,
  Eq,
  Add,
  Sub,
  Mul,
  Mod,
  Pow,
  Div,
  IDiv,
  BAnd,
  BOr,
  BXor,
  Shl,
  Shr,
  Unm,
  BNot,
  Lt,
  Le,
  Concat,
  Call,
}

export const TM_NAMES: readonly string[] = [
  "__index", "__newindex", "__gc", "__mode", "__len", "__eq", "__add", "__sub", "__mul",
  "__mod", "__pow", "__div", "__idiv", "__band", "__bor", "__bxor", "__shl", "__shr",
  "__unm", "__bnot", "__lt", "__le", "__concat", "__call",
];

/** Metamethod `e` of metatable `mt`, remembering absences until `mt` changes. */
export function fasttm(mt: LuaTable | null, e: TM): LuaValue {
  if (mt === null || (mt.tmAbsent & (1 << e)) !== 0) return undefined;
  const v = mt.getStr(TM_NAMES[e]!);
  if (v === undefined) mt.tmAbsent |= 1 << e;
  return v;
}

export function typeName(v: LuaValue): string {
  switch (typeof v) {
    case "undefined":
      return "nil";
    case "boolean":
      return "boolean";
    case "number":
    case "bigint":
      return "number";
    case "string":
      return "string";
  }
  if (v instanceof LuaTable) return "table";
  if (v instanceof LuaClosure || v instanceof HostFunction) return "function";
  if (v instanceof LuaUserdata) return "userdata";
  if (v instanceof LuaThread) return "thread";
  return "number"; // LuaFloat
}

export function getMetatable(G: LuaState, v: LuaValue): LuaTable | null {
  if (v instanceof LuaTable) return v.metatable;
  switch (typeof v) {
    case "string":
      return G.stringMeta;
    case "number":
    case "bigint":
      return G.numberMeta;
    case "boolean":
      return G.booleanMeta;
    case "undefined":
      return G.nilMeta;
  }
  if (v instanceof LuaUserdata) return v.metatable;
  if (v instanceof LuaClosure || v instanceof HostFunction) return G.functionMeta;
  if (v instanceof LuaThread) return G.threadMeta;
  return G.numberMeta; // LuaFloat
}

export function getTM(G: LuaState, v: LuaValue, e: TM): LuaValue {
  return fasttm(getMetatable(G, v), e);
}

/** Type name for messages: `__name` from the metatable when it is a string (luaT_objtypename). */
export function objTypeName(G: LuaState, v: LuaValue): string {
  if (v instanceof LuaTable || v instanceof LuaUserdata) {
    const mt = v.metatable;
    if (mt !== null) {
      const name = mt.getStr("__name");
      if (typeof name === "string") return name;
    }
  }
  return typeName(v);
}

type Addressed = { id: number };

/** The address tostring shows: unique per object within its state, 12 hex digits like 64-bit Linux. */
export function addressOf(G: LuaState, o: Addressed): string {
  if (o.id === 0) o.id = ++G.idCounter;
  return "0x" + (0x55d0c0de0000 + o.id * 0x40).toString(16).padStart(12, "0");
}

export function isFalse(v: LuaValue): boolean {
  return v === undefined || v === false;
}
