// The scheduler: processes, their managed threads, and the loop that runs
// them on Node's event loop (runtime spec §1).
//
// A process is one LuaState of its own; its managed threads (the main
// thread and every coroutine.spawn) are VM threads run with runThread.
// A blocking operation registers what the thread waits for and returns
// PARK from its host function; the VM parks the thread (with any unmanaged
// coroutines it resumed) and runThread returns "suspended". Whoever
// satisfies the wait calls wakeTask, which stores the results and queues
// the thread; the next runThread hands them to the parked call. No Promise
// is made for a channel or timer wait.
//
// Processes run round-robin from one FIFO queue. A process keeps running
// its ready threads (FIFO) until none is ready, it has switched threads
// MAX_SWITCHES times, or a thread spends the instruction budget (then the
// whole process goes to the back of the queue, still inside that thread:
// preemption is invisible to its other threads). After SLICE_MS of work
// the loop yields to Node with setImmediate so timers and I/O run.

import type { Writer } from "./vm.js";
import {
  LuaError, rejectThread, resumeThread, runThread, type LuaState, type LuaThread, type LuaValue,
} from "./vm.js";
import { Channel, ChanKind, deliver } from "./channel.js";
import { ErrorValue, toErrorValue } from "./errors-lib.js";
import { Queue } from "./queue.js";
import { transfer, transferError } from "./transfer.js";
import type { ProcessState, StateTemplate } from "./process-state.js";
import { entryOutcome, readManifest, type Failure } from "./spawn.js";
import { LuaTable, type Proto } from "./vm.js";

/** What a host function returns to park its thread until wakeTask/failTask. Never settles. */
export const PARK: PromiseLike<unknown> = { then: () => PARK as never };

/** A managed thread. */
export class Task {
  /** Results for the parked host call, set when woken. */
  resume: LuaValue[] | null = null;
  error: unknown = null;
  /**
   * Counts the task's wakes. Whatever may wake it later (a channel waiter,
   * a timer, an exit watcher) keeps the count of the moment it was made; a
   * wake carrying an older count is stale and ignored, so a wait that was
   * abandoned (abortTask) or already satisfied can never wake it twice.
   */
  wait = 0;
  /** Parked on a blocking call and not woken yet. */
  parked = false;
  constructor(readonly proc: Process, readonly T: LuaThread) {}
}

/** A process.listen channel; `message`: deliver message objects instead of payload values. */
export interface Listener {
  readonly ch: Channel;
  readonly message: boolean;
}

export type ExitResult =
  | { ok: true; value: LuaValue }
  | { ok: false; error: ErrorValue };

type ExitWatcher = (r: ExitResult) => void;

export class Process {
  alive = true;
  G!: ProcessState;
  main!: Task;
  /** The task that was preempted by the budget, to continue first. */
  current: Task | null = null;
  readonly ready = new Queue<Task>();
  /** In the runtime's queue. */
  queued = false;
  /** Being run by the loop now. */
  running = false;
  inbox: Channel | null = null;
  events: Channel | null = null;
  listeners: Map<string, Listener> | null = null;
  /** Processes monitoring this one, and the ones this one monitors. */
  monitors: Set<Process> | null = null;
  monitoring: Set<Process> | null = null;
  links: Set<Process> | null = null;
  names: string[] | null = null;
  timers: Set<NodeJS.Timeout> | null = null;
  watchers: ExitWatcher[] | null = null;
  trapLinks = false;
  upgradable = false;
  metas: (LuaTable | undefined)[] | null = null;
  /** Traceback of the error that ended the main thread, for the root report. */
  trace: string | null = null;
  /** Results of an entry chunk that returned no entry function (see entry.ts). */
  stash: LuaValue[] | null = null;
  /**
   * When set, an uncaught error in a coroutine.spawn thread goes here and
   * only that thread ends, instead of failing the process (the REPL's root).
   */
  threadError: ((error: LuaError) => void) | null = null;
  constructor(readonly rt: Runtime, readonly pid: string) {}
}

