// The root process of the wippy-lua command (runProgram): its main thread
// behaves like lua.c's (coroutine.yield raises, isyieldable is false) while
// every other managed thread keeps spec §1.3/§5.2's scheduling-point yield
// (ADR 0004, "The command's main thread"). Expected outputs of the plain
// Lua parts are lua5.3's.

import { describe, expect, it } from "vitest";
import { runScript } from "./helpers.js";

describe("the wippy-lua command's main thread", () => {
  it("is lua.c's main thread: not yieldable, and coroutine.yield raises", async () => {
    const r = await runScript(`
      local co, ismain = coroutine.running()
      print(type(co), ismain, coroutine.isyieldable())
      print(pcall(coroutine.yield, 1))
      print(select(2, pcall(function() coroutine.yield() end)))
      print(coroutine.wrap(function() return coroutine.yield(5) end)())`);
    expect(r).toEqual({
      code: 0,
      out: "thread\ttrue\tfalse\nfalse\tattempt to yield from outside a coroutine\n" +
        "attempt to yield from outside a coroutine\n5\n",
      err: "",
    });
  });

  it("an uncaught yield on it fails the command like lua", async () => {
    const r = await runScript("coroutine.yield()");
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^wippy-lua: attempt to yield from outside a coroutine\nstack traceback:\n\t\[C\]: in function 'coroutine.yield'/);
  });

  it("still parks on blocking calls (they are not yields)", async () => {
    const r = await runScript(`
      local ch = channel.new()
      coroutine.spawn(function() require("time").sleep("1ms"); ch:send("late") end)
      print(ch:receive())`);
    expect(r).toEqual({ code: 0, out: "late\ttrue\n", err: "" });
  });

  it("coroutine.spawn threads keep the scheduling-point yield", async () => {
    const r = await runScript(`
      local ch = channel.new()
      coroutine.spawn(function() print("a1") print(select("#", coroutine.yield(1))) print("a2") ch:send(1) end)
      coroutine.spawn(function() print("b1") coroutine.yield() print("b2") ch:send(2) end)
      ch:receive() ch:receive()`);
    expect(r).toEqual({ code: 0, out: "a1\nb1\n0\na2\nb2\n", err: "" });
  });

  it("processes it spawns keep the scheduling-point yield on their main thread", async () => {
    const r = await runScript(`print(process.exec("child.lua"))`, {
      "child.lua": `local n = 0
        coroutine.spawn(function() n = n + 1 end)
        coroutine.yield()
        return n`,
    });
    expect(r).toEqual({ code: 0, out: "1\tnil\n", err: "" });
  });
});
