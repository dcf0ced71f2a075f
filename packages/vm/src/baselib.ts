// The base library (lbaselib.c): print, type, tostring, tonumber, pairs,
// ipairs, next, select, raw*, metatables, assert, error, pcall, xpcall,
// load, loadfile, dofile, collectgarbage, _G, _VERSION.
//
// The functions are created once per process and shared by every state
// (they only touch the thread they are called on); opening the library
// copies a prebuilt map into the new state's globals.

import { readFileSync } from "node:fs";
import { LuaSyntaxError } from "@wippy-lua/parser";
import {
  arg, argCount, argError, basicMetatables, checkAny, checkInteger, checkOption, checkTable, isNoneOrNil, optInteger,
  optString, ret, ret1, tostring, typeError,
} from "./auxlib.js";
import { call1, callFunction, luaCall, MINSTACK, ensureStack } from "./call.js";
import { where } from "./debug-info.js";
import { HostFunction, LuaClosure, NOT_FAST, Special, SECOND, withFast, type FastFn, type HostFn, type StepFn } from "./function.js";
import { collectStep, fullCollect, gcSettings, heapKilobytes, noteMetatable } from "./gc.js";
import { loadChunk } from "./load.js";
import { LuaError } from "./lua-error.js";
import { getMetatable, isFalse, typeName } from "./meta.js";
import { numberToString, stringToNumber, tonumberWithBase } from "./numconv.js";
import type { LuaState, LuaThread } from "./state.js";
import { LuaTable, newStrKeys } from "./table.js";
import { LuaFloat, type LuaValue } from "./value.js";
import { index, rawEquals } from "./vm-ops.js";

const print: HostFn = (L, base, nargs) => {
  // Like lbaselib.c, print converts through the global 'tostring'.
  const ts = L.G.globals.getStr("tostring");
  const builtin = ts === tostringFunction;
  let line = "";
  for (let i = 0; i < nargs; i++) {
    if (i > 0) line += "\t";
    const v = L.stack[base + i];
    if (builtin) {
      line += tostring(L, v);
      continue;
    }
    const s = call1(L, ts, v, undefined, 1);
    if (typeof s === "string") line += s;
    else if (typeof s === "number" || typeof s === "bigint" || s instanceof LuaFloat) line += numberToString(s);
    else throw new LuaError("'tostring' must return a string to 'print'", true);
  }
  L.G.write(line + "\n");
  return 0;
};

const type: HostFn = (L) => ret1(L, typeName(checkAny(L, 1)));

const tostringFn: HostFn = (L) => ret1(L, tostring(L, checkAny(L, 1)));

const tonumber: HostFn = (L, base, nargs) => {
  if (nargs === 1) {
    // The common one-argument form, without the argument helpers.
    const v = L.stack[base];
    L.stack[L.top++] = typeof v === "string" ? stringToNumber(v)
      : typeof v === "number" || typeof v === "bigint" || v instanceof LuaFloat ? v : undefined;
    return 1;
  }
  if (isNoneOrNil(L, 2)) {
    const v = checkAny(L, 1);
    if (typeof v === "number" || typeof v === "bigint" || v instanceof LuaFloat) return ret1(L, v);
    return ret1(L, typeof v === "string" ? stringToNumber(v) : undefined);
  }
  const b = checkInteger(L, 2);
  const s = arg(L, 1);
  if (typeof s !== "string") typeError(L, 1, "string");
  if (!(b >= 2 && b <= 36)) argError(L, 2, "base out of range");
  return ret1(L, tonumberWithBase(s, Number(b)));
};

const ipairsAux: HostFn = (L, base) => {
  const i = (L.stack[base + 1] as number) + 1;
  const t = L.stack[base];
  const v = t instanceof LuaTable && t.metatable === null ? t.getInt(i) : index(L, null, t, i, -1) as LuaValue;
  if (v === undefined) return ret1(L, undefined);
  L.stack[L.top++] = i;
  L.stack[L.top++] = v;
  return 2;
};
const ipairsAuxFn = new HostFunction("ipairs_aux", ipairsAux);
ipairsAuxFn.step = (t, i) => {
  if (!(t instanceof LuaTable) || t.metatable !== null || typeof i !== "number") return NOT_FAST;
  const v = t.getInt(i + 1);
  if (v === undefined) return undefined;
  SECOND.value = v;
  return i + 1;
};

const ipairs: HostFn = (L) => ret(L, ipairsAuxFn, checkAny(L, 1), 0);

