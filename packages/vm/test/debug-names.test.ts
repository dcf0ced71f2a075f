// Function names debug.getinfo and tracebacks report for hook functions and
// for frames a finalizer ran on behalf of (ldebug.c's getfuncname: "hook '?'"
// and "metamethod '__gc'", as lua5.3 reports them).

import { expect, test } from "vitest";
import {
  call, compileChunk, frameAt, funcNameOf, HOOK_LINE, HostFunction, LuaClosure, UpVal, load, newState, register, setHook, traceback, type LuaThread,
} from "../src/index.js";

function nameAt(L: LuaThread, level: number): string {
  const ci = frameAt(L, level);
  const n = ci === null ? null : funcNameOf(ci);
  return n === null ? "-" : `${n[0]} '${n[1]}'`;
}

test("a hook function is named \"hook '?'\"", () => {
  const G = newState();
  const seen: string[] = [];
  // Not reachable from package.loaded, so the traceback cannot name it globally.
  const hookfn = new HostFunction("hookfn", (L) => {
    seen.push(nameAt(L, 0));
    seen.push(traceback(L, null, 0).split("\n")[1]!);
    setHook(L, undefined, 0, 0);
    return 0;
  });
  register(G, "start", (L) => {
    setHook(L, hookfn, HOOK_LINE, 0);
    return 0;
  });
  call(G, load(G, "start()\nlocal x = 1\nreturn x", "=h"));
  expect(seen).toEqual(["hook '?'", "\t[C]: in hook '?'"]);
});

test("the frame a finalizer runs for reports itself as metamethod '__gc'", () => {
  const G = newState();
  const seen: string[] = [];
  register(G, "probe", (L) => {
    seen.push(nameAt(L, 1), nameAt(L, 2));
    return 0;
  });
  call(G, load(G, `setmetatable({}, {__gc = function() probe() end})
    local function run() collectgarbage() end
    run()`, "=g"));
  // Level 1: the finalizer (called from the collector, no name); level 2: collectgarbage's frame.
  expect(seen).toEqual(["-", "metamethod '__gc'"]);
});

test("upvalues without names (stripped chunks) are named '?' in error messages", () => {
  const G = newState();
  const main = compileChunk("local t\nreturn function() return t.x end", "=s");
  const inner = main.protos[0]!;
  const stripped = { ...main, protos: [{ ...inner, upvalues: inner.upvalues.map((u) => ({ ...u, name: "" })) }] };
  const env = new UpVal(null, 0);
  env.value = G.globals;
  const [f] = call(G, new LuaClosure(stripped, [env]));
  expect(() => call(G, f)).toThrow("s:2: attempt to index a nil value (upvalue '?')");
});
