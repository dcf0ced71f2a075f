// The `wippy-lua` command: a drop-in for the standalone `lua` 5.3 (lua.c):
// options, the `arg` table, LUA_INIT, script from a file or stdin, and the
// REPL (loaded only when needed, to keep start-up fast). main.ts starts it,
// from the build's bundle when that is up to date.

import { fstatSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { ProgramStep } from "@wippy-lua/scheduler";
import { flush, type LuaState } from "@wippy-lua/vm";
import { argTableEntries, luaInit, parseArgs, USAGE, type Options } from "./args.js";
import { PROGNAME, readBytes, toBytes } from "./run.js";

export const VERSION_LINE = "wippy-lua 0.1.0 (Lua 5.3 in TypeScript)";

/** Writes `wippy-lua: msg` to stderr, as lua.c's l_message. */
function report(G: LuaState | null, msg: string): void {
  if (G !== null) flush(G);
  process.stderr.write(Buffer.from(`${PROGNAME}: ${msg}\n`, "latin1"));
}

function stdinIsTerminal(): boolean {
  try {
    return process.stdin.isTTY === true || fstatSync(0).isCharacterDevice();
  } catch {
    return false;
  }
}

async function main(argv: string[]): Promise<number> {
  const parsed = parseArgs(argv);
  if ("error" in parsed) {
    process.stderr.write(`${PROGNAME}: ${parsed.error}\n${USAGE}\n`);
    return 1;
  }
  const opts: Options = parsed;
  if (opts.help) {
    process.stdout.write(USAGE + "\n");
    return 0;
  }
  if (opts.checkOnly !== undefined) {
    if (opts.checkOnly.length === 0) {
      process.stderr.write(`${PROGNAME}: check needs at least one file\n${USAGE}\n`);
      return 1;
    }
    const { runCheckCommand } = await import("@wippy-lua/types");
    return runCheckCommand(opts.checkOnly);
  }
  if (opts.check && opts.script !== undefined && opts.script !== "-") {
    const { checkBeforeRun } = await import("@wippy-lua/types");
    if (checkBeforeRun(opts.script) !== 0) return 1;
  }
  if (opts.ohmParser) {
    const parser = await import("@wippy-lua/parser");
    await parser.loadOhmParser();
    parser.setDefaultParser("ohm");
  }
  const noScriptNoCode = opts.script === undefined && opts.actions.length === 0 && !opts.version;
  const interactive = opts.interactive || (noScriptNoCode && stdinIsTerminal());
  if (opts.version || interactive) process.stdout.write(VERSION_LINE + "\n");
  const argEntries = argTableEntries(PROGNAME, argv, opts.scriptIndex);
  if (!interactive) return runAsProgram(opts, argv, argEntries);

  // The REPL (and -i) runs its chunks in a root process of the actor runtime.
  const { runInteractive } = await import("./repl.js");
  return runInteractive(opts, argv, argEntries, readScript);
}

/**
 * Scripts and -e run as the root process of the actor runtime, so the
 * runtime globals (process, channel, coroutine.spawn, errors) and modules
 * are there: LUA_INIT, -e and -l, then the script, in one process.
 */
async function runAsProgram(opts: Options, argv: string[], argEntries: [number, string][]): Promise<number> {
  // Imported before stdin is read: after a synchronous read of a pipe on fd 0,
  // Node 20 resolved the runtime's own imports of @wippy-lua/vm to a second
  // path (not realpath'd), so its objects failed the VM's instanceof tests.
  const { runProgram } = await import("@wippy-lua/scheduler");
  const steps: ProgramStep[] = [];
  const env = opts.ignoreEnv ? null : luaInit();
  if (env !== null) {
    const { name, init } = env;
    if (init.startsWith("@")) {
      const file = readScript(init.slice(1));
      if (file === null) return 1;
      steps.push({ kind: "chunk", source: file, chunkName: "@" + init.slice(1) });
    } else {
      steps.push({ kind: "chunk", source: toBytes(init), chunkName: name });
    }
  }
  for (const action of opts.actions) {
    steps.push(action.kind === "exec"
      ? { kind: "chunk", source: toBytes(action.code), chunkName: "=(command line)" }
      : { kind: "require", name: action.name });
  }
  let root = process.cwd();
  const fromStdin = opts.script === "-" || (opts.script === undefined && opts.actions.length === 0 && !opts.version);
  if (opts.script !== undefined || fromStdin) {
    const path = fromStdin ? null : opts.script!;
    const source = readScript(path);
    if (source === null) return 1;
    const args = opts.script === undefined ? [] : argv.slice(opts.scriptIndex + 1).map(toBytes);
    steps.push({ kind: "chunk", source, chunkName: path === null ? "=stdin" : "@" + path, args });
    if (path !== null) root = dirname(resolve(path));
  }
  if (steps.length === 0) return 0;
  return runProgram(steps, {
    root,
    progName: PROGNAME,
    argTable: argEntries.map(([i, s]) => [i, toBytes(s)] as const),
    ignoreEnv: opts.ignoreEnv,
    interruptible: true,
    sandbox: opts.sandbox,
  });
}

/** A script's bytes, or null after reporting that it cannot be opened. */
function readScript(path: string | null): string | null {
  try {
    return readBytes(path === null ? 0 : path);
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code === "ENOENT" ? "No such file or directory" : (e as Error).message;
    report(null, `cannot open ${path ?? "stdin"}: ${why}`);
    return null;
  }
}

main(process.argv.slice(2)).then(
  (status) => {
    process.exitCode = status;
  },
  (e: unknown) => {
    // Only a bug in wippy-lua itself can get here: say so without a JS stack.
    process.stderr.write(`${PROGNAME}: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
