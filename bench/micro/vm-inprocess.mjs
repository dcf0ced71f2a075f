// In-process runners for the VM micro-benchmark: each compiles a snippet into
// a Lua function that runs <body> N times and returns how many times it did,
// once, and returns a JS function that calls it with a batch size and gives
// back that count (so that a run that stopped early is caught). wippy-lua goes
// through its embedding API (packages/vm/dist), fengari through its C-style API.
import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { REPO_DIR } from "../lib/engines.mjs";

export const WIPPY_VM_DIST = path.join(REPO_DIR, "packages", "vm", "dist", "index.js");

/** The chunk source for a snippet: setup once, then the looping function. */
export function snippetChunk(snippet) {
  return `${snippet.setup}\nreturn function(N) local done = 0 for i = 1, N do ${snippet.body} done = done + 1 end return done end\n`;
}

export const EMPTY_SNIPPET = { name: "empty loop", setup: "", body: "" };

/** Why wippy-lua's embedding API cannot be used, or null when it can. */
export async function wippyApiUnavailable() {
  if (!existsSync(WIPPY_VM_DIST)) return "packages/vm/dist/index.js is not built";
  const vm = await import(pathToFileURL(WIPPY_VM_DIST).href);
  for (const name of ["newState", "load", "call"]) {
    if (typeof vm[name] !== "function") return `packages/vm/dist/index.js exports no ${name}`;
  }
  return null;
}

/** makeRunner(snippet) -> (batch) => void, for wippy-lua's embedding API. */
export async function wippyRunnerFactory() {
  const vm = await import(pathToFileURL(WIPPY_VM_DIST).href);
  const G = vm.newState({});
  return (snippet) => {
    const [fn] = vm.call(G, vm.load(G, snippetChunk(snippet), "=snippet"));
    return (batch) => vm.call(G, fn, batch)[0];
  };
}

/** makeRunner(snippet) -> (batch) => void, for fengari. */
export async function fengariRunnerFactory() {
  const { lua, lauxlib, lualib, to_luastring } = (await import("fengari")).default;
  const L = lauxlib.luaL_newstate();
  lualib.luaL_openlibs(L);
  const check = (status) => {
    if (status !== lua.LUA_OK) throw new Error(`fengari: ${lua.lua_tojsstring(L, -1)}`);
  };
  return (snippet) => {
    check(lauxlib.luaL_loadstring(L, to_luastring(snippetChunk(snippet))));
    check(lua.lua_pcall(L, 0, 1, 0));
    const ref = lauxlib.luaL_ref(L, lua.LUA_REGISTRYINDEX);
    return (batch) => {
      lua.lua_rawgeti(L, lua.LUA_REGISTRYINDEX, ref);
      lua.lua_pushinteger(L, batch);
      check(lua.lua_pcall(L, 1, 1, 0));
      const done = lua.lua_tointeger(L, -1);
      lua.lua_pop(L, 1);
      return done;
    };
  };
}
