// Go-style channels (runtime spec §4): the queues and the hand-over rules,
// independent of Lua bindings (channel-lib.ts) and of how a parked managed
// thread is woken (runtime.ts's wakeTask / failTask).
//
// A blocked operation is a Waiter on the channel's receive or send queue.
// A select registers one Waiter per case, all pointing to one SelectOp; the
// first to complete removes the others from their queues at once, so no
// channel keeps a stale waiter that could swallow a later value. A waiter
// whose task stopped waiting for it (its wait was aborted: Task.wait moved
// on) is skipped and dropped when it comes up.

import { LuaError, LuaTable, type LuaUserdata, type LuaValue } from "./vm.js";
import { Queue } from "./queue.js";
import { failTask, wakeTask, type Task } from "./runtime.js";

export const enum ChanKind {
  Normal = 0,
  /** A process's inbox: unbounded, fed by the runtime, receive-only. */
  Inbox = 1,
  Events = 2,
  Listener = 3,
  /** time.after / timer / ticker channels. */
  Timer = 4,
}

export const SEND_ON_CLOSED = "send on closed channel";

export class Channel {
  readonly cap: number;
  readonly kind: ChanKind;
  closed = false;
  buf: Queue<LuaValue> | null = null;
  recvq: Waiter[] | null = null;
  sendq: Waiter[] | null = null;
  /** The Lua value standing for this channel (stable identity). */
  ud: LuaUserdata | null = null;
  constructor(cap: number, kind: ChanKind) {
    this.cap = cap;
    this.kind = kind;
  }
}

export class SelectOp {
  done = false;
  readonly waiters: Waiter[] = [];
}

export class Waiter {
  /** The task's wait count when it blocked (see Task.wait). */
  readonly token: number;
  constructor(
    readonly task: Task,
    readonly ch: Channel,
    readonly isSend: boolean,
    readonly value: LuaValue,
    readonly sel: SelectOp | null,
  ) {
    this.token = task.wait;
  }
}

/** The oldest waiter of `q` whose task still waits for it (stale ones are dropped). */
function nextWaiter(q: Waiter[] | null): Waiter | undefined {
  if (q === null) return undefined;
  while (q.length > 0) {
    const w = q.shift()!;
    if (w.token === w.task.wait) return w;
  }
  return undefined;
}

/** Results of the last successful tryReceive (no allocation per receive). */
export let received: LuaValue = undefined;
export let receivedOk = false;

/** Delivers `v` now if a receiver waits or the buffer has room; raises on a closed channel. */
export function trySend(ch: Channel, v: LuaValue): boolean {
  if (ch.closed) throw new LuaError(SEND_ON_CLOSED, true);
  const w = nextWaiter(ch.recvq);
  if (w !== undefined) {
    completeReceive(w, v, true);
    return true;
  }
  if (ch.cap > 0) {
    let buf = ch.buf;
    if (buf === null) buf = ch.buf = new Queue();
    if (buf.length < ch.cap) {
      buf.push(v);
      return true;
    }
  }
  return false;
}

/** Takes a value now if one is buffered, a sender waits or the channel is closed. */
export function tryReceive(ch: Channel): boolean {
  const buf = ch.buf;
  const sq = ch.sendq;
  if (buf !== null && buf.length > 0) {
    received = buf.shift();
    receivedOk = true;
    // A freed slot goes to the oldest blocked sender.
    const w = nextWaiter(sq);
    if (w !== undefined) {
      buf.push(w.value);
      completeSend(w);
    }
    return true;
  }
  const w = nextWaiter(sq);
  if (w !== undefined) {
    received = w.value;
    receivedOk = true;
    completeSend(w);
    return true;
  }
  if (ch.closed) {
    received = undefined;
    receivedOk = false;
    return true;
  }
  return false;
}

/** Runtime delivery into an unbounded receive-only channel (inbox, events, listeners, timers). */
export function deliver(ch: Channel, v: LuaValue): void {
  const w = nextWaiter(ch.recvq);
  if (w !== undefined) {
    completeReceive(w, v, true);
    return;
  }
  let buf = ch.buf;
  if (buf === null) buf = ch.buf = new Queue();
  if (buf.length < ch.cap) buf.push(v);
}

/** Parks `task` as a receiver (sel: part of a select). */
export function addReceiver(ch: Channel, task: Task, sel: SelectOp | null): void {
  const w = new Waiter(task, ch, false, undefined, sel);
  if (ch.recvq === null) ch.recvq = [];
  ch.recvq.push(w);
  if (sel !== null) sel.waiters.push(w);
}

/** Parks `task` as a sender of `v`. */
export function addSender(ch: Channel, task: Task, v: LuaValue, sel: SelectOp | null): void {
  const w = new Waiter(task, ch, true, v, sel);
  if (ch.sendq === null) ch.sendq = [];
  ch.sendq.push(w);
  if (sel !== null) sel.waiters.push(w);
}

/** Closes: receivers wake with nil, false; blocked senders raise. Closing twice does nothing. */
export function closeChannel(ch: Channel): void {
  if (ch.closed) return;
  ch.closed = true;
  const rq = ch.recvq;
  ch.recvq = null;
  if (rq !== null) for (const w of rq) completeReceive(w, undefined, false);
  const sq = ch.sendq;
  ch.sendq = null;
  if (sq !== null) {
    for (const w of sq) {
      if (w.sel !== null) retire(w.sel, w);
      failTask(w.task, new LuaError(SEND_ON_CLOSED, false), w.token);
    }
  }
}

function completeReceive(w: Waiter, v: LuaValue, ok: boolean): void {
  if (w.sel !== null) {
    retire(w.sel, w);
    wakeTask(w.task, [selectResult(w.ch, v, ok)], w.token);
  } else {
    wakeTask(w.task, [v, ok], w.token);
  }
}

function completeSend(w: Waiter): void {
  if (w.sel !== null) {
    retire(w.sel, w);
    wakeTask(w.task, [selectResult(w.ch, w.value, true)], w.token);
  } else {
    wakeTask(w.task, [true], w.token);
  }
}

/** The select is decided: its other waiters leave their channels. */
function retire(sel: SelectOp, winner: Waiter): void {
  sel.done = true;
  for (const w of sel.waiters) {
    if (w === winner) continue;
    const q = w.isSend ? w.ch.sendq : w.ch.recvq;
    if (q === null) continue;
    const i = q.indexOf(w);
    if (i >= 0) q.splice(i, 1);
  }
}

/** `{channel = ch, value = v, ok = ok}`. */
export function selectResult(ch: Channel, v: LuaValue, ok: boolean): LuaTable {
  const t = new LuaTable();
  t.setStr("channel", ch.ud ?? undefined);
  if (v !== undefined) t.setStr("value", v);
  t.setStr("ok", ok);
  return t;
}