const next: HostFn = (L) => {
  const t = checkTable(L, 1);
  const k = t.next(arg(L, 2));
  if (k === undefined) return ret1(L, undefined);
  L.stack[L.top++] = k;
  L.stack[L.top++] = t.nextValue;
  return 2;
};
/** next without a frame (FastFn and StepFn): an invalid key is left to the call, which raises the error. */
const nextFast: StepFn = (t, k) => {
  if (!(t instanceof LuaTable)) return NOT_FAST;
  let key: LuaValue;
  try {
    key = t.next(k);
  } catch {
    return NOT_FAST;
  }
  SECOND.value = key === undefined ? undefined : t.nextValue;
  return key;
};
const nextFn = withFast(new HostFunction("next", next), [1, 2], nextFast, 2, true);
nextFn.step = nextFast;

const pairs: HostFn = (L) => {
  const t = checkAny(L, 1);
  const mt = getMetatable(L.G, t);
  const tm = mt !== null ? mt.getStr("__pairs") : undefined;
  if (tm === undefined) return ret(L, nextFn, t, undefined);
  const r = callFunction(L, tm, [t], 3);
  return ret(L, r[0], r[1], r[2]);
};

const select: HostFn = (L, base, nargs) => {
  const first = L.stack[base];
  if (typeof first === "string" && first.charCodeAt(0) === 35 /* # */) return ret1(L, nargs - 1);
  const ni = checkInteger(L, 1);
  let i = typeof ni === "number" ? ni : ni < 0n ? -Infinity : Infinity;
  if (i < 0) i = nargs + i;
  else if (i > nargs) i = nargs;
  if (!(i >= 1)) argError(L, 1, "index out of range");
  return nargs - i;
};

const rawget: HostFn = (L) => {
  const t = checkTable(L, 1);
  checkAny(L, 2);
  return ret1(L, t.get(arg(L, 2)));
};

const rawset: HostFn = (L) => {
  const t = checkTable(L, 1);
  checkAny(L, 2);
  checkAny(L, 3);
  t.set(arg(L, 2), arg(L, 3));
  return ret1(L, t);
};

const rawequal: HostFn = (L) => {
  checkAny(L, 1);
  checkAny(L, 2);
  return ret1(L, rawEquals(arg(L, 1), arg(L, 2)));
};

const rawlen: HostFn = (L) => {
  const v = arg(L, 1);
  if (v instanceof LuaTable) return ret1(L, v.length());
  if (typeof v === "string") return ret1(L, v.length);
  return argError(L, 1, "table or string expected");
};

const setmetatable: HostFn = (L) => {
  const t = checkTable(L, 1);
  const mt = arg(L, 2);
  if (mt !== undefined && !(mt instanceof LuaTable)) argError(L, 2, "nil or table expected");
  if (argCount(L) < 2) argError(L, 2, "nil or table expected");
  if (t.metatable !== null && t.metatable.getStr("__metatable") !== undefined) {
    throw new LuaError("cannot change a protected metatable", true);
  }
  t.metatable = mt === undefined ? null : mt;
  noteMetatable(L.G, t, t.metatable);
  return ret1(L, t);
};

const getmetatable: HostFn = (L) => {
  const mt = getMetatable(L.G, checkAny(L, 1));
  if (mt === null) return ret1(L, undefined);
  const protectedMt = mt.getStr("__metatable");
  return ret1(L, protectedMt !== undefined ? protectedMt : mt);
};

const assert: HostFn = (L, base, nargs) => {
  const v = checkAny(L, 1);
  if (!isFalse(v)) return nargs;
  if (nargs < 2) throw new LuaError("assertion failed!", true);
  const msg = L.stack[base + 1];
  if (typeof msg === "string") throw new LuaError(where(L, 1) + msg, false);
  throw new LuaError(msg, false);
};

const error: HostFn = (L) => {
  const level = Number(optInteger(L, 2, 1));
  const v = arg(L, 1);
  if (typeof v === "string" && level > 0) throw new LuaError(where(L, level) + v, false);
  throw new LuaError(v, false);
};

function specialStub(name: string): HostFn {
  return () => {
    throw new LuaError(`'${name}' called outside the VM`, true);
  };
}

const pcall = new HostFunction("pcall", specialStub("pcall"), Special.PCall);
const xpcall = new HostFunction("xpcall", specialStub("xpcall"), Special.XPCall);

