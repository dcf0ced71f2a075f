// Checker speed: generated typed code (10,000+ lines) and the official Lua
// test suite. Run after a build: `npx tsc -b packages/types && node
// packages/types/bench/check-speed.mjs`. Prints lines, diagnostics and the
// median of 5 timed runs (after one warm-up run), wall and CPU time, next to
// parsing alone measured in the same run (the machine may be loaded: the
// ratio is the stable figure). With the CLI built it also times the whole
// command, `wippy-lua check gen.lua`, as fresh processes (cold start).

import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "@wippy-lua/parser";
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

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

/** Median wall and CPU milliseconds of 5 runs of fn after one warm-up run. */
function measure(fn) {
  fn();
  const wall = [];
  const cpu = [];
  for (let r = 0; r < 5; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { wall: median(wall), cpu: median(cpu) };
}

function time(label, files, options) {
  const lines = files.reduce((n, f) => n + f.source.split("\n").length, 0);
  const diags = check(files, options).length;
  const c = measure(() => check(files, options));
  const p = measure(() => {
    for (const f of files) {
      try {
        parse(f.source, { chunkName: "@" + f.name });
      } catch {
        // files with deliberate syntax errors
      }
    }
  });
  console.log(
    `${label}: ${lines} lines, ${diags} diagnostic(s); check (parse included) median ${c.wall.toFixed(1)} ms wall, ${c.cpu.toFixed(1)} ms CPU` +
      ` (${((c.wall * 10000) / lines).toFixed(1)} ms wall per 10,000 lines); parse alone ${p.wall.toFixed(1)} ms wall: check = ${(c.wall / p.wall).toFixed(1)}× parse`,
  );
}

let src = "";
for (let i = 0; src.split("\n").length < 10000; i++) src += unit(i);
time("generated typed code", [{ name: "gen.lua", source: src }]);

const cli = join(import.meta.dirname, "..", "..", "cli", "dist", "main.js");
if (existsSync(cli)) {
  const dir = mkdtempSync(join(tmpdir(), "check-speed-"));
  const file = join(dir, "gen.lua");
  const empty = join(dir, "empty.lua");
  writeFileSync(file, src, "latin1");
  writeFileSync(empty, "", "latin1");
  // Wall time, and the child's CPU time through /usr/bin/time when present.
  const timer = existsSync("/usr/bin/time") ? "/usr/bin/time" : null;
  const run = (args) => {
    const t0 = performance.now();
    const r = timer
      ? spawnSync(timer, ["-f", "%U %S", process.execPath, ...args], { encoding: "utf8" })
      : spawnSync(process.execPath, args, { encoding: "utf8" });
    const wall = performance.now() - t0;
    if (r.status !== 0) throw new Error(`wippy-lua check failed: ${r.stdout}${r.stderr}`);
    const times = timer ? r.stderr.trim().split("\n").pop().split(" ").map(Number) : [NaN, NaN];
    return { wall, cpu: (times[0] + times[1]) * 1000 };
  };
  const runs = (path) => {
    run([cli, "check", path]);
    const rs = [0, 1, 2, 3, 4].map(() => run([cli, "check", path]));
    return { wall: median(rs.map((r) => r.wall)), cpu: median(rs.map((r) => r.cpu)) };
  };
  const cmd = runs(file);
  const base = runs(empty);
  console.log(
    `wippy-lua check gen.lua (fresh process, ${src.split("\n").length} lines): median ${cmd.wall.toFixed(0)} ms wall, ${cmd.cpu.toFixed(0)} ms CPU;` +
      ` an empty file: ${base.wall.toFixed(0)} ms wall, ${base.cpu.toFixed(0)} ms CPU`,
  );
  rmSync(dir, { recursive: true, force: true });
}

const official = join(import.meta.dirname, "..", "..", "..", ".official-tests");
if (existsSync(official)) {
  const files = readdirSync(official).filter((f) => f.endsWith(".lua")).map((f) => ({ name: f, source: readFileSync(join(official, f), "latin1") }));
  time("official Lua 5.3.4 suite", files);
  time("official suite, strict (every chunk fully checked)", files, { strict: true });
}
