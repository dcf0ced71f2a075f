// Weak tables and finalizers (lgc.c's Lua-visible part).
//
// JS's collector frees memory; what it cannot do is tell Lua which weak
// entries died or which objects need their __gc. So collectgarbage runs the
// VM's own mark phase over the Lua heap from its roots (registry, basic-type
// metatables, the running thread chain, threads run by runThread, values the
// host pinned), clears dead entries of weak tables, resurrects unreachable
// objects with __gc and calls their finalizers. Nothing is freed here.
//
// The same mark phase sizes the Lua heap the way C Lua would lay it out
// (tables, closures, threads, strings reached), so collectgarbage("count")
// reports that estimate plus what was allocated since: it grows with
// allocation and shrinks when a cycle finds garbage, as Lua programs (and
// the official tests) expect. "step" emulates the incremental collector's
// pace: a cycle costs work proportional to the heap, each step does an
// amount of it set by its size argument, and the step that completes the
// cycle runs the mark phase and returns true.

import { callFunction } from "./call.js";
import { HostFunction, LuaClosure } from "./function.js";
import { LuaError } from "./lua-error.js";
import { Op } from "./opcodes.js";
import { CIST, QUIET_GC_DEBT, type LuaState, type LuaThread } from "./state.js";
import { LuaThread as Thread } from "./state.js";
import { LuaTable } from "./table.js";
import { LuaUserdata } from "./userdata.js";
import type { Proto } from "./proto.js";
import type { LuaValue } from "./value.js";

interface GcInfo {
  weakTables: Set<LuaTable>;
  /** Objects whose metatable had __gc when it was set, in that order. */
  finobj: Set<LuaTable | LuaUserdata>;
  /** Threads the host runs (runThread) and values it holds. */
  pinned: Set<object>;
  /** Unreachable objects whose finalizers have not run yet, in calling order (lgc.c's tobefnz). */
  tobefnz: (LuaTable | LuaUserdata)[];
  /** Finalizers are being called (a nested cycle leaves them to that run). */
  finalizing: boolean;
  /** collectgarbage("stop") clears it: no automatic cycles then. */
  running: boolean;
  pause: number;
  stepmul: number;
  /** Estimated bytes of the live heap found by the last mark phase (-1: never marked). */
  liveBytes: number;
  /** Allocations counted before the last reset of G.gcDebt since the last cycle. */
  allocs: number;
  /** G.gcDebt as it was last reset. */
  debtStart: number;
  /** Work (bytes) left in the cycle "step" has started; -1 when none is in progress. */
  cycleWork: number;
  /** "count" was asked since the last cycle: automatic cycles then mark to keep it honest. */
  countWatched: boolean;
  /** Automatic cycles were skipped unmarked since liveBytes was measured. */
  stale: boolean;
}

const infos = new WeakMap<LuaState, GcInfo>();

