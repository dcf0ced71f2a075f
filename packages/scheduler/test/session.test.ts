// The REPL's runtime: chunks run one at a time in a root process that
// survives errors, deadlocks and interrupts, and ends on os.exit.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { startSession, type Session, type SessionOptions } from "../src/index.js";
import { load, tostring, type LuaValue } from "../src/vm.js";

function session(options: SessionOptions = {}): { s: Session; out: () => string; err: () => string } {
  let out = "";
  let err = "";
  const s = startSession({
    stdout: (t) => { out += t; },
    stderr: (t) => { err += t; },
    ...options,
  });
  return { s, out: () => out, err: () => err };
}

/** Runs one line of Lua in the session; its results as text (tostring each, tab-separated). */
async function line(s: Session, src: string): Promise<string> {
  const r = await s.run(load(s.G, src, "=stdin"), [], (vs: LuaValue[]) => vs.map((v) => tostring(s.G.mainThread, v)).join("\t"));
  if (r.kind === "ok") return r.shown ?? "";
  if (r.kind === "error") return `error: ${r.message}`;
  return `ended ${r.status}`;
}

describe("interactive session", () => {
  it("has the runtime's globals; chunks share globals; blocking calls park and return", async () => {
    const { s, out } = session();
    expect(await line(s, "return type(process), type(channel), type(coroutine.spawn), type(errors)"))
      .toBe("table\ttable\tfunction\ttable");
    expect(await line(s, "time = require('time') time.sleep(0.1) return 'slept'")).toBe("slept");
    expect(await line(s, "time.sleep('5ms') return 'slept again'")).toBe("slept again");
    expect(await line(s, `ch = channel.new()
      coroutine.spawn(function() ch:send(42) end)
      return ch:receive()`)).toBe("42\ttrue");
    expect(await line(s, "return process.exec('no/such.lua')")).toMatch(/^nil\tentry not found/);
    expect(await line(s, "print('printed') return 1")).toBe("1");
    expect(out()).toBe("printed\n");
    expect(await s.close()).toBe(0);
  });

  it("an error is reported with a traceback and the session goes on", async () => {
    const { s } = session();
    expect(await line(s, "x = 1 error('boom')")).toMatch(/^error: stdin:1: boom\nstack traceback:/);
    expect(await line(s, "return x")).toBe("1");
    expect(await s.close()).toBe(0);
  });

  it("a chunk blocked with nothing that could wake it gets a deadlock error", async () => {
    const { s } = session();
    expect(await line(s, "local ch = channel.new() return ch:receive()"))
      .toMatch(/^error: stdin:1: deadlock: every process is blocked/);
    expect(await line(s, "return 'alive'")).toBe("alive");
    expect(await s.close()).toBe(0);
  });

  it("interrupt stops a chunk that waits and one that spins; nothing stale is left", async () => {
    const { s } = session();
    const waiting = line(s, "require('time').sleep('30s') return 'woke'");
    setTimeout(() => expect(s.interrupt()).toBe(true), 30);
    expect(await waiting).toMatch(/^error: stdin:1: interrupted!/);
    const spinning = line(s, "while true do end");
    setTimeout(() => s.interrupt(), 30);
    expect(await spinning).toMatch(/^error: stdin:1: interrupted!/);
    expect(s.interrupt()).toBe(false);
    expect(await line(s, "require('time').sleep('20ms') return 'slept'")).toBe("slept");
    expect(await s.close()).toBe(0);
  });

  it("an interrupt that lands between chunks ends only the chunk it was meant for", async () => {
    const { s, out } = session();
    // Before the process has ever run: the chunk never starts.
    const first = line(s, "print('not printed') return 'ran'");
    expect(s.interrupt()).toBe(true);
    expect(await first).toBe("error: interrupted!");
    expect(await line(s, "return 'runs'")).toBe("runs");
    // Handed to the waiting loop but not started: raised in the loop's own frames.
    const pending = line(s, "print('not printed either') return 'ran'");
    expect(s.interrupt()).toBe(true);
    expect(await pending).toBe("error: interrupted!");
    expect(await line(s, "return 'next chunk runs'")).toBe("next chunk runs");
    expect(out()).toBe("");
    expect(await s.close()).toBe(0);
  });

  it("an uncaught error in a spawned coroutine is reported and ends only that coroutine", async () => {
    const reports: string[] = [];
    const { s } = session({ onThreadError: (m) => reports.push(m) });
    expect(await line(s, "coroutine.spawn(function() error('in coroutine') end) require('time').sleep(0) return 'main alive'"))
      .toBe("main alive");
    expect(reports).toEqual(["stdin:1: in coroutine"]);
    expect(await s.close()).toBe(0);
  });

  it("a linked child's failure arrives as LINK_DOWN instead of ending the session", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "wippy-session-"));
    writeFileSync(path.join(root, "crash.lua"), `error("crashed")`);
    const { s } = session({ root });
    expect(await line(s, `
      local pid = process.spawn_linked("crash.lua")
      local ev = process.events():receive()
      return ev.kind == process.event.LINK_DOWN, ev.from == pid, process.get_options().trap_links`)).toBe("true\ttrue\ttrue");
    expect(await line(s, "return 'alive'")).toBe("alive");
    expect(await s.close()).toBe(0);
  });

  it("os.exit ends the session with its status", async () => {
    const { s, out } = session();
    expect(await line(s, "print('bye') os.exit(3)")).toBe("ended 3");
    expect(out()).toBe("bye\n");
    expect(await s.close()).toBe(3);
    expect(await line(s, "return 1")).toBe("ended 3");
  });

  it("with plainMainThread, chunks run on a thread like lua.c's main thread", async () => {
    const { s } = session({ plainMainThread: true });
    expect(await line(s, "return coroutine.isyieldable(), pcall(coroutine.yield)"))
      .toBe("false\tfalse\tattempt to yield from outside a coroutine");
    // spawned coroutines keep the scheduling-point yield
    expect(await line(s, "ch = channel.new() coroutine.spawn(function() coroutine.yield() ch:send('yielded') end) return ch:receive()"))
      .toBe("yielded\ttrue");
    expect(await s.close()).toBe(0);
  });

  it("arguments are passed to the chunk and arg is set", async () => {
    const { s } = session({ argTable: [[0, "script.lua"], [1, "a"]] });
    const r = await s.run(load(s.G, "return select('#', ...), arg[0], arg[1], ...", "=stdin"), ["x", "y"]);
    expect(r).toEqual({ kind: "ok", values: [2, "script.lua", "a", "x", "y"], shown: null });
    expect(await s.close()).toBe(0);
  });
});
