// Call machinery (ldo.c's territory): stack growth, entering and leaving
// frames, upvalue cells, the VM-level specials (pcall, xpcall, coroutine
// resume/yield/wrap) and nested calls from host code.
//
// Lua->Lua calls never recurse in JS: precall pushes a CallInfo and the
// execute loop (vm.ts) carries on with it. pcall and resume are host-kind
// frames that wait on the frame stack for their callee to return ("settle"
// finishes them), so yields cross them freely. Only a host function that
// calls back into Lua (luaCall) nests a JS-level execute; yields cannot
// cross that boundary, exactly where C Lua refuses too.

import { LuaError } from "./lua-error.js";
import { isRuntimeError, runtimeError } from "./runtime-error.js";
import { HostFunction, LuaClosure, Special, UpVal, type LuaFunction } from "./function.js";
import { getTM, objTypeName, TM } from "./meta.js";
import { CallInfo, CIST, LuaThread, MAX_CCALLS, MAX_STACK } from "./state.js";
import { varInfoReg, whereCi } from "./debug-info.js";
import { HOOK_CALL, HOOK_RET, hookedThreads, hookOf, runHook } from "./hook.js";
import type { LuaValue } from "./value.js";
import { execute, Exec, runFreshCompiled } from "./vm.js";
import { jitStates, leafFor } from "./jit/runtime.js";
import { LEAF_ABORT, LEAF_MISS_LIMIT, type LeafFn } from "./jit/inline.js";
import { finishOp } from "./vm-ops.js";
import { trimTwups } from "./gc.js";

/** Length of G.twups past which a state with no observable collection empties it (gc.ts). */
const TWUPS_TRIM = 4096;

/** Free slots guaranteed to a host function above its arguments (LUA_MINSTACK). */
export const MINSTACK = 20;
/** Extra slots allowed while a stack overflow is being handled. */
const ERRORSTACKSIZE = 5000;
/** Nesting of coroutine resumes, bounded like C Lua's (LUAI_MAXCCALLS). */
const MAX_RESUME_DEPTH = 200;

/** precall results. */
export const enum Pre {
  /** A host function ran; its results are in place. */
  Done,
  /** Execution continues with G.running's current (Lua) frame. */
  Run,
  /** A Fresh frame completed while settling: the execute() that owns it returns. */
  FreshDone,
  /** A host function returned a promise: the thread must be parked. */
  Suspend,
}

/** Makes `L.stack` at least `n` slots long, or raises "stack overflow". */
export function ensureStack(L: LuaThread, n: number): void {
  const stack = L.stack;
  if (stack.length >= n) return;
  if (n > L.stackLimit) {
    // Overflowing again while a stack overflow is being handled: C Lua's LUA_ERRERR.
    throw L.stackLimit > MAX_STACK ? new LuaError("error in error handling") : runtimeError("stack overflow");
  }
  while (stack.length < n) stack.push(undefined);
}

/** Host functions call this before pushing more than MINSTACK values. */
export function checkStack(L: LuaThread, n: number): void {
  ensureStack(L, L.top + n + MINSTACK);
}

function nextCi(L: LuaThread): CallInfo {
  const ci = L.ci;
  let n = ci.next;
  if (n === null) {
    n = new CallInfo(ci);
    ci.next = n;
  }
  L.ci = n;
  return n;
}

// ---------------------------------------------------------------- upvalues

export function findUpval(L: LuaThread, index: number): UpVal {
  const list = L.openUpvals;
  let i = list.length - 1;
  while (i >= 0 && list[i]!.index > index) i--;
  if (i >= 0 && list[i]!.index === index) return list[i]!;
  const uv = new UpVal(L.stack, index);
  // Almost always the highest slot so far: push, not splice (a closure per loop iteration).
  if (i + 1 === list.length) list.push(uv);
  else list.splice(i + 1, 0, uv);
  if (!L.inTwups) {
    const G = L.G;
    if (G.twups.length >= TWUPS_TRIM) trimTwups(G);
    L.inTwups = true;
    G.twups.push(L);
  }
  return uv;
}

/** Closes every open upvalue at or above stack index `level`. */
export function closeUpvals(L: LuaThread, level: number): void {
  const list = L.openUpvals;
  const stack = L.stack;
  while (list.length > 0) {
    const uv = list[list.length - 1]!;
    if (uv.index < level) return;
    uv.value = stack[uv.index];
    uv.stack = null;
    list.pop();
  }
}

