#!/usr/bin/env node
// VM micro-benchmark: the cost of single VM operations (calls, table access,
// metamethods, arithmetic, concatenation, closures, coroutines).
//
// In "api" mode (the default when wippy-lua's VM is built) wippy-lua and
// fengari run in this process: each snippet is compiled once into a function
// looping over its body, called in batches under tinybench, and the cost of
// an empty loop is subtracted. lua5.3 (and wasmoon) cannot run in-process, so
// they are measured as in "cli" mode.
//
// In "cli" mode every engine runs each snippet as a tiny Lua program through
// its command line (`node packages/cli/dist/main.js file` for wippy-lua),
// timing the loop with os.clock inside the engine, minus an empty loop.
//
// Usage: node micro/vm.mjs [--mode api|cli] [--time MS] [--iterations N] [--runs N] [--engines a,b]
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Bench } from "tinybench";
import { ENGINES } from "../lib/engines.mjs";
import { median, runOnce } from "../lib/measure.mjs";
import { markdownTable } from "../lib/report.mjs";
import { SNIPPETS, snippetProgram } from "./vm-snippets.mjs";
import { EMPTY_SNIPPET, fengariRunnerFactory, wippyApiUnavailable, wippyRunnerFactory } from "./vm-inprocess.mjs";

const DEFAULT_ENGINES = ["wippy-lua", "fengari", "wasmoon", "lua5.3"];
const IN_PROCESS = { "wippy-lua": wippyRunnerFactory, fengari: fengariRunnerFactory };
const USAGE = "usage: node micro/vm.mjs [--mode api|cli] [--time MS] [--iterations N] [--runs N] [--engines a,b]";

function parseArgs(argv) {
  const opts = { mode: null, time: 500, iterations: 2_000_000, runs: 3, engines: DEFAULT_ENGINES };
  for (let i = 0; i < argv.length; i++) {
    const v = argv[i + 1];
    const n = Number(v);
    if (argv[i] === "--mode" && (v === "api" || v === "cli")) opts.mode = v;
    else if (argv[i] === "--time" && n > 0) opts.time = n;
    else if (argv[i] === "--iterations" && n >= 1000) opts.iterations = n;
    else if (argv[i] === "--runs" && Number.isInteger(n) && n > 0) opts.runs = n;
    else if (argv[i] === "--engines" && v) opts.engines = v.split(",");
    else { console.error(USAGE); process.exit(2); }
    i++;
  }
  return opts;
}

/** ns per operation of one snippet under one engine, via its command line and os.clock; or a reason string. */
function measureByCommand(engine, snippet, file, opts) {
  const why = engine.availability();
  if (why) return why;
  const n = Math.max(1000, Math.round(opts.iterations * snippet.scale));
  writeFileSync(file, snippetProgram(snippet, n));
  const samples = [];
  for (let r = 0; r < opts.runs; r++) {
    const run = runOnce(engine.command(file, []), { node: engine.node, timeoutSeconds: 300 });
    const ns = Number(run.stdout.trim());
    if (run.status !== 0 || !Number.isFinite(ns)) {
      process.stderr.write(`${snippet.name} under ${engine.name}: ${(run.stderr || run.stdout).trim().split("\n")[0]}\n`);
      return engine.lua53 ? "error" : "n/a";
    }
    samples.push(ns);
  }
  return median(samples);
}

/** ns per operation for every snippet under one in-process engine, with tinybench. */
async function measureInProcess(factory, opts) {
  const makeRunner = await factory();
  const bench = new Bench({ time: opts.time, warmupTime: 100 });
  const batchOf = (snippet) => Math.max(100, Math.round(10_000 * (snippet.scale ?? 1)));
  const out = new Map();
  const tasks = [];
  for (const snippet of [EMPTY_SNIPPET, ...SNIPPETS]) {
    let run;
    try {
      run = makeRunner(snippet);
      const done = run(10);
      if (done !== 10) {
        const got = typeof done === "number" ? String(done) : `a ${typeof done}`;
        out.set(snippet.name, `error: a loop of 10 returned ${got}`);
        continue;
      }
    } catch (err) {
      out.set(snippet.name, `error: ${String(err.message).split("\n")[0]}`);
      continue;
    }
    const batch = batchOf(snippet);
    bench.add(snippet.name, () => run(batch));
    tasks.push({ snippet, batch });
  }
  await bench.run();
  const msPerIteration = (name, batch) => {
    const result = bench.getTask(name)?.result;
    return result && result.state === "completed" ? result.latency.mean / batch : null;
  };
  const emptyMs = msPerIteration(EMPTY_SNIPPET.name, batchOf(EMPTY_SNIPPET)) ?? 0;
  for (const { snippet, batch } of tasks) {
    if (snippet === EMPTY_SNIPPET) continue;
    const ms = msPerIteration(snippet.name, batch);
    out.set(snippet.name, ms == null ? "error" : Math.max(0, (ms - emptyMs) * 1e6));
  }
  return out;
}

function formatCell(value, base, isBase) {
  if (typeof value !== "number") return value;
  const ratio = typeof base === "number" && base > 0 && !isBase ? ` (${(value / base).toFixed(1)}×)` : "";
  return `${value.toFixed(1)}${ratio}`;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const engines = opts.engines.map((n) => {
    const e = ENGINES.find((x) => x.name === n);
    if (!e) { console.error(`unknown engine '${n}'\n${USAGE}`); process.exit(2); }
    return e;
  });
  const apiProblem = await wippyApiUnavailable();
  const mode = opts.mode ?? (apiProblem ? "cli" : "api");
  if (mode === "api" && apiProblem) { console.error(`--mode api: ${apiProblem}`); process.exit(2); }

  const scratch = mkdtempSync(path.join(tmpdir(), "wippy-vm-bench-"));
  process.on("exit", () => rmSync(scratch, { recursive: true, force: true }));
  const file = path.join(scratch, "snippet.lua");

  /** cells[engine][snippet] = ns per op, or a reason */
  const cells = {};
  const method = {};
  for (const engine of engines) {
    const factory = mode === "api" ? IN_PROCESS[engine.name] : undefined;
    process.stderr.write(`${engine.name}...\n`);
    if (factory) {
      cells[engine.name] = await measureInProcess(factory, opts);
      method[engine.name] = "in-process, tinybench";
    } else {
      cells[engine.name] = new Map(SNIPPETS.map((s) => [s.name, measureByCommand(engine, s, file, opts)]));
      method[engine.name] = "command line, os.clock";
    }
  }

  const rows = SNIPPETS.map((s) => {
    const base = cells["lua5.3"]?.get(s.name);
    return [s.name, ...engines.map((e) => formatCell(cells[e.name].get(s.name), base, e.name === "lua5.3"))];
  });
  console.log(markdownTable(["operation (ns per op; × lua5.3)", ...engines.map((e) => e.name)], rows));
  console.log("");
  for (const e of engines) console.log(`- ${e.name}: ${method[e.name]}`);
  console.log(`\nEach figure is the time of the loop body alone (an empty loop's time subtracted). Command-line runs use ${opts.iterations} base iterations, median of ${opts.runs}; in-process runs call the loop in batches of 10000 base iterations for ${opts.time} ms each.`);
}

await main();
