// @wippy-lua/stdlib: the Lua 5.3 standard libraries other than base and
// coroutine (which the VM opens itself): string, table, math, utf8, os, io,
// debug and package/require, bit32 (part of 5.3's default build), plus the
// sandbox profile of the runtime spec (§0.4).
//
// Library functions are HostFunctions created once at module load and
// shared by every state; opening the libraries into a state only builds
// the library tables and the per-state data (string metatable, io's
// default files, package tables).

import { loadedTable, type LuaState } from "@wippy-lua/vm";
import { LuaTable } from "@wippy-lua/vm/libapi";
import { openString } from "./strlib.js";
import { openTable } from "./tablib.js";
import { openMath } from "./mathlib.js";
import { openUtf8 } from "./utf8lib.js";
import { openBit32 } from "./bit32lib.js";
import { openOs, setExitHandler, type ExitHandler } from "./oslib.js";
import { openIo } from "./iolib.js";
import { openDebug } from "./dblib.js";
import { openPackage } from "./loadlib.js";
import { LOAD, LOADFILE, makeDofile } from "./binload.js";

export interface OpenLibsOptions {
  /** The sandbox profile: no load/loadfile/dofile, io, debug, package.loadlib, and a reduced os. */
  sandbox?: boolean;
  /**
   * What os.exit does after flushing output (default: process.exit). It
   * must not return; embedders can throw to unwind their own run loop.
   */
  exit?: ExitHandler;
  /** package.path and package.cpath ignore LUA_PATH / LUA_CPATH (and their _5_3 forms), as lua -E. */
  ignoreEnv?: boolean;
  /** The default package.path, which ";;" in LUA_PATH stands for (default: lua 5.3's). */
  defaultPath?: string;
}

/** Globals the sandbox removes. */
const SANDBOX_GLOBALS = ["load", "loadstring", "loadfile", "dofile", "io", "debug"];
const SANDBOX_OS = ["execute", "exit", "remove", "rename", "tmpname", "getenv"];

function register(G: LuaState, loaded: LuaTable, name: string, lib: LuaTable): void {
  G.globals.setStr(name, lib);
  loaded.setStr(name, lib);
}

/** Opens string, table, math, utf8, os, io, debug and package into state G. */
export function openLibs(G: LuaState, options?: OpenLibsOptions): void {
  const loaded = loadedTable(G);
  const sandbox = options?.sandbox === true;
  const pkg = openPackage(G, { ignoreEnv: options?.ignoreEnv, defaultPath: options?.defaultPath });
  register(G, loaded, "package", pkg);
  register(G, loaded, "string", openString(G));
  const table = openTable(G);
  register(G, loaded, "table", table);
  register(G, loaded, "math", openMath(G));
  register(G, loaded, "utf8", openUtf8(G));
  register(G, loaded, "bit32", openBit32(G));
  const os = openOs(G);
  register(G, loaded, "os", os);
  G.globals.setStr("unpack", table.getStr("unpack"));
  if (options?.exit !== undefined) setExitHandler(G, options.exit);
  if (sandbox) {
    for (const name of SANDBOX_GLOBALS) {
      G.globals.setStr(name, undefined);
      loaded.setStr(name, undefined);
    }
    for (const name of SANDBOX_OS) os.setStr(name, undefined);
    pkg.setStr("loadlib", undefined);
    return;
  }
  register(G, loaded, "io", openIo(G));
  register(G, loaded, "debug", openDebug(G));
  G.globals.setStr("load", LOAD);
  G.globals.setStr("loadfile", LOADFILE);
  G.globals.setStr("dofile", makeDofile(G));
}

/** A library opener for newState({ libs: [...] }). */
export function stdlib(options?: OpenLibsOptions): (G: LuaState) => void {
  return (G) => openLibs(G, options);
}

export { openString } from "./strlib.js";
export { openTable } from "./tablib.js";
export { openMath } from "./mathlib.js";
export { openUtf8 } from "./utf8lib.js";
export { openBit32 } from "./bit32lib.js";
export { openOs, type ExitHandler } from "./oslib.js";
export { openIo } from "./iolib.js";
export { openDebug, getHook } from "./dblib.js";
export { openPackage, type PackagePathOptions } from "./loadlib.js";
export { flushAllFiles } from "./luafile.js";
export { dumpFunction, undumpChunk } from "./dump.js";