export interface RuntimeOptions {
  /** Project root: entry targets and require resolve under it. */
  root: string;
  stdout?: Writer;
  stderr?: Writer;
  /** The sandbox profile for every process (runtime spec §0.4). */
  sandbox?: boolean;
  /** Host part of PIDs (default "local"). */
  host?: string;
  /** Calls and backward jumps one thread may run before its process is preempted. */
  budget?: number;
}

const DEFAULT_BUDGET = 20_000;
const MAX_SWITCHES = 256;
const SLICE_MS = 8;

/** Monotonic milliseconds. Not `performance.now()`: the first use of that global loads perf_hooks, ~4 ms of every start-up. */
function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export class Runtime {
  readonly procs = new Map<string, Process>();
  readonly names = new Map<string, Process>();
  readonly runq = new Queue<Process>();
  readonly budget: number;
  readonly host: string;
  /** The task being run now. */
  running: Task | null = null;
  /** Pending timers and host promises: while > 0, a blocked world may still wake. */
  external = 0;
  root: Process | null = null;
  /** Set when the root process called os.exit: the run's exit status. */
  exitCode: number | null = null;
  private counter = 0;
  private scheduled = false;
  private inTick = false;
  private onEnd: ((r: ExitResult | "deadlock") => void) | null = null;
  ended = false;
  /** The state every process state is a copy-on-write view of (set by createRuntime). */
  template!: StateTemplate;
  readonly manifest: Map<string, { source?: unknown; method?: unknown }>;
  /** Compiled entry files, by absolute path. */
  readonly protos = new Map<string, Proto | Failure>();
  /**
   * Asked when every process is blocked for good: true if it woke something
   * (the REPL aborts the chunk it runs), else the run ends as a deadlock.
   */
  onDeadlock: (() => boolean) | null = null;
  /** Run once when the run ends: built-in modules close databases and connections (modules/). */
  readonly endHooks: (() => void)[] = [];
  readonly stdout: Writer;
  readonly stderr: Writer;

  constructor(readonly options: RuntimeOptions) {
    this.budget = options.budget ?? DEFAULT_BUDGET;
    this.host = options.host ?? "local";
    this.manifest = readManifest(options.root);
    this.stdout = options.stdout ?? ((s) => process.stdout.write(Buffer.from(s, "latin1")));
    this.stderr = options.stderr ?? ((s) => process.stderr.write(Buffer.from(s, "latin1")));
  }

  newPid(host: string): string {
    return `{${host}|0x${(++this.counter).toString(16).padStart(5, "0")}}`;
  }

  /** Resolves when the root process exits (or the world deadlocks). */
  whenDone(): Promise<ExitResult | "deadlock"> {
    return new Promise((resolve) => {
      this.onEnd = resolve;
    });
  }

  enqueue(p: Process): void {
    if (p.queued || p.running || !p.alive) return;
    p.queued = true;
    this.runq.push(p);
    if (!this.inTick) this.schedule();
  }

  private schedule(): void {
    if (this.scheduled || this.ended) return;
    this.scheduled = true;
    setImmediate(this.tick);
  }

  private readonly tick = (): void => {
    this.scheduled = false;
    if (this.ended) return;
    this.inTick = true;
    const deadline = nowMs() + SLICE_MS;
    let turns = 0;
    try {
      for (;;) {
        const p = this.runq.shift();
        if (p === undefined) break;
        p.queued = false;
        if (!p.alive) continue;
        const preempted = this.runProcess(p);
        if (this.ended) return;
        if ((preempted || (++turns & 15) === 0) && nowMs() > deadline) break;
      }
    } finally {
      this.inTick = false;
    }
    if (this.runq.length > 0) this.schedule();
    else if (this.external === 0 && this.root !== null && this.root.alive && this.onDeadlock?.() !== true) {
      this.end("deadlock");
    }
  };

  /** Runs p's ready threads; true when it was preempted by the budget. */
  private runProcess(p: Process): boolean {
    p.running = true; // wakes during the run join this run instead of the queue
    let switches = 0;
    let preempted = false;
    try {
      for (;;) {
        let t = p.current;
        if (t === null) {
          t = p.ready.shift() ?? null;
          if (t === null) break;
          if (t.error !== null) {
            const e = t.error;
            t.error = null;
            t.resume = null;
            rejectThread(t.T, e);
          } else if (t.resume !== null) {
            const v = t.resume;
            t.resume = null;
            resumeThread(t.T, v);
          }
          p.current = t;
        }
        this.running = t;
        const wait = t.wait;
        const r = runThread(t.T, this.budget);
        this.running = null;
        if (!p.alive) break;
        if (r.status === "budget") {
          preempted = true;
          break;
        }
        p.current = null;
        if (r.status === "done") {
          if (t === p.main) {
            this.exitMain(p, r.values);
            break;
          }
        } else if (r.status === "error") {
          if (t !== p.main && p.threadError !== null) {
            p.threadError(r.error);
          } else {
            this.exit(p, { ok: false, error: toErrorValue(r.error.value, p.trace ?? "") });
            break;
          }
        } else {
          // Suspended: parked unless its own call already woke it (coroutine.yield's round).
          t.parked = t.wait === wait;
          if (r.promise !== PARK && r.promise !== null) this.awaitHost(t, r.promise);
        }
        if (++switches >= MAX_SWITCHES) break;
      }
    } finally {
      this.running = null;
      p.running = false;
      if (p.alive) {
        p.G.flush();
        if (p.current !== null || p.ready.length > 0) this.enqueue(p);
      }
    }
    return preempted;
  }

  /** A host function returned a real promise: the thread waits for it. */
  private awaitHost(t: Task, promise: PromiseLike<unknown>): void {
    this.external++;
    const token = t.wait;
    promise.then((v) => {
      this.external--;
      wakeTask(t, Array.isArray(v) ? v as LuaValue[] : v === undefined ? [] : [v as LuaValue], token);
      this.kick();
    }, (e) => {
      this.external--;
      failTask(t, e, token);
      this.kick();
    });
  }

  /** Called from outside the loop (timers, promises): checks for deadlock if nothing got queued. */
  kick(): void {
    if (this.runq.length === 0 && !this.inTick && !this.scheduled) this.schedule();
  }

  /** The main thread returned `values`: a normal exit, or failed if a second value is non-nil. */
  private exitMain(p: Process, values: LuaValue[]): void {
    const o = entryOutcome(values);
    if (!o.ok) {
      this.exit(p, { ok: false, error: toErrorValue(o.error, p.trace ?? "") });
      return;
    }
    const e = o.values[1];
    if (e !== undefined) this.exit(p, { ok: false, error: toErrorValue(e) });
    else this.exit(p, { ok: true, value: o.values[0] });
  }

  // ------------------------------------------------------------ timers

  /** A timer owned by p: cleared when p exits. */
  setTimer(p: Process, ms: number, fn: () => void): NodeJS.Timeout {
    const h = setTimeout(() => {
      p.timers?.delete(h);
      this.external--;
      if (p.alive) fn();
      this.kick();
    }, ms);
    (p.timers ??= new Set()).add(h);
    this.external++;
    return h;
  }

  /** A periodic timer owned by p. */
  setTicker(p: Process, ms: number, fn: () => void): NodeJS.Timeout {
    const h = setInterval(() => {
      if (p.alive) fn();
      this.kick();
    }, ms);
    (p.timers ??= new Set()).add(h);
    this.external++;
    return h;
  }

  clearTimer(p: Process, h: NodeJS.Timeout): boolean {
    const timers = p.timers;
    if (timers === null || !timers.delete(h)) return false;
    clearTimeout(h);
    this.external--;
    return true;
  }

  // ------------------------------------------------------------ exit

  /** Ends process p (runtime spec §1.4): names, monitors, links, mailbox, timers, in that order. */
  exit(p: Process, result: ExitResult): void {
    if (!p.alive) return;
    p.alive = false;
    p.G.flush();
    this.procs.delete(p.pid);
    if (p.names !== null) for (const n of p.names) if (this.names.get(n) === p) this.names.delete(n);
    p.names = null;
    if (p.monitors !== null) {
      for (const m of p.monitors) {
        m.monitoring?.delete(p);
        if (m.alive) pushEvent(m, exitEvent(m, "pid.exit", p.pid, result));
      }
    }
    if (p.monitoring !== null) for (const t of p.monitoring) t.monitors?.delete(p);
    const links = p.links;
    p.links = null;
    if (links !== null) {
      for (const l of links) {
        l.links?.delete(p);
        if (result.ok || !l.alive) continue;
        if (l.trapLinks) {
          pushEvent(l, exitEvent(l, "pid.link.down", p.pid, result));
        } else {
          const why = `linked process ${p.pid} exited: ${result.error.message}`;
          this.exit(l, { ok: false, error: new ErrorValue(why, "INTERNAL", undefined, undefined, "") });
        }
      }
    }
    p.inbox = p.events = null;
    p.listeners = null;
    if (p.timers !== null) {
      for (const h of p.timers) clearTimeout(h);
      this.external -= p.timers.size;
      p.timers = null;
    }
    p.ready.clear();
    p.current = null;
    const watchers = p.watchers;
    p.watchers = null;
    if (watchers !== null) for (const w of watchers) w(result);
    if (p === this.root) this.end(result);
  }

  /** The run is over: every process stops, nothing keeps Node alive. */
  private end(r: ExitResult | "deadlock"): void {
    if (this.ended) return;
    this.ended = true;
    if (r === "deadlock") this.blocked = this.livePids();
    for (const p of [...this.procs.values()]) {
      p.alive = false;
      p.G.flush();
      if (p.timers !== null) for (const h of p.timers) clearTimeout(h);
      p.timers = null;
    }
    this.procs.clear();
    this.names.clear();
    this.runq.clear();
    this.external = 0;
    for (const h of this.endHooks) h();
    this.onEnd?.(r);
  }

  /** The processes alive when the run ended in a deadlock, root first (for the report). */
  blocked: string[] = [];

  /** PIDs of live processes, oldest first. */
  livePids(): string[] {
    return [...this.procs.keys()];
  }
}

