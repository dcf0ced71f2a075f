#!/usr/bin/env node --expose-gc
// Actor-runtime micro-benchmark (packages/scheduler), each figure next to a
// plain-Node baseline measured in the same run:
//
//   idle process memory   heap per process blocked on its inbox, against an
//                         object + pending Promise per "actor" in plain JS
//   spawn 100,000         time to spawn N processes that wait on their inbox,
//                         against creating N pending async functions
//   channel ping-pong     round trips/s between two coroutines over unbuffered
//                         channels, against two async functions over promises
//   process.send ping-pong round trips/s between two processes, against two
//                         MessageChannel-free async mailboxes in plain JS
//   select over 10        selects/s over 10 channels (one ready), against
//                         Promise.race over 10 promises
//
// Usage: node --expose-gc bench/micro/scheduler.mjs [--processes N] [--trips N]
// Needs a build (pnpm build): it loads packages/scheduler/dist.
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { REPO_DIR } from "../lib/engines.mjs";

const DIST = path.join(REPO_DIR, "packages", "scheduler", "dist", "index.js");
if (!existsSync(DIST)) {
  console.error("packages/scheduler/dist/index.js is not built (run pnpm build)");
  process.exit(1);
}
if (typeof globalThis.gc !== "function") {
  console.error("run with node --expose-gc");
  process.exit(1);
}
const sched = await import(pathToFileURL(DIST).href);

const args = process.argv.slice(2);
function opt(name, def) {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : def;
}
const N_PROC = opt("--processes", 100_000);
const TRIPS = opt("--trips", 100_000);

const root = mkdtempSync(path.join(tmpdir(), "wippy-sched-bench-"));
function project(files) {
  for (const [name, src] of Object.entries(files)) writeFileSync(path.join(root, name), src);
}

function heap() {
  globalThis.gc();
  globalThis.gc();
  return process.memoryUsage().heapUsed;
}

const tick = () => new Promise((r) => setImmediate(r));

// ------------------------------------------------------------ idle processes

async function idleProcesses(n) {
  project({ "idle.lua": "process.inbox():receive()" });
  const rt = sched.createRuntime({ root, stdout: () => {}, stderr: () => {} });
  const entry = sched.resolveTarget(rt, "idle.lua");
  const proto = sched.entryProto(rt, entry);
  // Warm up: the template, the entry's Proto and the metatables exist before measuring.
  sched.startProcess(rt, "local", proto, "main", false, []);
  while (rt.runq.length > 0) await tick();
  const before = heap();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) sched.startProcess(rt, "local", proto, "main", false, []);
  const spawnMs = performance.now() - t0;
  while (rt.runq.length > 0) await tick();
  const runMs = performance.now() - t0;
  const after = heap();
  const live = rt.procs.size - 1;
  return { bytes: (after - before) / n, spawnMs, runMs, live, rt };
}

async function idleBaseline(n) {
  const before = heap();
  const t0 = performance.now();
  const actors = [];
  for (let i = 0; i < n; i++) {
    const a = { id: i, mailbox: [], wake: null };
    a.done = (async () => {
      await new Promise((r) => { a.wake = r; });
    })();
    actors.push(a);
  }
  const ms = performance.now() - t0;
  const after = heap();
  return { bytes: (after - before) / n, ms, keep: actors };
}

// ------------------------------------------------------------ ping-pong and select

async function runLua(main) {
  project({ "main.lua": main });
  let out = "";
  const code = await sched.runMain(path.join(root, "main.lua"), [], { stdout: (s) => { out += s; } });
  if (code !== 0) throw new Error(`benchmark program failed (${code})`);
  return out.trim();
}

async function channelPingPong(n) {
  const t0 = performance.now();
  await runLua(`
    local ping, pong = channel.new(), channel.new()
    coroutine.spawn(function() for i = 1, ${n} do pong:send(ping:receive()) end end)
    for i = 1, ${n} do ping:send(i); pong:receive() end`);
  return n / ((performance.now() - t0) / 1000);
}

