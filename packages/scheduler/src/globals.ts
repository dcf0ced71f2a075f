// The runtime's globals in the template state (runtime spec §2): process,
// channel, errors, coroutine.spawn and a coroutine.yield that is a
// scheduling point on managed threads, and `time` for require.

import { CHANNEL_ENTRIES, callingTask } from "./channel-lib.js";
import { ERRORS_ENTRIES, isErrorObject, newError, type Kind } from "./errors-lib.js";
import { procOf } from "./meta.js";
import { OS_EXIT, processTable } from "./process-lib.js";
import { PARK, Task, wakeTask } from "./runtime.js";
import { TIME_LOADER } from "./time-lib.js";
import { MODULE_LOADERS } from "./modules/loaders.js";
import { openTypes } from "@wippy-lua/types/runtime";
import {
  HostFunction, LuaError, LuaTable, checkFunction, newThread, yieldFunction, type HostFn, type LuaState, type LuaThread,
  type LuaValue,
} from "./vm.js";

const spawn: HostFn = (L, base, nargs) => {
  const fn = checkFunction(L, 1);
  const p = procOf(L);
  const args = L.stack.slice(base + 1, base + nargs);
  const T = newThread(p.G, fn, args);
  // Queued behind the threads already ready: it starts at the spawner's next scheduling point.
  p.ready.push(new Task(p, T));
  p.rt.enqueue(p);
  L.stack[L.top++] = T;
  return 1;
};

/**
 * Main threads that behave like lua.c's: coroutine.yield raises there
 * instead of being a scheduling point (the root process of the wippy-lua
 * command; see ADR 0004, "The command's main thread").
 */
const plainMainThreads = new WeakSet<LuaThread>();

/** Makes `T` (a process's main thread) refuse coroutine.yield as lua.c's main thread does. */
export function markPlainMainThread(T: LuaThread): void {
  plainMainThreads.add(T);
}

/**
 * coroutine.yield on a managed thread (not inside a coroutine.create
 * coroutine, where the VM yields): a scheduling point, the thread goes to
 * the back of its process's ready queue and the call returns no values.
 */
const yieldManaged: HostFn = (L) => {
  if (plainMainThreads.has(L)) throw new LuaError("attempt to yield from outside a coroutine", false);
  wakeTask(callingTask(L), []);
  return PARK;
};

function table(entries: [LuaValue, LuaValue][]): LuaTable {
  const t = new LuaTable();
  for (const [k, v] of entries) t.set(k, v);
  return t;
}

/** Adds the runtime's globals to a template state. */
export function installRuntime(TG: LuaState): void {
  // Runtime type values (types.md §5): INVALID failures are the runtime's error objects.
  openTypes(TG, { errors: { newError: (L, kind, message) => newError(L, kind as Kind, message), isError: isErrorObject } });
  const g = TG.globals;
  g.setStr("process", processTable());
  g.setStr("channel", table(CHANNEL_ENTRIES));
  g.setStr("errors", table(ERRORS_ENTRIES));
  const co = g.getStr("coroutine");
  if (co instanceof LuaTable) {
    co.setStr("spawn", new HostFunction("spawn", spawn));
    co.setStr("yield", yieldFunction(yieldManaged));
  }
  const os = g.getStr("os");
  if (os instanceof LuaTable && os.getStr("exit") !== undefined) os.setStr("exit", OS_EXIT);
  const preload = TG.registry.getStr("_PRELOAD");
  if (preload instanceof LuaTable) preload.setStr("time", TIME_LOADER);
  if (preload instanceof LuaTable) for (const [name, loader] of MODULE_LOADERS) preload.setStr(name, loader);
}
