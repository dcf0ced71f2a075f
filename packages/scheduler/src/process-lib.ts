// The `process` global (runtime spec §3): identity, spawning, messages,
// inbox/listeners/events, monitors and links, stopping, the name registry
// and process.exec.

import { Channel, ChanKind, deliver } from "./channel.js";
import { callingTask, channelObject } from "./channel-lib.js";
import { ErrorValue, errorObject, failWith, type Kind } from "./errors-lib.js";
import { metaSpec, newObject, objectArg, procOf } from "./meta.js";
import { PARK, eventsChannel, pushEvent, wakeTask, type Process, type Runtime } from "./runtime.js";
import { entryProto, resolveTarget, startProcess } from "./spawn.js";
import { transfer } from "./transfer.js";
import {
  HostFunction, LuaTable, arg, optInteger, typeError, type HostFn, type LuaThread, type LuaValue,
} from "./vm.js";

const EV_CANCEL = "pid.cancel";
const EV_EXIT = "pid.exit";
const EV_LINK_DOWN = "pid.link.down";

// ------------------------------------------------------------ messages

class Message {
  constructor(readonly topic: string, readonly from: string | undefined, readonly values: LuaValue[]) {}
}

class Payload {
  constructor(readonly value: LuaValue) {}
}

function push(L: LuaThread, v: LuaValue): number {
  L.stack[L.top++] = v;
  return 1;
}

function ok2(L: LuaThread, v: LuaValue = true): number {
  L.stack[L.top++] = v;
  L.stack[L.top++] = undefined;
  return 2;
}

function selfMessage(L: LuaThread): Message {
  return objectArg(L, 1, Message) ?? typeError(L, 1, "message");
}

const MESSAGE_META = metaSpec("message", [
  new HostFunction("topic", (L) => push(L, selfMessage(L).topic)),
  new HostFunction("from", (L) => push(L, selfMessage(L).from)),
  new HostFunction("payload", (L) => {
    const m = selfMessage(L);
    const p = procOf(L);
    if (m.values.length === 0) return push(L, undefined);
    if (m.values.length === 1) return push(L, newObject(p, PAYLOAD_META, new Payload(m.values[0])));
    const t = new LuaTable();
    for (let i = 0; i < m.values.length; i++) t.setInt(i + 1, newObject(p, PAYLOAD_META, new Payload(m.values[i])));
    return push(L, t);
  }),
]);

const PAYLOAD_META = metaSpec("payload", [
  new HostFunction("data", (L) => {
    // Not ok2: its default would turn a nil payload into true.
    L.stack[L.top++] = (objectArg(L, 1, Payload) ?? typeError(L, 1, "payload")).value;
    L.stack[L.top++] = undefined;
    return 2;
  }),
]);

/** Puts a message from `from` (PID or undefined) into `to`'s listener or inbox; values already copied. */
function deliverMessage(to: Process, from: string | undefined, topic: string, values: LuaValue[]): void {
  const l = to.listeners?.get(topic);
  if (l !== undefined && !l.message) {
    let v: LuaValue;
    if (values.length === 1) v = values[0];
    else if (values.length > 1) {
      const t = new LuaTable();
      for (let i = 0; i < values.length; i++) t.setInt(i + 1, values[i]);
      v = t;
    }
    deliver(l.ch, v);
    return;
  }
  const msg = newObject(to, MESSAGE_META, new Message(topic, from, values));
  deliver(l !== undefined ? l.ch : inboxChannel(to), msg);
}

function inboxChannel(p: Process): Channel {
  return p.inbox ??= new Channel(Infinity, ChanKind.Inbox);
}

// ------------------------------------------------------------ destinations

const PID_FORMAT = /^\{[^{}|]*\|0x[0-9a-f]+\}$/;

/** The process a destination names: a Process, "dead" (a well-formed PID of no live process) or null (unknown). */
function resolve(rt: Runtime, dest: string): Process | "dead" | null {
  if (dest.startsWith("{")) {
    if (!PID_FORMAT.test(dest)) return null;
    return rt.procs.get(dest) ?? "dead";
  }
  return rt.names.get(dest) ?? null;
}

function stringArg(L: LuaThread, n: number, what = "string"): string {
  const v = arg(L, n);
  if (typeof v !== "string") return typeError(L, n, what);
  return v;
}

