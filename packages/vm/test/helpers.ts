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

const WRAPPER = `local f, err = load(SRC, "=input")
if not f then print("SYNTAX: " .. err) return end
local ok, e = pcall(f)
if not ok then print("ERROR: " .. tostring(e)) end`;

/**
 * Runs `src` as chunk "=input" under pcall the way the expected outputs
 * were produced with lua5.3, and returns what it printed with object
 * addresses replaced by ADDR.
 */
export function runWrapped(src: string): string {
  let out = "";
  const state = newState({ stdout: (s) => { out += s; } });
  state.globals.set("SRC", src);
  call(state, load(state, WRAPPER, "=wrapper"));
  state.flush();
  return normalizeAddresses(out);
}

export function normalizeAddresses(s: string): string {
  return s.replace(/0x[0-9a-f]{6,}/g, "ADDR");
}
