// Runs a Lua file under fengari the way `lua file.lua args...` would:
// standard libraries opened, `arg` set, the arguments passed as `...`.
// Usage: node drivers/fengari.mjs file.lua [args...]
import fengari from "fengari";

const { lua, lauxlib, lualib, to_luastring } = fengari;

const [script, ...args] = process.argv.slice(2);
if (!script) {
  process.stderr.write("usage: fengari.mjs file.lua [args...]\n");
  process.exit(1);
}

const L = lauxlib.luaL_newstate();
lualib.luaL_openlibs(L);

// arg[0] is the script, arg[1..n] its arguments (as in lua.c).
lua.lua_createtable(L, args.length, 1);
lua.lua_pushstring(L, to_luastring(script));
lua.lua_rawseti(L, -2, 0);
args.forEach((a, i) => {
  lua.lua_pushstring(L, to_luastring(a));
  lua.lua_rawseti(L, -2, i + 1);
});
lua.lua_setglobal(L, to_luastring("arg"));

let status = lauxlib.luaL_loadfile(L, to_luastring(script));
if (status === lua.LUA_OK) {
  for (const a of args) lua.lua_pushstring(L, to_luastring(a));
  status = lua.lua_pcall(L, args.length, 0, 0);
}
if (status !== lua.LUA_OK) {
  const msg = lua.lua_tojsstring(L, -1);
  process.stderr.write(`fengari: ${msg}\n`);
  process.exitCode = 1;
}