// ---------------------------------------------------------------- frames

/** Sets up `ci` to run closure `cl` whose function slot is `func`, arguments up to L.top. */
export function setupLuaFrame(L: LuaThread, ci: CallInfo, cl: LuaClosure, func: number): void {
  const p = cl.proto;
  const stack = L.stack;
  let nargs = L.top - func - 1;
  const np = p.numParams;
  let base: number;
  if (!p.isVararg) {
    base = func + 1;
    ensureStack(L, base + p.maxStackSize + MINSTACK);
    for (; nargs < np; nargs++) stack[base + nargs] = undefined;
  } else {
    // Fixed parameters move above the actual arguments, which stay below
    // base as the varargs (lvm.c's adjust_varargs).
    ensureStack(L, L.top + np + p.maxStackSize + MINSTACK);
    for (; nargs < np; nargs++) stack[L.top++] = undefined;
    const fixed = L.top - nargs;
    base = L.top;
    for (let i = 0; i < np; i++) {
      stack[base + i] = stack[fixed + i];
      stack[fixed + i] = undefined;
    }
  }
  ci.func = func;
  ci.base = base;
  ci.top = base + p.maxStackSize;
  ci.savedPc = 0;
  ci.closure = cl;
  ci.extra = 0;
  L.top = ci.top;
}

/** Pushes a frame for Lua closure `cl` at `func` (the execute loop's fast call path). */
export function pushLuaFrame(L: LuaThread, cl: LuaClosure, func: number, nresults: number, flags: number): void {
  const ci = nextCi(L);
  try {
    setupLuaFrame(L, ci, cl, func);
  } catch (e) {
    L.ci = ci.prev!;
    throw e;
  }
  ci.nresults = nresults;
  ci.status = CIST.Lua | flags;
}

/** Moves `n` results from `first` to the frame's function slot and pops the frame. */
export function poscall(L: LuaThread, ci: CallInfo, first: number, n: number): void {
  const stack = L.stack;
  const res = ci.func;
  const wanted = ci.nresults;
  L.ci = ci.prev!;
  if (wanted < 0) {
    for (let i = 0; i < n; i++) stack[res + i] = stack[first + i];
    L.top = res + n;
    return;
  }
  let i = 0;
  for (; i < wanted && i < n; i++) stack[res + i] = stack[first + i];
  for (; i < wanted; i++) stack[res + i] = undefined;
  L.top = res + wanted;
}

/**
 * Calls the value at `func` with the arguments up to L.top, wanting
 * `nresults` (-1: all). `flags` are extra CIST bits for the new frame.
 */
export function precall(L: LuaThread, func: number, nresults: number, flags: number): Pre {
  for (let depth = 0; ; depth++) {
    const f = L.stack[func];
    if (f instanceof LuaClosure) {
      const ci = nextCi(L);
      try {
        setupLuaFrame(L, ci, f, func);
      } catch (e) {
        L.ci = ci.prev!;
        throw e;
      }
      ci.nresults = nresults;
      ci.status = CIST.Lua | flags;
      L.G.running = L;
      return Pre.Run;
    }
    if (f instanceof HostFunction) {
      if (f.special !== Special.None) return callSpecial(L, f, func, nresults, flags);
      return callHost(L, f, func, nresults, flags);
    }
    // Not a function: try __call, inserting the handler before the arguments.
    // Only a function may be a __call handler (ldo.c's tryfuncTM).
    const tm = getTM(L.G, f, TM.Call);
    if (!(tm instanceof LuaClosure || tm instanceof HostFunction) || depth > 0) {
      const ci = L.ci;
      const vi = ci.status & CIST.Lua && func >= ci.base ? varInfoReg(ci, func - ci.base) : "";
      throw runtimeError(`attempt to call a ${objTypeName(L.G, f)} value${vi}`);
    }
    ensureStack(L, L.top + 1 + MINSTACK);
    const stack = L.stack;
    for (let i = L.top; i > func; i--) stack[i] = stack[i - 1];
    L.top++;
    stack[func] = tm;
  }
}