async function promisePingPong(n) {
  // Two async functions handing a value back and forth through one-slot promise channels.
  const chan = () => {
    let waiter = null;
    let value;
    let full = false;
    return {
      send(v) { if (waiter) { const w = waiter; waiter = null; w(v); } else { value = v; full = true; } },
      receive() { if (full) { full = false; return Promise.resolve(value); } return new Promise((r) => { waiter = r; }); },
    };
  };
  const ping = chan();
  const pong = chan();
  const t0 = performance.now();
  const other = (async () => { for (let i = 0; i < n; i++) pong.send(await ping.receive()); })();
  for (let i = 0; i < n; i++) { ping.send(i); await pong.receive(); }
  await other;
  return n / ((performance.now() - t0) / 1000);
}

async function processPingPong(n) {
  project({ "ponger.lua": `local inbox = process.inbox()
    while true do local m = inbox:receive(); process.send(m:from(), "pong", 1) end` });
  const t0 = performance.now();
  await runLua(`
    local pid = process.spawn("ponger.lua")
    local inbox = process.inbox()
    for i = 1, ${n} do process.send(pid, "ping", i); inbox:receive() end`);
  return n / ((performance.now() - t0) / 1000);
}

async function mailboxPingPong(n) {
  // Plain-JS actors: a mailbox array plus a waiting resolver, messages structured-cloned like payloads.
  const actor = () => ({ box: [], waiter: null });
  const post = (a, msg) => {
    const copy = structuredClone(msg);
    if (a.waiter) { const w = a.waiter; a.waiter = null; w(copy); } else a.box.push(copy);
  };
  const take = (a) => a.box.length > 0 ? Promise.resolve(a.box.shift()) : new Promise((r) => { a.waiter = r; });
  const A = actor();
  const B = actor();
  const t0 = performance.now();
  const ponger = (async () => { for (let i = 0; i < n; i++) { await take(B); post(A, { topic: "pong", v: 1 }); } })();
  for (let i = 0; i < n; i++) { post(B, { topic: "ping", v: i }); await take(A); }
  await ponger;
  return n / ((performance.now() - t0) / 1000);
}

async function select10(n) {
  const t0 = performance.now();
  await runLua(`
    local chs, cases = {}, {}
    for i = 1, 10 do chs[i] = channel.new(1); cases[i] = chs[i]:case_receive() end
    local last = chs[10]
    for i = 1, ${n} do last:send(i); channel.select(cases) end`);
  return n / ((performance.now() - t0) / 1000);
}

async function race10(n) {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const ps = [];
    for (let k = 0; k < 9; k++) ps.push(new Promise(() => {}));
    ps.push(Promise.resolve(i));
    await Promise.race(ps);
  }
  return n / ((performance.now() - t0) / 1000);
}

// ------------------------------------------------------------ report

const fmt = (x) => Math.round(x).toLocaleString("en-US");
const rows = [];

const idle = await idleProcesses(N_PROC);
const base = await idleBaseline(N_PROC);
rows.push([`memory per idle process (${fmt(N_PROC)})`, `${fmt(idle.bytes)} B`, `${fmt(base.bytes)} B (object + pending async fn)`]);
rows.push([`spawn ${fmt(N_PROC)} processes`, `${fmt(idle.spawnMs)} ms (all blocked after ${fmt(idle.runMs)} ms, ${fmt(idle.live)} live)`,
  `${fmt(base.ms)} ms`]);
base.keep.length = 0;
idle.rt.procs.clear();

rows.push(["unbuffered channel ping-pong (round trips/s)", fmt(await channelPingPong(TRIPS)), fmt(await promisePingPong(TRIPS))]);
rows.push(["process.send ping-pong (round trips/s)", fmt(await processPingPong(TRIPS / 2)), fmt(await mailboxPingPong(TRIPS / 2))]);
rows.push(["select over 10 channels (selects/s)", fmt(await select10(TRIPS)), fmt(await race10(TRIPS))]);

console.log(`node ${process.version}, ${process.platform}/${process.arch}\n`);
console.log("| measure | wippy-lua scheduler | plain Node baseline |");
console.log("| --- | --- | --- |");
for (const r of rows) console.log(`| ${r.join(" | ")} |`);
process.exit(0);
