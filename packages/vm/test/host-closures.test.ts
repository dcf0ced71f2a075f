// Host functions with upvalues (hostClosure) and coroutine.yield functions
// whose call outside a coroutine is the embedder's (yieldFunction).

import { describe, expect, test } from "vitest";
import {
  HostFunction, LuaError, LuaTable, call, hostClosure, load, newState, ret, ret1, yieldFunction,
  type LuaValue,
} from "../src/index.js";

function runIn(src: string, setup: (G: ReturnType<typeof newState>) => void): string {
  let out = "";
  const G = newState({ stdout: (s) => { out += s; } });
  setup(G);
  call(G, load(G, src, "=input"));
  G.flush();
  return out;
}

describe("yieldFunction", () => {
  test("inside a coroutine it yields; on the main thread it runs the given host function", () => {
    const out = runIn(`
      print(coroutine.yield("a", "b"))
      local co = coroutine.wrap(function(x) local y = coroutine.yield(x + 1) return y * 2 end)
      print(co(1), co(10))
      print(pcall(coroutine.yield))`, (G) => {
      const co = G.globals.getStr("coroutine") as LuaTable;
      co.setStr("yield", yieldFunction((L, _base, nargs) => ret(L, "main thread", nargs)));
    });
    expect(out).toBe("main thread\t2\n2\t20\ntrue\tmain thread\t0\n");
  });

  test("the standard one raises Lua's error on the main thread, without a position", () => {
    const out = runIn(`print(pcall(coroutine.yield, 1))
      print(select(2, pcall(function() coroutine.yield() end)))`, () => {});
    expect(out).toBe("false\tattempt to yield from outside a coroutine\nattempt to yield from outside a coroutine\n");
  });
});

describe("hostClosure", () => {
  test("upvalues are kept alive by the collector", () => {
    const out = runIn(`
      local weak = setmetatable({}, {__mode = "v"})
      weak[1], weak[2] = {}, {}
      local f = closeOver(weak[1])
      collectgarbage()
      print(type(weak[1]), weak[2], f() == weak[1])
      f = nil
      collectgarbage()
      print(weak[1])`, (G) => {
      G.globals.setStr("closeOver", new HostFunction("closeOver", (L, base) => {
        const kept = L.stack[base];
        const f = hostClosure("f", (L2) => ret1(L2, f.upvalues[0]), [kept]);
        return ret1(L, f);
      }));
    });
    expect(out).toBe("table\tnil\ttrue\nnil\n");
  });

  test("a plain host function has none", () => {
    expect(new HostFunction("g", () => 0).upvalues.length).toBe(0);
    const vals: LuaValue[] = [1, "x"];
    expect(hostClosure("h", () => 0, vals).upvalues).toBe(vals);
  });

  test("a wrap function whose upvalue is not a thread raises a Lua error", () => {
    let message: LuaValue = undefined;
    try {
      runIn(`local w = coroutine.wrap(function() end)
        setup(w)
        w()`, (G) => {
        G.globals.setStr("setup", new HostFunction("setup", (L, base) => {
          (L.stack[base] as HostFunction).upvalues[0] = 42;
          return 0;
        }));
      });
    } catch (e) {
      if (e instanceof LuaError) message = e.value;
    }
    expect(message).toBe("input:3: cannot resume a non-coroutine");
  });
});
