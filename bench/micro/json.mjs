#!/usr/bin/env node
// json module micro-benchmark: decoding and encoding a ~10 MB document
//
//   wippy-lua json      require("json") inside a wippy-lua process (timed with os.clock)
//   lua5.3 + lua-cjson  the C reference (Debian's lua-cjson), same document, same timing
//   JSON.parse/stringify + conversion
//                       Node's native JSON plus the VM's fromJS/toJS conversion to and
//                       from Lua values (UTF-8 <-> byte strings), the obvious alternative
//
// Usage: node bench/micro/json.mjs [--mb 10] [--runs 5]   (needs pnpm build)
// Prints the best of --runs runs for each figure. Every figure is CPU time
// (os.clock in both Luas, process.cpuUsage for the native path), so that the
// three are comparable on a loaded machine; the native path's wall time is
// printed too.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { REPO_DIR } from "../lib/engines.mjs";

const DIST = path.join(REPO_DIR, "packages", "scheduler", "dist", "index.js");
const VM_DIST = path.join(REPO_DIR, "packages", "vm", "dist", "index.js");
if (!existsSync(DIST) || !existsSync(VM_DIST)) {
  console.error("packages/scheduler/dist is not built (run pnpm build)");
  process.exit(1);
}
const sched = await import(pathToFileURL(DIST).href);
const vm = await import(pathToFileURL(VM_DIST).href);

const args = process.argv.slice(2);
function opt(name, def) {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : def;
}
const MB = opt("--mb", 10);
const RUNS = opt("--runs", 5);

/** A deterministic document: records with strings (some non-ASCII, some escaped), integers, floats, nesting. */
function makeDocument(bytes) {
  let seed = 12345;
  const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const words = ["alpha", "beta", "gamma", "delta", "café", "naïve", "東京", "line\nbreak", "quote\"d", "tab\there"];
  const items = [];
  let size = 0;
  for (let id = 1; size < bytes; id++) {
    const rec = {
      id,
      name: `${words[id % words.length]} ${id}`,
      price: Math.round(rnd() * 1e6) / 100,
      ratio: rnd(),
      active: id % 3 === 0,
      parent: id % 7 === 0 ? null : id - 1,
      tags: [words[id % 4], words[(id * 7) % words.length], "x"],
      address: { street: `${id} Main St`, city: words[(id * 3) % words.length], zip: String(10000 + (id % 89999)) },
      scores: [id % 100, (id * 31) % 1000, rnd() * 10],
    };
    const text = JSON.stringify(rec);
    size += text.length + 1;
    items.push(rec);
  }
  return JSON.stringify({ version: 1, generated: "bench", items });
}

// Best of the runs: on a shared machine the minimum is the figure least disturbed by other load.
function best(xs) {
  return Math.min(...xs);
}

const doc = makeDocument(MB * 1024 * 1024);
const dir = mkdtempSync(path.join(tmpdir(), "wippy-json-bench-"));
const docFile = path.join(dir, "doc.json");
writeFileSync(docFile, doc);
const docBytes = Buffer.byteLength(doc);

// ---- wippy-lua
const WIPPY_SRC = `
local json = require("json")
local text = ...
local runs = ${RUNS}
for i = 1, runs do
  local t0 = os.clock()
  local v = assert(json.decode(text))
  local t1 = os.clock()
  local out = assert(json.encode(v))
  local t2 = os.clock()
  print(string.format("%.3f %.3f %d", (t1 - t0) * 1000, (t2 - t1) * 1000, #out))
end
`;
const wippyFile = path.join(dir, "wippy.lua");
writeFileSync(wippyFile, WIPPY_SRC);
let wippyOut = "";
// The document is passed as the script's argument (converted to UTF-8 bytes).
const status = await sched.runMain(wippyFile, [doc], { stdout: (s) => { wippyOut += s; }, stderr: (s) => { wippyOut += s; } });
if (status !== 0) throw new Error(wippyOut);
const wippyRows = wippyOut.trim().split("\n").map((l) => l.split(" ").map(Number));
const wippy = { decode: best(wippyRows.map((r) => r[0])), encode: best(wippyRows.map((r) => r[1])), size: wippyRows[0][2] };