function callHost(L: LuaThread, f: HostFunction, func: number, nresults: number, flags: number): Pre {
  ensureStack(L, L.top + MINSTACK);
  const ci = nextCi(L);
  ci.func = func;
  ci.base = func + 1;
  ci.top = L.top + MINSTACK;
  ci.nresults = nresults;
  ci.status = CIST.Host | flags;
  ci.closure = null;
  const nargs = L.top - func - 1;
  ci.nargs = nargs;
  // Hooks see the host function's own frame, as luaD_precall gives them.
  if (hookedThreads !== 0) hostCallHook(L, ci);
  const n = f.fn(L, func + 1, nargs);
  if (typeof n === "number") {
    if (hookedThreads !== 0) hostReturnHook(L, ci);
    poscall(L, ci, L.top - n, n);
    return Pre.Done;
  }
  ci.status |= CIST.Suspend;
  L.pending = n;
  L.G.running = L;
  return Pre.Suspend;
}

/** The call event of host frame `ci`, just pushed (its arguments are in place). */
function hostCallHook(L: LuaThread, ci: CallInfo): void {
  const h = hookOf(L);
  if (h !== null && (h.mask & HOOK_CALL) !== 0) runHook(L, h, ci, "call", undefined);
}

/**
 * The return event of host frame `ci`, its results on top of the stack,
 * before they move (luaD_poscall). The caller's next line event counts
 * from the instruction that made the call. Also run by runThread when a
 * parked host call returns. Only called while hookedThreads > 0.
 */
export function hostReturnHook(L: LuaThread, ci: CallInfo): void {
  const h = hookOf(L);
  if (h === null) return;
  if ((h.mask & HOOK_RET) !== 0) runHook(L, h, ci, "return", undefined);
  const prev = ci.prev!;
  const now = hookedThreads !== 0 ? hookOf(L) : null;
  if (now !== null && (prev.status & CIST.Lua) !== 0) now.oldPc = prev.savedPc - 1;
}

function pushHostCi(L: LuaThread, func: number, nresults: number, flags: number): CallInfo {
  ensureStack(L, L.top + MINSTACK);
  const ci = nextCi(L);
  ci.func = func;
  ci.base = func + 1;
  ci.top = L.top + MINSTACK;
  ci.nresults = nresults;
  ci.status = CIST.Host | flags;
  ci.closure = null;
  ci.handler = undefined;
  ci.nargs = L.top - func - 1;
  return ci;
}

function callSpecial(L: LuaThread, f: HostFunction, func: number, nresults: number, flags: number): Pre {
  // A yield on a thread that is not a coroutine is the yield function's own
  // business (corolib's raises Lua's error; an embedder may schedule).
  if (f.special === Special.Yield && !L.isCoroutine) return callHost(L, f, func, nresults, flags);
  const ci = pushHostCi(L, func, nresults, flags);
  const stack = L.stack;
  switch (f.special) {
    case Special.PCall: {
      if (L.top - func - 1 < 1) argErrorAt(L, 1, "value expected");
      ci.status |= CIST.PCall;
      return protectedCall(L, ci, func);
    }
    case Special.XPCall: {
      if (L.top - func - 1 < 2 || !isCallable(stack[func + 2])) {
        argErrorAt(L, 2, `function expected, got ${L.top - func - 1 < 2 ? "no value" : objTypeName(L.G, stack[func + 2])}`);
      }
      ci.handler = stack[func + 2];
      for (let i = func + 3; i < L.top; i++) stack[i - 1] = stack[i];
      L.top--;
      ci.status |= CIST.PCall;
      return protectedCall(L, ci, func);
    }
    case Special.Resume: {
      const co = stack[func + 1];
      if (!(co instanceof LuaThread)) argErrorAt(L, 1, "thread expected");
      return resume(L, ci, co, func + 2, false);
    }
    case Special.Wrap: {
      // The coroutine is the wrap function's upvalue (debug.setupvalue may replace it).
      const co = f.upvalues[0];
      if (!(co instanceof LuaThread)) throw new LuaError("cannot resume a non-coroutine", true);
      return resume(L, ci, co, func + 1, true);
    }
    case Special.Yield:
      return yieldFrom(L, ci, func);
  }
  throw new LuaError("unknown special function", true);
}

function isCallable(v: LuaValue): boolean {
  return v instanceof LuaClosure || v instanceof HostFunction;
}

/** argError for the specials, whose frame is the running one. */
function argErrorAt(L: LuaThread, arg: number, msg: string): never {
  throw argErrorHook(L, arg, msg);
}

