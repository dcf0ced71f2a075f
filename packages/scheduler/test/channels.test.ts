// Runtime spec §4 and §13 items 1-12: channels and select.
import { describe, expect, it } from "vitest";
import { runLua } from "./helpers.js";

describe("channels (spec §13)", () => {
  it("1: buffered value survives close, then nil,false forever", async () => {
    expect(await runLua(`
      local ch = channel.new(1); ch:send("a"); ch:close()
      print(ch:receive()); print(ch:receive()); print(ch:receive())`)).toBe("a\ttrue\nnil\tfalse\nnil\tfalse\n");
  });

  it("2: send on a closed channel raises; a blocked sender raises when closed", async () => {
    expect(await runLua(`
      local ch = channel.new(); ch:close()
      local ok, e = pcall(ch.send, ch, 1); print(ok, e:find("closed") ~= nil)
      local ch2 = channel.new()
      coroutine.spawn(function()
        local ok2, e2 = pcall(ch2.send, ch2, 1)
        print("sender", ok2, e2:find("closed") ~= nil)
      end)
      coroutine.yield()
      ch2:close()
      coroutine.yield()`)).toBe("false\ttrue\nsender\tfalse\ttrue\n");
  });

  it("3: close wakes every blocked receiver; closing twice is harmless", async () => {
    expect(await runLua(`
      local ch = channel.new()
      for i = 1, 3 do coroutine.spawn(function() print(i, ch:receive()) end) end
      coroutine.yield()
      ch:close(); ch:close()
      coroutine.yield()`)).toBe("1\tnil\tfalse\n2\tnil\tfalse\n3\tnil\tfalse\n");
  });

  it("4: nil can be sent", async () => {
    expect(await runLua(`
      local ch = channel.new()
      coroutine.spawn(function() ch:send(nil) end)
      print(ch:receive())`)).toBe("nil\ttrue\n");
  });

  it("5: an unbuffered send blocks until a receiver arrives", async () => {
    expect(await runLua(`
      local ch, flag = channel.new(), false
      coroutine.spawn(function() ch:send(1); flag = true end)
      coroutine.yield()
      print("before", flag)
      print(ch:receive())
      coroutine.yield()
      print("after", flag)`)).toBe("before\tfalse\n1\ttrue\nafter\ttrue\n");
  });

  it("6: capacity 3 takes three sends without a receiver, FIFO", async () => {
    expect(await runLua(`
      local ch = channel.new(3); ch:send(1); ch:send(2); ch:send(3)
      print(ch:receive()); print(ch:receive()); print(ch:receive())`)).toBe("1\ttrue\n2\ttrue\n3\ttrue\n");
  });

  it("7: FIFO across blocked senders", async () => {
    expect(await runLua(`
      local ch = channel.new(1); ch:send(1)
      coroutine.spawn(function() ch:send(2) end)
      coroutine.spawn(function() ch:send(3) end)
      coroutine.yield()
      print((ch:receive())); print((ch:receive())); print((ch:receive()))`)).toBe("1\n2\n3\n");
  });

  it("8: select takes the first ready case in array order", async () => {
    expect(await runLua(`
      local a, b = channel.new(1), channel.new(1)
      a:send("A"); b:send("B")
      local r = channel.select{a:case_receive(), b:case_receive()}
      print(r.channel == a, r.value, r.ok)
      print(b:receive())`)).toBe("true\tA\ttrue\nB\ttrue\n");
  });

  it("9: select with default consumes nothing", async () => {
    expect(await runLua(`
      local a = channel.new(1)
      local r = channel.select{a:case_receive(), default = true}
      print(r.default, r.ok, r.channel)
      -- nothing stayed registered: a value sent now waits in the buffer for a plain receive
      a:send("kept")
      print(a:receive())
      local r2 = channel.select({a:case_send(5)}, true)
      print(r2.channel == a, r2.value, (a:receive()))`)).toBe("true\ttrue\tnil\nkept\ttrue\ntrue\t5\t5\n");
  });

  it("10: select on a closed channel's receive case gives nil, ok=false", async () => {
    expect(await runLua(`
      local a = channel.new(); a:close()
      local r = channel.select{a:case_receive()}
      print(r.channel == a, r.value, r.ok)`)).toBe("true\tnil\tfalse\n");
  });

  it("11: a blocked select leaves no waiter on the channel that lost", async () => {
    expect(await runLua(`
      local a, b = channel.new(1), channel.new(1)
      coroutine.spawn(function() a:send("x") end)
      local r = channel.select{a:case_receive(), b:case_receive()}
      print(r.channel == a, r.value)
      b:send("y")
      print(b:receive())`)).toBe("true\tx\ny\ttrue\n");
  });

  it("12: case_send result; channel identity for inbox, events and time.after", async () => {
    expect(await runLua(`
      local ch = channel.new()
      coroutine.spawn(function() ch:receive() end)
      local r = channel.select{ch:case_send(42)}
      print(r.channel == ch, r.value, r.ok)
      process.send(process.pid(), "t", 1)
      local inbox = process.inbox()
      print(channel.select{inbox:case_receive()}.channel == inbox, process.inbox() == inbox)
      local events = process.events()
      print(process.events() == events)
      process.spawn_monitored("quick.lua")
      print(channel.select{events:case_receive()}.channel == events)
      local after = require("time").after("1ms")
      print(channel.select{after:case_receive()}.channel == after)`, { "quick.lua": "return 1" }))
      .toBe("true\t42\ttrue\ntrue\ttrue\ntrue\ntrue\ntrue\n");
  });

  it("invalid cases, negative capacity and receive-only channels raise", async () => {
    expect(await runLua(`
      print(pcall(channel.select, {1}))
      print((pcall(channel.new, -1)))
      print((pcall(channel.new, 1.5)))
      local inbox = process.inbox()
      print((pcall(inbox.send, inbox, 1)), (pcall(inbox.close, inbox)), (pcall(inbox.case_send, inbox, 1)))
      local c = channel.new()
      local r = channel.select({c:case_send(1)}, true)
      c:close()
      print((pcall(channel.select, {c:case_send(1)})))`)).toMatch(/^false\t.*invalid select case\nfalse\nfalse\nfalse\tfalse\tfalse\nfalse\n$/);
  });

  it("select wakes a sender case and a select blocked on a closed send raises", async () => {
    expect(await runLua(`
      local a = channel.new()
      coroutine.spawn(function()
        local r = channel.select{a:case_send("v")}
        print("sent", r.value, r.ok)
      end)
      coroutine.yield()
      print(a:receive())
      coroutine.yield()
      local b = channel.new()
      coroutine.spawn(function() print(pcall(channel.select, {b:case_send(1)})) end)
      coroutine.yield()
      b:close()
      coroutine.yield()`)).toMatch(/^v\ttrue\nsent\tv\ttrue\nfalse\t.*send on closed channel\n$/);
  });
});
