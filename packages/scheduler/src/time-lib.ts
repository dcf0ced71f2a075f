// The `time` module (runtime spec §7): durations, sleeping, one-shot and
// periodic timers whose channels work in select, and time values. Numbers
// given as durations are nanoseconds. Timers belong to the process that
// made them and are stopped when it exits (Runtime.exit).

import { Channel, ChanKind, deliver } from "./channel.js";
import { callingTask, channelObject } from "./channel-lib.js";
import { CowTable, templateFrom } from "./cow-table.js";
import { failWith, raiseKind } from "./errors-lib.js";
import { metaSpec, newObject, objectArg, procOf } from "./meta.js";
import { PARK, wakeTask, type Process } from "./runtime.js";
import {
  HostFunction, LuaFloat, LuaUserdata, arg, checkInteger, mkInt, optInteger, typeError, type HostFn, type LuaThread,
  type LuaValue,
} from "./vm.js";

const NS_PER_MS = 1e6;
const NS_PER_S = 1_000_000_000n;

// Wall clock in nanoseconds, advanced by the monotonic clock so it never runs backwards within a run.
const wallBase = BigInt(Date.now()) * 1_000_000n;
const monoBase = process.hrtime.bigint();
function nowNs(): bigint {
  return wallBase + (process.hrtime.bigint() - monoBase);
}

class Duration {
  constructor(readonly ns: number) {}
}

class TimeValue {
  constructor(readonly ns: bigint) {}
}

class Timer {
  alarm: Alarm | null = null;
  constructor(readonly proc: Process, readonly ch: Channel, readonly periodic: boolean) {}
}

// ------------------------------------------------------------ durations

const UNIT_NS: Record<string, number> = {
  ns: 1, us: 1e3, "\xc2\xb5s": 1e3, "\xce\xbcs": 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9,
};
const GROUP = /^(\d+\.?\d*|\.\d+)(ns|us|\xc2\xb5s|\xce\xbcs|ms|s|m|h)/;

/** Go duration syntax ("1h30m", "-1.5s", "0") to nanoseconds; null when malformed. */
export function parseDurationText(s: string): number | null {
  let i = 0;
  let sign = 1;
  if (s[0] === "-" || s[0] === "+") {
    if (s[0] === "-") sign = -1;
    i = 1;
  }
  if (s.slice(i) === "0") return 0;
  if (i === s.length) return null;
  let total = 0;
  while (i < s.length) {
    const m = GROUP.exec(s.slice(i));
    if (m === null) return null;
    total += Number(m[1]) * UNIT_NS[m[2]!]!;
    i += m[0].length;
  }
  return sign * Math.round(total);
}

/** A duration argument in nanoseconds; raises on anything else. */
function durationArg(L: LuaThread, n: number): number {
  const v = arg(L, n);
  if (typeof v === "number") return v;
  if (typeof v === "bigint") return Number(v);
  if (v instanceof LuaFloat) return v.n;
  if (typeof v === "string") {
    const d = parseDurationText(v);
    if (d === null) return raiseKind(L, "INVALID", `invalid duration: ${v}`);
    return d;
  }
  const d = objectArg(L, n, Duration);
  if (d !== undefined) return d.ns;
  return typeError(L, n, "duration");
}

function positiveDuration(L: LuaThread, n: number): number {
  const d = durationArg(L, n);
  if (!(d > 0)) return raiseKind(L, "INVALID", "duration must be positive");
  return d;
}

function fraction(u: number, digits: number): string {
  const scale = 10 ** digits;
  const whole = Math.floor(u / scale);
  const frac = u % scale;
  if (frac === 0) return String(whole);
  return `${whole}.${String(frac).padStart(digits, "0").replace(/0+$/, "")}`;
}

/** Go's Duration.String. */
export function formatDuration(ns: number): string {
  if (ns === 0) return "0s";
  const sign = ns < 0 ? "-" : "";
  const u = Math.abs(Math.trunc(ns));
  if (u < 1e3) return `${sign}${u}ns`;
  if (u < 1e6) return `${sign}${fraction(u, 3)}\xc2\xb5s`;
  if (u < 1e9) return `${sign}${fraction(u, 6)}ms`;
  const secs = Math.floor(u / 1e9);
  let out = `${fraction((secs % 60) * 1e9 + (u % 1e9), 9)}s`;
  if (secs >= 60) out = `${Math.floor(secs / 60) % 60}m${out}`;
  if (secs >= 3600) out = `${Math.floor(secs / 3600)}h${out}`;
  return sign + out;
}

function durationObject(L: LuaThread, ns: number): LuaUserdata {
  return newObject(procOf(L), DURATION_META, new Duration(ns));
}

