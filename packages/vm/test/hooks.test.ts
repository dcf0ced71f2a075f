// Debug hooks (setHook/getHook, the VM side of debug.sethook) and Lua 5.3's
// closure cache. Expected hook traces were produced by lua5.3 with
// debug.sethook on the same code (same line numbers).

import { describe, expect, test } from "vitest";
import {
  arg, call, getHook, HOOK_CALL, HOOK_LINE, HOOK_RET, load, LuaThread, newState, register, ret, setHook,
} from "../src/index.js";

const MASKS: Record<string, number> = { c: HOOK_CALL, r: HOOK_RET, l: HOOK_LINE };

/** Runs `src` with `sethook([thread,] fn, mask, count)` and `gethook()` as globals; returns the output. */
function runWithHooks(src: string): string {
  let out = "";
  const G = newState({ stdout: (s) => { out += s; } });
  register(G, "sethook", (L) => {
    let T = L;
    let i = 1;
    const first = arg(L, 1);
    if (first instanceof LuaThread) {
      T = first;
      i = 2;
    }
    let mask = 0;
    for (const ch of String(arg(L, i + 1) ?? "")) mask |= MASKS[ch] ?? 0;
    setHook(T, arg(L, i), mask, Number(arg(L, i + 2) ?? 0));
    return 0;
  });
  register(G, "gethook", (L) => {
    const h = getHook(L);
    if (h === null) return ret(L, undefined, "", 0);
    let m = "";
    for (const ch of "crl") if (h.mask & MASKS[ch]!) m += ch;
    return ret(L, h.fn, m, h.count);
  });
  call(G, load(G, src, "=hooks"));
  G.flush();
  return out;
}

describe("debug hooks", () => {
  test("line events: new lines, backward jumps and function entry; not after returning to the same line", () => {
    const src = `O = "" local function f(e, l) O = O .. e .. ":" .. tostring(l) .. " " end
sethook(f, "l"); local x = 1
x = x + 1
local function g() return 1 end
g()
sethook()
print(O)`;
    expect(runWithHooks(src)).toBe("line:3 line:4 line:5 line:4 line:6 \n");
    const loop = `O = "" local function f(e, l) O = O .. e .. ":" .. tostring(l) .. " " end
sethook(f, "l") for i = 1, 2 do
  O = O .. "."
end sethook()
print(O)`;
    expect(runWithHooks(loop)).toBe("line:3 .line:2 line:3 .line:2 line:4 \n");
  });

  test("call, tail call and return events, host functions included", () => {
    const src = `local b = {}
local function f(x) return x end
function g(x) return f(x) end
function g1(x) g(x) end
local function h(x) local f = g1; return f(x) end
sethook(function (e) b[#b + 1] = e end, "cr")
h(false)
sethook()
print(b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9])`;
    expect(runWithHooks(src)).toBe("return\tcall\ttail call\tcall\ttail call\treturn\treturn\tcall\tnil\n");
  });

  test("count events count every instruction, the hook's own included", () => {
    const src = `O = "" local function f(e, l) O = O .. e .. ":" .. tostring(l) .. " " end
sethook(f, "", 3) local a = 1 a = 2 a = 3 a = 4 a = 5 a = 6 sethook()
print(O)
local n = 0
sethook(function () n = n + 1 end, "", 1)
for i = 1, 1000 do end
sethook()
print(n > 1000 and n < 1012)`;
    expect(runWithHooks(src)).toBe("count:nil count:nil count:nil \ntrue\n");
  });

  test("hooks are per thread; gethook reports the mask and count; errors in hooks propagate", () => {
    const src = `O = "" local function f(e, l) O = O .. e .. ":" .. tostring(l) .. " " end
local co = coroutine.create(function() local a = 1
return a end)
sethook(co, f, "l")
coroutine.resume(co)
print(O, gethook())
sethook(f, "cl", 7)
local h, m, c = gethook()
sethook()
print(h == f, m, c, gethook())
local ok, msg = pcall(function()
  sethook(function () sethook() error("in hook") end, "l")
  local z = 1
end)
sethook()
print(ok, msg)`;
    expect(runWithHooks(src)).toBe("line:2 line:3 \tnil\t\t0\ntrue\tcl\t7\tnil\t\t0\nfalse\thooks:12: in hook\n");
  });

  test("a hook may replace itself; it runs once per event and never inside itself", () => {
    const src = `local calls = 0
sethook(function (e)
  calls = calls + 1
  sethook(function (e2, l) calls = calls + 100 sethook() end, "l")
end, "c")
local function k() return 1 end
k()
print(calls, gethook())`;
    expect(runWithHooks(src)).toBe("101\tnil\t\t0\n");
  });
});

describe("closure cache", () => {
  test("closures with the same upvalues are the same value (closure.lua)", () => {
    const src = `a = {}
for i = 1, 5 do a[i] = function (x) return x + a + _ENV end end
assert(a[3] == a[4] and a[4] == a[5])
for i = 1, 5 do a[i] = function (x) return i + a + _ENV end end
assert(a[3] ~= a[4] and a[4] ~= a[5])
local function f() return function (x) return math.sin(_ENV[x]) end end
assert(f() == f())
local function counter() local n = 0 return function () n = n + 1 return n end end
local c1, c2 = counter(), counter()
print(c1 ~= c2, c1(), c1(), c2())`;
    let out = "";
    const G = newState({ stdout: (s) => { out += s; } });
    call(G, load(G, src, "=cache"));
    G.flush();
    expect(out).toBe("true\t1\t2\t1\n");
  });
});
