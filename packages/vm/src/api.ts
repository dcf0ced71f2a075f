// The embedding API: states, loading, calling, globals, host functions,
// parked threads (host suspension and budgets) and Lua<->JS conversion.

import { openBase, loadedTable } from "./baselib.js";
import { addPosition, callFunction, hostReturnHook, poscall, settle, Settle, toLuaError } from "./call.js";
import { hookedThreads } from "./hook.js";
import { openCoroutine } from "./corolib.js";
import { HostFunction, LuaClosure, type HostFn } from "./function.js";
import { pin, unpin } from "./gc.js";
import { loadChunk } from "./load.js";
import { LuaError } from "./lua-error.js";
import { CIST, LuaState, LuaThread, type Writer } from "./state.js";
import { LuaTable } from "./table.js";
import { LuaUserdata } from "./userdata.js";
import { LuaFloat, mkInt, type LuaValue } from "./value.js";
import { execute, Exec } from "./vm.js";
import { setJit } from "./jit/runtime.js";

/** Opens a library into a new state (the stdlib's openers have this shape). */
export type LibOpener = (G: LuaState) => void;

export interface StateOptions {
  /** Receives standard output as byte strings (one char per byte). Default: process.stdout. */
  stdout?: Writer;
  stderr?: Writer;
  /** Libraries opened after the base and coroutine libraries. */
  libs?: readonly LibOpener[];
  /** Compile hot functions to JS (docs/decisions/0006-second-tier.md). Default: on, unless WIPPY_JIT=0 in the environment. */
  jit?: boolean;
}

const defaultStdout: Writer = (s) => {
  process.stdout.write(Buffer.from(s, "latin1"));
};
const defaultStderr: Writer = (s) => {
  process.stderr.write(Buffer.from(s, "latin1"));
};

/** A new independent Lua state with the base and coroutine libraries. */
export function newState(options?: StateOptions): LuaState {
  return initState(new LuaState(options?.stdout ?? defaultStdout, options?.stderr ?? defaultStderr), options);
}

/**
 * Opens the base and coroutine libraries, then `libs`, in a state the host
 * made itself (an instance of a LuaState subclass, say), as newState does;
 * returns G. The writers were given to its constructor.
 */
export function initState<S extends LuaState>(G: S, options?: Omit<StateOptions, "stdout" | "stderr">): S {
  openBase(G);
  openCoroutine(G);
  const libs = options?.libs;
  if (libs !== undefined) for (const open of libs) open(G);
  if (options?.jit !== undefined) setJit(G, options.jit);
  return G;
}

/**
 * Compiles a chunk into a function. `env` (when given, even undefined)
 * replaces the globals as its _ENV. Throws LuaSyntaxError on bad syntax and
 * LuaError for a refused mode.
 */
export function load(G: LuaState, source: string, chunkName: string, mode = "bt", ...env: [LuaValue?]): LuaClosure {
  return loadChunk(G, source, chunkName, mode, env[0], env.length > 0);
}

// The thread host code should call on: the one running a host function, or the main thread.
function callingThread(G: LuaState): LuaThread {
  const L = G.running;
  if (L.ci !== L.baseCi && (L.ci.status & CIST.Host) !== 0 && !(L.ci.status & CIST.Suspend)) return L;
  return G.mainThread;
}

/** Calls `fn` synchronously and returns all its results; Lua errors throw LuaError. */
export function call(G: LuaState, fn: LuaValue, ...args: LuaValue[]): LuaValue[] {
  const L = callingThread(G);
  try {
    return callFunction(L, fn, args, -1);
  } catch (e) {
    const err = toLuaError(e);
    addPosition(L, err);
    throw err;
  }
}

export function getGlobal(G: LuaState, name: string): LuaValue {
  return G.globals.get(name);
}

export function setGlobal(G: LuaState, name: string, v: LuaValue): void {
  G.globals.set(name, v);
}

/** Registers a global host function. */
export function register(G: LuaState, name: string, fn: HostFn): HostFunction {
  const f = new HostFunction(name, fn);
  G.globals.set(name, f);
  return f;
}

/** Registers a module table as a global and in package.loaded. */
export function registerModule(G: LuaState, name: string, funcs: Record<string, HostFn | LuaValue>): LuaTable {
  const t = new LuaTable();
  for (const key of Object.keys(funcs)) {
    const v = funcs[key];
    t.set(key, typeof v === "function" ? new HostFunction(key, v as HostFn) : v as LuaValue);
  }
  G.globals.set(name, t);
  loadedTable(G).set(name, t);
  return t;
}

