// Runtime spec §1.2, §5 and §13 items 13-16, 40, 41: managed threads,
// preemption, blocking inside unmanaged coroutines, per-process libraries.
import { describe, expect, it } from "vitest";
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
    expect(r.err).toMatch(/^wippy-lua: .*main\.lua:2: attempt to index a nil value \(upvalue 'x'\)\nstack traceback:/);
  });

  it("a root blocked forever is reported as a deadlock", async () => {
    const r = await runProject({ "main.lua": "channel.new():receive()" });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/deadlock/);
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
