// Running a program: a runtime whose root process is a script, the way
// `wippy-lua app.lua` does (runtime spec §11.2). The root's exit decides
// the exit status; when it ends every other process ends too.

import { readFileSync } from "node:fs";
import path from "node:path";
import { LuaSyntaxError } from "@wippy-lua/parser";
import { installRuntime, markPlainMainThread } from "./globals.js";
import { buildTemplate } from "./process-state.js";
import { Runtime, abortTask, type ExitResult, type RuntimeOptions } from "./runtime.js";
import { startProcess } from "./spawn.js";
import { LuaError, LuaTable, compileChunk, interrupt, toLuaString, type LuaValue, type Proto } from "./vm.js";

/**
 * A runtime ready to run processes. package.path is the project's; with
 * `pathsFromEnv` LUA_PATH / LUA_CPATH set the paths as they do for lua.
 */
export function createRuntime(options: RuntimeOptions, pathsFromEnv = false): Runtime {
  const rt = new Runtime(options);
  const root = options.root;
  const path_ = `${root}/?.lua;${root}/?/init.lua;./?.lua;./?/init.lua`;
  rt.template = buildTemplate(options.sandbox === true, toLuaString(path_), installRuntime, pathsFromEnv);
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
  }, false, true);
  return exitStatus(await done, rt, report);
}

/**
 * One thing the root process does, in order (lua.c's LUA_INIT, -e, -l, then
 * the script). The script is the chunk given `args`: it receives arg[1..#arg]
 * as the global `arg` stands when it starts, as lua.c passes them.
 */
export type ProgramStep =
  | { kind: "chunk"; source: string; chunkName: string; args?: readonly string[] }
  | { kind: "require"; name: string };

export interface RunProgramOptions extends RunMainOptions {
  /** The global `arg` table's entries (index, byte string), as lua.c builds it. */
  argTable?: readonly (readonly [number, string])[];
  /** lua -E: LUA_PATH and LUA_CPATH are ignored (otherwise they set the paths as for lua). */
  ignoreEnv?: boolean;
  /**
   * lua.c's Ctrl-C: while the program runs, SIGINT makes the root process's
   * running code raise "interrupted!" (a parked call raises it at once); a
   * second SIGINT ends the command as Node's default action does.
   */
  interruptible?: boolean;
}

// The root process's entry when the command line asks for several steps:
// each chunk is loaded again inside the process (the compile cache makes
// that free) and run in order; `-l` steps require into a global. The last
// chunk (the script) gets the entry rules of spec §11.2: a returned function
// or table with `main` is called with the script's arguments.
const DRIVER = `local steps = ...
-- Taken before any step runs: a chunk that changes these globals (-e "load=nil")
-- must not break the steps after it, as in lua.c, whose driver is C.
local G, load, require, pcall, error, assert, type, rawget = _G, load, require, pcall, error, assert, type, rawget
local pack, unpack = table.pack, table.unpack
local n = #steps
-- require's errors are reported without a position, as from lua.c.
local function req(name)
  local ok, m = pcall(require, name)
  if not ok then error(m, 0) end
  G[name] = m
end
for i = 1, n - 1 do
  local s = steps[i]
  if s.require then
    req(s.require)
  else
    assert(load(s.source, s.chunkname))()
  end
end
local s = steps[n]
if s.require then return req(s.require) end
local f = assert(load(s.source, s.chunkname))
local args, nargs = s.args, s.nargs
if s.script then
  -- A script gets arg[1..#arg] as it stands now (lua.c's pushargs): -e may have changed it.
  local a = rawget(G, "arg")
  if type(a) ~= "table" then error("'arg' is not a table", 0) end
  args, nargs = {}, #a
  for i = 1, nargs do args[i] = rawget(a, i) end
end
local r = pack(f(unpack(args, 1, nargs)))
local entry = r[1]
if type(entry) == "table" then entry = rawget(entry, "main") end
if type(entry) == "function" then return entry(unpack(args, 1, nargs)) end
return unpack(r, 1, r.n)`;

