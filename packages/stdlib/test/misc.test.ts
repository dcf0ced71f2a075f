// Hand-written checks: tracebacks (lua5.3's output minus the "[C]: in ?"
// frame of its stand-alone interpreter, which this harness has no
// equivalent of), the sandbox profile, the unpack alias, os.exit, shared
// stdout ordering and per-state independence.

import { readFileSync, unlinkSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { load, call, flush } from "@wippy-lua/vm";
import { newTestState, run } from "./helper.js";

describe("debug.traceback", () => {
  it("matches lua5.3's frames and names", () => {
    const r = run(`local function lvl3() return debug.traceback("msg", 1) end
local function lvl2() return lvl3() .. "" end
print(lvl2())
print(debug.traceback("x", 50))
print(debug.traceback(12), type(debug.traceback({})), debug.traceback(nil) ~= nil)
print(select(2, xpcall(function() error("oops") end, debug.traceback)))
print(pcall(debug.traceback, 1, 2, 3))`);
    expect(r.error).toBe(null);
    expect(r.stdout).toBe(
      "msg\nstack traceback:\n\ttest:1: in upvalue 'lvl3'\n\ttest:2: in local 'lvl2'\n\ttest:3: in main chunk\n" +
      "x\nstack traceback:\n" +
      "12\nstack traceback:\n\ttest:5: in main chunk\ttable\ttrue\n" +
      "test:6: oops\nstack traceback:\n\t[C]: in function 'error'\n\ttest:6: in function <test:6>\n" +
      "\t[C]: in function 'xpcall'\n\ttest:6: in main chunk\n" +
      "true\t1\nstack traceback:\n\ttest:7: in main chunk\n");
  });
});

describe("debug.traceback of a coroutine", () => {
  it("shows only the coroutine's frames (lua5.3's output)", () => {
    const r = run(`local co = coroutine.create(function() local x = 1 coroutine.yield() end)
coroutine.resume(co)
print(debug.traceback(co))
print(debug.traceback(co, "hi", 1))
print(debug.traceback(co, nil, 5))`);
    expect(r.error).toBe(null);
    expect(r.stdout).toBe(
      "stack traceback:\n\t[C]: in function 'coroutine.yield'\n\ttest:1: in function <test:1>\n" +
      "hi\nstack traceback:\n\ttest:1: in function <test:1>\n" +
      "stack traceback:\n");
  });
});

describe("sandbox profile", () => {
  it("removes what untrusted code must not reach", () => {
    const r = run(`print(load, loadstring, loadfile, dofile, io, debug, package.loadlib)
print(os.execute, os.exit, os.remove, os.rename, os.tmpname, os.getenv)
print(type(os.time), type(os.clock), type(os.date), type(require), type(string.rep), type(unpack))
print(package.loaded.io, package.loaded.debug, pcall(require, "io"))`, { sandbox: true });
    expect(r.error).toBe(null);
    expect(r.stdout).toBe(
      "nil\tnil\tnil\tnil\tnil\tnil\tnil\n" +
      "nil\tnil\tnil\tnil\tnil\tnil\n" +
      "function\tfunction\tfunction\tfunction\tfunction\tfunction\n" +
      "nil\tnil\tfalse\tmodule 'io' not found:\n\tno field package.preload['io']\n" +
      "\tno file '/usr/local/share/lua/5.3/io.lua'\n\tno file '/usr/local/share/lua/5.3/io/init.lua'\n" +
      "\tno file '/usr/local/lib/lua/5.3/io.lua'\n\tno file '/usr/local/lib/lua/5.3/io/init.lua'\n" +
      "\tno file './io.lua'\n\tno file './io/init.lua'\n" +
      "\tno file '/usr/local/lib/lua/5.3/io.so'\n\tno file '/usr/local/lib/lua/5.3/loadall.so'\n\tno file './io.so'\n");
  });

  it("keeps the full library by default", () => {
    const r = run(`print(type(load), type(io.write), type(debug.traceback), type(os.exit), unpack == table.unpack)
print(unpack({1, 2, 3}))`);
    expect(r.stdout).toBe("function\tfunction\tfunction\tfunction\ttrue\n1\t2\t3\n");
  });
});

describe("os.exit", () => {
  it("flushes output and stops the program with the code", () => {
    expect(run(`io.write("a") print("b") os.exit(3) print("unreachable")`)).toEqual(
      { stdout: "ab\n", stderr: "", error: "exit 3" });
    expect(run(`io.stdout:setvbuf("full") io.write("x\\n") os.exit(false)`).error).toBe("exit 1");
    expect(run(`os.exit(true, true)`).error).toBe("exit 0");
    expect(run(`os.exit()`).error).toBe("exit 0");
    expect(run(`os.exit(256 + 7)`).error).toBe("exit 7");
  });

  it("writes out the buffers of open files first", () => {
    const name = `/tmp/wippy_stdlib_exit_${process.pid}.txt`;
    const r = run(`local f = io.open("${name}", "w") f:write("kept") os.exit(0)`);
    expect(r.error).toBe("exit 0");
    expect(readFileSync(name, "latin1")).toBe("kept");
    unlinkSync(name);
  });
});

describe("standard output", () => {
  it("print, io.write and io.stdout share one ordered buffer", () => {
    const r = run(`io.write("1") print(2) io.stdout:write("3") io.write(4, "\\n") print(io.write("5") == io.stdout)
io.stderr:write("err\\n")`);
    expect(r.stdout).toBe("12\n34\n5true\n");
    expect(r.stderr).toBe("err\n");
  });

  it("many small writes are batched", () => {
    const { G, out } = newTestState();
    call(G, load(G, `for i = 1, 70000 do io.write("x") end`, "=t"));
    flush(G);
    expect(out.join("").length).toBe(70000);
    expect(out.length).toBeLessThan(10);
  });
});

describe("states", () => {
  it("each state has its own library tables, string metatable and io defaults", () => {
    const a = newTestState();
    const b = newTestState();
    call(a.G, load(a.G, `string.shout = function(s) return s:upper() .. "!" end
io.output(io.stderr)`, "=a"));
    call(b.G, load(b.G, `print(string.shout, ("x").shout, io.output() == io.stdout)`, "=b"));
    flush(b.G);
    expect(b.out.join("")).toBe("nil\tnil\ttrue\n");
  });
});
