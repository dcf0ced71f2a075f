// An interactive session (the REPL's runtime): a root process whose main
// thread runs the chunks handed to it one at a time, so every chunk sees
// the runtime's globals and its blocking calls park like a script's.
//
// The root's entry is a small loop: it asks the host for the next chunk
// (parking, and counted as pending outside work so that waiting for input
// is no deadlock), runs it under xpcall and hands the outcome back. Chunks
// share the root's globals. Unlike a script's root, the session's root
// survives what would end a program: an uncaught error in one of its
// spawned coroutines ends only that coroutine (and is reported), a linked
// process's failure arrives as LINK_DOWN (trap_links is on), a chunk stuck
// in a deadlock gets an error instead, and Ctrl-C interrupts the chunk even
// while it waits. os.exit, or terminating the root, still ends the session.

import { callingTask } from "./channel-lib.js";
import { markPlainMainThread } from "./globals.js";
import { createRuntime } from "./main.js";
import { procOf } from "./meta.js";
import { PARK, abortTask, wakeTask, type Process, type Runtime, type RuntimeOptions, type Task } from "./runtime.js";
import { reportText, startProcess } from "./spawn.js";
import {
  HostFunction, LuaError, LuaTable, baseFunction, compileChunk, interrupt, tostring, type LuaState, type LuaThread, type LuaValue,
} from "./vm.js";

export type SessionOutcome =
  /** The chunk returned `values`; `shown` is what `show` made of them, inside the process. */
  | { kind: "ok"; values: LuaValue[]; shown: string | null }
  /** The chunk raised: the message with a traceback, as lua.c reports it. */
  | { kind: "error"; message: string }
  /** The root process ended (os.exit, terminated): the session is over. */
  | { kind: "ended"; status: number; message: string | null };

export interface Session {
  readonly runtime: Runtime;
  /** The root process's state: load chunks into it, read its globals, flush its output. */
  readonly G: LuaState;
  /**
   * Runs `fn(...args)` in the root's main thread. `show`, if given, turns
   * the results into text inside the process (so __tostring may run Lua).
   */
  run(fn: LuaValue, args?: readonly LuaValue[], show?: (values: LuaValue[]) => string): Promise<SessionOutcome>;
  /** Ctrl-C: makes the running chunk raise "interrupted!"; false when no chunk runs. */
  interrupt(): boolean;
  /** Ends the session (end of input); resolves with the exit status. */
  close(): Promise<number>;
}

export interface SessionOptions extends Partial<RuntimeOptions> {
  /** The global `arg` table's entries (index, byte string). */
  argTable?: readonly (readonly [number, string])[];
  /**
   * The root's main thread, where chunks run, behaves like lua.c's (coroutine.yield
   * raises, isyieldable is false), as the command's does (ADR 0004); default false.
   */
  plainMainThread?: boolean;
  /** Reports an uncaught error of a spawned coroutine of the root (default: stderr). */
  onThreadError?: (message: string) => void;
}

interface Job {
  fn: LuaValue;
  args: readonly LuaValue[];
  show: ((values: LuaValue[]) => string) | undefined;
  resolve: (o: SessionOutcome) => void;
}

interface SessionData {
  /** The loop has run (it asked for a job once). */
  started: boolean;
  job: Job | null;
  /** The main thread, parked in next_chunk waiting for the next job. */
  idle: Task | null;
  closing: boolean;
}

const sessions = new WeakMap<Process, SessionData>();

function dataOf(L: LuaThread): SessionData {
  const d = sessions.get(procOf(L));
  if (d === undefined) throw new LuaError("not a session process", false);
  return d;
}

/** next_chunk(): the pending job's function and arguments, nothing to end the loop, or parks until run() or close(). */
const nextChunk = new HostFunction("next_chunk", (L) => {
  const d = dataOf(L);
  d.started = true;
  if (d.closing) return 0;
  const job = d.job;
  if (job !== null) {
    L.stack[L.top++] = job.fn;
    for (const a of job.args) L.stack[L.top++] = a;
    return 1 + job.args.length;
  }
  const t = callingTask(L);
  d.idle = t;
  // Input may still come: while the loop waits for it, the world is not deadlocked.
  t.proc.rt.external++;
  return PARK;
});

/** finished(ok, ...): the outcome of the job that ran. */
const finished = new HostFunction("finished", (L, base, nargs) => {
  const d = dataOf(L);
  const job = d.job;
  d.job = null;
  if (job === null) return 0;
  const ok = L.stack[base] === true;
  const values = L.stack.slice(base + 1, base + nargs);
  if (!ok) {
    const m = values[0];
    job.resolve({ kind: "error", message: typeof m === "string" ? m : tostring(L, m) });
    return 0;
  }
  let shown: string | null = null;
  if (job.show !== undefined && values.length > 0) {
    try {
      shown = job.show(values);
    } catch (e) {
      job.resolve({ kind: "error", message: e instanceof LuaError ? tostring(L, e.value) : String(e) });
      return 0;
    }
  }
  job.resolve({ kind: "ok", values, shown });
  return 0;
});

