// Automatic collection cycles (gc.ts) only start once something can observe
// them: a weak table, a finalizer or collectgarbage. Before that the
// allocation debt is so large that its check never fires (compiled code
// would otherwise deoptimise at the first one), and the list of threads
// with open upvalues is kept short some other way.

import { describe, expect, it } from "vitest";
import { call, load, newState, type LuaState } from "../src/index.js";
import { openLibs } from "../../stdlib/src/index.js";

function run(src: string): { G: LuaState; out: string } {
  let out = "";
  const G = newState({ stdout: (s) => { out += s; } });
  openLibs(G);
  call(G, load(G, src, "=quiet"));
  G.flush();
  return { G, out };
}

describe("collection cycles in a state that cannot observe them", () => {
  it("does not count allocations down to a cycle", () => {
    const { G } = run("local t = {} for i = 1, 300000 do t[i % 100 + 1] = { i } end");
    expect(G.gcDebt).toBeGreaterThan(100_000_000);
  });

  it("starts automatic cycles once a weak table exists, however much was allocated before", () => {
    const { G, out } = run(`
local keep = {}
for i = 1, 300000 do keep[i % 100 + 1] = { i } end
local weak = setmetatable({}, { __mode = "v" })
weak[1] = {}
weak[2] = keep
for i = 1, 400000 do keep[i % 100 + 1] = { i } end
print(weak[1], weak[2] == keep)`);
    expect(out).toBe("nil\ttrue\n");
    expect(G.gcDebt).toBeLessThanOrEqual(400_000);
  });

  it("keeps the list of threads with open upvalues short", () => {
    const { G, out } = run(`
local cos = {}
for i = 1, 6000 do
  local co = coroutine.create(function()
    local x = i
    local get = function() return x end
    coroutine.yield(get)
    return x
  end)
  local _, get = coroutine.resume(co)
  cos[i] = get
end
local s = 0
for i = 1, 6000 do s = s + cos[i]() end
print(s)`);
    expect(out).toBe(`${(6000 * 6001) / 2}\n`);
    expect(G.twups.length).toBeLessThanOrEqual(4096);
  });
});