/** Set by auxlib.ts so the call machinery builds argument errors the same way. */
export let argErrorHook: (L: LuaThread, arg: number, msg: string) => LuaError = (_L, arg, msg) =>
  new LuaError(`bad argument #${arg} (${msg})`, true);

export function setArgErrorHook(fn: (L: LuaThread, arg: number, msg: string) => LuaError): void {
  argErrorHook = fn;
}

function protectedCall(L: LuaThread, ci: CallInfo, func: number): Pre {
  const r = precall(L, func + 1, -1, 0);
  if (r !== Pre.Done) return r;
  L.stack[func] = true;
  poscall(L, ci, func, L.top - func);
  return Pre.Done;
}

// ---------------------------------------------------------------- coroutines

function resume(L: LuaThread, ci: CallInfo, co: LuaThread, firstArg: number, isWrap: boolean): Pre {
  const G = L.G;
  const stack = L.stack;
  let err: string | null = null;
  if (co.status === "dead") err = "cannot resume dead coroutine";
  else if (co.status !== "suspended") err = "cannot resume non-suspended coroutine";
  else if (resumeDepth(L) >= MAX_RESUME_DEPTH) err = "C stack overflow";
  if (err !== null) {
    if (isWrap) throw new LuaError(err, true);
    stack[ci.func] = false;
    stack[ci.func + 1] = err;
    L.top = ci.func + 2;
    poscall(L, ci, ci.func, 2);
    return Pre.Done;
  }
  const nargs = L.top - firstArg;
  ensureStack(co, co.top + nargs + MINSTACK);
  const cs = co.stack;
  for (let i = 0; i < nargs; i++) cs[co.top + i] = stack[firstArg + i];
  co.top += nargs;
  L.top = firstArg;
  ci.status |= isWrap ? CIST.Wrap : CIST.Resume;
  co.resumer = L;
  L.status = "normal";
  co.status = "running";
  G.running = co;
  if (co.ci === co.baseCi) {
    // First resume: the body is in slot 0, the arguments after it.
    const r = precall(co, 0, -1, 0);
    if (r !== Pre.Done) return r;
    return coroutineReturned(co) === Settle.Continue ? Pre.Run : Pre.FreshDone;
  }
  // Resuming a yield: the arguments become the yield's results.
  const yci = co.ci;
  poscall(co, yci, co.top - nargs, nargs);
  return settle(co, yci.status, yci.nresults) === Settle.Continue ? Pre.Run : Pre.FreshDone;
}

function resumeDepth(L: LuaThread): number {
  let d = 0;
  for (let t: LuaThread | null = L; t !== null; t = t.resumer) d++;
  return d;
}

function yieldFrom(L: LuaThread, ci: CallInfo, func: number): Pre {
  if (L.nny > 0 || L.resumer === null) throw new LuaError("attempt to yield across a C-call boundary", false);
  ci.status |= CIST.Yield;
  const nargs = L.top - (func + 1);
  L.status = "suspended";
  const R = L.resumer;
  L.resumer = null;
  const rci = R.ci;
  transferToResumer(L, R, func + 1, nargs);
  L.top = func + 1;
  return settle(R, rci.status, rci.nresults) === Settle.Continue ? Pre.Run : Pre.FreshDone;
}

// The resume/wrap frame of R receives `n` values from co's stack.
function transferToResumer(co: LuaThread, R: LuaThread, first: number, n: number): void {
  const rci = R.ci;
  const func = rci.func;
  ensureStack(R, func + n + 1 + MINSTACK);
  const rs = R.stack;
  const cs = co.stack;
  let k = func;
  if (!(rci.status & CIST.Wrap)) rs[k++] = true;
  for (let i = 0; i < n; i++) rs[k + i] = cs[first + i];
  R.top = k + n;
  R.status = "running";
  R.G.running = R;
  poscall(R, rci, func, R.top - func);
}

/** The coroutine's body returned: its results (stack 0..top) go to the resumer. */
function coroutineReturned(co: LuaThread): Settle {
  co.status = "dead";
  const R = co.resumer!;
  co.resumer = null;
  const rci = R.ci;
  transferToResumer(co, R, 0, co.top);
  co.top = 0;
  return settle(R, rci.status, rci.nresults);
}

export const enum Settle {
  /** G.running's current frame is a Lua frame: keep executing it. */
  Continue,
  /** A Fresh frame completed. */
  FreshDone,
}

