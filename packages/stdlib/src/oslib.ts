// The os library (loslib.c's interface): clock, date and time over the
// strftime.ts engine, the environment, files, child processes and exit.

import * as fs from "node:fs";
import { spawnSync } from "node:child_process";
import {
  HostFunction, LuaError, LuaFloat, LuaTable, NO_VAR, index, num, setIndex, stringToNumber, type LuaState,
  type LuaThread, type LuaValue,
} from "@wippy-lua/vm/libapi";
import { argAt, checkInteger, checkOption, checkString, engineError, optString, truthy, typeError } from "./args.js";
import { pushExecResult } from "./iolib.js";
import { execResult, flushAllFiles, makeTempName, SysError, sysError } from "./luafile.js";
import { dateTable, normaliseTime, strftime, type DateFields } from "./strftime.js";
import { libTemplate, newLibTable } from "./libtable.js";

/** What os.exit does once output is flushed; replaceable by embedders (openLibs's `exit` option). */
export type ExitHandler = (code: number, G: LuaState) => never;

const defaultExit: ExitHandler = (code) => process.exit(code);

/** Per-state exit handlers (absent: defaultExit). */
const exitHandlers = new WeakMap<LuaState, ExitHandler>();

export function setExitHandler(G: LuaState, h: ExitHandler): void {
  exitHandlers.set(G, h);
}

function pushFailure(L: LuaThread, err: SysError, fname: string | null): number {
  const s = L.stack;
  s[L.top++] = undefined;
  s[L.top++] = fname !== null ? `${fname}: ${err.message}` : err.message;
  s[L.top++] = err.errno;
  return 3;
}

function osClock(L: LuaThread): number {
  const u = process.cpuUsage();
  const t = (u.user + u.system) / 1e6;
  L.stack[L.top++] = Number.isInteger(t) ? new LuaFloat(t) : t;
  return 1;
}

function osGetenv(L: LuaThread, base: number, nargs: number): number {
  const v = process.env[checkString(L, base, nargs, 1)];
  L.stack[L.top++] = v === undefined ? undefined : Buffer.from(v, "utf8").toString("latin1");
  return 1;
}

/** A path given by Lua (bytes) as a JS path that names the same file. */
function fsPath(name: string): Buffer {
  return Buffer.from(name, "latin1");
}

function osRemove(L: LuaThread, base: number, nargs: number): number {
  const name = checkString(L, base, nargs, 1);
  try {
    fs.unlinkSync(fsPath(name));
  } catch (e) {
    // C's remove() also deletes empty directories.
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "EISDIR" || code === "EPERM") {
      try {
        fs.rmdirSync(fsPath(name));
      } catch (e2) {
        return pushFailure(L, sysError(e2), name);
      }
    } else {
      return pushFailure(L, sysError(e), name);
    }
  }
  L.stack[L.top++] = true;
  return 1;
}

function osRename(L: LuaThread, base: number, nargs: number): number {
  const from = checkString(L, base, nargs, 1);
  const to = checkString(L, base, nargs, 2);
  try {
    fs.renameSync(fsPath(from), fsPath(to));
  } catch (e) {
    return pushFailure(L, sysError(e), null);
  }
  L.stack[L.top++] = true;
  return 1;
}

function osTmpname(L: LuaThread): number {
  const name = makeTempName();
  if (name instanceof SysError) throw new LuaError("unable to generate a unique filename", true);
  L.stack[L.top++] = name;
  return 1;
}

function osExecute(L: LuaThread, base: number, nargs: number): number {
  if (nargs < 1 || L.stack[base] === undefined) {
    L.stack[L.top++] = true; // a shell is available
    return 1;
  }
  const cmd = checkString(L, base, nargs, 1);
  L.G.flush();
  const r = spawnSync("/bin/sh", ["-c", cmd], { stdio: "inherit" });
  return pushExecResult(L, execResult(r));
}

function osExit(L: LuaThread, base: number, nargs: number): number {
  const v = argAt(L, base, nargs, 1);
  let code: number;
  if (typeof v === "boolean") code = v ? 0 : 1;
  else code = nargs >= 1 && v !== undefined ? Number(checkInteger(L, base, nargs, 1)) : 0;
  const G = L.G;
  G.flush();
  flushAllFiles();
  (exitHandlers.get(G) ?? defaultExit)(code & 0xff, G);
  throw new LuaError("os.exit handler returned", false);
}

const LOCALE_CATEGORIES = ["all", "collate", "ctype", "monetary", "numeric", "time"];

function osSetlocale(L: LuaThread, base: number, nargs: number): number {
  const v = argAt(L, base, nargs, 1);
  const locale = v !== undefined ? checkString(L, base, nargs, 1) : null;
  checkOption(L, base, nargs, 2, "all", LOCALE_CATEGORIES);
  // Only the C locale exists here.
  L.stack[L.top++] = locale === null || locale === "" || locale === "C" || locale === "POSIX" ? "C" : undefined;
  return 1;
}