/** A live target or pushes nil, NOT_FOUND (returns null). */
function liveTarget(L: LuaThread, dest: string): Process | null {
  const t = resolve(procOf(L).rt, dest);
  if (t === null || t === "dead" || !t.alive) return null;
  return t;
}

function notFound(L: LuaThread, dest: string): number {
  return failWith(L, "NOT_FOUND", `process not found: ${dest}`);
}

// ------------------------------------------------------------ spawning

function spawnFrom(L: LuaThread, setup: (child: Process, parent: Process) => void): Process | { kind: Kind; message: string } {
  const target = stringArg(L, 1);
  const hostArg = arg(L, 2);
  if (hostArg !== undefined && typeof hostArg !== "string") return typeError(L, 2, "string or nil");
  const parent = procOf(L);
  const rt = parent.rt;
  const entry = resolveTarget(rt, target);
  if ("kind" in entry) return entry;
  const proto = entryProto(rt, entry);
  if ("kind" in proto) return proto;
  const args = L.stack.slice(L.ci.base + 2, L.ci.base + L.ci.nargs);
  return startProcess(rt, hostArg ?? rt.host, proto, entry.method, entry.explicit, args, (child) => setup(child, parent));
}

function spawner(name: string, monitored: boolean, linked: boolean): HostFunction {
  return new HostFunction(name, (L) => {
    const r = spawnFrom(L, (child, parent) => {
      if (monitored) addMonitor(parent, child);
      if (linked) addLink(parent, child);
    });
    if ("kind" in r) return failWith(L, r.kind, r.message);
    return ok2(L, r.pid);
  });
}

const exec: HostFn = (L) => {
  const task = callingTask(L);
  const caller = task.proc;
  const token = task.wait;
  const r = spawnFrom(L, (child) => {
    (child.watchers ??= []).push((res) => {
      if (!caller.alive || token !== task.wait) return;
      if (res.ok) {
        wakeTask(task, [transfer(res.value, caller), undefined], token);
      } else {
        const e = res.error;
        const ev = e.kindless ? new ErrorValue(e.message, "INTERNAL", e.retryable, e.details, e.stack) : e;
        wakeTask(task, [undefined, transfer(errorObject(caller, ev), caller)], token);
      }
    });
  });
  if ("kind" in r) return failWith(L, r.kind, r.message);
  return PARK;
};

// ------------------------------------------------------------ monitors and links

function addMonitor(watcher: Process, target: Process): void {
  (target.monitors ??= new Set()).add(watcher);
  (watcher.monitoring ??= new Set()).add(target);
}

function addLink(a: Process, b: Process): void {
  (a.links ??= new Set()).add(b);
  (b.links ??= new Set()).add(a);
}

/** Removes queued events of `kind` about `from` (unmonitor's guarantee). */
function dropEvents(p: Process, kind: string, from: string): void {
  const buf = p.events?.buf;
  if (buf === null || buf === undefined) return;
  buf.removeIf((ev) => ev instanceof LuaTable && ev.getStr("kind") === kind && ev.getStr("from") === from);
}

function relation(name: string, apply: (self: Process, target: Process) => void, needsLive: boolean,
  after?: (self: Process, dest: string) => void): HostFunction {
  return new HostFunction(name, (L) => {
    const dest = stringArg(L, 1);
    const self = procOf(L);
    const r = resolve(self.rt, dest);
    if (r === self) return failWith(L, "INVALID", `cannot ${name} self`);
    if (r !== null && r !== "dead" && r.alive) apply(self, r);
    after?.(self, dest);
    if (r === null || r === "dead" || (needsLive && !r.alive)) return notFound(L, dest);
    return ok2(L);
  });
}

// ------------------------------------------------------------ stopping

const terminate: HostFn = (L) => {
  const dest = stringArg(L, 1);
  const self = procOf(L);
  const t = liveTarget(L, dest);
  if (t === null) return notFound(L, dest);
  self.rt.exit(t, { ok: false, error: new ErrorValue("process terminated", "CANCELED", undefined, undefined, "") });
  // A process that ended (itself, or through a link) never runs again.
  if (!self.alive) {
    L.G.budget = 0;
    return PARK;
  }
  return ok2(L);
};