/**
 * A frame with status `status` that wanted `nres` results has just returned
 * on thread L (L.ci is its caller). Finishes whatever waits for it: the
 * interrupted opcode of a Lua caller, pcall frames, finished coroutines.
 */
export function settle(L: LuaThread, status: number, nres: number): Settle {
  for (;;) {
    if (status & CIST.Fresh) {
      L.G.running = L;
      return Settle.FreshDone;
    }
    const ci = L.ci;
    if (ci.status & CIST.Lua) {
      L.G.running = L;
      if (nres >= 0) L.top = ci.top;
      if (status & CIST.Fin) finishOp(L, ci, status);
      return Settle.Continue;
    }
    if (ci === L.baseCi) {
      L.status = "dead";
      const R = L.resumer;
      if (R === null) throw new LuaError("coroutine finished without a resumer", false);
      L.resumer = null;
      const rci = R.ci;
      transferToResumer(L, R, 0, L.top);
      L.top = 0;
      L = R;
      status = rci.status;
      nres = rci.nresults;
      continue;
    }
    if (ci.status & CIST.PCall) {
      status = ci.status;
      nres = ci.nresults;
      L.stack[ci.func] = true;
      poscall(L, ci, ci.func, L.top - ci.func);
      continue;
    }
    throw new LuaError("invalid frame to return to", false);
  }
}

// ---------------------------------------------------------------- errors

/** Turns anything thrown inside the VM into a LuaError. */
export function toLuaError(e: unknown): LuaError {
  if (e instanceof LuaError) return e;
  if (e instanceof RangeError && /call stack/i.test(e.message)) return new LuaError("stack overflow", true);
  const msg = e instanceof Error ? e.message : String(e);
  return new LuaError(msg, true);
}

/** Adds "chunk:line: " to a string error that asks for it (luaG_runerror / luaL_error). */
export function addPosition(L: LuaThread, err: LuaError): void {
  if (!err.needsPosition) return;
  err.needsPosition = false;
  if (typeof err.value !== "string") return;
  const ci = L.ci;
  const at = ci.status & CIST.Lua ? ci : isRuntimeError(err) ? null : ci.prev;
  err.value = whereCi(at) + err.value;
  err.message = err.value;
}

const handled = new WeakSet<LuaError>();

/**
 * Runs the message handler of the xpcall that will catch `err`, at the
 * point of the error (before any frame is unwound), once.
 */
export function runMessageHandler(L: LuaThread, err: LuaError): void {
  if (handled.has(err)) return;
  handled.add(err);
  let ci: CallInfo | null = L.ci;
  while (ci !== null && ci !== L.baseCi && !(ci.status & CIST.PCall)) ci = ci.prev;
  if (ci === null || ci === L.baseCi || ci.handler === undefined) return;
  const h = ci.handler;
  const top = Math.max(L.top, L.ci.top);
  L.stackLimit = MAX_STACK + ERRORSTACKSIZE;
  const savedTop = L.top;
  try {
    ensureStack(L, top + 2 + MINSTACK);
    L.stack[top] = h;
    L.stack[top + 1] = err.value;
    L.top = top + 2;
    luaCall(L, top, 1);
    err.value = L.stack[top];
  } catch {
    err.value = "error in error handling";
  } finally {
    L.stackLimit = MAX_STACK;
    L.top = savedTop;
  }
  if (typeof err.value === "string") err.message = err.value;
}

/** Unwinds L to pcall frame `ci` and completes it with (false, err). */
export function recoverAt(L: LuaThread, ci: CallInfo, err: LuaError): Settle {
  const func = ci.func;
  closeUpvals(L, func);
  L.ci = ci;
  L.stackLimit = MAX_STACK;
  ensureStack(L, func + 2 + MINSTACK);
  L.stack[func] = false;
  L.stack[func + 1] = err.value;
  L.top = func + 2;
  const status = ci.status;
  const nres = ci.nresults;
  poscall(L, ci, func, 2);
  return settle(L, status, nres);
}

/**
 * Coroutine `co` died with `err`. Resume gets (false, err): returns the
 * settle result. Wrap re-raises in the resumer: returns the new error.
 */
