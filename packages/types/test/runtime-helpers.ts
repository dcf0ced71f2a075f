// Running Lua snippets in a state with the standard library and the runtime
// type library, for the runtime*.test.ts files.

import { openLibs } from "@wippy-lua/stdlib";
import { LuaError, call, load, newState, type LuaState, type LuaValue } from "@wippy-lua/vm";
import { openTypes, type ErrorSupport } from "../src/runtime/index.js";

export interface RunResult {
  out: string;
  /** The error value raised by the chunk, rendered with tostring semantics for strings. */
  error: string | undefined;
  errorValue: LuaValue;
  G: LuaState;
}

export function run(src: string, options?: { types?: boolean; errors?: ErrorSupport; chunkName?: string }): RunResult {
  let out = "";
  const libs = [(G: LuaState) => openLibs(G)];
  if (options?.types !== false) libs.push((G) => openTypes(G, options?.errors ? { errors: options.errors } : undefined));
  const G = newState({ stdout: (s) => (out += s), stderr: () => {}, libs });
  let error: string | undefined;
  let errorValue: LuaValue;
  try {
    call(G, load(G, src, options?.chunkName ?? "=t"));
  } catch (e) {
    if (!(e instanceof LuaError)) throw e;
    errorValue = e.value;
    error = typeof e.value === "string" ? e.value : `(${typeof e.value === "object" ? "object" : String(e.value)})`;
  }
  G.flush();
  return { out, error, errorValue, G };
}

/** Output of a snippet that must not raise. */
export function output(src: string): string {
  const r = run(src);
  if (r.error !== undefined) throw new Error(`unexpected Lua error: ${r.error}\noutput so far:\n${r.out}`);
  return r.out;
}

/** The error message of a snippet that must raise a string error. */
export function errorOf(src: string): string {
  const r = run(src);
  if (r.error === undefined) throw new Error(`expected a Lua error; output:\n${r.out}`);
  return r.error;
}