/** escaped(e): an error raised in the loop's own frames ends the pending job, if any. */
const escaped = new HostFunction("escaped", (L, base) => {
  const d = dataOf(L);
  const job = d.job;
  d.job = null;
  const e = L.stack[base];
  // The position is the loop's, not the user's: drop it.
  const message = typeof e === "string" ? e.replace(/^repl:\d+: /, "") : tostring(L, e);
  job?.resolve({ kind: "error", message });
  return 0;
});

/** lua.c's message handler: a traceback for strings and numbers, __tostring for objects. */
const handler = new HostFunction("handler", (L, base) => {
  L.stack[L.top++] = reportText(L, L.stack[base]);
  return 1;
});

// An interrupt is raised at the next budget check of whatever Lua code of
// the process runs, which may be the loop's own frames between two chunks
// (Ctrl-C just as a line is handed over). The outer loop catches that: the
// job it was meant for ends interrupted and the loop starts over. The flag
// is spent once raised, so the outer loop itself is safe.
const LOOP_SOURCE = `
local next_chunk, finished, escaped, handler, xpcall, pcall = ...
local function step(f, ...)
  if f == nil then return false end
  finished(xpcall(f, handler, ...))
  return true
end
local function serve()
  while step(next_chunk()) do end
end
while true do
  local ok, e = pcall(serve)
  if ok then return end
  escaped(e)
end
`;

const INTERRUPTED = "interrupted!";
const DEADLOCK = "deadlock: every process is blocked";

/** Starts a session: a runtime (project root: the current directory by default) and its root process. */
export function startSession(options: SessionOptions = {}): Session {
  const rt = createRuntime({ ...options, root: options.root ?? process.cwd() });
  const data: SessionData = { started: false, job: null, idle: null, closing: false };
  const loop = compileChunk(LOOP_SOURCE, "=repl");
  const done = rt.whenDone();
  const root = startProcess(rt, rt.host, loop, "main", false, [nextChunk, finished, escaped, handler, baseFunction("xpcall"), baseFunction("pcall")], (p) => {
    sessions.set(p, data);
    p.trapLinks = true;
    if (options.plainMainThread === true) markPlainMainThread(p.main.T);
    const report = options.onThreadError ?? ((m: string) => rt.stderr(`${m}\n`));
    p.threadError = (e) => report(typeof e.value === "string" ? e.value : tostring(p.G.mainThread, e.value));
    if (options.argTable !== undefined) {
      const argt = new LuaTable();
      for (const [i, v] of options.argTable) argt.setInt(i, v);
      p.G.globals.setStr("arg", argt);
    }
  }, true, true);
  rt.root = root;
  // A chunk blocked with nothing left that could wake it gets an error instead of ending the session.
  rt.onDeadlock = () => data.job !== null && abortTask(root.main, new LuaError(DEADLOCK, true));

  let status: number | null = null;
  let endMessage: string | null = null;
  const ended = done.then((r) => {
    if (rt.exitCode !== null) status = rt.exitCode;
    else if (r === "deadlock") status = 1;
    else status = r.ok ? 0 : 1;
    if (r !== "deadlock" && !r.ok && rt.exitCode === null) endMessage = r.error.message;
    const job = data.job;
    data.job = null;
    job?.resolve({ kind: "ended", status, message: endMessage });
    return status;
  });

  /** Makes the loop's parked next_chunk call return `values` (a job, or nothing to end the loop). */
  const wakeLoop = (values: LuaValue[]): void => {
    const t = data.idle;
    if (t === null) return;
    data.idle = null;
    rt.external--;
    wakeTask(t, values);
  };

  return {
    runtime: rt,
    G: root.G,
    run(fn, args = [], show) {
      if (status !== null) return Promise.resolve({ kind: "ended", status, message: endMessage });
      if (data.job !== null) return Promise.reject(new Error("a chunk is already running"));
      // An interrupt asked for after the last chunk stopped must not hit this one.
      root.G.interruptRequested = false;
      return new Promise<SessionOutcome>((resolve) => {
        data.job = { fn, args, show, resolve };
        wakeLoop([fn, ...args]);
      });
    },
    interrupt() {
      const job = data.job;
      if (job === null || status !== null) return false;
      if (!data.started) {
        // The process has not run yet: the chunk never starts.
        data.job = null;
        job.resolve({ kind: "error", message: INTERRUPTED });
        return true;
      }
      // Parked (on a channel, a timer, process.exec ...): its call raises now.
      // Otherwise it is runnable and stops at its next budget check.
      if (!abortTask(root.main, new LuaError(INTERRUPTED, true))) interrupt(root.G);
      return true;
    },
    close() {
      data.closing = true;
      wakeLoop([]);
      return ended;
    },
  };
}
