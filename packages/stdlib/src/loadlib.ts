// The package library and require (loadlib.c's interface). Lua modules are
// found along package.path; C modules cannot be loaded here, so the C
// searchers report a clear error for a C library they find, and
// package.loadlib always fails with "absent", as a Lua built without
// dynamic-library support does.

import * as fs from "node:fs";
import { LuaSyntaxError } from "@wippy-lua/parser";
import { loadChunk, loadedTable } from "@wippy-lua/vm";
import {
  HostFunction, LuaClosure, LuaError, LuaFloat, LuaTable, NO_VAR, callFunction, index, isFunction, numberToString,
  type LuaState,
  type LuaThread, type LuaValue,
} from "@wippy-lua/vm/libapi";
import { checkString, optString } from "./args.js";
import { libTemplate, newLibTable } from "./libtable.js";
import { loadBinaryChunk, readChunkFile } from "./binload.js";

const LUA_PATH_DEFAULT = "/usr/local/share/lua/5.3/?.lua;/usr/local/share/lua/5.3/?/init.lua;" +
  "/usr/local/lib/lua/5.3/?.lua;/usr/local/lib/lua/5.3/?/init.lua;./?.lua;./?/init.lua";
const LUA_CPATH_DEFAULT = "/usr/local/lib/lua/5.3/?.so;/usr/local/lib/lua/5.3/loadall.so;./?.so";
/** What a Lua built without dynamic libraries says (loadlib.c's DLMSG). */
const DLMSG = "dynamic libraries not enabled; check your Lua installation";
const PACKAGE_KEY = "_PACKAGE";

/** The package table of the state (loadlib.c keeps it as the searchers' upvalue). */
function packageTable(L: LuaThread): LuaTable {
  const p = L.G.registry.getStr(PACKAGE_KEY);
  if (!(p instanceof LuaTable)) throw new LuaError("package library is not open", true);
  return p;
}

function preloadTable(G: LuaState): LuaTable {
  let t = G.registry.getStr("_PRELOAD");
  if (!(t instanceof LuaTable)) {
    t = new LuaTable();
    G.registry.setStr("_PRELOAD", t);
  }
  return t;
}

/**
 * loadlib.c's setpath: an environment variable, with ";;" standing for the
 * default; the default alone when the environment is ignored (lua -E).
 */
function pathFromEnv(env1: string, env2: string, def: string, ignoreEnv: boolean): string {
  const v = ignoreEnv ? undefined : process.env[env1] ?? process.env[env2];
  if (v === undefined) return def;
  return Buffer.from(v, "utf8").toString("latin1").split(";;").join(";\x01;").split("\x01").join(def);
}

function readable(filename: string): boolean {
  try {
    fs.closeSync(fs.openSync(Buffer.from(filename, "latin1"), "r"));
    return true;
  } catch {
    return false;
  }
}

/** package.searchpath: the first readable file, or the list of tried names. */
export function searchPath(name: string, path: string, sep: string, dirsep: string): string | { tried: string } {
  if (sep !== "") name = name.split(sep).join(dirsep);
  let tried = "";
  for (const template of path.split(";")) {
    if (template === "") continue;
    const filename = template.split("?").join(name);
    if (readable(filename)) return filename;
    tried += `\n\tno file '${filename}'`;
  }
  return { tried };
}

function findFile(L: LuaThread, name: string, pname: string, dirsep: string): string | { tried: string } {
  let path = index(L, null, packageTable(L), pname, NO_VAR);
  if (typeof path === "number" || typeof path === "bigint" || path instanceof LuaFloat) path = numberToString(path);
  if (typeof path !== "string") throw new LuaError(`'package.${pname}' must be a string`, true);
  return searchPath(name, path, ".", dirsep);
}

/** luaL_loadfilex for a module file: a closure, or the error message. */
export function loadLuaFile(G: LuaState, filename: string): LuaClosure | string {
  const src = readChunkFile(filename);
  if (typeof src !== "string") return src.error;
  try {
    if (src.charCodeAt(0) === 0x1b) return loadBinaryChunk(src, "@" + filename, "bt", G.globals);
    return loadChunk(G, src, "@" + filename);
  } catch (e) {
    if (e instanceof LuaSyntaxError) return e.message;
    if (e instanceof LuaError) return String(e.value);
    throw e;
  }
}

function searcherPreload(L: LuaThread, base: number, nargs: number): number {
  const name = checkString(L, base, nargs, 1);
  const v = preloadTable(L.G).get(name);
  L.stack[L.top++] = v !== undefined ? v : `\n\tno field package.preload['${name}']`;
  return 1;
}

function searcherLua(L: LuaThread, base: number, nargs: number): number {
  const name = checkString(L, base, nargs, 1);
  const found = findFile(L, name, "path", "/");
  if (typeof found !== "string") {
    L.stack[L.top++] = found.tried;
    return 1;
  }
  const f = loadLuaFile(L.G, found);
  if (typeof f === "string") {
    throw new LuaError(`error loading module '${name}' from file '${found}':\n\t${f}`, true);
  }
  L.stack[L.top++] = f;
  L.stack[L.top++] = found;
  return 2;
}

