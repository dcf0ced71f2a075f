// Edges of the runtime: values that cannot be copied to another process
// (spec §1.5), os.exit inside a process, and blocking calls made where a
// thread cannot park (Lua called back by a host function).
import { describe, expect, it } from "vitest";
import { runLua, runProject } from "./helpers.js";

describe("values that cannot cross a process boundary (spec §1.5)", () => {
  it("functions, threads, channels and other userdata in a message arrive as nil, never as an error", async () => {
    expect(await runLua(`
      local co = coroutine.create(print)
      local ok, err = process.send(process.pid(), "t", print, co, channel.new(), {f = print, co = co, n = 1})
      print(ok, err)
      local p = process.inbox():receive():payload()
      print(#p, p[1]:data(), p[2]:data(), p[3]:data(), p[4]:data().f, p[4]:data().co, p[4]:data().n)`))
      .toBe("true\tnil\n4\tnil\tnil\tnil\tnil\tnil\t1\n");
  });

  it("type values arrive as nil (types.md §5.1)", async () => {
    expect(await runLua(`
      type Point = {x: number}
      print(type(Point), type(number))
      process.send(process.pid(), "t", Point, {n = number, k = 1})
      local p = process.inbox():receive():payload()
      print(p[1]:data(), p[2]:data().n, p[2]:data().k)`)).toBe("type\ttype\nnil\tnil\t1\n");
  });

  it("a payload that is nil (sent as nil or turned to nil) reads as nil, nil", async () => {
    expect(await runLua(`
      process.send(process.pid(), "a", nil)
      process.send(process.pid(), "b", print)
      local inbox = process.inbox()
      local pa, pb = inbox:receive():payload(), inbox:receive():payload()
      print(select("#", pa:data()), pa:data(), pb:data())`)).toBe("2\tnil\tnil\tnil\n");
  });

  it("spawn arguments, exec results and EXIT values drop them the same way", async () => {
    expect(await runLua(`
      local v, err = process.exec("ret.lua", nil, print, {g = print, k = "x"})
      print(type(v), v.a, v.b, v.c, v.got1, v.got2k, v.got2g, err)
      process.spawn_monitored("ret.lua")
      local ev = process.events():receive()
      print(ev.kind == process.event.EXIT, ev.result.value.a, ev.result.value.b, ev.result.error)`, {
      "ret.lua": `local f, t = ...
        return {a = print, b = coroutine.create(print), c = 3, got1 = type(f), got2k = t and t.k, got2g = t and t.g}`,
    })).toBe("table\tnil\tnil\t3\tnil\tx\tnil\tnil\ntrue\tnil\tnil\tnil\n");
  });

  it("an error object crossing keeps message, kind, retryable and details", async () => {
    expect(await runLua(`
      local e = errors.new({message = "m", kind = errors.CONFLICT, retryable = true, details = {f = print, n = 2}})
      process.send(process.pid(), "e", e)
      local got = process.inbox():receive():payload():data()
      print(got ~= e, errors.is(got, errors.CONFLICT), got:message(), got:retryable(), got:details().n, got:details().f)`))
      .toBe("true\ttrue\tm\ttrue\t2\tnil\n");
  });

  it("inside one process a channel passes functions, threads and tables by reference", async () => {
    expect(await runLua(`
      local ch = channel.new(3)
      local t, co = {}, coroutine.create(print)
      ch:send(print) ch:send(co) ch:send(t)
      print(ch:receive() == print, ch:receive() == co, ch:receive() == t)
      local un = channel.new()
      coroutine.spawn(function() un:send(function() return 42 end) end)
      print(un:receive()())`)).toBe("true\ttrue\ttrue\n42\n");
  });
});

describe("os.exit in a process", () => {
  it("in a non-root process ends only that process: 0 is a normal exit, another status a failed one", async () => {
    expect(await runLua(`
      print(process.exec("zero.lua"))
      local v, err = process.exec("three.lua")
      print(v, err:message(), errors.is(err, errors.INTERNAL))
      process.spawn_monitored("three.lua")
      local ev = process.events():receive()
      print(ev.result.value, tostring(ev.result.error))
      print("root still running")`, {
      "zero.lua": `os.exit(true) print("not reached")`,
      "three.lua": `coroutine.spawn(function() print("never") end) os.exit(3)`,
    })).toBe("nil\tnil\nnil\texit status 3\ttrue\nnil\texit status 3\nroot still running\n");
  });

  it("a linked process's os.exit with a failure status is an abnormal exit", async () => {
    expect(await runLua(`
      process.set_options({trap_links = true})
      local pid = process.spawn_linked("fail.lua")
      local ev = process.events():receive()
      print(ev.kind == process.event.LINK_DOWN, ev.from == pid, ev.result.error:message())`, {
      "fail.lua": `os.exit(false)`,
    })).toBe("true\ttrue\texit status 1\n");
  });

  it("in the root ends the run with that status after its output, stopping every other process", async () => {
    const r = await runProject({
      "main.lua": `process.spawn("spin.lua")
        coroutine.spawn(function() print("never") end)
        io.write("partial") print(" line")
        os.exit(7)
        print("not reached")`,
      "spin.lua": `while true do end`,
    });
    expect(r).toEqual({ code: 7, out: "partial line\n", err: "" });
    expect(await runProject({ "main.lua": `print("a") os.exit(true)` })).toEqual({ code: 0, out: "a\n", err: "" });
    expect(await runProject({ "main.lua": `os.exit(false)` })).toEqual({ code: 1, out: "", err: "" });
    expect((await runProject({ "main.lua": `os.exit(256 + 4)` })).code).toBe(4);
  });

  it("called from Lua inside a host function's callback, the process still ends there", async () => {
    const r = await runProject({
      "main.lua": `print(pcall(table.sort, {3, 2, 1}, function(a, b) os.exit(9) end))
        print("not reached")`,
    });
    expect(r.code).toBe(9);
    expect(r.out).not.toContain("not reached");
  });

  it("is absent from the sandbox profile", async () => {
    expect(await runLua(`print(os.exit, os.execute, os.getenv, os.time ~= nil)`, {}, { sandbox: true }))
      .toBe("nil\tnil\tnil\ttrue\n");
  });
});