/**
 * Queues a parked task with the results of its blocking call. `token` is
 * the task's `wait` count when the wake-up was arranged (see Task.wait).
 */
export function wakeTask(t: Task, values: LuaValue[], token = t.wait): void {
  const p = t.proc;
  if (!p.alive || token !== t.wait) return;
  t.wait++;
  t.parked = false;
  t.resume = values;
  p.ready.push(t);
  p.rt.enqueue(p);
}

/** Queues a parked task whose blocking call raises `error`. */
export function failTask(t: Task, error: unknown, token = t.wait): void {
  const p = t.proc;
  if (!p.alive || token !== t.wait) return;
  t.wait++;
  t.parked = false;
  t.error = error instanceof LuaError ? error : new LuaError(String(error));
  p.ready.push(t);
  p.rt.enqueue(p);
}

/**
 * Makes the blocking call a parked task waits in raise `error` now (an
 * interrupt from the REPL, a deadlock it can recover from). Everything
 * that would have woken it becomes stale. False if the task is not parked.
 */
export function abortTask(t: Task, error: LuaError): boolean {
  if (!t.parked || !t.proc.alive) return false;
  failTask(t, error);
  return true;
}

/** The process's events channel (created on first use; events queue until read). */
export function eventsChannel(p: Process): Channel {
  return p.events ??= new Channel(Infinity, ChanKind.Events);
}

export function pushEvent(p: Process, ev: LuaTable): void {
  deliver(eventsChannel(p), ev);
}

/** `{kind = kind, from = pid, result = {value = v, error = e}}` for process `to`. */
function exitEvent(to: Process, kind: string, from: string, r: ExitResult): LuaTable {
  const ev = new LuaTable();
  ev.setStr("kind", kind);
  ev.setStr("from", from);
  const res = new LuaTable();
  if (r.ok) res.setStr("value", transfer(r.value, to));
  else res.setStr("error", transferError(r.error, to));
  ev.setStr("result", res);
  return ev;
}

export type { LuaState };
