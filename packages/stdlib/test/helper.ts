// Runs Lua source in a fresh state with the standard libraries and
// captures what it prints. Errors come back as the Lua error message.

import { LuaError, LuaState, load, newState, runThread, newThread, tostring, flush } from "@wippy-lua/vm";
import { LuaSyntaxError } from "@wippy-lua/parser";
import { openLibs, type OpenLibsOptions } from "../src/index.js";

export interface RunResult {
  stdout: string;
  stderr: string;
  error: string | null;
}

export class ExitSignal extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

/** The last os.exit code per state (the VM turns the thrown ExitSignal into a Lua error). */
const exitCodes = new WeakMap<LuaState, number>();

export function newTestState(options?: OpenLibsOptions): { G: LuaState; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const G = newState({ stdout: (s) => out.push(s), stderr: (s) => err.push(s) });
  openLibs(G, {
    exit: (code, S) => {
      exitCodes.set(S, code);
      throw new ExitSignal(code);
    },
    ...options,
  });
  return { G, out, err };
}

export function run(src: string, options?: OpenLibsOptions, chunkName = "=test"): RunResult {
  const { G, out, err } = newTestState(options);
  let error: string | null = null;
  try {
    const f = load(G, src, chunkName);
    const r = runThread(newThread(G, f));
    if (r.status === "error") {
      const v = r.error.value;
      error = typeof v === "string" ? v : tostring(G.mainThread, v);
    } else if (r.status !== "done") {
      error = `unexpected status ${r.status}`;
    }
  } catch (e) {
    if (e instanceof LuaSyntaxError) error = e.message;
    else if (e instanceof ExitSignal) error = `exit ${e.code}`;
    else if (e instanceof LuaError) error = String(e.value);
    else throw e;
  }
  flush(G);
  const code = exitCodes.get(G);
  if (code !== undefined) error = `exit ${code}`;
  return { stdout: out.join(""), stderr: err.join(""), error };
}
