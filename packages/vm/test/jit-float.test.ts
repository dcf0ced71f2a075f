// Float registers in compiled code (src/jit/float-regs.ts): registers that
// only ever hold floats are raw doubles in the generated JS. Which registers
// qualify, and that the results (printing, subtypes, -0.0, NaN, inf, errors,
// debug.setlocal, yields, operands that are not floats) stay exactly the
// interpreter's and C Lua's.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, compileChunk, load, LuaError, newState } from "../src/index.js";
import type { Proto } from "../src/proto.js";
import { CALL_THRESHOLD, LOOP_THRESHOLD, setJitThresholds } from "../src/jit/runtime.js";
import { floatRegisters } from "../src/jit/float-regs.js";
import { liveness } from "../src/jit/liveness.js";
import { capturedRegisters } from "../src/jit/compile.js";
import { openLibs } from "../../stdlib/src/index.js";
import { findProto } from "./find-proto.js";

function run(src: string, jit: boolean): string {
  let out = "";
  const G = newState({ stdout: (s) => { out += s; }, stderr: (s) => { out += s; }, jit });
  openLibs(G);
  try {
    call(G, load(G, src, "=input"));
  } catch (e) {
    if (!(e instanceof LuaError)) throw e;
    out += `ERROR: ${String(e.value)}`;
  }
  G.flush();
  return out;
}

/** Output of src with the interpreter, with the JIT's thresholds, and with everything compiled at once. */
function allTiers(src: string): string[] {
  const saved = [CALL_THRESHOLD, LOOP_THRESHOLD] as const;
  const outs = [run(src, false), run(src, true)];
  setJitThresholds(0, 0);
  try {
    outs.push(run(src, true));
  } finally {
    setJitThresholds(saved[0], saved[1]);
  }
  return outs;
}

function protoAt(src: string, line: number): Proto {
  return findProto(compileChunk(src, "=input"), line)!;
}

/** Names of p's locals that floatRegisters picks for the whole function. */
function floatLocals(p: Proto): string[] {
  const isF = floatRegisters(p, 0, p.code.length - 1, capturedRegisters(p), liveness(p), null);
  const names = new Set<string>();
  // A local's register: how many locals declared before it are still active where it starts.
  p.locVars.forEach((v, j) => {
    const reg = p.locVars.slice(0, j).filter((w) => w.startPc <= v.startPc && v.startPc < w.endPc).length;
    if (isF[reg] === 1) names.add(v.name);
  });
  return [...names].sort();
}

describe("float registers: which qualify", () => {
  it("takes float accumulators and temporaries, not integers, parameters, loop controls or mixed locals", () => {
    const src = `
local function f(n, k)
  local zr, zi, it, mixed = 0.0, 0.5, 0, 1.5
  for i = 1, n do
    local t = zr * zr - zi * zi + k
    zi = 2.0 * zr * zi + 0.25
    zr = t
    it = it + 1
    mixed = mixed + 1
    if i == 3 then mixed = "x" end
  end
  return zr, zi
end`;
    expect(floatLocals(protoAt(src, 2))).toEqual(["t", "zi", "zr"]);
  });

  it("keeps one type per register: a register reused for a non-float temporary is not a float register", () => {
    const src = `
local function f(n, k)
  local zr, zi = 0.0, 0.5
  for i = 1, n do
    local t = zr * zr - zi * zi + k
    zr = t
  end
  local q = n / k
  return zr, zi, q, "x", n
end`;
    // t's register also carries the "x" of the return list (a flow-insensitive analysis).
    expect(floatLocals(protoAt(src, 2))).toEqual(["zi"]);
  });

  it("leaves out registers a closure captures", () => {
    const src = `
local function f(n)
  local s = 0.5
  local get = function() return s end
  for i = 1, n do s = s * 1.5 end
  return get()
end`;
    expect(floatLocals(protoAt(src, 2))).toEqual([]);
  });
});

