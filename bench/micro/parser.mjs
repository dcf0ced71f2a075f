#!/usr/bin/env node
// Parser micro-benchmark: parse speed (MB/s) and memory of wippy-lua's parser,
// luaparse and `luac5.3 -p`, on a small (10-20 KB) and a large (>= 400 KB)
// input. Usage: node micro/parser.mjs [--time MS] [--luac-runs N]
//
// Memory is measured in a fresh child process per parser and input (this
// same script with --child): the heap in use right after the parse, before
// any forced collection (the young generation is made large so that few
// collections run during the parse: this approximates the peak heap), the
// heap the AST keeps alive after a full collection, and the process's peak RSS.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Bench } from "tinybench";
import { median, runOnce } from "../lib/measure.mjs";
import { markdownTable } from "../lib/report.mjs";
import { buildInput, loadPieces } from "./inputs.mjs";
import { PARSERS } from "./parsers.mjs";

const SELF = fileURLToPath(import.meta.url);

async function child(parserName, file) {
  const source = readFileSync(file, "latin1");
  const parse = await PARSERS[parserName].load();
  globalThis.gc();
  const rssBefore = process.resourceUsage().maxRSS;
  const heapBefore = process.memoryUsage().heapUsed;
  const ast = parse(source);
  const heapRightAfter = process.memoryUsage().heapUsed;
  const rssPeak = process.resourceUsage().maxRSS;
  globalThis.gc();
  const heapAfter = process.memoryUsage().heapUsed;
  process.stdout.write(JSON.stringify({
    retainedMB: (heapAfter - heapBefore) / 2 ** 20,
    peakHeapMB: (heapRightAfter - heapBefore) / 2 ** 20,
    peakRssMB: rssPeak / 1024,
    growthMB: (rssPeak - rssBefore) / 1024,
    alive: ast !== undefined,
  }));
}

function parseArgs(argv) {
  const opts = { time: 2000, luacRuns: 21 };
  for (let i = 0; i < argv.length; i++) {
    const n = Number(argv[i + 1]);
    if (argv[i] === "--time" && n > 0) { opts.time = n; i++; }
    else if (argv[i] === "--luac-runs" && Number.isInteger(n) && n > 0) { opts.luacRuns = n; i++; }
    else { console.error("usage: node micro/parser.mjs [--time MS] [--luac-runs N]"); process.exit(2); }
  }
  return opts;
}

function childMemory(parserName, file) {
  const r = spawnSync(process.execPath, ["--expose-gc", "--max-semi-space-size=128", SELF, "--child", parserName, file], { encoding: "utf8" });
  if (r.status !== 0) return null;
  return JSON.parse(r.stdout);
}

/**
 * luac5.3 -p: median process time on the file minus that on an empty file
 * (seconds null when that difference is lost in the noise).
 */
