// What built-in modules hold outside the Lua heap (database handles,
// connections, requests in flight) and must give back: per process when
// it exits (runtime spec §9.1, §9.3), per runtime when the run ends.

import type { Process, Runtime } from "../runtime.js";

const perRuntime = new WeakMap<Runtime, Map<symbol, unknown>>();

/**
 * The state module `key` keeps for runtime rt, made on first use; `close`
 * runs when the run ends.
 */
export function runtimeState<T>(rt: Runtime, key: symbol, make: () => T, close: (state: T) => void): T {
  let states = perRuntime.get(rt);
  if (states === undefined) perRuntime.set(rt, states = new Map());
  if (states.has(key)) return states.get(key) as T;
  const state = make();
  states.set(key, state);
  rt.endHooks.push(() => close(state));
  return state;
}

/** Runs fn once when p exits (not when the whole run ends: see runtimeState). */
export function onExit(p: Process, fn: () => void): void {
  (p.watchers ??= []).push(fn);
}
