// The debug library (ldblib.c's interface) over the VM's frames (CallInfo),
// closures and debug information.

import { setHook, HOOK_CALL, HOOK_RET, HOOK_LINE } from "@wippy-lua/vm";
import * as fs from "node:fs";
import { chunkId } from "@wippy-lua/parser";
import {
  CIST_LUA, CIST_TAIL, HostFunction, basicMetatables, LuaClosure, LuaError, LuaFloat, LuaTable, LuaThread, LuaUserdata, UpVal,
  callFunction, currentLine, frameAt, funcNameOf, getLocalName, getMetatable, traceback, type CallInfo,
  type LuaState, type LuaValue,
} from "@wippy-lua/vm/libapi";
import {
  argAt, argError, checkInt, checkString, isLightUserdata, markLightUserdata, optString, tolstring, typeError,
} from "./args.js";
import { libTemplate, newLibTable } from "./libtable.js";

/** getthread: an optional thread first argument; returns [thread, argument offset]. */
function getThread(L: LuaThread, base: number, nargs: number): [LuaThread, number] {
  const v = argAt(L, base, nargs, 1);
  if (v instanceof LuaThread) return [v, 1];
  return [L, 0];
}

function isLuaFrame(ci: CallInfo): boolean {
  return (ci.status & CIST_LUA) !== 0;
}

// ---------------------------------------------------------------- getinfo

const INFO_OPTIONS = /^>?[SlnutfL]*$/;

function fillInfo(t: LuaTable, what: string, f: LuaValue, ci: CallInfo | null): void {
  const cl = f instanceof LuaClosure ? f : null;
  const p = cl !== null ? cl.proto : null;
  for (const c of what) {
    switch (c) {
      case "S":
        if (p === null) {
          t.setStr("source", "=[C]");
          t.setStr("short_src", "[C]");
          t.setStr("what", "C");
          t.setStr("linedefined", -1);
          t.setStr("lastlinedefined", -1);
        } else {
          t.setStr("source", p.source);
          t.setStr("short_src", chunkId(p.source));
          t.setStr("what", p.lineDefined === 0 ? "main" : "Lua");
          t.setStr("linedefined", p.lineDefined);
          t.setStr("lastlinedefined", p.lastLineDefined);
        }
        break;
      case "l":
        t.setStr("currentline", ci !== null && isLuaFrame(ci) ? currentLine(ci) : -1);
        break;
      case "u":
        t.setStr("nups", cl !== null ? cl.upvals.length : f instanceof HostFunction ? f.upvalues.length : 0);
        t.setStr("nparams", p !== null ? p.numParams : 0);
        t.setStr("isvararg", p !== null ? p.isVararg : true);
        break;
      case "n": {
        const n = ci !== null ? funcNameOf(ci) : null;
        t.setStr("name", n !== null ? n[1] : undefined);
        t.setStr("namewhat", n !== null ? n[0] : "");
        break;
      }
      case "t":
        t.setStr("istailcall", ci !== null && (ci.status & CIST_TAIL) !== 0);
        break;
      case "L":
        if (p !== null) {
          const lines = new LuaTable();
          for (let i = 0; i < p.lineInfo.length; i++) lines.set(p.lineInfo[i]!, true);
          t.setStr("activelines", lines);
        }
        break;
      case "f":
        t.setStr("func", f);
        break;
    }
  }
}

function dbGetinfo(L: LuaThread, base: number, nargs: number): number {
  const [L1, a] = getThread(L, base, nargs);
  const what = optString(L, base, nargs, a + 2, "flnStu");
  const fv = argAt(L, base, nargs, a + 1);
  let f: LuaValue;
  let ci: CallInfo | null = null;
  if (fv instanceof LuaClosure || fv instanceof HostFunction) {
    if (what.startsWith(">") || !INFO_OPTIONS.test(what)) throw argError(L, a + 2, "invalid option");
    f = fv;
  } else {
    const level = checkInt(L, base, nargs, a + 1);
    ci = level < 0 ? null : frameAt(L1, level);
    if (ci === null) {
      L.stack[L.top++] = undefined;
      return 1;
    }
    if (!INFO_OPTIONS.test(what)) throw argError(L, a + 2, "invalid option");
    f = L1.stack[ci.func];
  }
  const t = new LuaTable();
  fillInfo(t, what, f, ci);
  L.stack[L.top++] = t;
  return 1;
}

// ---------------------------------------------------------------- locals