/** Writes out buffered standard output. */
export function flush(G: LuaState): void {
  G.flush();
}

/** Asks the running code to stop: it raises "interrupted!" at the next call or loop iteration. */
export function interrupt(G: LuaState): void {
  if (G.interruptRequested) return;
  G.interruptRequested = true;
  G.savedBudget = G.budget;
  G.budget = 0;
}

// ---------------------------------------------------------------- parked threads

const FRESH = 0;
const READY = 1;
const WAITING = 2;
const FINISHED = 3;

export type RunResult =
  | { status: "done"; values: LuaValue[] }
  | { status: "suspended"; promise: PromiseLike<unknown> | null }
  | { status: "budget" }
  | { status: "error"; error: LuaError };

/** A thread that will run `fn(...args)` under runThread. */
export function newThread(G: LuaState, fn: LuaValue, args: readonly LuaValue[] = []): LuaThread {
  const T = new LuaThread(G, false);
  const need = args.length + 1;
  while (T.stack.length < need + 20) T.stack.push(undefined);
  T.stack[0] = fn;
  for (let i = 0; i < args.length; i++) T.stack[1 + i] = args[i];
  T.top = need;
  pin(G, T);
  return T;
}

/**
 * Runs (or continues) a thread until it finishes, fails, parks on a host
 * promise ("suspended": settle it, then resumeThread/rejectThread and run
 * again) or spends `budget` calls and backward jumps ("budget": run again).
 */