function info(G: LuaState): GcInfo {
  let i = infos.get(G);
  if (i === undefined) {
    // Collections can be observed from now on: automatic cycles start.
    if (G.gcDebt > MIN_DEBT) G.gcDebt = MIN_DEBT;
    i = {
      weakTables: new Set(), finobj: new Set(), pinned: new Set(), tobefnz: [], finalizing: false, running: true, pause: 200, stepmul: 200,
      liveBytes: -1, allocs: 0, debtStart: G.gcDebt, cycleWork: -1, countWatched: false, stale: false,
    };
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

// Object sizes of C Lua 5.3 on a 64-bit machine (lobject.h), for the heap estimate.
const TABLE_BYTES = 56;
const ARRAY_SLOT_BYTES = 16;
const NODE_BYTES = 32;
const STRING_BYTES = 25;
const CLOSURE_BYTES = 32;
const UPVAL_BYTES = 48;
const HOST_FUNCTION_BYTES = 48;
const USERDATA_BYTES = 40;
const THREAD_BYTES = 208;
const STACK_SLOT_BYTES = 16;
const CALLINFO_BYTES = 72;
const PROTO_BYTES = 128;
/** An instruction and its line number. */
const INSTRUCTION_BYTES = 8;
/** What one counted allocation (table, closure, concatenation) adds to the estimate until the next cycle. */
const ALLOCATION_BYTES = 56;

class Marker {
  readonly marked = new Set<object>();
  private readonly gray: object[] = [];
  private readonly ephemerons: LuaTable[] = [];

  /** Estimated size of what has been marked, laid out as C Lua 5.3 would on a 64-bit machine. */
  bytes = 0;
  private readonly protos = new Set<Proto>();

  mark(v: LuaValue): void {
    if (typeof v === "string") {
      // Strings are values here, not objects: count each occurrence.
      this.bytes += STRING_BYTES + v.length;
      return;
    }
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
      this.bytes += TABLE_BYTES + ARRAY_SLOT_BYTES * o.arr.length + NODE_BYTES * o.storedKeys();
      this.mark(o.metatable ?? undefined);
      const [wk, wv] = weakMode(o);
      if (wk) {
        // Weak keys: values are reached through their keys (ephemerons) unless also weak.
        if (!wv) this.ephemerons.push(o);
        return;
      }
      for (const v of o.arr) if (!wv) this.mark(v);
      const strs = o.strs;
      // String keys are not collectable: only the values need marking.
      if (strs !== null && !wv) for (const k in strs) this.mark(strs[k]);
      if (o.hash !== null) {
        for (const [k, v] of o.hash) {
          this.mark(k);
          if (!wv) this.mark(v);
        }
      }
    } else if (o instanceof LuaClosure) {
      this.bytes += CLOSURE_BYTES + UPVAL_BYTES * o.upvals.length;
      this.sizeProto(o.proto);
      for (const uv of o.upvals) this.mark(uv.get());
    } else if (o instanceof HostFunction) {
      this.bytes += HOST_FUNCTION_BYTES + ARRAY_SLOT_BYTES * o.upvalues.length; // one TValue per upvalue
      for (const v of o.upvalues) this.mark(v);
    } else if (o instanceof LuaUserdata) {
      this.bytes += USERDATA_BYTES;
      this.mark(o.metatable ?? undefined);
      this.mark(o.userValue);
    } else if (o instanceof Thread) {
      // Up to top only: slots above it are dead (stale temporaries of finished calls).
      const stack = o.stack;
      this.bytes += THREAD_BYTES + STACK_SLOT_BYTES * stack.length;
      for (let i = 0; i < o.top && i < stack.length; i++) this.mark(stack[i]);
      for (let ci = o.ci; ci !== o.baseCi && ci !== null; ci = ci.prev!) {
        this.bytes += CALLINFO_BYTES;
        this.mark(ci.closure ?? undefined);
        this.mark(ci.handler);
      }
      this.mark(o.resumer ?? undefined);
    }
  }

  // A prototype counts once per cycle, with its nested prototypes (as lgc.c's traverseproto).
  private sizeProto(p: Proto): void {
    if (this.protos.has(p)) return;
    this.protos.add(p);
    this.bytes += PROTO_BYTES + INSTRUCTION_BYTES * p.code.length + ARRAY_SLOT_BYTES * p.constants.length;
    for (const k of p.constants) if (typeof k === "string") this.bytes += STRING_BYTES + k.length;
    for (const q of p.protos) this.sizeProto(q);
  }

  // Ephemeron tables: a value is reachable when its key is. Returns true if anything new was marked.
  private convergeEphemerons(): boolean {
    let changed = false;
    for (const t of this.ephemerons) {
      for (const v of t.arr) if (isCollectable(v) && !this.marked.has(v)) {
        this.mark(v);
        changed = true;
      }
      const strs = t.strs;
      // A string key is always reachable, so its value is too.
      if (strs !== null) {
        for (const k in strs) {
          const v = strs[k];
          if (isCollectable(v) && !this.marked.has(v)) {
            this.mark(v);
            changed = true;
          }
        }
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

/**
 * Removes the entries of weak table `t` whose weak parts are dead: values
 * when `values`, keys when `keys` (each only if the table's mode has it).
 */
function clearWeak(t: LuaTable, marked: Set<object>, keys: boolean, values: boolean): void {
  const [wk, wv] = weakMode(t);
  const ck = keys && wk;
  const cv = values && wv;
  if (!ck && !cv) return;
  const dead = (v: LuaValue): boolean => isCollectable(v) && !marked.has(v);
  if (cv) for (let i = 0; i < t.arr.length; i++) if (dead(t.arr[i])) t.arr[i] = undefined;
  const strs = t.strs;
  if (cv && strs !== null) for (const k in strs) if (dead(strs[k])) t.setStr(k, undefined);
  if (t.hash === null) return;
  for (const [k, v] of t.hash) {
    if ((ck && dead(k)) || (cv && dead(v))) t.set(k, undefined);
  }
}

/** Marks everything reachable from the roots (see the header); `L` is the thread that asked. */
function markRoots(L: LuaThread, gi: GcInfo): Marker {
  const G = L.G;
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
  // Objects waiting for their finalizer (one failed before them) stay alive until it runs.
  for (const o of gi.tobefnz) m.mark(o);
  m.propagate();
  return m;
}

/**
 * lgc.c's remarkupvals: a thread that was not reached but has open
 * upvalues created since the last cycle keeps their values alive for this
 * cycle (so a cycle through a lost coroutine's upvalues takes two
 * collections to break, as in C Lua). Threads leave the list here.
 */
function remarkUpvals(G: LuaState, m: Marker): void {
  const list = G.twups;
  let keep = 0;
  for (const t of list) {
    if (m.marked.has(t) && t.openUpvals.length > 0) {
      list[keep++] = t;
      continue;
    }
    t.inTwups = false;
    for (const uv of t.openUpvals) {
      if (uv.touched) {
        uv.touched = false;
        m.mark(uv.get());
      }
    }
  }
  list.length = keep;
  m.propagate();
}

/**
 * G.twups has grown long: in a state where no collection can be observed,
 * which then almost never runs one, it is emptied here instead (as
 * autoCollect does), so that it does not keep dead threads alive.
 */
export function trimTwups(G: LuaState): void {
  if (!infos.has(G)) dropTwups(G);
}

/** Forgets the threads with open upvalues when a cycle is skipped (nothing could observe the difference). */
function dropTwups(G: LuaState): void {
  for (const t of G.twups) t.inTwups = false;
  G.twups.length = 0;
}

/** Allocations counted since the last cycle. */
function allocsSinceCycle(G: LuaState, gi: GcInfo): number {
  return gi.allocs + (gi.debtStart - G.gcDebt);
}

/** A cycle has just sized the live heap: the allocation count starts again. */
function cycleDone(G: LuaState, gi: GcInfo, liveBytes: number): void {
  gi.liveBytes = liveBytes;
  gi.allocs = 0;
  gi.debtStart = G.gcDebt;
  gi.cycleWork = -1;
  gi.countWatched = false;
  gi.stale = false;
}

/**
 * A full collection cycle as seen from Lua: clears dead weak entries and
 * runs the finalizers of unreachable objects with __gc (most recently
 * registered first), and sizes the live heap for "count". `L` is the thread
 * that asked (its stack is a root). Returns how many objects are alive.
 */
export function fullCollect(L: LuaThread): number {
  const G = L.G;
  const gi = info(G);
  const m = markRoots(L, gi);
  remarkUpvals(G, m);
  // As lgc.c's atomic phase: weak values die before finalizable objects are
  // resurrected (a finalizer never sees them), weak keys only after.
  for (const t of gi.weakTables) if (m.marked.has(t)) clearWeak(t, m.marked, false, true);
  // Unreachable objects with finalizers are resurrected for their __gc,
  // queued behind any left over from a cycle whose finalizer failed, most
  // recently registered first.
  const fresh: (LuaTable | LuaUserdata)[] = [];
  for (const o of gi.finobj) if (!m.marked.has(o)) fresh.push(o);
  for (let i = fresh.length - 1; i >= 0; i--) {
    const o = fresh[i]!;
    gi.finobj.delete(o);
    gi.tobefnz.push(o);
    m.mark(o);
  }
  m.propagate();
  for (const t of gi.weakTables) {
    if (!m.marked.has(t)) {
      gi.weakTables.delete(t);
      continue;
    }
    clearWeak(t, m.marked, true, true);
  }
  cycleDone(G, gi, m.bytes);
  runFinalizers(L, gi);
  return m.marked.size;
}

/**
 * Calls the pending finalizers in order. An error stops the run (the rest
 * wait for the next cycle) and is raised as lgc.c's GCTM raises it.
 */
function runFinalizers(L: LuaThread, gi: GcInfo): void {
  // A collection started by a finalizer only queues: the outer run calls them.
  if (gi.finalizing) return;
  gi.finalizing = true;
  const queue = gi.tobefnz;
  let next = 0;
  try {
    while (next < queue.length) {
      const o = queue[next++]!;
      const gc = o.metatable?.getStr("__gc");
      if (!(gc instanceof LuaClosure || gc instanceof HostFunction)) continue;
      const ci = L.ci;
      const status = ci.status;
      ci.status = status | CIST.Finalizer;
      try {
        callFunction(L, gc, [o], 0);
      } catch (e) {
        const v = e instanceof LuaError ? e.value : undefined;
        throw new LuaError(`error in __gc metamethod (${typeof v === "string" ? v : "no message"})`);
      } finally {
        ci.status = (ci.status & ~CIST.Finalizer) | (status & CIST.Finalizer);
      }
    }
  } finally {
    queue.splice(0, next);
    gi.finalizing = false;
  }
}

/** The collector's settings for collectgarbage ("stop"/"restart", "setpause", "setstepmul", "isrunning"). */
export interface GcSettings {
  running: boolean;
  pause: number;
  stepmul: number;
}

export function gcSettings(G: LuaState): GcSettings {
  return info(G);
}

/** collectgarbage("count"): the estimated Lua heap in kilobytes. */
export function heapKilobytes(L: LuaThread): number {
  const G = L.G;
  const gi = info(G);
  if (gi.liveBytes < 0 || gi.stale) {
    // Never sized, or automatic cycles went by unmarked: size the heap now
    // (marking only: weak tables and finalizers wait for a real cycle).
    const m = markRoots(L, gi);
    const watched = gi.countWatched;
    cycleDone(G, gi, m.bytes);
    gi.countWatched = watched;
  }
  gi.countWatched = true;
  return (gi.liveBytes + ALLOCATION_BYTES * allocsSinceCycle(G, gi)) / 1024;
}

/** Work of one basic step, in bytes (about lgc.c's GCSTEPSIZE). */
const STEP_BYTES = 2400;

/**
 * collectgarbage("step", kb): does `kb` kilobytes' worth of collection
 * work (a basic step when 0), scaled by the step multiplier; returns true
 * when that completed a cycle.
 */
export function collectStep(L: LuaThread, kb: number): boolean {
  const G = L.G;
  const gi = info(G);
  if (kb < 0) return false; // a negative debt: lgc.c does no work at all
  if (gi.cycleWork < 0) {
    gi.cycleWork = Math.max(gi.liveBytes, 0) + ALLOCATION_BYTES * allocsSinceCycle(G, gi);
  }
  gi.cycleWork -= STEP_BYTES + (kb > 0 ? kb * 1024 * (gi.stepmul / 200) : 0);
  if (gi.cycleWork > 0) return false;
  fullCollect(L);
  return true;
}

/** Allocations between automatic cycles, at least. */
const MIN_DEBT = 100_000;

/**
 * The stack limit below which a collection triggered by the instruction
 * just run in `ci` marks registers: as lvm.c's checkGC, only those live at
 * the allocation (up to R(A), or the concatenated operands), so stale
 * temporaries above them do not keep garbage alive.
 */
function liveTop(L: LuaThread, fallback: number): number {
  const ci = L.ci;
  if (!(ci.status & CIST.Lua) || ci.closure === null || ci.savedPc === 0) return fallback;
  const i = ci.closure.proto.code[ci.savedPc - 1]!;
  const ra = ci.base + ((i >>> 6) & 0xff);
  switch (i & 0x3f) {
    case Op.NEWTABLE:
    case Op.CLOSURE:
      return ra + 1;
    case Op.CONCAT: {
      const rb = ci.base + (i >>> 23);
      return ra >= rb ? ra + 1 : rb;
    }
  }
  return fallback;
}

/**
 * Called by the VM when G.gcDebt allocations have happened: runs a cycle
 * if the collector is running and something can observe it (weak tables,
 * finalizers, or a program watching "count"), then waits for as many
 * allocations as there were live objects (a 200% pause). `top` covers the
 * running Lua frame's registers.
 */
export function autoCollect(L: LuaThread, top: number): void {
  const G = L.G;
  const gi = infos.get(G);
  if (gi !== undefined) gi.allocs += gi.debtStart - G.gcDebt;
  if (gi === undefined) {
    G.gcDebt = QUIET_GC_DEBT;
    dropTwups(G);
    return;
  }
  G.gcDebt = MIN_DEBT;
  gi.debtStart = MIN_DEBT;
  if (!gi.running) return;
  if (gi.weakTables.size === 0 && gi.finobj.size === 0 && !gi.countWatched) {
    // Nobody can tell whether this cycle ran: skip the marking, but size the heap before "count" is read next.
    gi.stale = true;
    dropTwups(G);
    return;
  }
  const saved = L.top;
  L.top = liveTop(L, Math.max(L.top, top));
  try {
    const live = fullCollect(L);
    G.gcDebt = Math.max(MIN_DEBT, live);
    gi.debtStart = G.gcDebt;
  } finally {
    L.top = saved;
  }
}