function osDifftime(L: LuaThread, base: number, nargs: number): number {
  const t1 = checkInteger(L, base, nargs, 1);
  const t2 = checkInteger(L, base, nargs, 2);
  const d = Number(t1) - Number(t2);
  L.stack[L.top++] = Number.isInteger(d) ? new LuaFloat(d) : d;
  return 1;
}

// ---------------------------------------------------------------- date and time

const UNREPRESENTABLE = "time result cannot be represented in this installation";

/** The Date for a Lua time argument; raises when out of the representable range. */
function dateOf(t: number | bigint): Date {
  const ms = Number(t) * 1000;
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) throw new LuaError(UNREPRESENTABLE, true);
  return d;
}

function setDateFields(L: LuaThread, t: LuaValue, f: DateFields): void {
  const set = (k: string, v: LuaValue): void => {
    if (t instanceof LuaTable && t.metatable === null) t.setStr(k, v);
    else setIndex(L, null, t, k, v, NO_VAR);
  };
  set("sec", f.sec);
  set("min", f.min);
  set("hour", f.hour);
  set("day", f.day);
  set("month", f.month);
  set("year", f.year);
  set("wday", f.wday);
  set("yday", f.yday);
  set("isdst", f.isdst);
}

function osDate(L: LuaThread, base: number, nargs: number): number {
  let fmt = optString(L, base, nargs, 1, "%c");
  const t = nargs >= 2 && L.stack[base + 1] !== undefined ? checkInteger(L, base, nargs, 2)
    : Math.floor(Date.now() / 1000);
  let utc = false;
  if (fmt.charCodeAt(0) === 33 /* ! */) {
    utc = true;
    fmt = fmt.slice(1);
  }
  const d = dateOf(t);
  if (fmt.startsWith("*t")) {
    const tab = new LuaTable();
    setDateFields(L, tab, dateTable(d, utc));
    L.stack[L.top++] = tab;
    return 1;
  }
  try {
    L.stack[L.top++] = strftime(fmt, d, utc);
  } catch (e) {
    throw engineError(L, e);
  }
  return 1;
}

const INT_MAX = 2147483647;
const INT_MIN = -2147483648;

/** loslib's getfield: an integer field, with a default when absent (d < 0: required). */
function getField(L: LuaThread, t: LuaValue, key: string, d: number, delta: number): number {
  const v = t instanceof LuaTable && t.metatable === null ? t.getStr(key) : index(L, null, t, key, NO_VAR) as LuaValue;
  const n = typeof v === "string" ? stringToNumber(v) : v;
  const i = typeof n === "number" || typeof n === "bigint" || n instanceof LuaFloat ? num.toInteger(n) : undefined;
  if (i === undefined) {
    if (v !== undefined) throw new LuaError(`field '${key}' is not an integer`, true);
    if (d < 0) throw new LuaError(`field '${key}' missing in date table`, true);
    return d;
  }
  const r = Number(i);
  if (!(r >= 0 ? r - delta <= INT_MAX : INT_MIN + delta <= r)) {
    throw new LuaError(`field '${key}' is out-of-bound`, true);
  }
  return r;
}

function osTime(L: LuaThread, base: number, nargs: number): number {
  const t = argAt(L, base, nargs, 1);
  if (t === undefined) {
    L.stack[L.top++] = Math.floor(Date.now() / 1000);
    return 1;
  }
  if (!(t instanceof LuaTable)) {
    throw typeError(L, base, nargs, 1, "table");
  }
  const sec = getField(L, t, "sec", 0, 0);
  const min = getField(L, t, "min", 0, 0);
  const hour = getField(L, t, "hour", 12, 0);
  const day = getField(L, t, "day", -1, 0);
  const month = getField(L, t, "month", -1, 1);
  const year = getField(L, t, "year", -1, 1900);
  const dst = t.metatable === null ? t.getStr("isdst") : index(L, null, t, "isdst", NO_VAR) as LuaValue;
  let r;
  try {
    r = normaliseTime({ year, month, day, hour, min, sec, isdst: dst === undefined ? undefined : truthy(dst) }, false);
  } catch (e) {
    throw engineError(L, e);
  }
  setDateFields(L, t, r.fields);
  L.stack[L.top++] = r.time;
  return 1;
}

const FUNCS: readonly HostFunction[] = [
  new HostFunction("clock", osClock),
  new HostFunction("date", osDate),
  new HostFunction("difftime", osDifftime),
  new HostFunction("execute", osExecute),
  new HostFunction("exit", osExit),
  new HostFunction("getenv", osGetenv),
  new HostFunction("remove", osRemove),
  new HostFunction("rename", osRename),
  new HostFunction("setlocale", osSetlocale),
  new HostFunction("time", osTime),
  new HostFunction("tmpname", osTmpname),
];
const TEMPLATE = libTemplate(FUNCS);

export function openOs(_G: LuaState): LuaTable {
  return newLibTable(TEMPLATE);
}
