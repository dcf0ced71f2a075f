// Running a program: a runtime whose root process is a script, the way
// `wippy-lua app.lua` does (runtime spec §11.2). The root's exit decides
// the exit status; when it ends every other process ends too.

import { readFileSync } from "node:fs";
import path from "node:path";
import { LuaSyntaxError } from "@wippy-lua/parser";
import { installRuntime, markPlainMainThread } from "./globals.js";
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

/** One thing the root process does, in order (lua.c's LUA_INIT, -e, -l, then the script). */
export type ProgramStep =
  | { kind: "chunk"; source: string; chunkName: string; args?: readonly string[] }
  | { kind: "require"; name: string };

export interface RunProgramOptions extends RunMainOptions {
  /** The global `arg` table's entries (index, byte string), as lua.c builds it. */
  argTable?: readonly (readonly [number, string])[];
}

// The root process's entry when the command line asks for several steps:
// each chunk is loaded again inside the process (the compile cache makes
// that free) and run in order; `-l` steps require into a global. The last
// chunk (the script) gets the entry rules of spec §11.2: a returned function
// or table with `main` is called with the script's arguments.
const DRIVER = `local steps = ...
local n = #steps
-- require's errors are reported without a position, as from lua.c.
local function req(name)
  local ok, m = pcall(require, name)
  if not ok then error(m, 0) end
  _G[name] = m
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
local r = table.pack(assert(load(s.source, s.chunkname))(table.unpack(s.args, 1, s.nargs)))
local entry = r[1]
if type(entry) == "table" then entry = rawget(entry, "main") end
if type(entry) == "function" then return entry(table.unpack(s.args, 1, s.nargs)) end
return table.unpack(r, 1, r.n)`;

/**
 * Runs the steps of a command line in one root process: every chunk is
 * compiled first, so a syntax error is reported (without traceback, like
 * lua) before anything runs. The root's main thread behaves like lua.c's:
 * coroutine.yield there raises "attempt to yield from outside a coroutine"
 * (blocking calls still park it). Resolves with the exit status, as runMain.
 */
export async function runProgram(steps: readonly ProgramStep[], options: RunProgramOptions = {}): Promise<number> {
  const prog = options.progName ?? "wippy-lua";
  const rt = createRuntime({ ...options, root: options.root ?? process.cwd() });
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
  });
  return exitStatus(await done, rt, report);
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
