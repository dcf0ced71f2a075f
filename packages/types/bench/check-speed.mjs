// Checker speed: generated typed code (10,000+ lines) and the official Lua
// test suite. Run after a build: `npx tsc -b packages/types && node
// packages/types/bench/check-speed.mjs`. Prints lines, diagnostics and the
// median of 5 timed runs (after one warm-up run).

import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { check } from "../dist/index.js";

function unit(i) {
  // Each unit is a block: a Lua function (the main chunk too) has at most 200 locals.
  return `do
type Point${i} = {x: number, y: number, label?: string}
type Shape${i} = {kind: "circle", r: number} | {kind: "rect", w: number, h: number}
local function area${i}(s: Shape${i}): number
  if s.kind == "circle" then
    return 3.14 * s.r * s.r
  end
  return s.w * s.h
end
local function norm${i}(p: Point${i}?): number
  if p == nil then return 0 end
  local label = p.label or "none"
  local total = 0
  for k = 1, #label do
    total = total + k
  end
  return math.sqrt(p.x * p.x + p.y * p.y) + total
end
local function first${i}<T>(list: {T}): T?
  return list[1]
end
local pts${i}: {Point${i}} = {{x = 1, y = 2}, {x = 3, y = 4, label = "b"}}
local f${i} = first${i}(pts${i})
if f${i} then print(norm${i}(f${i}), area${i}({kind = "rect", w = 2, h = 3})) end
local names${i}: {[string]: integer} = {a = 1, b = 2}
for name, n in pairs(names${i}) do print(name .. ":" .. n) end
local function describe${i}(v: integer | string): string
  if type(v) == "string" then return v:upper() end
  return tostring(v * 2)
end
print(describe${i}(${i}), describe${i}("x"))
end
`;
}

function time(label, files, options) {
  const lines = files.reduce((n, f) => n + f.source.split("\n").length, 0);
  check(files, options);
  const runs = [];
  let diags = 0;
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    diags = check(files, options).length;
    runs.push(performance.now() - t0);
  }
  runs.sort((a, b) => a - b);
  const ms = runs[2];
  console.log(`${label}: ${lines} lines, ${diags} diagnostic(s), median ${ms.toFixed(1)} ms (${((ms * 10000) / lines).toFixed(1)} ms per 10,000 lines)`);
}

let src = "";
for (let i = 0; src.split("\n").length < 10000; i++) src += unit(i);
time("generated typed code", [{ name: "gen.lua", source: src }]);

const official = join(import.meta.dirname, "..", "..", "..", ".official-tests");
if (existsSync(official)) {
  const files = readdirSync(official).filter((f) => f.endsWith(".lua")).map((f) => ({ name: f, source: readFileSync(join(official, f), "latin1") }));
  time("official Lua 5.3.4 suite", files);
  time("official suite, strict (every chunk fully checked)", files, { strict: true });
}
