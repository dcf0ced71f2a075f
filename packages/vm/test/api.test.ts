// The embedding API: loading, calling, globals, host functions, parked
// threads (host promises and budgets), interrupts and Lua<->JS conversion.

import { describe, expect, test } from "vitest";
import {
  arg, call, checkInteger, fromJS, getGlobal, interrupt, load, LuaError, LuaTable, newState, newThread, register,
  registerModule, rejectThread, resumeThread, ret1, runAsync, runThread, setGlobal, toJS,
} from "../src/index.js";
import { LuaSyntaxError } from "@wippy-lua/parser";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

function capture() {
  const sink = { out: "" };
  const state = newState({ stdout: (s) => { sink.out += s; } });
  return { state, sink };
}

describe("load and call", () => {
  test("call returns every result", () => {
    const G = newState();
    const f = load(G, "local a, b = ... return a + b, a * b, 'x'", "=t");
    expect(call(G, f, 3, 4)).toEqual([7, 12, "x"]);
  });

  test("call runs Lua code that resumes coroutines which yield", () => {
    const G = newState();
    expect(call(G, load(G, "local co = coroutine.wrap(function() coroutine.yield(5) end) return co() + 1", "=w")))
      .toEqual([6]);
    expect(call(G, load(G, `local co = coroutine.create(function(a) local b = coroutine.yield(a + 1) return b * 2 end)
      local _, x = coroutine.resume(co, 1)
      local _, y = coroutine.resume(co, 10)
      return x, y, coroutine.status(co)`, "=r"))).toEqual([2, 20, "dead"]);
  });

  test("syntax errors throw LuaSyntaxError with Lua's message", () => {
    const G = newState();
    expect(() => load(G, "x = = 1", "=t")).toThrow(LuaSyntaxError);
    try {
      load(G, "x = = 1", "=t");
    } catch (e) {
      expect((e as Error).message).toBe("t:1: unexpected symbol near '='");
    }
  });

  test("runtime errors throw LuaError carrying the Lua value", () => {
    const G = newState();
    const f = load(G, "local t = nil\nreturn t.x", "@f.lua");
    expect(() => call(G, f)).toThrow(LuaError);
    try {
      call(G, f);
    } catch (e) {
      expect((e as LuaError).value).toBe("f.lua:2: attempt to index a nil value (local 't')");
    }
    const g = load(G, "error({code = 42})", "=t");
    try {
      call(G, g);
    } catch (e) {
      const v = (e as LuaError).value as LuaTable;
      expect(v.get("code")).toBe(42);
    }
  });

  test("a custom environment replaces the globals", () => {
    const G = newState();
    const env = new LuaTable();
    env.set("y", 5);
    expect(call(G, load(G, "return y, print", "=e", "t", env))).toEqual([5, undefined]);
  });

  test("mode 'b' refuses text", () => {
    const G = newState();
    expect(() => load(G, "return 1", "=m", "b")).toThrow("attempt to load a text chunk (mode is 'b')");
  });

  test("globals and host functions", () => {
    const { state: G, sink } = capture();
    setGlobal(G, "n", 20);
    register(G, "double", (L) => ret1(L, (checkInteger(L, 1) as number) * 2));
    registerModule(G, "util", { answer: (L) => ret1(L, 42), version: "1.0" });
    call(G, load(G, "print(double(n), util.answer(), util.version) result = double(1)", "=g"));
    G.flush();
    expect(sink.out).toBe("40\t42\t1.0\n");
    expect(getGlobal(G, "result")).toBe(2);
    expect(() => call(G, load(G, "double('x')", "=g"))).toThrow(
      "g:1: bad argument #1 to 'double' (number expected, got string)");
  });

  test("host functions see their arguments by position", () => {
    const G = newState();
    register(G, "second", (L) => ret1(L, arg(L, 2)));
    expect(call(G, load(G, "return second(1, 'two', 3), second(1)", "=a"))).toEqual(["two", undefined]);
  });

  test("states are independent", () => {
    const A = newState();
    const B = newState();
    call(A, load(A, "x = 1 print = nil", "=a"));
    expect(getGlobal(B, "x")).toBeUndefined();
    expect(getGlobal(B, "print")).toBeDefined();
  });
});

