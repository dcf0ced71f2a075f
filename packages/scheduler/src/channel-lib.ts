// The `channel` global and channel objects (runtime spec §4): Lua bindings
// over channel.ts. Blocking operations park the calling managed thread by
// returning PARK (see runtime.ts).

import {
  Channel, ChanKind, SelectOp, addReceiver, addSender, closeChannel, received, receivedOk, selectResult,
  tryReceive, trySend,
} from "./channel.js";
import { metaSpec, newObject, objectArg, procOf } from "./meta.js";
import { PARK, type Process, type Task } from "./runtime.js";
import {
  HostFunction, LuaError, LuaFloat, LuaTable, LuaUserdata, arg, argError, typeError, type HostFn, type LuaThread,
  type LuaValue,
} from "./vm.js";

/** A select case: a plain descriptor, reusable. */
export class Case {
  constructor(readonly ch: Channel, readonly isSend: boolean, readonly value: LuaValue) {}
}

/**
 * The managed thread making a blocking call from L (inside it or an
 * unmanaged coroutine it resumed). Every blocking operation asks for it
 * before it registers anything, so a call that cannot park raises here and
 * leaves no waiter or timer behind.
 */
export function callingTask(L: LuaThread): Task {
  const p = procOf(L);
  const t = p.rt.running;
  if (t === null || t.proc !== p || !p.alive) throw new LuaError("blocking operation outside a running process", true);
  // Lua called back by a host function (a sort comparator, gsub's replacement
  // function, __tostring from tostring) runs on the JS stack: parking would
  // have to suspend the host function too, so Lua's own error is raised.
  if (L.G.cDepth > 0) throw new LuaError(YIELD_ACROSS_HOST, false);
  return t;
}

/** Lua's message for a yield that would cross a host (C) function. */
export const YIELD_ACROSS_HOST = "attempt to yield across a C-call boundary";

/** The Lua value of `ch` in process p (made once; channels keep their identity). */
export function channelObject(p: Process, ch: Channel): LuaUserdata {
  return ch.ud ??= newObject(p, CHANNEL_META, ch);
}

function self(L: LuaThread): Channel {
  return objectArg(L, 1, Channel) ?? typeError(L, 1, "channel");
}

function writable(ch: Channel): Channel {
  if (ch.kind !== ChanKind.Normal) throw new LuaError("channel is receive-only", true);
  return ch;
}

const send: HostFn = (L, base, nargs) => {
  const ch = writable(self(L));
  const v = nargs >= 2 ? L.stack[base + 1] : undefined;
  if (trySend(ch, v)) {
    L.stack[L.top++] = true;
    return 1;
  }
  addSender(ch, callingTask(L), v, null);
  return PARK;
};

const receive: HostFn = (L) => {
  const ch = self(L);
  if (tryReceive(ch)) {
    L.stack[L.top++] = received;
    L.stack[L.top++] = receivedOk;
    return 2;
  }
  addReceiver(ch, callingTask(L), null);
  return PARK;
};

const close: HostFn = (L) => {
  closeChannel(writable(self(L)));
  return 0;
};

const caseSend: HostFn = (L, base, nargs) => {
  const ch = writable(self(L));
  L.stack[L.top++] = new LuaUserdata(new Case(ch, true, nargs >= 2 ? L.stack[base + 1] : undefined));
  return 1;
};

const caseReceive: HostFn = (L) => {
  L.stack[L.top++] = new LuaUserdata(new Case(self(L), false, undefined));
  return 1;
};

const CHANNEL_META = metaSpec("channel", [
  new HostFunction("send", send),
  new HostFunction("receive", receive),
  new HostFunction("close", close),
  new HostFunction("case_send", caseSend),
  new HostFunction("case_receive", caseReceive),
]);

const chanNew: HostFn = (L) => {
  let cap: LuaValue = arg(L, 1);
  if (cap instanceof LuaFloat) cap = cap.n;
  if (cap === undefined) cap = 0;
  if (typeof cap !== "number" || !Number.isInteger(cap) || cap < 0) {
    if (typeof cap === "number" || typeof cap === "bigint") return argError(L, 1, "capacity must be a non-negative integer");
    return typeError(L, 1, "number");
  }
  const ch = new Channel(cap, ChanKind.Normal);
  L.stack[L.top++] = channelObject(procOf(L), ch);
  return 1;
};

const select: HostFn = (L) => {
  const cases = arg(L, 1);
  if (!(cases instanceof LuaTable)) return typeError(L, 1, "table");
  const withDefault = cases.getStr("default") === true || arg(L, 2) === true;
  const n = cases.length();
  const list: Case[] = [];
  for (let i = 1; i <= n; i++) {
    const c = cases.getInt(i);
    if (!(c instanceof LuaUserdata && c.value instanceof Case)) throw new LuaError("invalid select case", true);
    list.push(c.value);
  }
  // Spec rule: the first case, in array order, that can proceed now.
  for (const c of list) {
    const ch = c.ch;
    if (c.isSend) {
      if (trySend(ch, c.value)) {
        L.stack[L.top++] = selectResult(ch, c.value, true);
        return 1;
      }
    } else if (tryReceive(ch)) {
      L.stack[L.top++] = selectResult(ch, received, receivedOk);
      return 1;
    }
  }
  if (withDefault) {
    const t = new LuaTable();
    t.setStr("default", true);
    t.setStr("ok", true);
    L.stack[L.top++] = t;
    return 1;
  }
  const task = callingTask(L);
  const sel = new SelectOp();
  for (const c of list) {
    if (c.isSend) addSender(c.ch, task, c.value, sel);
    else addReceiver(c.ch, task, sel);
  }
  return PARK;
};

/** The entries of the `channel` global. */
export const CHANNEL_ENTRIES: [LuaValue, LuaValue][] = [
  ["new", new HostFunction("new", chanNew)],
  ["select", new HostFunction("select", select)],
];