function measureLuac(file, emptyFile, runs) {
  const probe = runOnce(["luac5.3", "-p", emptyFile]);
  if (probe.status !== 0) return { error: "not installed" };
  const empty = [];
  const full = [];
  let rssKB = null;
  for (let i = 0; i < runs; i++) {
    empty.push(runOnce(["luac5.3", "-p", emptyFile]).seconds);
    const r = runOnce(["luac5.3", "-p", file]);
    if (r.status !== 0) return { error: r.stderr.trim().split("\n")[0] };
    full.push(r.seconds);
    if (r.rssKB != null) rssKB = Math.max(rssKB ?? 0, r.rssKB);
  }
  const net = median(full) - median(empty);
  // Below a tenth of a process start-up, the difference is noise.
  return { seconds: net > median(empty) / 10 ? net : null, processSeconds: median(full), rssKB };
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const scratch = mkdtempSync(path.join(tmpdir(), "wippy-parser-bench-"));
  process.on("exit", () => rmSync(scratch, { recursive: true, force: true }));

  // Only pieces every compared parser accepts, so all parse the same text.
  const luaparse = await PARSERS.luaparse.load();
  const excluded = [];
  const pieces = loadPieces().filter((p) => {
    try {
      luaparse(p.text);
      return true;
    } catch (err) {
      excluded.push(`${p.name} (luaparse: ${err.message})`);
      return false;
    }
  });
  const inputs = [
    { name: "small", ...buildInput(pieces, 10_000, 20_000) },
    { name: "large", ...buildInput(pieces, 400_000) },
  ];
  const emptyFile = path.join(scratch, "empty.lua");
  writeFileSync(emptyFile, "");
  for (const input of inputs) {
    input.file = path.join(scratch, `${input.name}.lua`);
    writeFileSync(input.file, input.text, "latin1");
  }

  const rows = [];
  // A few iterations suffice for the slow cases (a large input can take seconds).
  const bench = new Bench({ time: opts.time, iterations: 5, warmupTime: 300, warmupIterations: 2 });
  const tasks = [];
  for (const [name, parser] of Object.entries(PARSERS)) {
    let parse;
    try {
      parse = await parser.load();
    } catch (err) {
      for (const input of inputs) rows.push([parser.label, input.name, (input.text.length / 1024).toFixed(1), err.message, "—", "—", "—", "—"]);
      continue;
    }
    for (const input of inputs) {
      try {
        parse(input.text);
      } catch (err) {
        rows.push([parser.label, input.name, (input.text.length / 1024).toFixed(1), `error: ${String(err.message).split("\n")[0]}`, "—", "—", "—", "—"]);
        continue;
      }
      const taskName = `${name} ${input.name}`;
      bench.add(taskName, () => { parse(input.text); });
      tasks.push({ taskName, name, parser, input });
    }
  }
  process.stderr.write(`parsing: ${tasks.map((t) => t.taskName).join(", ")}\n`);
  await bench.run();
  for (const t of tasks) {
    const result = bench.getTask(t.taskName)?.result;
    const mem = childMemory(t.name, t.input.file);
    if (!result || result.state !== "completed") {
      rows.push([t.parser.label, t.input.name, (t.input.text.length / 1024).toFixed(1), `error: ${result?.error?.message ?? "did not complete"}`, "—", "—", "—", "—"]);
      continue;
    }
    const ms = result.latency.mean;
    rows.push([
      t.parser.label, t.input.name, (t.input.text.length / 1024).toFixed(1),
      `${ms.toFixed(2)} ±${result.latency.rme.toFixed(1)}%`,
      (t.input.text.length / (ms / 1000) / 1e6).toFixed(2),
      mem ? mem.peakHeapMB.toFixed(1) : "?",
      mem ? mem.retainedMB.toFixed(1) : "?",
      mem ? `${mem.peakRssMB.toFixed(1)} (+${mem.growthMB.toFixed(1)})` : "?",
    ]);
  }
  for (const input of inputs) {
    const r = measureLuac(input.file, emptyFile, opts.luacRuns);
    const kb = (input.text.length / 1024).toFixed(1);
    if (r.error) rows.push(["luac5.3 -p", input.name, kb, r.error, "—", "—", "—", "—"]);
    else rows.push([
      "luac5.3 -p", input.name, kb,
      r.seconds == null ? `below noise (process ${(r.processSeconds * 1000).toFixed(2)})` : (r.seconds * 1000).toFixed(2),
      r.seconds == null ? "—" : (input.text.length / r.seconds / 1e6).toFixed(2),
      "—", "—", r.rssKB == null ? "?" : (r.rssKB / 1024).toFixed(1),
    ]);
  }

  console.log(markdownTable(["parser", "input", "KB", "ms per parse", "MB/s", "peak heap MB", "AST heap MB", "peak RSS MB (+parse)"], rows));
  console.log(`\nsmall: ${inputs[0].files.join(", ")}`);
  console.log(`large: ${inputs[1].files.length} files (bench programs${inputs[1].files.some((f) => f.startsWith(".official")) ? " and the official Lua 5.3 tests" : ""}), repeated to ${(inputs[1].text.length / 1024).toFixed(0)} KB`);
  if (excluded.length) console.log(`left out (not accepted by every parser): ${excluded.join("; ")}`);
  console.log("luac5.3 -p times are process times minus those of an empty file; its RSS is the whole process's.");
}

if (process.argv[2] === "--child") await child(process.argv[3], process.argv[4]);
else await main();
