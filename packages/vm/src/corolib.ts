// The coroutine library (lcorolib.c). resume, yield and the functions made
// by wrap are VM specials (see call.ts): they switch threads inside the
// execute loop instead of nesting JS calls.

import { arg, argError, checkFunction, ret, ret1 } from "./auxlib.js";
import { HostFunction, Special, type HostFn } from "./function.js";
import { LuaError } from "./lua-error.js";
import { loadedTable } from "./baselib.js";
import { LuaThread, type LuaState } from "./state.js";
import { LuaTable, newStrKeys, type StrKeys } from "./table.js";
import type { LuaValue } from "./value.js";

/** A new suspended coroutine that will run `f`. */
export function newCoroutine(G: LuaState, f: LuaValue): LuaThread {
  const co = new LuaThread(G, true);
  co.stack[0] = f;
  co.top = 1;
  return co;
}

const create: HostFn = (L) => ret1(L, newCoroutine(L.G, checkFunction(L, 1)));

function specialStub(name: string): HostFn {
  return () => {
    throw new LuaError(`'${name}' called outside the VM`, true);
  };
}

const resume = new HostFunction("resume", specialStub("resume"), Special.Resume);

/**
 * A coroutine.yield. Inside a coroutine the VM yields; on any other thread
 * it calls `onOtherThread` as an ordinary host function instead (lua.c's
 * main thread raises an error; a scheduler may make it a scheduling point).
 */
export function yieldFunction(onOtherThread: HostFn): HostFunction {
  return new HostFunction("yield", onOtherThread, Special.Yield);
}

const yieldFn = yieldFunction(() => {
  throw new LuaError("attempt to yield from outside a coroutine", false);
});

const wrap: HostFn = (L) => {
  const co = newCoroutine(L.G, checkFunction(L, 1));
  return ret1(L, new HostFunction("wrap", specialStub("wrap"), Special.Wrap, [co]));
};

const status: HostFn = (L) => {
  const co = arg(L, 1);
  if (!(co instanceof LuaThread)) return argError(L, 1, "thread expected");
  return ret1(L, co === L ? "running" : co.status);
};

const running: HostFn = (L) => ret(L, L, !L.isCoroutine);

const isyieldable: HostFn = (L) => ret1(L, L.isCoroutine && L.nny === 0);

const TEMPLATE: StrKeys = Object.assign(newStrKeys(), {
  create: new HostFunction("create", create),
  isyieldable: new HostFunction("isyieldable", isyieldable),
  resume,
  running: new HostFunction("running", running),
  status: new HostFunction("status", status),
  wrap: new HostFunction("wrap", wrap),
  yield: yieldFn,
});

export function openCoroutine(G: LuaState): void {
  const t = new LuaTable();
  t.adoptStrs(Object.assign(newStrKeys(), TEMPLATE));
  G.globals.setStr("coroutine", t);
  loadedTable(G).setStr("coroutine", t);
}