function searcherC(L: LuaThread, base: number, nargs: number): number {
  const name = checkString(L, base, nargs, 1);
  const found = findFile(L, name, "cpath", "/");
  if (typeof found !== "string") {
    L.stack[L.top++] = found.tried;
    return 1;
  }
  throw new LuaError(`error loading module '${name}' from file '${found}':\n\t${DLMSG}`, true);
}

function searcherCroot(L: LuaThread, base: number, nargs: number): number {
  const name = checkString(L, base, nargs, 1);
  const dot = name.indexOf(".");
  if (dot < 0) return 0;
  const found = findFile(L, name.slice(0, dot), "cpath", "/");
  if (typeof found !== "string") {
    L.stack[L.top++] = found.tried;
    return 1;
  }
  throw new LuaError(`error loading module '${name}' from file '${found}':\n\t${DLMSG}`, true);
}

function pkgSearchpath(L: LuaThread, base: number, nargs: number): number {
  const name = checkString(L, base, nargs, 1);
  const path = checkString(L, base, nargs, 2);
  const sep = optString(L, base, nargs, 3, ".");
  const rep = optString(L, base, nargs, 4, "/");
  const r = searchPath(name, path, sep, rep);
  if (typeof r === "string") {
    L.stack[L.top++] = r;
    return 1;
  }
  L.stack[L.top++] = undefined;
  L.stack[L.top++] = r.tried;
  return 2;
}

function pkgLoadlib(L: LuaThread, base: number, nargs: number): number {
  checkString(L, base, nargs, 1);
  checkString(L, base, nargs, 2);
  L.stack[L.top++] = undefined;
  L.stack[L.top++] = DLMSG;
  L.stack[L.top++] = "absent";
  return 3;
}

function require(L: LuaThread, base: number, nargs: number): number {
  const name = checkString(L, base, nargs, 1);
  const loaded = loadedTable(L.G);
  const have = loaded.get(name);
  if (have !== undefined && have !== false) {
    L.stack[L.top++] = have;
    return 1;
  }
  const searchers = index(L, null, packageTable(L), "searchers", NO_VAR);
  if (!(searchers instanceof LuaTable)) throw new LuaError("'package.searchers' must be a table", true);
  let msg = "";
  let loader: LuaValue;
  let data: LuaValue;
  for (let i = 1; ; i++) {
    const s = searchers.get(i);
    if (s === undefined) throw new LuaError(`module '${name}' not found:${msg}`, true);
    const r = callFunction(L, s, [name], 2);
    if (isFunction(r[0])) {
      loader = r[0];
      data = r[1];
      break;
    }
    if (typeof r[0] === "string") msg += r[0];
  }
  const res = callFunction(L, loader, [name, data], 1)[0];
  if (res !== undefined) loaded.set(name, res);
  let v = loaded.get(name);
  if (v === undefined) {
    v = true;
    loaded.set(name, true);
  }
  L.stack[L.top++] = v;
  return 1;
}

const REQUIRE = new HostFunction("require", require);
const SEARCHERS: readonly HostFunction[] = [
  new HostFunction("searcher_preload", searcherPreload),
  new HostFunction("searcher_Lua", searcherLua),
  new HostFunction("searcher_C", searcherC),
  new HostFunction("searcher_Croot", searcherCroot),
];
const FUNCS: readonly HostFunction[] = [
  new HostFunction("loadlib", pkgLoadlib),
  new HostFunction("searchpath", pkgSearchpath),
];
const TEMPLATE = libTemplate(FUNCS);

/** Where package.path and package.cpath come from (see OpenLibsOptions). */
export interface PackagePathOptions {
  /** Ignore LUA_PATH(_5_3) and LUA_CPATH(_5_3), as lua -E does. */
  ignoreEnv?: boolean;
  /** The default package.path, which ";;" in LUA_PATH stands for (default: lua 5.3's). */
  defaultPath?: string;
}

/** Opens the package library: returns the package table and sets the global require. */
export function openPackage(G: LuaState, paths: PackagePathOptions = {}): LuaTable {
  const ignoreEnv = paths.ignoreEnv === true;
  const pkg = newLibTable(TEMPLATE);
  const searchers = new LuaTable();
  for (let i = 0; i < SEARCHERS.length; i++) searchers.setInt(i + 1, SEARCHERS[i]!);
  pkg.setStr("searchers", searchers);
  pkg.setStr("path", pathFromEnv("LUA_PATH_5_3", "LUA_PATH", paths.defaultPath ?? LUA_PATH_DEFAULT, ignoreEnv));
  pkg.setStr("cpath", pathFromEnv("LUA_CPATH_5_3", "LUA_CPATH", LUA_CPATH_DEFAULT, ignoreEnv));
  pkg.setStr("config", "/\n;\n?\n!\n-\n");
  pkg.setStr("loaded", loadedTable(G));
  pkg.setStr("preload", preloadTable(G));
  G.registry.setStr(PACKAGE_KEY, pkg);
  G.globals.setStr("require", REQUIRE);
  return pkg;
}
