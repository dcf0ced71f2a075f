// The interactive mode (lua.c's -i and doREPL): LUA_INIT, -e, -l and the
// script, then the prompt, all run as chunks of one root process of the
// actor runtime (scheduler's startSession), so process, channel,
// coroutine.spawn and require("time") work at the prompt and blocking calls
// park there. Line editing, history kept in the home folder, tab completion
// of globals and fields, colours, and Ctrl-C that interrupts running Lua
// code (even while it waits on a channel or a timer) without leaving the REPL.

import { appendFileSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import * as readline from "node:readline";
import { Chalk } from "chalk";
import { startSession, type Session, type SessionOutcome } from "@wippy-lua/scheduler";
import { LuaError, LuaTable, call, getGlobal, flush, tostring, type LuaState, type LuaValue } from "@wippy-lua/vm";
import { luaInit, type Options } from "./args.js";
import { formatValue, plainPainter, type Painter } from "./pretty.js";
import { PROGNAME, bytesToText, loadChunk, toBytes, type Loaded } from "./run.js";

const HISTORY_FILE = ".wippy_lua_history";
const HISTORY_SIZE = 1000;

function historyPath(): string {
  return join(process.env.HOME ?? homedir(), HISTORY_FILE);
}

function loadHistory(): string[] {
  try {
    // readline wants the newest entry first.
    return readFileSync(historyPath(), "utf8").split("\n").filter((l) => l !== "").reverse().slice(0, HISTORY_SIZE);
  } catch {
    return [];
  }
}

function saveHistory(entry: string): void {
  try {
    appendFileSync(historyPath(), entry.replace(/\n/g, " ") + "\n");
  } catch {
    // A read-only home folder only costs the history.
  }
}

function makePainter(colour: boolean): { paint: Painter; error: (s: string) => string } {
  if (!colour) return { paint: plainPainter, error: (s) => s };
  const c = new Chalk({ level: 1 });
  return {
    paint: { string: c.green, number: c.cyan, keyword: c.yellow, other: c.magenta, punct: (s) => s },
    error: c.red,
  };
}

/** The prompt: _PROMPT / _PROMPT2 when they are set, as lua.c does. */
function prompt(G: LuaState, first: boolean): string {
  const v = getGlobal(G, first ? "_PROMPT" : "_PROMPT2");
  return typeof v === "string" ? bytesToText(v) : first ? "> " : ">> ";
}

/** Completions for the identifier chain before the cursor: `str` -> `string`, `string.fo` -> `string.format`. */
export function complete(G: LuaState, line: string): [string[], string] {
  const m = /([A-Za-z_][A-Za-z0-9_]*(?:[.:][A-Za-z_][A-Za-z0-9_]*)*[.:]?)$/.exec(line);
  if (m === null) return [[], ""];
  const chain = m[1]!;
  const parts = chain.split(/[.:]/);
  const last = parts.pop()!;
  let t: LuaValue = G.globals;
  for (const p of parts) {
    if (!(t instanceof LuaTable)) return [[], chain];
    t = t.get(p);
  }
  if (!(t instanceof LuaTable)) return [[], chain];
  const prefix = chain.slice(0, chain.length - last.length);
  const found: string[] = [];
  for (let k = t.next(undefined); k !== undefined; k = t.next(k)) {
    if (typeof k === "string" && k.startsWith(last) && /^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) found.push(prefix + k);
  }
  return [found.sort(), chain];
}

/** Compiles a REPL entry: first as `return <line>` so expressions print, then as a statement. */
function compileEntry(G: LuaState, text: string, first: boolean): Loaded {
  if (first) {
    const asExpr = loadChunk(G, toBytes("return " + text), "=stdin");
    if (asExpr.ok) return asExpr;
  }
  return loadChunk(G, toBytes(text), "=stdin");
}

/** Writes `wippy-lua: msg` to stderr after the session's pending output, as lua.c's l_message. */
function report(G: LuaState, msg: string): void {
  flush(G);
  process.stderr.write(Buffer.from(`${PROGNAME}: ${msg}\n`, "latin1"));
}

/** The exit status if the root process ended, after reporting a failure; null while the session goes on. */
function endedStatus(G: LuaState, r: SessionOutcome): number | null {
  if (r.kind !== "ended") return null;
  if (r.message !== null) report(G, r.message);
  return r.status;
}

/**
 * `wippy-lua -i [script]` and the bare prompt: LUA_INIT (unless -E), -e and
 * -l in order, the script, then the REPL. A failing step reports and exits
 * with status 1 before the prompt, as lua.c does; os.exit ends at once.
 * `readScript` reads a file (null: stdin) or reports why it cannot.
 */
export async function runInteractive(opts: Options, argv: readonly string[], argEntries: readonly (readonly [number, string])[],
  readScript: (path: string | null) => string | null): Promise<number> {
  const scriptPath = opts.script === undefined || opts.script === "-" ? null : opts.script;
  const session = startSession({
    root: scriptPath !== null ? dirname(resolve(scriptPath)) : process.cwd(),
    argTable: argEntries.map(([i, s]) => [i, toBytes(s)] as const),
    // The command's main thread is lua.c's, at the prompt too (ADR 0004).
    plainMainThread: true,
    sandbox: opts.sandbox,
    onThreadError: (m) => report(session.G, m),
  });
  const G = session.G;
  // One step: the session's status if it ended, 1 after reporting a failure, null to go on.
  const step = async (fn: LuaValue, args: readonly LuaValue[] = []): Promise<number | null> => {
    const r = await session.run(fn, args);
    if (r.kind === "error") {
      report(G, r.message);
      return 1;
    }
    return endedStatus(G, r);
  };
  const chunk = async (source: string, chunkName: string, args: readonly LuaValue[] = []): Promise<number | null> => {
    const loaded = loadChunk(G, source, chunkName);
    if (!loaded.ok) {
      report(G, loaded.message);
      return 1;
    }
    return step(loaded.fn, args);
  };
  const stop = async (status: number): Promise<number> => {
    await session.close();
    return status;
  };

  const env = opts.ignoreEnv ? null : luaInit();
  if (env !== null) {
    const { name, init } = env;
    let status: number | null;
    if (init.startsWith("@")) {
      const source = readScript(init.slice(1));
      status = source === null ? 1 : await chunk(source, "@" + init.slice(1));
    } else {
      status = await chunk(toBytes(init), name);
    }
    if (status !== null) return stop(status);
  }
  for (const action of opts.actions) {
    let status: number | null;
    if (action.kind === "exec") {
      status = await chunk(toBytes(action.code), "=(command line)");
    } else {
      // -l name: require(name) into the global `name`.
      const name = toBytes(action.name);
      const r = await session.run(getGlobal(G, "require"), [name]);
      if (r.kind === "ok") G.globals.set(name, r.values[0]);
      status = r.kind === "error" ? (report(G, r.message), 1) : endedStatus(G, r);
    }
    if (status !== null) return stop(status);
  }
  if (opts.script !== undefined) {
    flush(G);
    const source = readScript(scriptPath);
    const args = argv.slice(opts.scriptIndex + 1).map(toBytes);
    const status = source === null ? 1 : await chunk(source, scriptPath === null ? "=stdin" : "@" + scriptPath, args);
    if (status !== null) return stop(status);
  }
  flush(G);
  return runRepl(session);
}

/** The prompt loop; resolves with the exit status (0 at end of input, os.exit's status). */
export async function runRepl(session: Session): Promise<number> {
  const G = session.G;
  const terminal = process.stdin.isTTY === true && process.stdout.isTTY === true;
  const colour = terminal && process.env.NO_COLOR === undefined;
  const { paint, error } = makePainter(colour);
  const rl = readline.createInterface({
    input: process.stdin,
    output: process.stdout,
    terminal,
    history: terminal ? loadHistory() : [],
    historySize: HISTORY_SIZE,
    completer: (line: string) => complete(G, line),
  });
  const onInterrupt = (): void => {
    // A running chunk raises "interrupted!" (also while it waits on a channel or a timer).
    if (!session.interrupt()) {
      // Ctrl-C at the prompt drops the line being typed, as a shell does.
      process.stdout.write("\n");
      rl.write(null, { ctrl: true, name: "u" });
      rl.prompt();
    }
  };
  rl.on("SIGINT", onInterrupt);
  process.on("SIGINT", onInterrupt);

  const lines = rl[Symbol.asyncIterator]();
  const ask = async (p: string): Promise<string | null> => {
    if (terminal) {
      rl.setPrompt(p);
      rl.prompt();
    } else {
      process.stdout.write(p);
    }
    const r = await lines.next();
    return r.done === true ? null : r.value;
  };
  // Off a terminal the results go through the global `print`, as lua.c's
  // l_print does (scripts that pipe into `-i` see exactly lua's output).
  const printValues = (vs: LuaValue[]): string => {
    try {
      call(G, getGlobal(G, "print"), ...vs);
    } catch (e) {
      const why = e instanceof LuaError ? tostring(G.mainThread, e.value) : String(e);
      throw new LuaError(`error calling 'print' (${why})`);
    }
    return "";
  };
  const showError = (msg: string): void => {
    flush(G);
    process.stderr.write(error(`${PROGNAME}: ${bytesToText(msg)}`) + "\n");
  };

  let status: number | null = null;
  for (;;) {
    let text = await ask(prompt(G, true));
    if (text === null) break;
    if (text.startsWith("=")) text = "return " + text.slice(1); // Lua 5.2 habit, still accepted by 5.3
    let loaded = compileEntry(G, text, true);
    // An incomplete chunk (its error is at <eof>) asks for more lines.
    while (!loaded.ok && loaded.incomplete) {
      const more = await ask(prompt(G, false));
      if (more === null) break;
      text += "\n" + more;
      loaded = compileEntry(G, text, false);
    }
    if (terminal && text.trim() !== "") saveHistory(text);
    if (!loaded.ok) {
      showError(loaded.message);
      continue;
    }
    // Values are shown inside the process, so a __tostring runs there.
    const r = await session.run(loaded.fn, [], terminal ? (vs) => vs.map((v) => formatValue(G, v, paint)).join("\t") : printValues);
    flush(G);
    if (r.kind === "error") {
      showError(r.message);
    } else if (r.kind === "ok") {
      if (r.shown !== null && terminal) process.stdout.write(r.shown + "\n");
    } else {
      status = r.status;
      if (r.message !== null) showError(r.message);
      break;
    }
  }
  process.off("SIGINT", onInterrupt);
  rl.close();
  if (status === null) {
    if (terminal) process.stdout.write("\n");
    status = await session.close();
  }
  return status;
}