describe("parked threads", () => {
  test("a host function returning a promise parks the thread and resumes with its value", async () => {
    const { state: G, sink } = capture();
    register(G, "fetch", (L, base) => {
      const key = L.stack[base];
      return new Promise((resolve) => setTimeout(() => resolve(["value of " + String(key), 2]), 1));
    });
    const f = load(G, `
      local co = coroutine.wrap(function(k)
        local v, n = fetch(k)
        coroutine.yield(v .. n)
        local ok, r = pcall(fetch, "inner")
        return tostring(ok) .. " " .. r
      end)
      print(co("a"))
      print(co())
      return "finished"`, "=p");
    expect(await runAsync(newThread(G, f))).toEqual(["finished"]);
    G.flush();
    expect(sink.out).toBe("value of a2\ntrue value of inner\n");
  });

  test("runThread reports the promise; resumeThread and rejectThread settle it", () => {
    const G = newState();
    let pending: unknown = null;
    register(G, "wait", () => (pending = Promise.resolve()) as Promise<void>);
    const f = load(G, "local a = wait() local ok, e = pcall(wait) return a, ok, e", "=w");
    const T = newThread(G, f);
    let r = runThread(T);
    expect(r.status).toBe("suspended");
    expect(r.status === "suspended" && r.promise).toBe(pending);
    resumeThread(T, ["first"]);
    r = runThread(T);
    expect(r.status).toBe("suspended");
    rejectThread(T, new LuaError("refused"));
    r = runThread(T);
    expect(r).toEqual({ status: "done", values: ["first", false, "refused"] });
  });

  test("a rejected promise becomes a Lua error at the call", async () => {
    const G = newState();
    register(G, "boom", () => Promise.reject(new Error("network down")));
    const f = load(G, "return pcall(boom)", "=r");
    expect(await runAsync(newThread(G, f))).toEqual([false, "network down"]);
  });

  test("a promise under a nested host->Lua call cannot park", () => {
    const G = newState();
    register(G, "wait", () => Promise.resolve());
    const f = load(G, "return pcall(tostring, setmetatable({}, {__tostring = function() return wait() end}))", "=n");
    expect(runThread(newThread(G, f))).toEqual({
      status: "done", values: [false, "attempt to yield across a C-call boundary"],
    });
  });

  test("a budget preempts long loops and the thread continues where it stopped", () => {
    const G = newState();
    const f = load(G, "local n = 0 for i = 1, 100000 do n = n + i end return n", "=b");
    const T = newThread(G, f);
    let preemptions = 0;
    let r = runThread(T, 1000);
    while (r.status === "budget") {
      preemptions++;
      r = runThread(T, 1000);
    }
    expect(r).toEqual({ status: "done", values: [5000050000] });
    expect(preemptions).toBeGreaterThan(50);
  });

  test("a budget parks the whole coroutine chain and resumes inside it", () => {
    const { state: G, sink } = capture();
    const f = load(G, `
      local gen = coroutine.wrap(function()
        for i = 1, 3 do
          local n = 0
          for j = 1, 5000 do n = n + j end
          coroutine.yield(n + i)
        end
      end)
      print(gen(), gen(), gen())
      return "ok"`, "=c");
    const T = newThread(G, f);
    let r = runThread(T, 100);
    let preemptions = 0;
    while (r.status === "budget") {
      preemptions++;
      r = runThread(T, 100);
    }
    G.flush();
    expect(r).toEqual({ status: "done", values: ["ok"] });
    expect(preemptions).toBeGreaterThan(100);
    expect(sink.out).toBe("12502501\t12502502\t12502503\n");
  });

  test("interrupt raises 'interrupted!' at the next check", () => {
    const G = newState();
    const T = newThread(G, load(G, "local x = 0\nwhile true do\n  x = x + 1\nend", "=i"));
    expect(runThread(T, 500).status).toBe("budget");
    interrupt(G);
    const r = runThread(T);
    expect(r.status).toBe("error");
    expect(r.status === "error" && r.error.value).toMatch(/^i:[34]: interrupted!$/);
  });

  test("an interrupt asked for before the first slice stops the thread at its first check", () => {
    const G = newState();
    const T = newThread(G, load(G, "local n = 0\nwhile true do n = n + 1 end", "=i"));
    interrupt(G);
    const r = runThread(T, 1000);
    expect(r.status === "error" && r.error.value).toBe("i:2: interrupted!");
    // It is used up: the next thread runs normally.
    expect(runThread(newThread(G, load(G, "for i = 1, 10 do end return 7", "=n")), 1000))
      .toEqual({ status: "done", values: [7] });
  });

  test("an interrupt asked for while a thread is parked on a promise takes effect after it resumes", () => {
    const G = newState();
    register(G, "wait", () => new Promise<void>(() => {}));
    const T = newThread(G, load(G, "local x = wait()\nwhile true do end", "=p"));
    expect(runThread(T, 1000).status).toBe("suspended");
    interrupt(G);
    resumeThread(T, [1]);
    const r = runThread(T, 1000);
    expect(r.status === "error" && r.error.value).toBe("p:2: interrupted!");
  });

  test("an interrupt between slices reaches code inside a coroutine and pcall catches it like any error", () => {
    const G = newState();
    const T = newThread(G, load(G, `local co = coroutine.wrap(function() while true do end end)
      local ok, e = pcall(co)
      return ok, e`, "=c"));
    expect(runThread(T, 100).status).toBe("budget");
    interrupt(G);
    expect(runThread(T, 100)).toEqual({ status: "done", values: [false, "c:1: interrupted!"] });
  });

  test("interrupt stops a synchronous call", () => {
    const G = newState();
    register(G, "stop", () => {
      interrupt(G);
      return 0;
    });
    expect(() => call(G, load(G, "stop()\nwhile true do end", "=s"))).toThrow("s:2: interrupted!");
  });

  test("errors end the thread with the Lua value", () => {
    const G = newState();
    const r = runThread(newThread(G, load(G, "error('bad', 0)", "=e")));
    expect(r.status === "error" && r.error.value).toBe("bad");
  });
});

