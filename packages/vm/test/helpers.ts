// Test helpers: run Lua source in a fresh state and capture what it prints.

import { call, load, newState, type LuaState, type LuaValue, LuaError } from "../src/index.js";

export interface RunOutput {
  out: string;
  values: LuaValue[];
  state: LuaState;
}

/** Runs `src` and returns its output and results; Lua errors throw LuaError. */
export function run(src: string, chunkName = "=input"): RunOutput {
  let out = "";
  const state = newState({ stdout: (s) => { out += s; } });
  const fn = load(state, src, chunkName);
  const values = call(state, fn);
  state.flush();
  return { out, values, state };
}

/** The printed output of `src`. */
export function output(src: string): string {
  return run(src).out;
}

/** The error value `src` raises (fails if it does not). */
export function errorOf(src: string): LuaValue {
  try {
    run(src);
  } catch (e) {
    if (e instanceof LuaError) return e.value;
    throw e;
  }
  throw new Error("expected a Lua error");
}
