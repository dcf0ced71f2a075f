// Runtime spec §1.2, §5 and §13 items 13-16, 40, 41: managed threads,
// preemption, blocking inside unmanaged coroutines, per-process libraries.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createRuntime, entryProto, resolveTarget, startProcess } from "../src/index.js";
import { LuaTable } from "../src/vm.js";
import { runLua, runProject } from "./helpers.js";

describe("coroutines and scheduling (spec §13)", () => {
  it("13: coroutine.spawn runs nothing before a scheduling point; spawn order kept", async () => {
    expect(await runLua(`
      coroutine.spawn(function() print("a") end)
      coroutine.spawn(function() print("b") end)
      print("spawner")
      coroutine.yield()
      print("end")`)).toBe("spawner\na\nb\nend\n");
  });

  it("14: an uncaught error in a spawned coroutine fails the process", async () => {
    expect(await runLua(`
      local pid = process.spawn_monitored("child.lua")
      local ev = process.events():receive()
      print(ev.kind == process.event.EXIT, ev.from == pid, tostring(ev.result.error):find("boom") ~= nil)`, {
      "child.lua": `coroutine.spawn(function() error("boom") end)
        process.inbox():receive()`,
    })).toBe("true\ttrue\ttrue\n");
  });

  it("15: when main returns, the other coroutines never run again", async () => {
    expect(await runLua(`
      local pid = process.spawn_monitored("child.lua", nil, process.pid())
      print(process.events():receive().kind)
      local r = channel.select{process.inbox():case_receive(), require("time").after("80ms"):case_receive()}
      print(r.channel == process.inbox())`, {
      "child.lua": `local parent = ...
        coroutine.spawn(function() require("time").sleep("50ms"); process.send(parent, "late", 1) end)
        return 1`,
    })).toBe("pid.exit\nfalse\n");
  });

  it("16: a spinning process does not stop another from completing process.exec", async () => {
    expect(await runLua(`
      process.spawn("spin.lua")
      print(process.exec("short.lua"))`, {
      "spin.lua": "while true do end",
      "short.lua": "return 7",
    })).toBe("7\tnil\n");
  });

  it("40: a receive inside coroutine.create parks the managed thread and continues inside the coroutine", async () => {
    expect(await runLua(`
      local ch = channel.new()
      local co = coroutine.create(function()
        local v, ok = ch:receive()
        print("inside", v, ok)
        coroutine.yield("y")
        return "done"
      end)
      coroutine.spawn(function() print("sender runs"); ch:send(7) end)
      print("resume", coroutine.resume(co))
      print("resume", coroutine.resume(co))`)).toBe("sender runs\ninside\t7\ttrue\nresume\ttrue\ty\nresume\ttrue\tdone\n");
  });

  it("41: library changes stay inside their process", async () => {
    expect(await runLua(`
      string.trim = function(s) return (s:gsub("^%s+", "")) end
      print(("  x"):trim())
      print(process.exec("other.lua"))
      print(rawequal(string, package.loaded.string), _G._G == _G)`, {
      "other.lua": "return tostring(string.trim) .. ' ' .. tostring(('x').trim)",
    })).toBe("x\nnil nil\tnil\ntrue\ttrue\n");
  });

  it("41: idle processes share the library: their globals and string metatable keep the template's storage", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "wippy-cow-"));
    writeFileSync(path.join(root, "idle.lua"), "process.inbox():receive()");
    writeFileSync(path.join(root, "patch.lua"), "string.trim = 1 process.inbox():receive()");
    const rt = createRuntime({ root, stdout: () => {}, stderr: () => {} });
    const spawn = (file: string) => {
      const entry = resolveTarget(rt, file);
      if ("kind" in entry) throw new Error(entry.message);
      const proto = entryProto(rt, entry);
      if ("kind" in proto) throw new Error(proto.message);
      return startProcess(rt, rt.host, proto, "main", false, []);
    };
    const idle = Array.from({ length: 1000 }, () => spawn("idle.lua"));
    const patched = spawn("patch.lua");
    while (rt.runq.length > 0) await new Promise((r) => setImmediate(r));
    const tpl = rt.template;
    expect(idle.every((p) => p.G.globals.hash === tpl.globals.hash && p.G.globals.arr === tpl.globals.arr)).toBe(true);
    expect(idle.every((p) => p.G.stringMeta!.hash === tpl.stringMeta!.hash)).toBe(true);
    // A process that writes to a library gets its own copy of that table only.
    const str = patched.G.globals.getStr("string") as LuaTable;
    expect(str.getStr("trim")).toBe(1);
    expect((tpl.TG.globals.getStr("string") as LuaTable).getStr("trim")).toBeUndefined();
    expect(patched.G.globals.hash).toBe(tpl.globals.hash);
  });

  it("processes have their own globals and module instances", async () => {
    expect(await runLua(`
      shared = "root"
      local counter = require("counter")
      counter.n = counter.n + 1
      print(process.exec("peek.lua"))
      print(shared, require("counter").n)`, {
      "counter.lua": "return {n = 0}",
      "peek.lua": `local c = require("counter") return tostring(shared) .. " " .. c.n`,
    })).toBe("nil 0\tnil\nroot\t1\n");
  });

  it("preemption is invisible inside a process: a busy thread is not interleaved with its process's other threads", async () => {
    expect(await runLua(`
      local x, seen = 0, nil
      coroutine.spawn(function() seen = x end)
      for i = 1, 200000 do x = i end
      coroutine.yield()
      print(seen)`, {}, { budget: 500 })).toBe("200000\n");
  });

  it("timers still fire while another process spins", async () => {
    expect(await runLua(`
      process.spawn("spin.lua")
      local time = require("time")
      local t0 = time.now()
      time.sleep("20ms")
      local r = channel.select{time.after("10ms"):case_receive()}
      print(time.now():sub(t0):milliseconds() >= 30, r.ok)`, { "spin.lua": "while true do end" })).toBe("true\ttrue\n");
  });

  it("coroutine.spawn needs a function", async () => {
    expect(await runLua(`print(pcall(coroutine.spawn, 1))`)).toMatch(/^false\t.*function expected/);
  });

  it("the sandbox profile removes load, io, debug and the unsafe os functions in every process", async () => {
    expect(await runLua(`
      print(load, loadstring, loadfile, dofile, io, debug, package.loadlib, os.execute, os.exit, os.remove, os.rename, os.tmpname, os.getenv)
      print(process.exec("peek.lua"))`, {
      "peek.lua": "return tostring(io) .. tostring(load) .. tostring(os.exit) .. type(string.format)",
    }, { sandbox: true })).toBe(`${"nil\t".repeat(12)}nil\nnilnilnilfunction\tnil\n`);
  });

  it("coroutine.yield on a managed thread lets the others run and returns nothing", async () => {
    expect(await runLua(`
      coroutine.spawn(function() print("other") end)
      print(select("#", coroutine.yield(1, 2)))
      local co = coroutine.wrap(function(a) local b = coroutine.yield(a + 1); return b * 2 end)
      print(co(1), co(10))`)).toBe("other\n0\n2\t20\n");
  });

  it("a failing root reports like lua and exits 1", async () => {
    const r = await runProject({ "main.lua": "local x = nil\nlocal function f() return x.y end\nf()" });
    expect(r.code).toBe(1);
    // lua's report, frame for frame: the runtime's own frames are not shown
    expect(r.err).toMatch(new RegExp("^wippy-lua: \\S*main\\.lua:2: attempt to index a nil value \\(upvalue 'x'\\)\\n" +
      "stack traceback:\\n\\t\\S*main\\.lua:2: in local 'f'\\n\\t\\S*main\\.lua:3: in main chunk\\n\\t\\[C\\]: in \\?\\n$"));
  });

  it("a root blocked forever is reported as a deadlock", async () => {
    const r = await runProject({
      "main.lua": `process.spawn("wait.lua") process.spawn("wait.lua") channel.new():receive()`,
      "wait.lua": "process.inbox():receive()",
    });
    expect(r.code).toBe(1);
    expect(r.err).toBe("wippy-lua: deadlock: every process is blocked: {local|0x00001}, {local|0x00002}, {local|0x00003}\n");
  });

  it("a syntax error in the script is reported", async () => {
    const r = await runProject({ "main.lua": "x = = 1" });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^wippy-lua: .*main\.lua:1:/);
  });

  it("the chunk's returned main gets the arguments; arg is set", async () => {
    const r = await runProject({ "main.lua": "print(arg[1], ...)\nreturn { main = function(a, b) print('main', a, b) end }" }, {}, ["x", "y"]);
    expect(r.out).toBe("x\tx\ty\nmain\tx\ty\n");
  });
});
