// Weak tables and finalizers (lgc.c's Lua-visible part).
//
// JS's collector frees memory; what it cannot do is tell Lua which weak
// entries died or which objects need their __gc. So collectgarbage runs the
// VM's own mark phase over the Lua heap from its roots (registry, basic-type
// metatables, the running thread chain, threads run by runThread, values the
// host pinned), clears dead entries of weak tables, resurrects unreachable
// objects with __gc and calls their finalizers. Nothing is freed here.

import { callFunction } from "./call.js";
import { HostFunction, LuaClosure } from "./function.js";
import { LuaError } from "./lua-error.js";
import type { LuaState, LuaThread } from "./state.js";
import { LuaThread as Thread } from "./state.js";
import { LuaTable } from "./table.js";
import { LuaUserdata } from "./userdata.js";
import type { LuaValue } from "./value.js";

interface GcInfo {
  weakTables: Set<LuaTable>;
  /** Objects whose metatable had __gc when it was set, in that order. */
  finobj: Set<LuaTable | LuaUserdata>;
  /** Threads the host runs (runThread) and values it holds. */
  pinned: Set<object>;
}

const infos = new WeakMap<LuaState, GcInfo>();

function info(G: LuaState): GcInfo {
  let i = infos.get(G);
  if (i === undefined) {
    i = { weakTables: new Set(), finobj: new Set(), pinned: new Set() };
    infos.set(G, i);
  }
  return i;
}

/** Called when `o` gets metatable `mt`: registers weak tables and finalizable objects. */
export function noteMetatable(G: LuaState, o: LuaTable | LuaUserdata, mt: LuaTable | null): void {
  if (mt === null) return;
  const mode = mt.getStr("__mode");
  if (o instanceof LuaTable && typeof mode === "string" && /[kv]/.test(mode)) info(G).weakTables.add(o);
  if (mt.getStr("__gc") !== undefined) info(G).finobj.add(o);
}

/** Keeps `v` (and what it reaches) alive across collections while the host holds it. */
export function pin(G: LuaState, v: object): void {
  info(G).pinned.add(v);
}

export function unpin(G: LuaState, v: object): void {
  info(G).pinned.delete(v);
}

function isCollectable(v: LuaValue): v is LuaTable | LuaClosure | HostFunction | LuaUserdata | LuaThread {
  return typeof v === "object" && (v instanceof LuaTable || v instanceof LuaClosure || v instanceof HostFunction
    || v instanceof LuaUserdata || v instanceof Thread);
}

function weakMode(t: LuaTable): [boolean, boolean] {
  const mode = t.metatable?.getStr("__mode");
  if (typeof mode !== "string") return [false, false];
  return [mode.includes("k"), mode.includes("v")];
}

class Marker {
  readonly marked = new Set<object>();
  private readonly gray: object[] = [];
  private readonly ephemerons: LuaTable[] = [];

  mark(v: LuaValue): void {
    if (!isCollectable(v) || this.marked.has(v)) return;
    this.marked.add(v);
    this.gray.push(v);
  }

  propagate(): void {
    for (;;) {
      while (this.gray.length > 0) this.traverse(this.gray.pop()!);
      if (!this.convergeEphemerons()) return;
    }
  }

  private traverse(o: object): void {
    if (o instanceof LuaTable) {
      this.mark(o.metatable ?? undefined);
      const [wk, wv] = weakMode(o);
      if (wk) {
        // Weak keys: values are reached through their keys (ephemerons) unless also weak.
        if (!wv) this.ephemerons.push(o);
        return;
      }
      for (const v of o.arr) if (!wv) this.mark(v);
      if (o.hash !== null) {
        for (const [k, v] of o.hash) {
          this.mark(k);
          if (!wv) this.mark(v);
        }
      }
    } else if (o instanceof LuaClosure) {
      for (const uv of o.upvals) this.mark(uv.get());
    } else if (o instanceof HostFunction) {
      if (o.data instanceof Thread) this.mark(o.data);
    } else if (o instanceof LuaUserdata) {
      this.mark(o.metatable ?? undefined);
      this.mark(o.userValue);
    } else if (o instanceof Thread) {
      // Up to top only: slots above it are dead (stale temporaries of finished calls).
      const stack = o.stack;
      for (let i = 0; i < o.top && i < stack.length; i++) this.mark(stack[i]);
      for (let ci = o.ci; ci !== o.baseCi && ci !== null; ci = ci.prev!) {
        this.mark(ci.closure ?? undefined);
        this.mark(ci.handler);
      }
      this.mark(o.resumer ?? undefined);
    }
  }

