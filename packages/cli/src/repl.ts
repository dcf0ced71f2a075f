// The interactive loop (lua.c's doREPL) with line editing, history kept in
// the home folder, tab completion of globals and fields, colours, and
// Ctrl-C that interrupts running Lua code without leaving the REPL.

import { appendFileSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import * as readline from "node:readline";
import { Chalk } from "chalk";
import { LuaTable, getGlobal, interrupt, flush, type LuaState, type LuaValue } from "@wippy-lua/vm";
import { formatValue, plainPainter, type Painter } from "./pretty.js";
import { PROGNAME, bytesToText, loadChunk, protectedCall, toBytes, type Loaded } from "./run.js";

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

export async function runRepl(G: LuaState): Promise<void> {
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
  let running = false;
  const onInterrupt = (): void => {
    if (running) {
      interrupt(G);
    } else {
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
  const showError = (msg: string): void => {
    flush(G);
    process.stderr.write(error(`${PROGNAME}: ${bytesToText(msg)}`) + "\n");
  };

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
    running = true;
    const r = await protectedCall(G, loaded.fn, [], true);
    running = false;
    flush(G);
    if (!r.ok) {
      showError(r.message);
    } else if (r.values.length > 0) {
      process.stdout.write(r.values.map((v) => formatValue(G, v, paint)).join("\t") + "\n");
    }
  }
  process.off("SIGINT", onInterrupt);
  rl.close();
  if (terminal) process.stdout.write("\n");
}