/** Reads a chunk given as a function: pieces until nil or "" (lua_load with a reader). */
function readPieces(L: LuaThread, f: LuaValue): string {
  const parts: string[] = [];
  for (;;) {
    const r = callFunction(L, f, [], 1)[0];
    if (r === undefined || r === "") break;
    if (typeof r !== "string") throw new LuaError("reader function must return a string", false);
    parts.push(r);
  }
  return parts.join("");
}

function loadResult(L: LuaThread, fn: () => LuaClosure): number {
  try {
    return ret1(L, fn());
  } catch (e) {
    if (e instanceof LuaSyntaxError) return ret(L, undefined, e.message);
    if (e instanceof LuaError && !e.needsPosition) return ret(L, undefined, e.value);
    throw e;
  }
}

const load: HostFn = (L) => {
  const chunk = arg(L, 1);
  const mode = optString(L, 3, "bt");
  const hasEnv = argCount(L) >= 4;
  const env = arg(L, 4);
  if (typeof chunk === "string") {
    const name = optString(L, 2, chunk);
    return loadResult(L, () => loadChunk(L.G, chunk, name, mode, env, hasEnv));
  }
  if (!(chunk instanceof LuaClosure || chunk instanceof HostFunction)) typeError(L, 1, "string");
  const name = optString(L, 2, "=(load)");
  return loadResult(L, () => loadChunk(L.G, readPieces(L, chunk), name, mode, env, hasEnv));
};

/** Reads a file as bytes (one char per byte); null filename reads stdin. */
function readSource(filename: string | null): string {
  const buf = readFileSync(filename ?? 0);
  let s = buf.toString("latin1");
  // A first line starting with '#' (a shebang) is skipped, keeping line numbers.
  if (s.charCodeAt(0) === 35) {
    const nl = s.indexOf("\n");
    s = nl < 0 ? "" : s.slice(nl);
  }
  return s;
}

function loadFileChunk(G: LuaState, filename: string | null, mode: string, env: LuaValue, hasEnv: boolean): LuaClosure {
  let src: string;
  try {
    src = readSource(filename);
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === "ENOENT" ? "No such file or directory"
      : (e as NodeJS.ErrnoException).code === "EISDIR" ? "Is a directory"
      : (e as NodeJS.ErrnoException).code === "EACCES" ? "Permission denied" : String((e as Error).message);
    throw new LuaError(`cannot ${(e as NodeJS.ErrnoException).code === "EISDIR" ? "read" : "open"} ${filename ?? "stdin"}: ${reason}`);
  }
  return loadChunk(G, src, filename === null ? "=stdin" : "@" + filename, mode, env, hasEnv);
}

const loadfile: HostFn = (L) => {
  const filename = isNoneOrNil(L, 1) ? null : optString(L, 1, "");
  const mode = optString(L, 2, "bt");
  const hasEnv = argCount(L) >= 3;
  const env = arg(L, 3);
  return loadResult(L, () => loadFileChunk(L.G, filename, mode, env, hasEnv));
};

const dofile: HostFn = (L) => {
  const filename = isNoneOrNil(L, 1) ? null : optString(L, 1, "");
  let f: LuaClosure;
  try {
    f = loadFileChunk(L.G, filename, "bt", undefined, false);
  } catch (e) {
    if (e instanceof LuaSyntaxError) throw new LuaError(e.message);
    throw e;
  }
  const func = L.top;
  ensureStack(L, func + 1 + MINSTACK);
  L.stack[L.top++] = f;
  luaCall(L, func, -1);
  return L.top - func;
};

const GC_OPTIONS = ["stop", "restart", "collect", "count", "step", "setpause", "setstepmul", "isrunning"];

const collectgarbage: HostFn = (L) => {
  const opt = GC_OPTIONS[checkOption(L, 1, "collect", GC_OPTIONS)]!;
  const s = gcSettings(L.G);
  switch (opt) {
    case "count": {
      const kb = heapKilobytes(L);
      return ret1(L, Number.isInteger(kb) ? new LuaFloat(kb) : kb);
    }
    case "step":
      return ret1(L, collectStep(L, Number(optInteger(L, 2, 0))));
    case "isrunning":
      return ret1(L, s.running);
    case "setpause": {
      const old = s.pause;
      s.pause = Number(optInteger(L, 2, 0));
      return ret1(L, old);
    }
    case "setstepmul": {
      // lgc.c keeps the multiplier at 40 or more.
      const old = s.stepmul;
      s.stepmul = Math.max(40, Number(optInteger(L, 2, 0)));
      return ret1(L, old);
    }
    case "stop":
      s.running = false;
      return ret1(L, 0);
    case "restart":
      s.running = true;
      return ret1(L, 0);
    default:
      fullCollect(L);
      return ret1(L, 0);
  }
};