describe("blocking where a thread cannot park (Lua called by a host function)", () => {
  it("raises Lua's C-call boundary error inside sort, gsub, tostring and a host function's __index", async () => {
    expect(await runLua(`
      local time = require("time")
      local ch = channel.new()
      print(pcall(table.sort, {3, 2, 1}, function(a, b) ch:receive() return a < b end))
      print(pcall(string.gsub, "abc", "%w", function(c) time.sleep("1ms") return c end))
      print(pcall(tostring, setmetatable({}, {__tostring = function() coroutine.yield() return "x" end})))
      local lazy = setmetatable({}, {__len = function() return 1 end,
        __index = function() return channel.select({ch:case_receive()}).value end})
      print(pcall(table.concat, lazy))
      print(pcall(string.gsub, "a", "a", function() return process.exec("e.lua") end))`, {
      "e.lua": `return 1`,
    })).toBe(
      "false\tattempt to yield across a C-call boundary\n".repeat(5),
    );
  });

  it("a module whose top level blocks raises it from require (the loader is called by a host function)", async () => {
    expect(await runLua(`
      print(pcall(require, "slow"))
      print(package.loaded.slow)
      print(require("fine"))`, {
      "slow.lua": `require("time").sleep("1ms") return {}`,
      "fine.lua": `return "fine"`,
    })).toBe("false\tattempt to yield across a C-call boundary\nnil\nfine\n");
  });

  it("a blocking call in a coroutine resumed from such a callback raises the same error", async () => {
    expect(await runLua(`
      local ch = channel.new()
      local co = coroutine.wrap(function() return ch:receive() end)
      print(pcall(string.gsub, "a", "a", function() return co() end))`))
      .toMatch(/^false\t\S*main\.lua:\d+: attempt to yield across a C-call boundary\n$/);
  });

  it("leaves no waiter or timer behind: later operations on the same channel and thread are not disturbed", async () => {
    expect(await runLua(`
      local time = require("time")
      local ch = channel.new()
      pcall(table.sort, {3, 2, 1}, function(a, b) ch:receive() return a < b end)
      pcall(table.sort, {3, 2, 1}, function(a, b) channel.select({ch:case_receive()}) return a < b end)
      pcall(string.gsub, "a", "a", function() time.sleep("5ms") end)
      coroutine.spawn(function() ch:send("first") ch:send("second") end)
      print(ch:receive())
      print(ch:receive())
      local late = channel.new()
      coroutine.spawn(function() time.sleep("40ms") late:send("late") end)
      -- a stale 5 ms timer must not wake this receive early
      print(late:receive())`)).toBe("first\ttrue\nsecond\ttrue\nlate\ttrue\n");
  });

  it("metamethods called by the VM itself, and pcall, do park", async () => {
    expect(await runLua(`
      local ch = channel.new()
      local t = setmetatable({}, {__index = function(_, k) return (ch:receive()) .. k end,
        __add = function() return (ch:receive()) end})
      coroutine.spawn(function() ch:send("v") ch:send(5) ch:send("p") end)
      print(t.x, t + 1, pcall(ch.receive, ch))`)).toBe("vx\t5\ttrue\tp\ttrue\n");
  });

  it("generic-for iterators and the other VM-called metamethods park too", async () => {
    expect(await runLua(`
      local time = require("time")
      local ch = channel.new(3)
      coroutine.spawn(function() for i = 1, 3 do ch:send(i) end ch:close() end)
      for v in function() return (ch:receive()) end do io.write(v, " ") end
      local ch2 = channel.new()
      coroutine.spawn(function() for i = 4, 5 do ch2:send(i) end ch2:close() end)
      for v in coroutine.wrap(function()
        for x in function() return (ch2:receive()) end do coroutine.yield(x) end
      end) do io.write(v, " ") end
      print()
      local function nap() time.sleep(1) end
      local mt = {__concat = function() nap() return "cc" end, __eq = function() nap() return true end,
        __lt = function() nap() return true end, __call = function() nap() return "called" end,
        __len = function() nap() return 9 end, __newindex = function(t, k, v) nap() rawset(t, k, v .. "!") end}
      local a, b = setmetatable({}, mt), setmetatable({}, mt)
      a.k = "v"
      print(a .. "x", a == b, a < b, a(), #a, rawget(a, "k"))`)).toBe("1 2 3 4 5 \ncc\ttrue\ttrue\tcalled\t9\tv!\n");
  });

  it("a select with two cases on one channel wakes once when the channel is closed", async () => {
    expect(await runLua(`
      local ch = channel.new()
      coroutine.spawn(function() ch:close() end)
      local r = channel.select({ch:case_receive(), ch:case_receive()})
      print(r.channel == ch, r.value, r.ok)
      local other = channel.new(1)
      coroutine.spawn(function() other:send("x") end)
      print(other:receive())`)).toBe("true\tnil\tfalse\nx\ttrue\n");
  });
});