function selfDuration(L: LuaThread): Duration {
  return objectArg(L, 1, Duration) ?? typeError(L, 1, "duration");
}

function push(L: LuaThread, v: LuaValue): number {
  L.stack[L.top++] = v;
  return 1;
}

const DURATION_META = metaSpec("duration", [
  new HostFunction("nanoseconds", (L) => push(L, Math.trunc(selfDuration(L).ns))),
  new HostFunction("microseconds", (L) => push(L, Math.trunc(selfDuration(L).ns / 1e3))),
  new HostFunction("milliseconds", (L) => push(L, Math.trunc(selfDuration(L).ns / 1e6))),
  new HostFunction("seconds", (L) => push(L, asFloat(selfDuration(L).ns / 1e9))),
  new HostFunction("minutes", (L) => push(L, asFloat(selfDuration(L).ns / 60e9))),
  new HostFunction("hours", (L) => push(L, asFloat(selfDuration(L).ns / 3600e9))),
], [["__tostring", new HostFunction("tostring", (L) => push(L, formatDuration(selfDuration(L).ns)))]]);

function asFloat(x: number): number | LuaFloat {
  return Number.isInteger(x) ? new LuaFloat(x) : x;
}

// ------------------------------------------------------------ time values

export function timeObject(p: Process, ns: bigint): LuaUserdata {
  return newObject(p, TIME_META, new TimeValue(ns));
}

function selfTime(L: LuaThread, n = 1): TimeValue {
  return objectArg(L, n, TimeValue) ?? typeError(L, n, "time");
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b < 0n ? q - 1n : q;
}

function rfc3339(ns: bigint): string {
  const ms = Number(floorDiv(ns, 1_000_000n));
  return new Date(ms).toISOString().slice(0, 19) + "Z";
}

const ZERO_TIME_NS = -62135596800n * NS_PER_S;

const TIME_META = metaSpec("time", [
  new HostFunction("unix", (L) => push(L, mkInt(floorDiv(selfTime(L).ns, NS_PER_S)))),
  new HostFunction("unix_nano", (L) => push(L, mkInt(selfTime(L).ns))),
  new HostFunction("sub", (L) => push(L, durationObject(L, Number(selfTime(L).ns - selfTime(L, 2).ns)))),
  new HostFunction("add", (L) => push(L, timeObject(procOf(L), selfTime(L).ns + BigInt(Math.trunc(durationArg(L, 2)))))),
  new HostFunction("before", (L) => push(L, selfTime(L).ns < selfTime(L, 2).ns)),
  new HostFunction("after", (L) => push(L, selfTime(L).ns > selfTime(L, 2).ns)),
  new HostFunction("equal", (L) => push(L, selfTime(L).ns === selfTime(L, 2).ns)),
  new HostFunction("format_rfc3339", (L) => push(L, rfc3339(selfTime(L).ns))),
  new HostFunction("utc", (L) => push(L, timeObject(procOf(L), selfTime(L).ns))),
  new HostFunction("is_zero", (L) => push(L, selfTime(L).ns === ZERO_TIME_NS)),
], [["__tostring", new HostFunction("tostring", (L) => {
  const ns = selfTime(L).ns;
  const frac = ((ns % NS_PER_S) + NS_PER_S) % NS_PER_S;
  return push(L, `${rfc3339(ns).slice(0, 19)}.${String(frac).padStart(9, "0")}Z`);
})]]);

// ------------------------------------------------------------ waiting and timers

function msOf(ns: number): number {
  return Math.max(1, Math.ceil(ns / NS_PER_MS));
}

/** A pending one-shot timer; its Node handle changes when it is re-armed. */
class Alarm {
  handle: NodeJS.Timeout | null = null;
}

/** Runs `fire` once at least `ns` from now (Node timers may fire a little early: then it re-arms). */
function armAfter(p: Process, ns: number, fire: () => void): Alarm {
  const due = process.hrtime.bigint() + BigInt(Math.ceil(ns));
  const alarm = new Alarm();
  const onTimer = (): void => {
    const left = due - process.hrtime.bigint();
    if (left > 0n) {
      alarm.handle = p.rt.setTimer(p, msOf(Number(left)), onTimer);
      return;
    }
    alarm.handle = null;
    fire();
  };
  alarm.handle = p.rt.setTimer(p, msOf(ns), onTimer);
  return alarm;
}

/** Cancels an alarm; true if it was still pending. */
function disarm(p: Process, alarm: Alarm): boolean {
  const h = alarm.handle;
  if (h === null) return false;
  alarm.handle = null;
  p.rt.clearTimer(p, h);
  return true;
}