/** The slot and name of local `n` of frame `ci` (lua_getlocal), or null. */
function findLocal(L1: LuaThread, ci: CallInfo, n: number): [number, string] | null {
  if (n < 0) {
    // Varargs: they sit between the function slot and the fixed parameters.
    if (!isLuaFrame(ci) || !ci.closure!.proto.isVararg) return null;
    const np = ci.closure!.proto.numParams;
    const nextra = ci.base - ci.func - 1 - np;
    if (-n > nextra) return null;
    return [ci.func + np - n, "(*vararg)"];
  }
  let name: string | null = null;
  if (isLuaFrame(ci)) name = getLocalName(ci.closure!.proto, n, ci.savedPc - 1);
  if (name === null) {
    const limit = ci === L1.ci ? L1.top : ci.next!.func;
    if (limit - ci.base >= n && n > 0) name = "(*temporary)"; // Lua 5.3 names Lua and C temporaries alike
    else return null;
  }
  return [ci.base + n - 1, name];
}

function dbGetlocal(L: LuaThread, base: number, nargs: number): number {
  const [L1, a] = getThread(L, base, nargs);
  const fv = argAt(L, base, nargs, a + 1);
  const n = checkInt(L, base, nargs, a + 2);
  if (fv instanceof LuaClosure || fv instanceof HostFunction) {
    // Parameter names of a function that is not running.
    L.stack[L.top++] = fv instanceof LuaClosure ? getLocalName(fv.proto, n, 0) ?? undefined : undefined;
    return 1;
  }
  const level = checkInt(L, base, nargs, a + 1);
  const ci = level < 0 ? null : frameAt(L1, level);
  if (ci === null) throw argError(L, a + 1, "level out of range");
  const loc = findLocal(L1, ci, n);
  if (loc === null) {
    L.stack[L.top++] = undefined;
    return 1;
  }
  L.stack[L.top++] = loc[1];
  L.stack[L.top++] = L1.stack[loc[0]];
  return 2;
}

function dbSetlocal(L: LuaThread, base: number, nargs: number): number {
  const [L1, a] = getThread(L, base, nargs);
  const level = checkInt(L, base, nargs, a + 1);
  const n = checkInt(L, base, nargs, a + 2);
  if (nargs < a + 3) throw argError(L, a + 3, "value expected");
  const ci = level < 0 ? null : frameAt(L1, level);
  if (ci === null) throw argError(L, a + 1, "level out of range");
  const loc = findLocal(L1, ci, n);
  if (loc === null) {
    L.stack[L.top++] = undefined;
    return 1;
  }
  L1.stack[loc[0]] = L.stack[base + a + 2];
  L1.G.localWrites++;
  L.stack[L.top++] = loc[1];
  return 1;
}

// ---------------------------------------------------------------- upvalues

function checkFunctionArg(L: LuaThread, base: number, nargs: number, arg: number): LuaClosure | HostFunction {
  const f = argAt(L, base, nargs, arg);
  if (f instanceof LuaClosure || f instanceof HostFunction) return f;
  throw typeError(L, base, nargs, arg, "function");
}

function upvalueName(cl: LuaClosure, i: number): string {
  const u = cl.proto.upvalues[i];
  return u === undefined || u.name === "" ? "(*no name)" : u.name;
}

function upvalueCount(f: LuaClosure | HostFunction): number {
  return f instanceof LuaClosure ? f.upvals.length : f.upvalues.length;
}

function dbGetupvalue(L: LuaThread, base: number, nargs: number): number {
  const f = checkFunctionArg(L, base, nargs, 1);
  const n = checkInt(L, base, nargs, 2);
  if (n < 1 || n > upvalueCount(f)) return 0;
  if (f instanceof LuaClosure) {
    L.stack[L.top++] = upvalueName(f, n - 1);
    L.stack[L.top++] = f.upvals[n - 1]!.get();
  } else {
    // A host function's upvalues have no names: "" like a C closure's.
    L.stack[L.top++] = "";
    L.stack[L.top++] = f.upvalues[n - 1];
  }
  return 2;
}

function dbSetupvalue(L: LuaThread, base: number, nargs: number): number {
  if (nargs < 3) throw argError(L, 3, "value expected");
  const f = checkFunctionArg(L, base, nargs, 1);
  const n = checkInt(L, base, nargs, 2);
  if (n < 1 || n > upvalueCount(f)) return 0;
  if (f instanceof LuaClosure) {
    f.upvals[n - 1]!.set(L.stack[base + 2]);
    L.stack[L.top++] = upvalueName(f, n - 1);
  } else {
    f.upvalues[n - 1] = L.stack[base + 2];
    L.stack[L.top++] = "";
  }
  return 1;
}

/** Identity values for upvalues (light userdata in C Lua): per Lua cell, per host function slot. */
const upvalueIds = new WeakMap<UpVal, LuaUserdata>();
const hostUpvalueIds = new WeakMap<HostFunction, LuaUserdata[]>();