// Frameless versions for compiled code (function.ts's FastFn): one
// argument, no metamethods to consult.
const tonumberFast: FastFn = (v) =>
  typeof v === "string" ? stringToNumber(v)
    : typeof v === "number" || typeof v === "bigint" || v instanceof LuaFloat ? v : undefined;

// tostring: only numbers, booleans and nil, while no metatable can give
// them a __tostring (see basicMetatables); strings have a metatable.
const tostringFast: FastFn = (v) => {
  if (basicMetatables.used) return NOT_FAST;
  if (typeof v === "number" || typeof v === "bigint" || v instanceof LuaFloat) return numberToString(v);
  if (v === undefined) return "nil";
  if (typeof v === "boolean") return v ? "true" : "false";
  return NOT_FAST;
};

/**
 * setmetatable(t, mt) without a frame: not when t's metatable is protected
 * (the error) or mt has __mode or __gc (the collector must note t first).
 */
const setmetatableFast: FastFn = (t, mt) => {
  if (!(t instanceof LuaTable) || (mt !== undefined && !(mt instanceof LuaTable))) return NOT_FAST;
  const old = t.metatable;
  if (old !== null && old.getStr("__metatable") !== undefined) return NOT_FAST;
  if (mt !== undefined && (mt.getStr("__mode") !== undefined || mt.getStr("__gc") !== undefined)) return NOT_FAST;
  t.metatable = mt === undefined ? null : mt;
  return t;
};

const typeFast: FastFn = (v) => typeName(v);
const rawgetFast: FastFn = (t, k) => (t instanceof LuaTable ? t.get(k) : NOT_FAST);
const rawequalFast: FastFn = (a, b) => rawEquals(a, b);
const rawlenFast: FastFn = (v) => (v instanceof LuaTable ? v.length() : typeof v === "string" ? v.length : NOT_FAST);

const BASE_FUNCS: [string, HostFn | HostFunction][] = [
  ["assert", assert], ["collectgarbage", collectgarbage], ["dofile", dofile], ["error", error],
  ["getmetatable", getmetatable], ["ipairs", ipairs], ["load", load], ["loadfile", loadfile],
  ["next", nextFn], ["pairs", pairs], ["pcall", pcall], ["print", print],
  ["rawequal", withFast(new HostFunction("rawequal", rawequal), 2, rawequalFast, 1, true)],
  ["rawget", withFast(new HostFunction("rawget", rawget), 2, rawgetFast, 1, true)],
  ["rawlen", withFast(new HostFunction("rawlen", rawlen), 1, rawlenFast, 1, true)],
  ["rawset", rawset], ["select", select],
  ["setmetatable", withFast(new HostFunction("setmetatable", setmetatable), 2, setmetatableFast)],
  ["tonumber", withFast(new HostFunction("tonumber", tonumber), 1, tonumberFast, 1, true)],
  ["tostring", withFast(new HostFunction("tostring", tostringFn), 1, tostringFast, 1, true)],
  ["type", withFast(new HostFunction("type", type), 1, typeFast, 1, true)],
  ["xpcall", xpcall],
];

const BASE_TEMPLATE = newStrKeys();
for (const [name, f] of BASE_FUNCS) BASE_TEMPLATE[name] = f instanceof HostFunction ? f : new HostFunction(name, f);
BASE_TEMPLATE["_VERSION"] = "Lua 5.3";
const tostringFunction = BASE_TEMPLATE["tostring"];

/** The shared function object of a base library name (for tests and other libraries). */
export function baseFunction(name: string): HostFunction {
  return BASE_TEMPLATE[name] as HostFunction;
}

/** Opens the base library into G's globals: a copy of the prebuilt map plus _G. */
export function openBase(G: LuaState): void {
  const g = G.globals;
  g.adoptStrs(Object.assign(newStrKeys(), BASE_TEMPLATE));
  g.setStr("_G", g);
  loadedTable(G).setStr("_G", g);
}

/** The registry's _LOADED table (package.loaded), created on first use. */
export function loadedTable(G: LuaState): LuaTable {
  let t = G.registry.getStr("_LOADED");
  if (!(t instanceof LuaTable)) {
    t = new LuaTable();
    G.registry.setStr("_LOADED", t);
  }
  return t;
}
