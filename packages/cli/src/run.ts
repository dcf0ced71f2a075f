// Running chunks the way lua.c does: a message handler that appends a
// traceback, `lua: msg` reports, and host promises awaited between slices.

import { readFileSync } from "node:fs";
import { LuaSyntaxError } from "@wippy-lua/parser";
import {
  HostFunction, LuaError, LuaFloat, load, newThread, runThread, resumeThread, rejectThread,
  getGlobal, tostring, traceback, getMetatable, call, objTypeName,
  type LuaState, type LuaValue, type LuaThread,
} from "@wippy-lua/vm";

/**
 * The program name used in reports (`wippy-lua: msg`) and as the lowest
 * entry of `arg`: argv[0], as lua.c takes it, unless that names node itself
 * (the usual case; a wrapper may hand its own name with `exec -a`).
 */
export const PROGNAME = programName(process.argv0);

function programName(argv0: string): string {
  if (argv0 === "" || argv0 === process.execPath || /(^|[\\/])node(\.exe)?$/.test(argv0)) return "wippy-lua";
  return argv0;
}

/**
 * lua.c's msghandler: a string (or number) message gets a traceback; an
 * object with __tostring gives that string; anything else is described.
 */
const msgHandler = new HostFunction("msghandler", (L: LuaThread, base: number) => {
  const v = L.stack[base];
  let msg: string;
  if (typeof v === "string" || typeof v === "number" || typeof v === "bigint" || v instanceof LuaFloat) {
    msg = tostring(L, v);
  } else {
    const tm = getMetatable(L.G, v)?.get("__tostring");
    if (tm !== undefined) {
      const r = call(L.G, tm, v)[0];
      if (typeof r === "string") {
        L.stack[L.top++] = r;
        return 1;
      }
    }
    msg = `(error object is a ${objTypeName(L.G, v)} value)`;
  }
  L.stack[L.top++] = traceback(L, msg, 1);
  return 1;
});

export type Outcome = { ok: true; values: LuaValue[] } | { ok: false; message: string };

/** Called between slices of a long computation; resolves when the VM may go on. */
export type Pause = () => Promise<void>;

/**
 * Calls `fn(...args)` under xpcall with the traceback handler, running the
 * thread in budgeted slices so host promises can settle and an interrupt
 * (Ctrl-C in the REPL) gets through. Syntax errors never reach here.
 */
export async function protectedCall(G: LuaState, fn: LuaValue, args: LuaValue[], sliced: boolean): Promise<Outcome> {
  const xpcall = getGlobal(G, "xpcall");
  const T = newThread(G, xpcall, [fn, msgHandler, ...args]);
  const budget = sliced ? 200_000 : Infinity;
  for (;;) {
    const r = runThread(T, budget);
    if (r.status === "done") {
      const [ok, ...rest] = r.values;
      if (ok === true) return { ok: true, values: rest };
      const m = rest[0];
      return { ok: false, message: typeof m === "string" ? m : describeError(G, m) };
    }
    if (r.status === "error") return { ok: false, message: describeError(G, r.error.value) };
    if (r.status === "budget") {
      await new Promise<void>((resolve) => setImmediate(resolve));
      continue;
    }
    try {
      const v = await r.promise;
      resumeThread(T, Array.isArray(v) ? (v as LuaValue[]) : v === undefined ? [] : [v as LuaValue]);
    } catch (e) {
      rejectThread(T, e);
    }
  }
}

function describeError(G: LuaState, v: LuaValue): string {
  if (typeof v === "string") return v;
  if (v === undefined) return "nil";
  try {
    return tostring(G.mainThread, v);
  } catch {
    return `(error object is a ${objTypeName(G, v)} value)`;
  }
}

export type Loaded = { ok: true; fn: LuaValue } | { ok: false; message: string; incomplete: boolean };

/** Compiles a chunk; syntax errors come back as messages (lua.c reports them without traceback). */
export function loadChunk(G: LuaState, source: string, chunkName: string): Loaded {
  try {
    return { ok: true, fn: load(G, source, chunkName) };
  } catch (e) {
    if (e instanceof LuaSyntaxError) return { ok: false, message: e.message, incomplete: e.incomplete };
    if (e instanceof LuaError) return { ok: false, message: describeError(G, e.value), incomplete: false };
    return { ok: false, message: e instanceof Error ? e.message : String(e), incomplete: false };
  }
}

/** Reads a file as a byte string (one char per byte). */
export function readBytes(path: string | number): string {
  return readFileSync(path).toString("latin1");
}

/** Converts a byte string to a JS (UTF-8 decoded) string for the terminal. */
export function bytesToText(s: string): string {
  return Buffer.from(s, "latin1").toString("utf8");
}

/** A JS (UTF-8) string from the command line or the terminal as a Lua byte string. */
export function toBytes(s: string): string {
  return Buffer.from(s, "utf8").toString("latin1");
}