export function coroutineDied(co: LuaThread, err: LuaError): Settle | LuaError {
  co.status = "dead";
  const R = co.resumer!;
  co.resumer = null;
  const rci = R.ci;
  R.status = "running";
  R.G.running = R;
  if (rci.status & CIST.Wrap) {
    let v = err.value;
    if (typeof v === "string") v = whereCi(rci.prev) + v;
    return new LuaError(v, false);
  }
  ensureStack(R, rci.func + 2 + MINSTACK);
  R.stack[rci.func] = false;
  R.stack[rci.func + 1] = err.value;
  R.top = rci.func + 2;
  const status = rci.status;
  const nres = rci.nresults;
  poscall(R, rci, rci.func, 2);
  return settle(R, status, nres);
}

// ---------------------------------------------------------------- calls from host code

/**
 * Host code is about to call Lua (or a host function through the Lua stack):
 * counts the C-call depth, Lua's "C stack overflow" past MAX_CCALLS, and
 * makes L not yieldable meanwhile. leaveHostCall undoes it.
 */
function enterHostCall(L: LuaThread): void {
  const G = L.G;
  if (G.cDepth >= MAX_CCALLS) {
    throw G.cDepth >= MAX_CCALLS + (MAX_CCALLS >> 3) ? new LuaError("error in error handling")
      : runtimeError("C stack overflow");
  }
  G.cDepth++;
  L.nny++;
}

function leaveHostCall(L: LuaThread): void {
  const G = L.G;
  G.cDepth--;
  L.nny--;
  G.running = L;
}

/**
 * Calls the function at L.stack[func] with the arguments up to L.top from
 * host code, leaving `nresults` results (all when -1) from `func` on; L.top
 * ends just past them. Not yieldable; errors propagate as LuaError.
 */
export function luaCall(L: LuaThread, func: number, nresults: number): void {
  const G = L.G;
  enterHostCall(L);
  const entryCi = L.ci;
  try {
    const f = L.stack[func];
    if (f instanceof LuaClosure) {
      // Push the Lua frame here so execute() starts at its first instruction
      // (what precall would do first thing): comparators and metamethods
      // called once per element make this path hot.
      pushLuaFrame(L, f, func, nresults, CIST.Fresh);
      G.running = L;
      if (jitStates === 0 || !runFreshCompiled(L, nresults)) execute(L, null, -1, nresults);
    } else {
      execute(L, null, func, nresults);
    }
  } catch (e) {
    L.ci = entryCi;
    leaveHostCall(L);
    throw e;
  }
  // Not a `finally`: this runs once per call of a metamethod from host code.
  leaveHostCall(L);
}

/** Calls `f` with `args` from host code and returns its first `nresults` results. */
export function callFunction(L: LuaThread, f: LuaValue, args: readonly LuaValue[], nresults = -1): LuaValue[] {
  const func = Math.max(L.top, L.ci.top);
  ensureStack(L, func + args.length + 1 + MINSTACK);
  const stack = L.stack;
  stack[func] = f;
  for (let i = 0; i < args.length; i++) stack[func + 1 + i] = args[i];
  const savedTop = L.top;
  L.top = func + 1 + args.length;
  try {
    luaCall(L, func, nresults);
    return stack.slice(func, L.top);
  } finally {
    L.top = savedTop;
  }
}

/** Calls `f(a, b)` from host code for one result (metamethods, comparators). */
export function call1(L: LuaThread, f: LuaValue, a: LuaValue, b: LuaValue, nargs = 2): LuaValue {
  const func = Math.max(L.top, L.ci.top);
  ensureStack(L, func + 3 + MINSTACK);
  const stack = L.stack;
  stack[func] = f;
  stack[func + 1] = a;
  stack[func + 2] = b;
  const savedTop = L.top;
  L.top = func + 1 + nargs;
  try {
    luaCall(L, func, 1);
  } catch (e) {
    L.top = savedTop;
    throw e;
  }
  L.top = savedTop;
  return stack[func];
}

// ---------------------------------------------------------------- repeated calls from host code

/**
 * A series of calls of one function from host code, each for one result:
 * table.sort's comparator (n log n calls), gsub's replacement function (one
 * per match). What luaCall and call1 redo on every call is done once for
 * the series: the frame's stack slot and size, the stack growth, and the
 * host-call bookkeeping (C-call depth, not yieldable). Open with
 * beginCalls, call with callRepeated or callPlaced, and always close with
 * endCalls (in a `finally`).
 */
