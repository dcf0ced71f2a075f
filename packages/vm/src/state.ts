// Per-state globals (LuaState), threads (LuaThread) and call frames (CallInfo).
//
// A state is one independent Lua universe: its own registry, globals,
// string metatable and threads. States share nothing mutable; compiled
// Protos and library HostFunctions (which only ever touch the thread they
// are given) are shared between them.

import type { LuaClosure, UpVal } from "./function.js";
import { LuaTable } from "./table.js";
import type { LuaValue } from "./value.js";

/** Status bits of a CallInfo. */
export const enum CIST {
  /** Running a Lua function. */
  Lua = 1,
  /** Entered from JS (luaCall/runThread): its return ends that execute(). */
  Fresh = 2,
  /** A metamethod call whose result the calling opcode still has to use. */
  Fin = 4,
  /** pcall/xpcall waiting for the protected call (host-kind frame). */
  PCall = 8,
  /** coroutine.resume waiting for the coroutine. */
  Resume = 16,
  /** A coroutine.wrap function waiting for its coroutine. */
  Wrap = 32,
  /** coroutine.yield waiting to be resumed. */
  Yield = 64,
  /** A host function waiting for a promise. */
  Suspend = 128,
  /** Frame reused by a tail call. */
  Tail = 256,
  /** __le answered through `not __lt(b, a)`: negate the result. */
  Leq = 512,
  /** A running host function. */
  Host = 1024,
  /** A debug hook is running on behalf of this frame (debug.getinfo names it "hook"). */
  Hooked = 2048,
  /** A finalizer is running on behalf of this frame (lgc.c's GCTM; debug.getinfo names it "__gc"). */
  Finalizer = 4096,
}

/** A call frame. Frames are kept in a doubly linked list and reused. */
export class CallInfo {
  /** Stack index of the function being called; results go here. */
  func = 0;
  /** First register (Lua) or first argument (host). */
  base = 0;
  /** Frame end: base + maxStackSize for Lua frames. */
  top = 0;
  /** Lua frames: index of the next instruction. */
  savedPc = 0;
  /** Host frames: number of arguments. */
  nargs = 0;
  /** Results the caller wants (-1: all). */
  nresults = 0;
  status = 0;
  closure: LuaClosure | null = null;
  /** xpcall's message handler. */
  handler: LuaValue = undefined;
  /** CONCAT in progress: stack index just past the values left to join. */
  extra = 0;
  prev: CallInfo | null;
  next: CallInfo | null = null;
  constructor(prev: CallInfo | null) {
    this.prev = prev;
  }
}

export type CoStatus = "running" | "suspended" | "normal" | "dead";

/** Lua's LUAI_MAXSTACK: stack slots one thread may use. */
export const MAX_STACK = 1_000_000;
/** Lua's LUAI_MAXCCALLS: nesting of host->Lua calls. */
export const MAX_CCALLS = 200;
const BASIC_STACK_SIZE = 40;


export class LuaThread {
  readonly G: LuaState;
  stack: LuaValue[];
  /** First free stack slot. */
  top = 0;
  ci: CallInfo;
  readonly baseCi: CallInfo;
  /** Open upvalues, sorted by stack index. */
  openUpvals: UpVal[] = [];
  /** In G.twups: got open upvalues since the last collection looked at it. */
  inTwups = false;
  status: CoStatus;
  /** The thread that resumed this one from Lua code (null: resumed from JS or not running). */
  resumer: LuaThread | null = null;
  /** Nested host->Lua calls in progress on this thread: yielding is impossible while > 0. */
  nny = 0;
  /** True for coroutines created by coroutine.create/wrap (they may yield). */
  readonly isCoroutine: boolean;
  /** Root threads run by runThread: the innermost thread of the parked chain. */
  active: LuaThread;
  /** Set while parked by a host function: what it waits for. */
  pending: PromiseLike<unknown> | null = null;
  /** Slots this thread may use; raised briefly while handling a stack overflow. */
  stackLimit = MAX_STACK;
  /** Root threads: where runThread stands (see api.ts). */
  runStatus = 0;
  /** Values or error to hand to the parked host call on the next runThread. */
  resumeValues: LuaValue[] | null = null;
  resumeError: unknown = null;
  id = 0;

