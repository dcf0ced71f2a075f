// Runtime spec §1.4, §1.5, §3 and §13 items 17-33: messages, deep copy,
// events, monitors, links, stopping, the registry and process.exec.
import { describe, expect, it } from "vitest";
import { runLua } from "./helpers.js";

const ECHO = `local parent = ...
  local m = process.inbox():receive()
  process.send(parent, "back", (m:payload():data()))`;

describe("processes and messages (spec §13)", () => {
  it("17: payloads are deep-copied both ways", async () => {
    expect(await runLua(`
      local pid = process.spawn("mut.lua", nil, process.pid())
      local t = {n = 1}
      process.send(pid, "t", t)
      t.n = 2
      local got = process.inbox():receive():payload():data()
      print(got.n, t.n)`, {
      "mut.lua": `local parent = ...
        local d = process.inbox():receive():payload():data()
        local seen = d.n
        d.n = 99
        process.send(parent, "r", {n = seen})`,
    })).toBe("1\t2\n");
  });

  it("18: cycles and shared sub-tables survive; functions and userdata become nil", async () => {
    expect(await runLua(`
      local pid = process.spawn("echo.lua", nil, process.pid())
      local shared = {}
      local t = {a = shared, b = shared, f = print, ch = channel.new(), [print] = 1, list = {1, print, 3}}
      t.self = t
      process.send(pid, "t", t)
      local m = process.inbox():receive():payload():data()
      print(m.self == m, m.a == m.b, m.a ~= shared, m.f, m.ch, m.list[1], m.list[2], m.list[3])
      print(getmetatable(m))`, { "echo.lua": ECHO })).toBe("true\ttrue\ttrue\tnil\tnil\t1\tnil\t3\nnil\n");
  });

  it("19: messages from one sender arrive in order", async () => {
    expect(await runLua(`
      local pid = process.spawn("count.lua", nil, process.pid())
      for i = 1, 100 do process.send(pid, "n", i) end
      print((process.inbox():receive():payload():data()))`, {
      "count.lua": `local parent = ...
        local inbox, ok = process.inbox(), true
        for i = 1, 100 do if inbox:receive():payload():data() ~= i then ok = false end end
        process.send(parent, "r", ok)`,
    })).toBe("true\n");
  });

  it("20: reserved topics and unknown names give INVALID and NOT_FOUND", async () => {
    expect(await runLua(`
      local ok, err = process.send(process.pid(), "@x", 1)
      print(ok, errors.is(err, errors.INVALID))
      local ok2, err2 = process.send("no-such-name", "t", 1)
      print(ok2, errors.is(err2, errors.NOT_FOUND))
      print(process.send("{local|0x99999}", "t", 1))
      print(pcall(process.send, 1, "t"))`)).toMatch(/^nil\ttrue\nnil\ttrue\ntrue\tnil\nfalse\t.*string expected/);
  });

  it("21: a message sent right after spawn is received", async () => {
    expect(await runLua(`
      local pid = process.spawn("echo.lua", nil, process.pid())
      process.send(pid, "hi", "hello")
      print((process.inbox():receive():payload():data()))`, { "echo.lua": ECHO })).toBe("hello\n");
  });

  it("22: listeners get raw values, other topics go to the inbox as messages", async () => {
    expect(await runLua(`
      local jobs = process.listen("jobs")
      local pid = process.spawn("sender.lua", nil, process.pid())
      print(jobs:receive())
      local m = process.inbox():receive()
      print(m:topic(), m:from() == pid, (m:payload():data()))
      local many = jobs:receive()
      print(#many, many[1], many[2])
      print(jobs:receive())
      process.unlisten(jobs)
      process.send(process.pid(), "jobs", 5)
      print(process.inbox():receive():topic())
      local mm = process.listen("m", {message = true})
      process.send(process.pid(), "m", 1, 2)
      local p = mm:receive():payload()
      print(#p, (p[2]:data()))
      print(select(2, process.listen("x", {bogus = true})):kind() == errors.INVALID)`, {
      "sender.lua": `local parent = ...
        process.send(parent, "jobs", "job1")
        process.send(parent, "other", "o")
        process.send(parent, "jobs", 1, 2)
        process.send(parent, "jobs")`,
    })).toBe("job1\ttrue\nother\ttrue\to\n2\t1\t2\nnil\ttrue\njobs\n2\t2\ntrue\n");
  });

  it("23: EXIT for a normal result and for a returned error", async () => {
    expect(await runLua(`
      local pid = process.spawn_monitored("ret42.lua")
      local ev = process.events():receive()
      print(ev.kind == process.event.EXIT, ev.from == pid, ev.result.value, ev.result.error)
      process.spawn_monitored("bad.lua")
      local e = process.events():receive().result.error
      print(e:kind() == errors.INVALID, e:message())`, {
      "ret42.lua": "return 42",
      "bad.lua": `return nil, errors.new({message = "bad", kind = errors.INVALID})`,
    })).toBe("true\ttrue\t42\tnil\ntrue\tbad\n");
  });

  it("24: after unmonitor no EXIT arrives", async () => {
    expect(await runLua(`
      local time = require("time")
      local pid = process.spawn("wait.lua")
      print(process.monitor(pid))
      print(process.unmonitor(pid))
      process.terminate(pid)
      local r = channel.select{process.events():case_receive(), time.after("200ms"):case_receive()}
      print(r.channel == process.events())`, { "wait.lua": "process.inbox():receive()" })).toBe("true\tnil\ntrue\tnil\nfalse\n");
  });

  it("25: a linked child's failure terminates a parent that does not trap", async () => {
    expect(await runLua(`
      process.spawn_monitored("parent.lua")
      local ev = process.events():receive()
      print(ev.result.error ~= nil, ev.result.error:message():find("linked process") ~= nil)`, {
      "parent.lua": `process.spawn_linked("boom.lua"); process.inbox():receive()`,
      "boom.lua": `error("boom")`,
    })).toBe("true\ttrue\n");
  });

  it("26: with trap_links the parent gets LINK_DOWN", async () => {
    expect(await runLua(`
      process.set_options({trap_links = true})
      print(process.get_options().trap_links)
      local pid = process.spawn_linked("boom.lua")
      local ev = process.events():receive()
      print(ev.kind == process.event.LINK_DOWN, ev.from == pid, tostring(ev.result.error):find("boom") ~= nil)`, {
      "boom.lua": `error("boom")`,
    })).toBe("true\ntrue\ttrue\ttrue\n");
  });

  it("27: a linked child exiting normally changes nothing", async () => {
    expect(await runLua(`
      local pid = process.spawn_linked_monitored("ret42.lua")
      print(process.events():receive().result.value)
      local r = channel.select{process.events():case_receive(), require("time").after("30ms"):case_receive()}
      print(r.channel == process.events())`, { "ret42.lua": "return 42" })).toBe("42\nfalse\n");
  });

  it("28: cancel delivers CANCEL with the reason; a clean return is a normal exit", async () => {
    expect(await runLua(`
      local pid = process.spawn_monitored("cancellable.lua", nil, process.pid())
      print(process.cancel(pid, "stop"))
      print((process.inbox():receive():payload():data()))
      local ev = process.events():receive()
      print(ev.kind == process.event.EXIT, ev.result.error)`, {
      "cancellable.lua": `local parent = ...
        local ev = process.events():receive()
        process.send(parent, "r", ev.kind .. " " .. ev.reason .. " " .. tostring(ev.from == parent))
        return "ok"`,
    })).toBe("true\tnil\npid.cancel stop true\ntrue\tnil\n");
  });

  it("29: terminate gives the monitor an EXIT of kind CANCELED; dead targets are NOT_FOUND", async () => {
    expect(await runLua(`
      local pid = process.spawn_monitored("wait.lua")
      print(process.terminate(pid))
      local e = process.events():receive().result.error
      print(errors.is(e, errors.CANCELED), e:message():find("terminated") ~= nil)
      local ok, err = process.terminate(pid)
      print(ok, err:kind() == errors.NOT_FOUND)
      print(select(2, process.monitor(process.pid())):kind() == errors.INVALID)`, {
      "wait.lua": "process.inbox():receive()",
    })).toBe("true\tnil\ntrue\ttrue\nnil\ttrue\ntrue\n");
  });

  it("30: registry names are unique and released on exit", async () => {
    expect(await runLua(`
      local pid = process.spawn_monitored("holder.lua", nil, process.pid())
      print((process.inbox():receive():payload():data()))
      print(process.registry.lookup("svc") == pid)
      local ok, err = process.registry.register("svc")
      print(ok, err:kind() == errors.ALREADY_EXISTS)
      process.send("svc", "stop")
      process.events():receive()
      local nope, e2 = process.registry.lookup("svc")
      print(nope, e2:kind() == errors.NOT_FOUND)
      print(process.registry.register("svc"), process.registry.lookup("svc") == process.pid())
      print(process.registry.unregister("svc"), process.registry.unregister("svc"))`, {
      "holder.lua": `local parent = ...
        local ok = process.registry.register("svc")
        process.send(parent, "r", ok and process.registry.lookup("svc") == process.pid())
        process.inbox():receive()`,
    })).toBe("true\ntrue\nnil\ttrue\nnil\ttrue\ntrue\ttrue\ntrue\tfalse\n");
  });

  it("31: process.exec returns a copy of the result, or nil, err", async () => {
    expect(await runLua(`
      local r, e = process.exec("okt.lua")
      print(r.ok, e)
      local r2, e2 = process.exec("raise.lua")
      print(r2, e2:kind() == errors.INTERNAL, e2:message():find("nope") ~= nil)
      local r3, e3 = process.exec("missing.lua")
      print(r3, e3:kind() == errors.NOT_FOUND)
      local r4, e4 = process.exec("syntax.lua")
      print(r4, e4:kind() == errors.INVALID)
      local r5, e5 = process.exec("app.jobs:work#run", nil, 20)
      print(r5, e5)`, {
      "okt.lua": "return {ok = true}",
      "raise.lua": `error("nope")`,
      "syntax.lua": "x = = 1",
      "app/jobs/work.lua": "return { run = function(n) return n + 1 end }",
    })).toBe("true\tnil\nnil\ttrue\ttrue\nnil\ttrue\nnil\ttrue\n21\tnil\n");
  });

  it("32: messages sent before EXIT are already in the inbox", async () => {
    expect(await runLua(`
      process.spawn_monitored("chatty.lua", nil, process.pid())
      process.events():receive()
      -- every message is receivable now, without blocking, in order
      local got = {}
      while true do
        local r = channel.select{process.inbox():case_receive(), default = true}
        if r.default then break end
        got[#got + 1] = r.value:payload():data()
      end
      print(#got, table.concat(got, ","))`, {
      "chatty.lua": `local parent = ... for i = 1, 10 do process.send(parent, "m", i) end`,
    })).toBe("10\t1,2,3,4,5,6,7,8,9,10\n");
  });

  it("33: 10,000 processes blocked on their inbox all get a message and finish", async () => {
    expect(await runLua(`
      process.set_options({trap_links = true})
      local pids = {}
      for i = 1, 10000 do pids[i] = process.spawn("one.lua", nil, process.pid()) end
      for i = 1, 10000 do process.send(pids[i], "go", i) end
      local sum, inbox = 0, process.inbox()
      for i = 1, 10000 do sum = sum + inbox:receive():payload():data() end
      print(sum)`, {
      "one.lua": `local parent = ... process.send(parent, "done", (process.inbox():receive():payload():data()))`,
    })).toBe("50005000\n");
  });

  it("link and unlink by hand: after unlink a failure no longer reaches the other side", async () => {
    expect(await runLua(`
      process.set_options({trap_links = true})
      local a = process.spawn("wait.lua")
      local b = process.spawn("wait.lua")
      print(process.link(a), process.link(a))
      print(process.link(b), process.unlink(b))
      process.terminate(b)
      process.terminate(a)
      local ev = process.events():receive()
      print(ev.kind == process.event.LINK_DOWN, ev.from == a, errors.is(ev.result.error, errors.CANCELED))
      local r = channel.select{process.events():case_receive(), default = true}
      print(r.default)
      local ok, err = process.link(a)
      print(ok, errors.is(err, errors.NOT_FOUND))`, { "wait.lua": "process.inbox():receive()" }))
      .toBe("true\ttrue\tnil\ntrue\ttrue\tnil\ntrue\ttrue\ttrue\ntrue\nnil\ttrue\n");
  });

  it("spawn argument errors raise; unknown entries return NOT_FOUND", async () => {
    expect(await runLua(`
      print((pcall(process.spawn, 1)))
      print((pcall(process.spawn, "x.lua", 5)))
      local pid, err = process.spawn("nope.lua")
      print(pid, err:kind() == errors.NOT_FOUND)
      print(select(2, process.spawn("../outside.lua")):kind() == errors.INVALID)
      local ok, e = process.set_options({bogus = true})
      print(ok, e:kind() == errors.INVALID)
      print(process.pid() == process.pid(), type(process.pid()))`)).toBe("false\nfalse\nnil\ttrue\ntrue\nfalse\ttrue\ntrue\tstring\n");
  });
});