/**
 * os.exit([code]) in a process (it replaces the stdlib's, which would stop
 * Node). The root process's ends the run: the command exits with that
 * status once every process has stopped and output is flushed. Any other
 * process's ends only that process, since the program is not its to stop:
 * status 0 (true, or none) is a normal exit with no value, any other a
 * failed exit whose error gives the status.
 */
export const OS_EXIT = new HostFunction("exit", (L, base, nargs) => {
  const v = nargs >= 1 ? L.stack[base] : undefined;
  const code = typeof v === "boolean" ? (v ? 0 : 1) : Number(optInteger(L, 1, 0)) & 0xff;
  const self = procOf(L);
  const rt = self.rt;
  if (self === rt.root) rt.exitCode = code;
  rt.exit(self, code === 0 ? { ok: true, value: undefined }
    : { ok: false, error: new ErrorValue(`exit status ${code}`, "UNKNOWN", undefined, undefined, "", true) });
  // Never returns: the thread parks for good (inside a host function's
  // callback, where it cannot park, it stops at the next budget check).
  L.G.budget = 0;
  return PARK;
});

const cancel: HostFn = (L) => {
  const dest = stringArg(L, 1);
  const reason = arg(L, 2);
  if (reason !== undefined && typeof reason !== "string") return typeError(L, 2, "string or nil");
  const self = procOf(L);
  const t = liveTarget(L, dest);
  if (t === null) return notFound(L, dest);
  const ev = new LuaTable();
  ev.setStr("kind", EV_CANCEL);
  ev.setStr("from", self.pid);
  if (reason !== undefined) ev.setStr("reason", reason);
  pushEvent(t, ev);
  return ok2(L);
};

// ------------------------------------------------------------ send, inbox, listeners

const send: HostFn = (L, base, nargs) => {
  const dest = stringArg(L, 1);
  const topic = stringArg(L, 2);
  if (topic === "" || topic.startsWith("@")) return failWith(L, "INVALID", `invalid topic '${topic}'`);
  const self = procOf(L);
  const r = resolve(self.rt, dest);
  if (r === null) return notFound(L, dest);
  if (r === "dead" || !r.alive) return ok2(L);
  const values: LuaValue[] = [];
  for (let i = 2; i < nargs; i++) values.push(transfer(L.stack[base + i], r));
  deliverMessage(r, self.pid, topic, values);
  return ok2(L);
};

const listen: HostFn = (L) => {
  const topic = stringArg(L, 1);
  const opts = arg(L, 2);
  const p = procOf(L);
  if (topic === "" || topic.startsWith("@")) return failWith(L, "INVALID", `invalid topic '${topic}'`);
  let message = false;
  if (opts !== undefined) {
    if (!(opts instanceof LuaTable)) return failWith(L, "INVALID", "options must be a table");
    for (let k = opts.next(undefined); k !== undefined; k = opts.next(k)) {
      if (k !== "message") return failWith(L, "INVALID", `unknown option '${String(k)}'`);
      if (typeof opts.nextValue !== "boolean") return failWith(L, "INVALID", "option 'message' must be a boolean");
      message = opts.nextValue;
    }
  }
  const listeners = p.listeners ??= new Map();
  let l = listeners.get(topic);
  if (l === undefined) {
    l = { ch: new Channel(Infinity, ChanKind.Listener), message };
    listeners.set(topic, l);
  }
  return push(L, channelObject(p, l.ch));
};

const unlisten: HostFn = (L) => {
  const ch = objectArg(L, 1, Channel);
  const p = procOf(L);
  if (ch !== undefined && p.listeners !== null) {
    for (const [topic, l] of p.listeners) if (l.ch === ch) p.listeners.delete(topic);
  }
  return 0;
};

// ------------------------------------------------------------ options

const getOptions: HostFn = (L) => {
  const p = procOf(L);
  const t = new LuaTable();
  t.setStr("trap_links", p.trapLinks);
  t.setStr("upgradable", p.upgradable);
  return push(L, t);
};

const setOptions: HostFn = (L) => {
  const opts = arg(L, 1);
  const fail = (msg: string): number => {
    failWith(L, "INVALID", msg, false);
    return 2;
  };
  if (!(opts instanceof LuaTable)) return fail("options must be a table");
  const changes: [string, boolean][] = [];
  for (let k = opts.next(undefined); k !== undefined; k = opts.next(k)) {
    if (k !== "trap_links" && k !== "upgradable") return fail(`unknown option '${String(k)}'`);
    if (typeof opts.nextValue !== "boolean") return fail(`option '${k}' must be a boolean`);
    changes.push([k, opts.nextValue]);
  }
  const p = procOf(L);
  for (const [k, v] of changes) {
    if (k === "trap_links") p.trapLinks = v;
    else p.upgradable = v;
  }
  return ok2(L);
};