function lightId(of: unknown): LuaUserdata {
  const id = new LuaUserdata(of);
  markLightUserdata(id);
  return id;
}

/** ldblib.c's checkupval: a function argument and a valid 1-based upvalue index for it. */
function checkUpval(L: LuaThread, base: number, nargs: number, fArg: number, nArg: number): [LuaClosure | HostFunction, number] {
  const n = checkInt(L, base, nargs, nArg);
  const f = checkFunctionArg(L, base, nargs, fArg);
  if (n < 1 || n > upvalueCount(f)) throw argError(L, nArg, "invalid upvalue index");
  return [f, n - 1];
}

function dbUpvalueid(L: LuaThread, base: number, nargs: number): number {
  const [f, i] = checkUpval(L, base, nargs, 1, 2);
  let id: LuaUserdata | undefined;
  if (f instanceof LuaClosure) {
    const uv = f.upvals[i]!;
    id = upvalueIds.get(uv);
    if (id === undefined) {
      id = lightId(uv);
      upvalueIds.set(uv, id);
    }
  } else {
    let ids = hostUpvalueIds.get(f);
    if (ids === undefined) {
      ids = [];
      hostUpvalueIds.set(f, ids);
    }
    id = ids[i] ??= lightId(f);
  }
  L.stack[L.top++] = id;
  return 1;
}

function dbUpvaluejoin(L: LuaThread, base: number, nargs: number): number {
  const [f1, i1] = checkUpval(L, base, nargs, 1, 2);
  const [f2, i2] = checkUpval(L, base, nargs, 3, 4);
  // Only Lua closures share upvalue cells.
  if (!(f1 instanceof LuaClosure)) throw argError(L, 1, "Lua function expected");
  if (!(f2 instanceof LuaClosure)) throw argError(L, 3, "Lua function expected");
  (f1.upvals as UpVal[])[i1] = f2.upvals[i2]!;
  return 0;
}

// ---------------------------------------------------------------- metatables, uservalues, registry

function dbGetmetatable(L: LuaThread, base: number, nargs: number): number {
  if (nargs < 1) throw argError(L, 1, "value expected");
  L.stack[L.top++] = getMetatable(L.G, argAt(L, base, nargs, 1)) ?? undefined;
  return 1;
}

function dbSetmetatable(L: LuaThread, base: number, nargs: number): number {
  const v = argAt(L, base, nargs, 1);
  const mt = argAt(L, base, nargs, 2);
  if (!(mt === undefined || mt instanceof LuaTable)) throw argError(L, 2, "nil or table expected");
  const m = mt ?? null;
  const G = L.G;
  if (v instanceof LuaTable || v instanceof LuaUserdata) v.metatable = m;
  else if (typeof v === "string") G.stringMeta = m;
  else if (typeof v === "boolean") G.booleanMeta = m;
  else if (v === undefined) G.nilMeta = m;
  else if (v instanceof LuaClosure || v instanceof HostFunction) G.functionMeta = m;
  else if (v instanceof LuaThread) G.threadMeta = m;
  else G.numberMeta = m;
  if (m !== null) {
    m.tmAbsent = 0;
    // Numbers, booleans and nil printed with a metatable: fast paths give up.
    if (typeof v === "number" || typeof v === "bigint" || v instanceof LuaFloat || typeof v === "boolean" || v === undefined) {
      basicMetatables.used = true;
    }
  }
  L.stack[L.top++] = v;
  return 1;
}

function dbGetregistry(L: LuaThread): number {
  L.stack[L.top++] = L.G.registry;
  return 1;
}

function dbGetuservalue(L: LuaThread, base: number, nargs: number): number {
  const u = argAt(L, base, nargs, 1);
  L.stack[L.top++] = u instanceof LuaUserdata && !isLightUserdata(u) ? u.userValue : undefined;
  return 1;
}

function dbSetuservalue(L: LuaThread, base: number, nargs: number): number {
  const u = argAt(L, base, nargs, 1);
  if (!(u instanceof LuaUserdata) || isLightUserdata(u)) throw typeError(L, base, nargs, 1, "userdata");
  if (nargs < 2) throw argError(L, 2, "value expected");
  u.userValue = L.stack[base + 1];
  L.stack[L.top++] = u;
  return 1;
}

// ---------------------------------------------------------------- traceback, debug, hooks

function dbTraceback(L: LuaThread, base: number, nargs: number): number {
  const [L1, a] = getThread(L, base, nargs);
  const msg = argAt(L, base, nargs, a + 1);
  const isText = typeof msg === "string" || typeof msg === "number" || typeof msg === "bigint" ||
    msg instanceof LuaFloat;
  if (!isText && msg !== undefined) {
    L.stack[L.top++] = msg; // a non-string message is returned untouched
    return 1;
  }
  const level = nargs >= a + 2 && L.stack[base + a + 1] !== undefined ? checkInt(L, base, nargs, a + 2) : L1 === L ? 1 : 0;
  const text = msg === undefined ? null : tolstring(L, msg);
  L.stack[L.top++] = traceback(L1, text, level);
  return 1;
}

