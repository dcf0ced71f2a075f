// A runtime's root process (the wippy-lua command's program, the REPL's
// session) gets library tables and globals of its own, plain LuaTables that
// compiled code reads inline; every other process keeps copy-on-write views
// of the template (process-state.ts). Both must behave the same to Lua.

import { describe, expect, it } from "vitest";
import { LuaTable, compileChunk } from "@wippy-lua/vm";
import { CowTree, createRuntime, startProcess } from "../src/index.js";
import { runScript } from "./helpers.js";

describe("the root process's tables", () => {
  it("are plain tables for a root and copy-on-write views for other processes", () => {
    const rt = createRuntime({ root: process.cwd() });
    const proto = compileChunk("return 1", "=t");
    const own = startProcess(rt, rt.host, proto, "main", false, [], undefined, false, true);
    const cow = startProcess(rt, rt.host, proto, "main", false, []);
    const str = (G: { globals: LuaTable }): LuaTable => G.globals.getStr("string") as LuaTable;
    expect(own.G.globals.constructor).toBe(LuaTable);
    expect(str(own.G).constructor).toBe(LuaTable);
    expect(own.G.stringMeta?.constructor).toBe(LuaTable);
    expect(own.G.registry.constructor).toBe(LuaTable);
    expect(cow.G.globals).toBeInstanceOf(CowTree);
    expect(str(cow.G)).toBeInstanceOf(CowTree);
    // The same library functions either way (host functions are shared).
    expect(str(own.G).getStr("format")).toBe(str(cow.G).getStr("format"));
    expect(own.G.globals.getStr("process")).toBeInstanceOf(LuaTable);
    expect(own.G.globals.getStr("channel")).toBeInstanceOf(LuaTable);
  });

  it("hold the runtime's globals and modules, and the root's changes stay in the root", async () => {
    const r = await runScript(`
      string.shout = function(s) return s:upper() .. "!" end
      math.pi = 3
      greeting = "root"
      print(("hi"):shout(), math.pi, type(process.pid), type(channel.new), type(coroutine.spawn))
      print(require("time") == require("time"), package.loaded.string == string)
      print(process.exec("child.lua"))`, {
      "child.lua": `return tostring(string.shout) .. " " .. math.pi .. " " .. tostring(greeting)`,
    });
    expect(r).toEqual({
      code: 0,
      out: "HI!\t3\tfunction\tfunction\tfunction\ntrue\ttrue\nnil 3.1415926535898 nil\tnil\n",
      err: "",
    });
  });

  it("give io its own files and a string metatable whose __index is the root's string", async () => {
    const r = await runScript(`
      print(io.type(io.stdout), getmetatable("").__index == string)
      io.write("written", "\\n")
      string.twice = function(s) return s .. s end
      print(("ab"):twice())`);
    expect(r).toEqual({ code: 0, out: "file\ttrue\nwritten\nabab\n", err: "" });
  });
});