describe("float registers: same results as the interpreter and C Lua", () => {
  it("prints integral floats, -0.0, inf and NaN as Lua does", () => {
    const src = `
local function acc(n)
  local s, t = 0.0, 1.5
  for i = 1, n do
    s = s + 0.5
    t = t * 2.0 - t
    if i % 3 == 0 then print(i, s, t, s == 2.0, s < 3, -s) end
  end
  return s, t
end
for _ = 1, 3 do acc(7) end
local function edge()
  local z = 0.0
  local nz = -z
  local inf = 1.0 / z
  local nan = z / z
  print(z, nz, inf, -inf, nan, -nan, inf - inf, 1 / nz, nan ~= nan, math.type(z), math.maxinteger + 0.5, 2.0 ^ 63)
end
edge() edge()`;
    const [interp, jit, all] = allTiers(src);
    expect(jit).toBe(interp);
    expect(all).toBe(interp);
    // lua5.3's output
    expect(interp).toContain("3\t1.5\t1.5\tfalse\ttrue\t-1.5\n6\t3.0\t1.5\tfalse\tfalse\t-3.0\n");
    expect(interp).toContain("0.0\t-0.0\tinf\t-inf\t-nan\tnan\t-nan\t-inf\ttrue\tfloat\t9.2233720368548e+18\t9.2233720368548e+18\n");
  });

  it("hands operands that are not floats to the interpreter: strings, int64, metamethods, errors", () => {
    const src = `
local mt = {__add = function(a, b) return 100.25 end, __mul = function(a, b) return 2.5 end,
  __div = function(a, b) return 7.75 end, __pow = function() return 0.5 end}
local function walk(vals, n)
  local s = 0.5
  for i = 1, n do
    local v = vals[i]
    s = s + v
    s = s * 1.0
    s = v / s
    s = s ^ 1.0
  end
  return s
end
local vals = {1, 2.5, "10", 0x7fffffffffffffff, -0.0, 3, 4.5, "0x10", 5, 6}
for k = 1, 12 do io.write(walk(vals, 10), " ") end print()
vals[4] = setmetatable({}, mt)
for k = 1, 14 do io.write(tostring(walk(vals, 10)), " ") end print()
vals[4] = {}
print(pcall(walk, vals, 10))
vals[4] = 7
for k = 1, 12 do io.write(walk(vals, 10), " ") end print()
print(pcall(function() local a = 1.5; for i = 1, 100 do a = a * 1.5; if i == 60 then local t = {}; a = t.x * a end end end))`;
    const [interp, jit, all] = allTiers(src);
    expect(jit).toBe(interp);
    expect(all).toBe(interp);
    expect(interp).toContain("0.87717434603638 0.87717434603638");
    expect(interp).toContain("false\tinput:8: attempt to perform arithmetic on a table value (local 'v')\n");
    expect(interp).toContain("false\tinput:23: attempt to perform arithmetic on a nil value (field 'x')");
  });

  it("sees debug.setlocal from a callee, yields, and integers at a loop's head", () => {
    const src = `
local function poke(i, v) debug.setlocal(3, i, v) end
local function setter(i, v) poke(i, v) end
local function f(n)
  local x = 0.5
  for i = 1, n do
    x = x * 2.0
    if i == 3 then setter(2, 7) end
    if i == 5 then setter(2, 1.5) end
  end
  return x, math.type(x)
end
for _ = 1, 10 do print(f(7)) end
local co = coroutine.wrap(function()
  local s = 0.25
  for i = 1, 40 do
    s = s * 1.5 + 0.125
    if i % 7 == 0 then coroutine.yield(s) end
  end
  return s
end)
for _ = 1, 6 do print(co()) end
local function g(n)
  local x = 1
  for i = 1, n do x = x + 0.5 end
  local y = 2.0
  local k = 0
  while k < n do y = y / 2; k = k + 1 end
  return x, y
end
for _ = 1, 10 do print(g(60)) end
local acc = 0
for i = 1, 200 do acc = acc + i * 0.5 end
local w = 3
for i = 1, 100 do w = w / 1.01 end
print(acc, w)`;
    const [interp, jit, all] = allTiers(src);
    expect(jit).toBe(interp);
    expect(all).toBe(interp);
    expect(interp.startsWith("6.0\tfloat\n")).toBe(true);
    expect(interp).toContain("8.29296875\n145.71463012695\n");
    expect(interp).toContain("31.0\t1.7347234759768e-18\n");
    expect(interp).toContain("10050.0\t1.1091336369874\n");
  });
});
