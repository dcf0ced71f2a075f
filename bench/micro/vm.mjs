#!/usr/bin/env node
// VM micro-benchmark: the cost of single VM operations (calls, table access,
// metamethods, arithmetic, concatenation, closures, coroutines), measured
// inside each engine with os.clock over a loop and with an empty loop's time
// subtracted. Every snippet runs as a tiny Lua program through each engine's
// command line (`node packages/cli/dist/main.js file` for wippy-lua), so
// process start-up is not included but the measure is coarser than an
// in-process harness.
// Usage: node micro/vm.mjs [--iterations N] [--runs N] [--engines a,b]
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ENGINES } from "../lib/engines.mjs";
import { median, runOnce } from "../lib/measure.mjs";
import { markdownTable } from "../lib/report.mjs";
import { SNIPPETS, snippetProgram } from "./vm-snippets.mjs";

const DEFAULT_ENGINES = ["wippy-lua", "fengari", "wasmoon", "lua5.3"];

function parseArgs(argv) {
  const opts = { iterations: 2_000_000, runs: 3, engines: DEFAULT_ENGINES };
  for (let i = 0; i < argv.length; i++) {
    const v = argv[i + 1];
    if (argv[i] === "--iterations" && Number(v) >= 1000) { opts.iterations = Number(v); i++; }
    else if (argv[i] === "--runs" && Number.isInteger(Number(v)) && Number(v) > 0) { opts.runs = Number(v); i++; }
    else if (argv[i] === "--engines" && v) { opts.engines = v.split(","); i++; }
    else { console.error("usage: node micro/vm.mjs [--iterations N] [--runs N] [--engines a,b]"); process.exit(2); }
  }
  return opts;
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const engines = opts.engines.map((n) => {
    const e = ENGINES.find((x) => x.name === n);
    if (!e) { console.error(`unknown engine '${n}'`); process.exit(2); }
    return e;
  });
  const scratch = mkdtempSync(path.join(tmpdir(), "wippy-vm-bench-"));
  process.on("exit", () => rmSync(scratch, { recursive: true, force: true }));

  const rows = [];
  for (const [index, snippet] of SNIPPETS.entries()) {
    const n = Math.max(1000, Math.round(opts.iterations * snippet.scale));
    const file = path.join(scratch, `snippet${index}.lua`);
    writeFileSync(file, snippetProgram(snippet, n));
    const cells = {};
    for (const engine of engines) {
      const why = engine.availability();
      if (why) { cells[engine.name] = why; continue; }
      const samples = [];
      for (let r = 0; r < opts.runs; r++) {
        const run = runOnce(engine.command(file, []), { node: engine.node, timeoutSeconds: 300 });
        const ns = Number(run.stdout.trim());
        if (run.status !== 0 || !Number.isFinite(ns)) {
          samples.length = 0;
          cells[engine.name] = engine.lua53 ? "error" : "n/a";
          process.stderr.write(`${snippet.name} under ${engine.name}: ${(run.stderr || run.stdout).trim().split("\n")[0]}\n`);
          break;
        }
        samples.push(ns);
      }
      if (samples.length) cells[engine.name] = median(samples);
    }
    const base = cells["lua5.3"];
    const row = [snippet.name];
    for (const engine of engines) {
      const v = cells[engine.name];
      if (typeof v !== "number") { row.push(v); continue; }
      const ratio = typeof base === "number" && base > 0 && engine.name !== "lua5.3" ? ` (${(v / base).toFixed(1)}×)` : "";
      row.push(`${v.toFixed(1)}${ratio}`);
    }
    rows.push(row);
    process.stderr.write(`[${index + 1}/${SNIPPETS.length}] ${snippet.name}\n`);
  }
  console.log(markdownTable(["operation (ns per op; × lua5.3)", ...engines.map((e) => e.name)], rows));
  console.log(`\n${opts.iterations} base iterations, median of ${opts.runs} run(s); each time is os.clock inside the engine minus an empty loop.`);
}

main();