export interface RepeatedCall {
  readonly L: LuaThread;
  readonly f: LuaValue;
  /** f when it is a fixed-arity Lua closure (the direct path), else null. */
  readonly closure: LuaClosure | null;
  /** Stack slot of the function; its arguments follow. */
  readonly func: number;
  /** The direct path's frame end (base + maxStackSize). */
  readonly frameTop: number;
  /** The direct path's parameter count (missing arguments read as nil). */
  readonly numParams: number;
  readonly entryCi: CallInfo;
  readonly savedTop: number;
  /**
   * The direct path's function as frameless JS (jit/inline.ts), when it is
   * such a leaf and the JIT is on; dropped when the leaf keeps meeting
   * calls it cannot make (Proto.leafMisses).
   */
  leaf: LeafFn | null;
}

/** Opens a series of calls of `f` with at most `maxArgs` arguments (see RepeatedCall). */
export function beginCalls(L: LuaThread, f: LuaValue, maxArgs = 2): RepeatedCall {
  const func = Math.max(L.top, L.ci.top);
  const direct = f instanceof LuaClosure && !f.proto.isVararg ? f : null;
  const frameSize = 1 + Math.max(maxArgs, direct === null ? 0 : direct.proto.maxStackSize);
  ensureStack(L, func + frameSize + MINSTACK);
  enterHostCall(L);
  return {
    L, f, closure: direct, func,
    frameTop: direct === null ? 0 : func + 1 + direct.proto.maxStackSize,
    numParams: direct === null ? 0 : direct.proto.numParams,
    entryCi: L.ci, savedTop: L.top,
    leaf: direct === null || jitStates === 0 ? null : leafFor(L, direct),
  };
}

/**
 * The series' function run as its frameless leaf: its first result, or
 * LEAF_ABORT for the ordinary call; a leaf that keeps meeting calls it
 * cannot make is dropped for the rest of the series.
 */
function runLeaf(rc: RepeatedCall, leaf: LeafFn, a: LuaValue, b: LuaValue, c: LuaValue): LuaValue | typeof LEAF_ABORT {
  const cl = rc.closure!;
  const v = leaf(rc.L.G, cl, a, b, c);
  if (v === LEAF_ABORT && cl.proto.leafMisses >= LEAF_MISS_LIMIT) rc.leaf = null;
  return v;
}

/** Calls the series' function with `a` and `b`; returns its first result. */
export function callRepeated(rc: RepeatedCall, a: LuaValue, b: LuaValue): LuaValue {
  if (rc.leaf !== null) {
    const v = runLeaf(rc, rc.leaf, a, b, undefined);
    if (v !== LEAF_ABORT) return v;
  }
  const stack = rc.L.stack;
  stack[rc.func + 1] = a;
  stack[rc.func + 2] = b;
  return callPlaced(rc, 2);
}

/**
 * Calls the series' function with the `nargs` arguments the caller has
 * put on the stack from rc.func + 1 on; returns its first result.
 */
export function callPlaced(rc: RepeatedCall, nargs: number): LuaValue {
  const L = rc.L;
  const stack = L.stack;
  const func = rc.func;
  if (rc.leaf !== null && nargs <= 3) {
    const v = runLeaf(rc, rc.leaf, stack[func + 1], nargs > 1 ? stack[func + 2] : undefined, nargs > 2 ? stack[func + 3] : undefined);
    if (v !== LEAF_ABORT) return v;
  }
  stack[func] = rc.f;
  const cl = rc.closure;
  if (cl !== null) {
    // setupLuaFrame for a fixed-arity closure, with its sizes precomputed.
    for (let i = nargs; i < rc.numParams; i++) stack[func + 1 + i] = undefined;
    const ci = nextCi(L);
    ci.func = func;
    ci.base = func + 1;
    ci.top = rc.frameTop;
    ci.savedPc = 0;
    ci.closure = cl;
    ci.extra = 0;
    ci.nresults = 1;
    ci.status = CIST.Lua | CIST.Fresh;
    L.top = rc.frameTop;
    L.G.running = L;
    if (jitStates === 0 || !runFreshCompiled(L, 1)) execute(L, null, -1, 1);
  } else {
    L.top = func + 1 + nargs;
    execute(L, null, func, 1);
  }
  L.G.running = L;
  return stack[func];
}

/** Closes a series, after its last call or an error in one. */
export function endCalls(rc: RepeatedCall): void {
  const L = rc.L;
  L.ci = rc.entryCi;
  L.top = rc.savedTop;
  leaveHostCall(L);
}

export type { LuaFunction };
export { Exec };