// ------------------------------------------------------------ registry

const register: HostFn = (L) => {
  const name = stringArg(L, 1);
  const pidArg = arg(L, 2);
  const self = procOf(L);
  const rt = self.rt;
  let target: Process = self;
  if (pidArg !== undefined) {
    if (typeof pidArg !== "string") return typeError(L, 2, "string or nil");
    const t = liveTarget(L, pidArg);
    if (t === null) return notFound(L, pidArg);
    target = t;
  }
  const holder = rt.names.get(name);
  if (holder === target) return ok2(L);
  if (holder !== undefined && holder.alive) return failWith(L, "ALREADY_EXISTS", `name '${name}' is already registered`);
  rt.names.set(name, target);
  (target.names ??= []).push(name);
  return ok2(L);
};

const lookup: HostFn = (L) => {
  const name = stringArg(L, 1);
  const p = procOf(L).rt.names.get(name);
  if (p === undefined || !p.alive) return failWith(L, "NOT_FOUND", `name '${name}' is not registered`);
  return ok2(L, p.pid);
};

const unregister: HostFn = (L) => {
  const name = stringArg(L, 1);
  const self = procOf(L);
  if (self.rt.names.get(name) !== self) return push(L, false);
  self.rt.names.delete(name);
  if (self.names !== null) self.names = self.names.filter((n) => n !== name);
  return push(L, true);
};

function table(entries: [string, LuaValue][]): LuaTable {
  const t = new LuaTable();
  for (const [k, v] of entries) t.setStr(k, v);
  return t;
}

/** The `process` global's template (its sub-tables become per-process copies through CowTree). */
export function processTable(): LuaTable {
  return table([
    ["pid", new HostFunction("pid", (L) => push(L, procOf(L).pid))],
    ["id", new HostFunction("id", (L) => push(L, procOf(L).pid))],
    ["spawn", spawner("spawn", false, false)],
    ["spawn_monitored", spawner("spawn_monitored", true, false)],
    ["spawn_linked", spawner("spawn_linked", false, true)],
    ["spawn_linked_monitored", spawner("spawn_linked_monitored", true, true)],
    ["exec", new HostFunction("exec", exec)],
    ["send", new HostFunction("send", send)],
    ["inbox", new HostFunction("inbox", (L) => push(L, channelObject(procOf(L), inboxChannel(procOf(L)))))],
    ["events", new HostFunction("events", (L) => push(L, channelObject(procOf(L), eventsChannel(procOf(L)))))],
    ["listen", new HostFunction("listen", listen)],
    ["unlisten", new HostFunction("unlisten", unlisten)],
    ["monitor", relation("monitor", addMonitor, true)],
    ["unmonitor", relation("unmonitor", (self, t) => {
      t.monitors?.delete(self);
      self.monitoring?.delete(t);
    }, false, (self, dest) => {
      const r = resolve(self.rt, dest);
      if (r !== null) dropEvents(self, EV_EXIT, r === "dead" ? dest : r.pid);
    })],
    ["link", relation("link", addLink, true)],
    ["unlink", relation("unlink", (self, t) => {
      t.links?.delete(self);
      self.links?.delete(t);
    }, false)],
    ["get_options", new HostFunction("get_options", getOptions)],
    ["set_options", new HostFunction("set_options", setOptions)],
    ["terminate", new HostFunction("terminate", terminate)],
    ["cancel", new HostFunction("cancel", cancel)],
    ["event", table([["CANCEL", EV_CANCEL], ["EXIT", EV_EXIT], ["LINK_DOWN", EV_LINK_DOWN]])],
    ["registry", table([
      ["register", new HostFunction("register", register)],
      ["lookup", new HostFunction("lookup", lookup)],
      ["unregister", new HostFunction("unregister", unregister)],
      ["LOCAL", "local"],
      ["EVENTUAL", "eventual"],
      ["CONSISTENT", "consistent"],
      ["STRONG", "strong"],
    ])],
  ]);
}