  // Ephemeron tables: a value is reachable when its key is. Returns true if anything new was marked.
  private convergeEphemerons(): boolean {
    let changed = false;
    for (const t of this.ephemerons) {
      for (const v of t.arr) if (isCollectable(v) && !this.marked.has(v)) {
        this.mark(v);
        changed = true;
      }
      if (t.hash === null) continue;
      for (const [k, v] of t.hash) {
        if ((!isCollectable(k) || this.marked.has(k)) && isCollectable(v) && !this.marked.has(v)) {
          this.mark(v);
          changed = true;
        }
      }
    }
    return changed;
  }
}

function clearWeak(t: LuaTable, marked: Set<object>): void {
  const [wk, wv] = weakMode(t);
  const dead = (v: LuaValue): boolean => isCollectable(v) && !marked.has(v);
  if (wv) for (let i = 0; i < t.arr.length; i++) if (dead(t.arr[i])) t.arr[i] = undefined;
  if (t.hash === null) return;
  for (const [k, v] of t.hash) {
    if ((wk && dead(k)) || (wv && dead(v))) t.set(k, undefined);
  }
}

/**
 * A full collection cycle as seen from Lua: clears dead weak entries and
 * runs the finalizers of unreachable objects with __gc (most recently
 * registered first). `L` is the thread that asked (its stack is a root).
 */
export function fullCollect(L: LuaThread): number {
  const G = L.G;
  const gi = infos.get(G);
  if (gi === undefined || (gi.weakTables.size === 0 && gi.finobj.size === 0)) return 0;
  const m = new Marker();
  m.mark(G.registry);
  m.mark(G.globals);
  m.mark(G.mainThread);
  for (const mt of [G.stringMeta, G.numberMeta, G.booleanMeta, G.nilMeta, G.functionMeta, G.threadMeta]) {
    m.mark(mt ?? undefined);
  }
  for (let t: LuaThread | null = L; t !== null; t = t.resumer) m.mark(t);
  for (let t: LuaThread | null = G.running; t !== null; t = t.resumer) m.mark(t);
  for (const v of gi.pinned) m.mark(v as LuaValue);
  m.propagate();
  // Unreachable objects with finalizers are resurrected for their __gc.
  const tobefnz: (LuaTable | LuaUserdata)[] = [];
  for (const o of gi.finobj) if (!m.marked.has(o)) tobefnz.push(o);
  for (const o of tobefnz) {
    gi.finobj.delete(o);
    m.mark(o);
  }
  m.propagate();
  for (const t of gi.weakTables) {
    if (!m.marked.has(t)) {
      gi.weakTables.delete(t);
      continue;
    }
    clearWeak(t, m.marked);
  }
  for (let i = tobefnz.length - 1; i >= 0; i--) {
    const o = tobefnz[i]!;
    const gc = o.metatable?.getStr("__gc");
    if (gc === undefined || !(gc instanceof LuaClosure || gc instanceof HostFunction)) continue;
    try {
      callFunction(L, gc, [o], 0);
    } catch (e) {
      const v = e instanceof LuaError ? e.value : String(e);
      throw new LuaError(`error in __gc metamethod (${typeof v === "string" ? v : "?"})`);
    }
  }
  return m.marked.size;
}

/** Allocations between automatic cycles, at least. */
const MIN_DEBT = 100_000;

/**
 * Called by the VM when G.gcDebt allocations have happened: runs a cycle
 * if weak tables or finalizers exist, then waits for as many allocations
 * as there were live objects (a 200% pause). `top` covers the running Lua
 * frame's registers.
 */
export function autoCollect(L: LuaThread, top: number): void {
  const G = L.G;
  G.gcDebt = MIN_DEBT;
  const gi = infos.get(G);
  if (gi === undefined || (gi.weakTables.size === 0 && gi.finobj.size === 0)) return;
  const saved = L.top;
  L.top = Math.max(L.top, top);
  try {
    G.gcDebt = Math.max(MIN_DEBT, fullCollect(L));
  } finally {
    L.top = saved;
  }
}
