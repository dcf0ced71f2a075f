// Running a program: a runtime whose root process is a script, the way
// `wippy-lua app.lua` does (runtime spec §11.2). The root's exit decides
// the exit status; when it ends every other process ends too.

import { readFileSync } from "node:fs";
import path from "node:path";
import { LuaSyntaxError } from "@wippy-lua/parser";
import { installRuntime } from "./globals.js";
import { buildTemplate } from "./process-state.js";
import { Runtime, type ExitResult, type RuntimeOptions } from "./runtime.js";
import { startProcess } from "./spawn.js";
import { LuaError, LuaTable, compileChunk, toLuaString, type LuaValue, type Proto } from "./vm.js";

/** A runtime ready to run processes. */
export function createRuntime(options: RuntimeOptions): Runtime {
  const rt = new Runtime(options);
  const root = options.root;
  const path_ = `${root}/?.lua;${root}/?/init.lua;./?.lua;./?/init.lua`;
  rt.template = buildTemplate(options.sandbox === true, toLuaString(path_), installRuntime);
  return rt;
}

export interface RunMainOptions extends Partial<RuntimeOptions> {
  /** Name used in error reports (default "wippy-lua"). */
  progName?: string;
}

/**
 * Runs `scriptPath` as the root process with `args` (as `...` and in the
 * global `arg`, like lua). Resolves with the exit status: 0 when the root
 * exits normally, 1 when it fails (reported on stderr as `prog: message`
 * with a traceback), on a syntax error, or when every process is blocked
 * forever (deadlock).
 */
export async function runMain(scriptPath: string, args: readonly string[], options: RunMainOptions = {}): Promise<number> {
  const prog = options.progName ?? "wippy-lua";
  const rt = createRuntime({ ...options, root: options.root ?? path.dirname(path.resolve(scriptPath)) });
  const report = (msg: string): void => rt.stderr(toLuaString(`${prog}: `) + msg + "\n");
  let proto: Proto;
  try {
    const src = readFileSync(scriptPath).toString("latin1");
    proto = compileChunk(src.startsWith("#") ? "--" + src : src, "@" + scriptPath);
  } catch (e) {
    if (e instanceof LuaSyntaxError || e instanceof LuaError) report(e.message);
    else report(toLuaString(`cannot open ${scriptPath}`));
    return 1;
  }
  const luaArgs: LuaValue[] = args.map((a) => toLuaString(a));
  const done = rt.whenDone();
  rt.root = startProcess(rt, rt.host, proto, "main", false, luaArgs, (p) => {
    const argt = new LuaTable();
    argt.setInt(0, toLuaString(scriptPath));
    for (let i = 0; i < luaArgs.length; i++) argt.setInt(i + 1, luaArgs[i]);
    p.G.globals.setStr("arg", argt);
  });
  return exitStatus(await done, rt, report);
}

function exitStatus(r: ExitResult | "deadlock", rt: Runtime, report: (msg: string) => void): number {
  if (r === "deadlock") {
    report(`deadlock: every process is blocked (${rt.root?.pid ?? "?"} and ${rt.livePids().length - 1} others)`);
    return 1;
  }
  if (r.ok) return 0;
  report(rt.root?.trace ?? r.error.message);
  return 1;
}
