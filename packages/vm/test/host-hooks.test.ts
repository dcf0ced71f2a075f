// Call and return hooks of host functions run inside the host function's
// own frame (as luaD_precall/luaD_poscall run them), including a host call
// that parked its thread on a promise and returned later.

import { expect, test } from "vitest";
import {
  frameAt, funcNameOf, HOOK_CALL, HOOK_RET, HostFunction, load, newState, newThread, register, resumeThread, ret1,
  runThread, setHook, type LuaThread,
} from "../src/index.js";

function recorder(events: string[]): HostFunction {
  return new HostFunction("hook", (L: LuaThread, base: number) => {
    // Level 0 is the hook itself, 1 the function the event is about.
    const ci = frameAt(L, 1);
    const name = ci === null ? null : funcNameOf(ci);
    events.push(`${String(L.stack[base])}:${name === null ? "?" : name[1]}`);
    return 0;
  });
}

test("a host function's events name it, also when it returns after parking", () => {
  const G = newState();
  let release: (v: unknown) => void = () => {};
  register(G, "wait", () => new Promise((resolve) => { release = resolve; }));
  register(G, "twice", (L, base) => ret1(L, (L.stack[base] as number) * 2));
  const chunk = load(G, "local v = wait() local w = twice(v) return w", "=chunk");
  const T = newThread(G, chunk);
  const events: string[] = [];
  setHook(T, recorder(events), HOOK_CALL | HOOK_RET, 0);
  expect(runThread(T).status).toBe("suspended");
  expect(events).toEqual(["call:?", "call:wait"]);
  release(21);
  resumeThread(T, [21]);
  const r = runThread(T);
  expect(r).toEqual({ status: "done", values: [42] });
  expect(events).toEqual(["call:?", "call:wait", "return:wait", "call:twice", "return:twice", "return:?"]);
});