/**
 * Runs the steps of a command line in one root process: every chunk is
 * compiled first, so a syntax error is reported (without traceback, like
 * lua) before anything runs. The root's main thread behaves like lua.c's:
 * coroutine.yield there raises "attempt to yield from outside a coroutine"
 * (blocking calls still park it). Resolves with the exit status, as runMain.
 */
export async function runProgram(steps: readonly ProgramStep[], options: RunProgramOptions = {}): Promise<number> {
  const prog = options.progName ?? "wippy-lua";
  const rt = createRuntime({ ...options, root: options.root ?? process.cwd() }, options.ignoreEnv !== true);
  const report = (msg: string): void => rt.stderr(toLuaString(`${prog}: `) + msg + "\n");
  const stepTable = new LuaTable();
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i]!;
    const t = new LuaTable();
    if (step.kind === "require") {
      t.setStr("require", toLuaString(step.name));
    } else {
      try {
        compileChunk(step.source, step.chunkName);
      } catch (e) {
        report(e instanceof LuaSyntaxError || e instanceof LuaError ? e.message : String(e));
        return 1;
      }
      t.setStr("source", step.source);
      t.setStr("chunkname", step.chunkName);
      const args = new LuaTable();
      const list = step.args ?? [];
      for (let j = 0; j < list.length; j++) args.setInt(j + 1, list[j]);
      t.setStr("args", args);
      t.setStr("nargs", list.length);
      // The step with arguments is the script (the others are -e chunks and LUA_INIT).
      t.setStr("script", step.args !== undefined);
    }
    stepTable.setInt(i + 1, t);
  }
  // A lone script runs as the root's entry itself (its frames are the only ones).
  const only = steps.length === 1 && steps[0]!.kind === "chunk" ? steps[0] : null;
  const entry = only !== null ? compileChunk(only.source, only.chunkName) : compileChunk(DRIVER, "=wippy-lua");
  const entryArgs: LuaValue[] = only !== null ? [...(only.args ?? [])] : [stepTable];
  const done = rt.whenDone();
  rt.root = startProcess(rt, rt.host, entry, "main", false, entryArgs, (p) => {
    // The command's main thread is lua.c's: coroutine.yield there raises (ADR 0004).
    markPlainMainThread(p.main.T);
    if (options.argTable === undefined) return;
    const argt = new LuaTable();
    for (const [i, v] of options.argTable) argt.setInt(i, v);
    p.G.globals.setStr("arg", argt);
  }, false, true);
  const onInterrupt = (): void => {
    process.off("SIGINT", onInterrupt);
    const root = rt.root;
    if (root === null || !root.alive) return;
    if (!abortTask(root.main, new LuaError("interrupted!", true))) interrupt(root.G);
  };
  if (options.interruptible === true) process.on("SIGINT", onInterrupt);
  try {
    return exitStatus(await done, rt, report);
  } finally {
    process.off("SIGINT", onInterrupt);
  }
}

function exitStatus(r: ExitResult | "deadlock", rt: Runtime, report: (msg: string) => void): number {
  if (r === "deadlock") {
    report(deadlockReport(rt.blocked));
    return 1;
  }
  // os.exit(code) in the root: that status, nothing reported (as lua).
  if (rt.exitCode !== null) return rt.exitCode;
  if (r.ok) return 0;
  report(rt.root?.trace ?? r.error.message);
  return 1;
}

/** `deadlock: every process is blocked: pid, pid, ...` (at most 20 listed). */
function deadlockReport(pids: readonly string[]): string {
  const shown = pids.slice(0, 20).join(", ");
  const more = pids.length > 20 ? `, ... (${pids.length} in all)` : "";
  return `deadlock: every process is blocked: ${shown}${more}`;
}