// ---- lua5.3 + cjson
const CJSON_SRC = `
local cjson = require("cjson")
local f = assert(io.open(arg[1], "rb"))
local text = f:read("a")
f:close()
for i = 1, ${RUNS} do
  local t0 = os.clock()
  local v = cjson.decode(text)
  local t1 = os.clock()
  local out = cjson.encode(v)
  local t2 = os.clock()
  print(string.format("%.3f %.3f %d", (t1 - t0) * 1000, (t2 - t1) * 1000, #out))
end
`;
const cjsonFile = path.join(dir, "cjson.lua");
writeFileSync(cjsonFile, CJSON_SRC);
const c = spawnSync("lua5.3", [cjsonFile, docFile], { encoding: "utf8" });
let cjson = null;
if (c.status === 0) {
  const rows = c.stdout.trim().split("\n").map((l) => l.split(" ").map(Number));
  cjson = { decode: best(rows.map((r) => r[0])), encode: best(rows.map((r) => r[1])) };
} else {
  console.error(`lua5.3 + cjson unavailable: ${c.error?.message ?? c.stderr.trim()}`);
}

// ---- JSON.parse / JSON.stringify plus conversion to and from Lua values
const G = vm.newState();
const bytes = Buffer.from(doc, "utf8").toString("latin1");
const nativeRows = [];
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
for (let i = 0; i < RUNS; i++) {
  const w0 = performance.now();
  const t0 = cpuMs();
  const v = vm.fromJS(G, JSON.parse(Buffer.from(bytes, "latin1").toString("utf8")));
  const t1 = cpuMs();
  const w1 = performance.now();
  const out = Buffer.from(JSON.stringify(vm.toJS(G, v)), "utf8").toString("latin1");
  const t2 = cpuMs();
  const w2 = performance.now();
  if (out.length === 0) throw new Error("empty");
  nativeRows.push([t1 - t0, t2 - t1, w1 - w0, w2 - w1]);
}
const native = {
  decode: best(nativeRows.map((r) => r[0])),
  encode: best(nativeRows.map((r) => r[1])),
  decodeWall: best(nativeRows.map((r) => r[2])),
  encodeWall: best(nativeRows.map((r) => r[3])),
};

rmSync(dir, { recursive: true, force: true });

const f = (x) => x.toFixed(1);
const ratio = (a, b) => (b ? `${(a / b).toFixed(2)}×` : "—");
console.log(`document: ${(docBytes / 1048576).toFixed(1)} MB, best of ${RUNS} runs, CPU ms (Node ${process.version}, ${process.platform}/${process.arch}, load average ${loadavg().map((x) => x.toFixed(1)).join(" ")})`);
console.log("");
console.log("| implementation | decode ms | encode ms |");
console.log("| --- | ---: | ---: |");
console.log(`| wippy-lua json | ${f(wippy.decode)} | ${f(wippy.encode)} |`);
if (cjson) console.log(`| lua5.3 + lua-cjson | ${f(cjson.decode)} | ${f(cjson.encode)} |`);
console.log(`| JSON.parse/stringify + fromJS/toJS | ${f(native.decode)} | ${f(native.encode)} |`);
console.log(`\nJSON.parse/stringify + fromJS/toJS wall time: decode ${f(native.decodeWall)} ms, encode ${f(native.encodeWall)} ms`);
if (cjson) console.log(`wippy-lua / lua-cjson: decode ${ratio(wippy.decode, cjson.decode)}, encode ${ratio(wippy.encode, cjson.encode)}`);
console.log(`wippy-lua / native: decode ${ratio(wippy.decode, native.decode)}, encode ${ratio(wippy.encode, native.encode)}`);