  constructor(G: LuaState, isCoroutine: boolean) {
    this.G = G;
    this.isCoroutine = isCoroutine;
    this.status = isCoroutine ? "suspended" : "running";
    const stack: LuaValue[] = [];
    for (let i = 0; i < BASIC_STACK_SIZE; i++) stack.push(undefined);
    this.stack = stack;
    this.baseCi = this.ci = new CallInfo(null);
    this.active = this;
  }

  push(v: LuaValue): void {
    this.stack[this.top++] = v;
  }
}

export type Writer = (bytes: string) => void;

const OUT_FLUSH_SIZE = 1 << 16;

/**
 * The allocation debt of a state in which no collection can be observed (no
 * weak table, finalizer or collectgarbage use yet; gc.ts): so large that the
 * check at each allocation practically never fires. In compiled code the
 * block behind it would run first in optimised code and cost a
 * deoptimisation and a recompile of the whole function (jit/).
 */
export const QUIET_GC_DEBT = 2 ** 30;

export class LuaState {
  readonly registry: LuaTable;
  globals: LuaTable;
  /** Shared metatable of all strings (filled by the string library). */
  stringMeta: LuaTable | null = null;
  /** Metatables of the other basic types (debug.setmetatable). */
  numberMeta: LuaTable | null = null;
  booleanMeta: LuaTable | null = null;
  nilMeta: LuaTable | null = null;
  functionMeta: LuaTable | null = null;
  threadMeta: LuaTable | null = null;
  /**
   * Writes by debug.setlocal so far. Compiled code (jit/) that runs a
   * metamethod without unwinding checks it: a write into its frame's
   * registers sends the frame back to the interpreter, which reads them
   * from the stack.
   */
  localWrites = 0;
  readonly mainThread: LuaThread;
  /** The thread running now (or last). */
  running: LuaThread;
  /** Nesting of host->Lua calls across all threads. */
  cDepth = 0;
  /** Calls and backward jumps left before the running thread is parked. */
  budget = Infinity;
  /** Set by interrupt(): raise "interrupted!" at the next budget check. */
  interruptRequested = false;
  /** The budget to restore once an interrupt has been raised. */
  savedBudget = Infinity;
  /** How the last metamethod call that did not complete at once went (a Pre code). */
  lastPre = 0;
  /** Allocations left before the next automatic weak-table/finalizer cycle (gc.ts). */
  gcDebt = QUIET_GC_DEBT;
  /** Counter behind the addresses shown by tostring. */
  idCounter = 0;
  /** Threads that got open upvalues since the last collection (lgc.c's twups list; see gc.ts). */
  twups: LuaThread[] = [];
  stdout: Writer;
  stderr: Writer;
  private out: string[] = [];
  private outLen = 0;

  constructor(stdout: Writer, stderr: Writer) {
    this.stdout = stdout;
    this.stderr = stderr;
    this.registry = new LuaTable();
    this.globals = new LuaTable();
    this.mainThread = new LuaThread(this, false);
    this.running = this.mainThread;
    this.registry.setInt(1, this.mainThread);
    this.registry.setInt(2, this.globals);
  }

  /** Buffered standard output (print, io.write). */
  write(s: string): void {
    this.out.push(s);
    this.outLen += s.length;
    if (this.outLen >= OUT_FLUSH_SIZE) this.flush();
  }

  flush(): void {
    if (this.outLen === 0 && this.out.length === 0) return;
    const s = this.out.join("");
    this.out = [];
    this.outLen = 0;
    this.stdout(s);
  }
}