export function runThread(T: LuaThread, budget = Infinity): RunResult {
  const G = T.G;
  if (T.runStatus === FINISHED) return { status: "error", error: new LuaError("cannot resume dead thread") };
  if (T.runStatus === WAITING) return { status: "error", error: new LuaError("thread is waiting for a host promise") };
  if (G.interruptRequested) {
    G.savedBudget = budget;
    G.budget = 0;
  } else {
    G.budget = budget;
  }
  let r: Exec;
  try {
    if (T.runStatus === FRESH) {
      T.runStatus = READY;
      G.running = T;
      r = execute(T, T, 0, -1);
    } else {
      const L = T.active;
      G.running = L;
      const values = T.resumeValues;
      const error = T.resumeError;
      T.resumeValues = null;
      T.resumeError = null;
      if (error !== null) {
        r = execute(L, T, -1, -1, error instanceof LuaError ? error : new LuaError(errorText(error)));
      } else if (values !== null) {
        // The parked host call returns `values`.
        const ci = L.ci;
        L.pending = null;
        while (L.stack.length < L.top + values.length + 20) L.stack.push(undefined);
        for (const v of values) L.stack[L.top++] = v;
        if (hookedThreads !== 0) hostReturnHook(L, ci);
        poscall(L, ci, L.top - values.length, values.length);
        r = settle(L, ci.status, ci.nresults) === Settle.FreshDone ? Exec.Done : execute(L, T, -1, -1);
      } else {
        r = execute(L, T, -1, -1);
      }
    }
  } catch (e) {
    T.runStatus = FINISHED;
    unpin(G, T);
    G.budget = Infinity;
    T.ci = T.baseCi;
    return { status: "error", error: toLuaError(e) };
  } finally {
    G.budget = Infinity;
  }
  switch (r) {
    case Exec.Done: {
      T.runStatus = FINISHED;
      unpin(G, T);
      const values = T.stack.slice(0, T.top);
      T.top = 0;
      return { status: "done", values };
    }
    case Exec.Suspend:
      T.runStatus = WAITING;
      return { status: "suspended", promise: T.active.pending };
    default:
      return { status: "budget" };
  }
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Supplies the results of the host call a thread is parked on. */
export function resumeThread(T: LuaThread, values: LuaValue[]): void {
  if (T.runStatus !== WAITING) throw new Error("thread is not waiting for a host call");
  T.resumeValues = values;
  T.runStatus = READY;
}

/** Makes the host call a thread is parked on raise `error` (a LuaError keeps its value). */
export function rejectThread(T: LuaThread, error: unknown): void {
  if (T.runStatus !== WAITING) throw new Error("thread is not waiting for a host call");
  T.resumeError = error;
  T.runStatus = READY;
}

/** Runs a thread to completion, awaiting the promises of its host functions. */
export async function runAsync(T: LuaThread, budget = Infinity): Promise<LuaValue[]> {
  for (;;) {
    const r = runThread(T, budget);
    switch (r.status) {
      case "done":
        return r.values;
      case "error":
        throw r.error;
      case "budget":
        await new Promise<void>((resolve) => setImmediate(resolve));
        break;
      case "suspended":
        try {
          const v = await r.promise;
          resumeThread(T, Array.isArray(v) ? v as LuaValue[] : v === undefined ? [] : [v as LuaValue]);
        } catch (e) {
          rejectThread(T, e);
        }
    }
  }
}

// ---------------------------------------------------------------- Lua <-> JS

/** UTF-8 JS string -> Lua byte string. */
export function toLuaString(s: string): string {
  return Buffer.from(s, "utf8").toString("latin1");
}

/** Lua byte string -> JS string (decoded as UTF-8). */
export function fromLuaString(s: string): string {
  return Buffer.from(s, "latin1").toString("utf8");
}

/**
 * Converts a Lua value to JS: strings decode as UTF-8, tables with only
 * keys 1..n become arrays and other tables objects (cycles preserved),
 * functions become JS functions calling back into the state, integers
 * beyond 2^53 stay bigints, userdata give their host value.
 */
export function toJS(G: LuaState, v: LuaValue, seen = new Map<LuaTable, unknown>()): unknown {
  switch (typeof v) {
    case "undefined":
    case "boolean":
    case "number":
    case "bigint":
      return v;
    case "string":
      return fromLuaString(v);
  }
  if (v instanceof LuaFloat) return v.n;
  if (v instanceof LuaTable) {
    const done = seen.get(v);
    if (done !== undefined) return done;
    if (v.hashSize() === 0) {
      const arr: unknown[] = [];
      seen.set(v, arr);
      for (const x of v.arr) arr.push(toJS(G, x, seen));
      return arr;
    }
    const obj: Record<string, unknown> = {};
    seen.set(v, obj);
    for (let k = v.next(undefined); k !== undefined; k = v.next(k)) {
      const val = v.nextValue;
      const key = typeof k === "string" ? fromLuaString(k) : typeof k === "number" || typeof k === "bigint" ? String(k)
        : k instanceof LuaFloat ? String(k.n) : null;
      if (key !== null) obj[key] = toJS(G, val, seen);
    }
    return obj;
  }
  if (v instanceof LuaClosure || v instanceof HostFunction) {
    const f = v;
    return (...args: unknown[]) => {
      const r = call(G, f, ...args.map((a) => fromJS(G, a)));
      return r.length <= 1 ? toJS(G, r[0]) : r.map((x) => toJS(G, x));
    };
  }
  if (v instanceof LuaUserdata) return v.value;
  return v;
}

/**
 * Converts a JS value to Lua: null/undefined -> nil, integral numbers ->
 * integers, strings encode as UTF-8, arrays -> sequences, Maps and plain
 * objects -> tables (cycles preserved), functions -> host functions taking
 * and returning JS values. Lua values pass through unchanged.
 */
export function fromJS(G: LuaState, v: unknown, seen = new Map<object, LuaTable>()): LuaValue {
  if (v === null || v === undefined) return undefined;
  switch (typeof v) {
    case "boolean":
      return v;
    case "number":
      if (Number.isSafeInteger(v)) return v + 0;
      return Number.isInteger(v) || Object.is(v, -0) ? new LuaFloat(v) : v;
    case "bigint":
      return mkInt(BigInt.asIntN(64, v));
    case "string":
      return toLuaString(v);
    case "function": {
      const jsf = v as (...args: unknown[]) => unknown;
      return new HostFunction(jsf.name || "?", (L, base, nargs) => {
        const args: unknown[] = [];
        for (let i = 0; i < nargs; i++) args.push(toJS(G, L.stack[base + i]));
        const r = jsf(...args);
        if (r !== null && typeof r === "object" && typeof (r as PromiseLike<unknown>).then === "function") {
          return (r as PromiseLike<unknown>).then((x) => fromJS(G, x));
        }
        L.stack[L.top++] = fromJS(G, r);
        return 1;
      });
    }
  }
  if (v instanceof LuaTable || v instanceof LuaClosure || v instanceof HostFunction || v instanceof LuaUserdata
    || v instanceof LuaThread || v instanceof LuaFloat) return v;
  const obj = v as object;
  const done = seen.get(obj);
  if (done !== undefined) return done;
  const t = new LuaTable();
  seen.set(obj, t);
  if (Array.isArray(obj)) {
    for (let i = 0; i < obj.length; i++) t.set(i + 1, fromJS(G, obj[i], seen));
  } else if (obj instanceof Map) {
    for (const [k, x] of obj) t.set(fromJS(G, k, seen), fromJS(G, x, seen));
  } else {
    for (const key of Object.keys(obj)) t.set(toLuaString(key), fromJS(G, (obj as Record<string, unknown>)[key], seen));
  }
  return t;
}