const sleep: HostFn = (L) => {
  const ns = durationArg(L, 1);
  const task = callingTask(L);
  if (!(ns > 0)) {
    wakeTask(task, []);
    return PARK;
  }
  const token = task.wait;
  armAfter(task.proc, ns, () => wakeTask(task, [], token));
  return PARK;
};

function tick(p: Process, ch: Channel): void {
  deliver(ch, timeObject(p, nowNs()));
}

const after: HostFn = (L) => {
  const ns = positiveDuration(L, 1);
  const p = procOf(L);
  const ch = new Channel(1, ChanKind.Timer);
  armAfter(p, ns, () => tick(p, ch));
  return push(L, channelObject(p, ch));
};

function startTimer(tm: Timer, ns: number): void {
  const p = tm.proc;
  if (tm.periodic) {
    const alarm = new Alarm();
    alarm.handle = p.rt.setTicker(p, msOf(ns), () => tick(p, tm.ch));
    tm.alarm = alarm;
  } else {
    tm.alarm = armAfter(p, ns, () => tick(p, tm.ch));
  }
}

function stopTimer(tm: Timer): boolean {
  return tm.alarm !== null && disarm(tm.proc, tm.alarm);
}

function selfTimer(L: LuaThread): Timer {
  return objectArg(L, 1, Timer) ?? typeError(L, 1, "timer");
}

const timerChannel: HostFn = (L) => push(L, channelObject(procOf(L), selfTimer(L).ch));

const TIMER_META = metaSpec("timer", [
  new HostFunction("response", timerChannel),
  new HostFunction("channel", timerChannel),
  new HostFunction("stop", (L) => push(L, stopTimer(selfTimer(L)))),
  new HostFunction("reset", (L) => {
    const tm = selfTimer(L);
    const ns = positiveDuration(L, 2);
    stopTimer(tm);
    startTimer(tm, ns);
    return push(L, true);
  }),
]);

const TICKER_META = metaSpec("ticker", [
  new HostFunction("response", timerChannel),
  new HostFunction("channel", timerChannel),
  new HostFunction("stop", (L) => {
    stopTimer(selfTimer(L));
    return 0;
  }),
]);

/** Ticks that find this many undelivered ones waiting are dropped (as the reference runtime's buffer). */
const TICKER_BUFFER = 16;

function newTimer(L: LuaThread, periodic: boolean): number {
  const ns = positiveDuration(L, 1);
  const p = procOf(L);
  const tm = new Timer(p, new Channel(periodic ? TICKER_BUFFER : 1, ChanKind.Timer), periodic);
  startTimer(tm, ns);
  return push(L, newObject(p, periodic ? TICKER_META : TIMER_META, tm));
}

const parseDuration: HostFn = (L) => {
  const v = arg(L, 1);
  let ns: number | null;
  if (typeof v === "string") ns = parseDurationText(v);
  else if (typeof v === "number") ns = v;
  else if (typeof v === "bigint") ns = Number(v);
  else if (v instanceof LuaFloat) ns = v.n;
  else ns = objectArg(L, 1, Duration)?.ns ?? null;
  if (ns === null) return failWith(L, "INVALID", `invalid duration: ${typeof v === "string" ? v : "(not a duration)"}`);
  L.stack[L.top++] = durationObject(L, ns);
  L.stack[L.top++] = undefined;
  return 2;
};

const TIME_TEMPLATE = templateFrom([
  ["now", new HostFunction("now", (L) => push(L, timeObject(procOf(L), nowNs())))],
  ["unix", new HostFunction("unix", (L) => {
    const sec = BigInt(checkInteger(L, 1));
    const nsec = BigInt(optInteger(L, 2, 0));
    return push(L, timeObject(procOf(L), sec * NS_PER_S + nsec));
  })],
  ["sleep", new HostFunction("sleep", sleep)],
  ["after", new HostFunction("after", after)],
  ["timer", new HostFunction("timer", (L) => newTimer(L, false))],
  ["ticker", new HostFunction("ticker", (L) => newTimer(L, true))],
  ["parse_duration", new HostFunction("parse_duration", parseDuration)],
  ["NANOSECOND", 1],
  ["MICROSECOND", 1e3],
  ["MILLISECOND", 1e6],
  ["SECOND", 1e9],
  ["MINUTE", 60e9],
  ["HOUR", 3600e9],
]);

/** The loader `require("time")` finds (each process gets its own module table). */
export const TIME_LOADER = new HostFunction("time", (L) => push(L, new CowTable(TIME_TEMPLATE)));