/** Per-thread hook settings made by debug.sethook. */
interface HookSettings {
  fn: LuaValue;
  mask: string;
  count: number;
}
const hooks = new WeakMap<LuaThread, HookSettings>();

/** The hook debug.sethook installed on thread L, if any (for a VM that runs hooks). */
export function getHook(L: LuaThread): HookSettings | undefined {
  return hooks.get(L);
}

function dbSethook(L: LuaThread, base: number, nargs: number): number {
  const [L1, a] = getThread(L, base, nargs);
  const fn = argAt(L, base, nargs, a + 1);
  if (nargs <= a || fn === undefined) {
    hooks.delete(L1);
    setHook(L1, undefined, 0, 0);
    return 0;
  }
  const mask = checkString(L, base, nargs, a + 2);
  if (!(fn instanceof LuaClosure || fn instanceof HostFunction)) throw typeError(L, base, nargs, a + 1, "function");
  const count = nargs >= a + 3 && L.stack[base + a + 2] !== undefined ? checkInt(L, base, nargs, a + 3) : 0;
  let m = "";
  for (const c of "crl") if (mask.includes(c)) m += c;
  if (m === "" && count <= 0) hooks.delete(L1);
  else hooks.set(L1, { fn, mask: m, count: Math.max(count, 0) });
  // The VM runs the hook (call, return, line and count events) per thread.
  const bits = (m.includes("c") ? HOOK_CALL : 0) | (m.includes("r") ? HOOK_RET : 0) | (m.includes("l") ? HOOK_LINE : 0);
  setHook(L1, m === "" && count <= 0 ? undefined : fn, bits, Math.max(count, 0));
  return 0;
}

function dbGethook(L: LuaThread, base: number, nargs: number): number {
  const [L1] = getThread(L, base, nargs);
  const h = hooks.get(L1);
  L.stack[L.top++] = h === undefined ? undefined : h.fn;
  L.stack[L.top++] = h === undefined ? "" : h.mask;
  L.stack[L.top++] = h === undefined ? 0 : h.count;
  return 3;
}

/** debug.debug: runs lines from standard input until "cont". */
function dbDebug(L: LuaThread): number {
  const G = L.G;
  for (;;) {
    G.flush();
    G.stderr("lua_debug> ");
    const line = readStdinLine();
    if (line === null || line === "cont") return 0;
    try {
      const load = G.globals.getStr("load");
      const r = callFunction(L, load, [line, "=(debug command)"], 2);
      if (r[0] === undefined) throw new LuaError(r[1]);
      callFunction(L, r[0], [], 0);
    } catch (e) {
      const v = e instanceof LuaError ? e.value : String(e);
      G.stderr(`${typeof v === "string" ? v : tolstring(L, v)}\n`);
    }
  }
}

function readStdinLine(): string | null {
  const buf = Buffer.alloc(1);
  let s = "";
  for (;;) {
    let n: number;
    try {
      n = fs.readSync(0, buf, 0, 1, null);
    } catch {
      return s.length > 0 ? s : null;
    }
    if (n === 0) return s.length > 0 ? s : null;
    const c = buf[0]!;
    if (c === 10) return s;
    s += String.fromCharCode(c);
  }
}

const FUNCS: readonly HostFunction[] = [
  new HostFunction("debug", dbDebug),
  new HostFunction("getuservalue", dbGetuservalue),
  new HostFunction("gethook", dbGethook),
  new HostFunction("getinfo", dbGetinfo),
  new HostFunction("getlocal", dbGetlocal),
  new HostFunction("getregistry", dbGetregistry),
  new HostFunction("getmetatable", dbGetmetatable),
  new HostFunction("getupvalue", dbGetupvalue),
  new HostFunction("upvaluejoin", dbUpvaluejoin),
  new HostFunction("upvalueid", dbUpvalueid),
  new HostFunction("setuservalue", dbSetuservalue),
  new HostFunction("sethook", dbSethook),
  new HostFunction("setlocal", dbSetlocal),
  new HostFunction("setmetatable", dbSetmetatable),
  new HostFunction("setupvalue", dbSetupvalue),
  new HostFunction("traceback", dbTraceback),
];
const TEMPLATE = libTemplate(FUNCS);

export function openDebug(_G: LuaState): LuaTable {
  return newLibTable(TEMPLATE);
}
