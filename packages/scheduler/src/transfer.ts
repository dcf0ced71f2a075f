// Values crossing a process boundary (runtime spec §1.5): spawn arguments,
// message payloads, exit results and events are deep-copied at the moment
// of the call, so nothing the sender does afterwards can reach the copy.
// Tables are copied with their sharing and cycles intact and without
// metatables; error objects become equivalent error objects of the
// receiving process; functions, threads and other userdata become nil.

import { LuaError, LuaFloat, LuaTable, LuaUserdata, type LuaValue } from "./vm.js";
import { ErrorValue, errorObject } from "./errors-lib.js";
import type { Process } from "./runtime.js";

/** A deep copy of `v` for process `to`. */
export function transfer(v: LuaValue, to: Process): LuaValue {
  if (typeof v !== "object") return v;
  try {
    return copy(v, to, null);
  } catch (e) {
    if (e instanceof RangeError) throw new LuaError("value too deeply nested to send to another process", true);
    throw e;
  }
}

/** Copies several values (spawn arguments, multi-value payloads). */
export function transferAll(vs: readonly LuaValue[], to: Process): LuaValue[] {
  const out: LuaValue[] = new Array(vs.length);
  for (let i = 0; i < vs.length; i++) out[i] = transfer(vs[i], to);
  return out;
}

function copy(v: LuaValue, to: Process, seen: Map<LuaTable, LuaTable> | null): LuaValue {
  if (typeof v !== "object") return v;
  if (v instanceof LuaTable) {
    if (seen === null) seen = new Map();
    return copyTable(v, to, seen);
  }
  if (v instanceof LuaUserdata && v.value instanceof ErrorValue) return copyError(v.value, to, seen);
  // LuaFloat boxes are immutable numbers; everything else cannot cross.
  if (v instanceof LuaFloat) return v;
  return undefined;
}

function copyError(ev: ErrorValue, to: Process, seen: Map<LuaTable, LuaTable> | null): LuaUserdata {
  const details = ev.details === undefined ? undefined : copy(ev.details, to, seen) as LuaTable;
  return errorObject(to, new ErrorValue(ev.message, ev.kind, ev.retryable, details, ev.stack, ev.kindless));
}

/** An error object for process `to` equivalent to `ev` (details copied). */
export function transferError(ev: ErrorValue, to: Process): LuaUserdata {
  return copyError(ev, to, null);
}

function copyTable(t: LuaTable, to: Process, seen: Map<LuaTable, LuaTable>): LuaTable {
  const done = seen.get(t);
  if (done !== undefined) return done;
  const out = new LuaTable();
  seen.set(t, out);
  const arr = t.arr;
  for (let i = 0; i < arr.length; i++) {
    const x = arr[i];
    if (typeof x !== "object") out.setInt(i + 1, x);
    else out.setInt(i + 1, copy(x, to, seen));
  }
  const strs = t.strs;
  if (strs !== null) {
    for (const k in strs) {
      const x = strs[k];
      if (x === undefined) continue;
      const cx = typeof x === "object" ? copy(x, to, seen) : x;
      if (cx !== undefined) out.setStr(k, cx);
    }
  }
  const h = t.hash;
  if (h !== null) {
    for (const [k, x] of h) {
      if (x === undefined) continue;
      const ck = typeof k === "object" ? copy(k, to, seen) : k;
      if (ck === undefined) continue;
      const cx = typeof x === "object" ? copy(x, to, seen) : x;
      if (cx !== undefined) out.set(ck, cx);
    }
  }
  return out;
}