describe("files", () => {
  test("dofile and loadfile read files as bytes and skip a first '#' line", () => {
    const dir = mkdtempSync(join(tmpdir(), "wippy-vm-"));
    const file = join(dir, "m.lua");
    writeFileSync(file, Buffer.from("#!/usr/bin/lua\nreturn 'caf\xc3\xa9', ...\n", "latin1"));
    const G = newState();
    setGlobal(G, "path", file);
    expect(call(G, load(G, "return dofile(path)", "=d"))).toEqual(["caf\xc3\xa9"]);
    expect(call(G, load(G, "return loadfile(path)(1, 2)", "=d"))).toEqual(["caf\xc3\xa9", 1, 2]);
    expect(call(G, load(G, "return loadfile(path .. '.missing')", "=d")))
      .toEqual([undefined, `cannot open ${file}.missing: No such file or directory`]);
    writeFileSync(file, "return +");
    expect(call(G, load(G, "return loadfile(path)", "=d")))
      .toEqual([undefined, `${file}:1: unexpected symbol near '+'`]);
  });
});

describe("Lua <-> JS values", () => {
  test("toJS converts tables, strings and numbers", () => {
    const G = newState();
    const [t] = call(G, load(G, "return {1, 2.5, {a = 'h\\195\\169', b = {true}}, big = 2^63}", "=j"));
    expect(toJS(G, t)).toEqual({ 1: 1, 2: 2.5, 3: { a: "hé", b: [true] }, big: 2 ** 63 });
    const [arr] = call(G, load(G, "return {10, 20, 30}", "=j"));
    expect(toJS(G, arr)).toEqual([10, 20, 30]);
  });

  test("toJS keeps cycles and wraps functions", () => {
    const G = newState();
    const [t] = call(G, load(G, "local t = {f = function(a, b) return a + b end} t.self = t return t", "=c"));
    const o = toJS(G, t) as { self: unknown; f: (a: number, b: number) => number };
    expect(o.self).toBe(o);
    expect(o.f(2, 3)).toBe(5);
  });

  test("fromJS builds tables, encodes UTF-8 and wraps JS functions", () => {
    const G = newState();
    const obj: Record<string, unknown> = { list: [1, 2, 3], name: "hé", add: (a: number, b: number) => a + b };
    obj.me = obj;
    setGlobal(G, "data", fromJS(G, obj));
    expect(call(G, load(G, "return #data.list, #data.name, data.add(2, 3), data.me == data, math", "=f")))
      .toEqual([3, 3, 5, true, undefined]);
    expect(fromJS(G, 2 ** 60)).toEqual(fromJS(G, 2 ** 60));
    expect(typeof fromJS(G, 3)).toBe("number");
    expect(fromJS(G, 123n)).toBe(123);
  });
});

describe("state creation", () => {
  test("a new state is small and shares its library functions", () => {
    const A = newState();
    const B = newState();
    expect(A.globals.get("print")).toBe(B.globals.get("print"));
    expect(A.globals.get("coroutine")).not.toBe(B.globals.get("coroutine"));
    expect(A.globals.get("_G")).toBe(A.globals);
  });
});
