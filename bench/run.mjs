#!/usr/bin/env node
// The benchmark runner: runs every program under every available engine,
// checks each run's checksum line, and reports median times, ratios,
// geometric means, peak memory and start-up time (console, RESULTS.md and an
// SVG chart). See README.md for the options.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { BENCH_DIR, ENGINES, WIPPY_MAIN } from "./lib/engines.mjs";
import { MEMORY_METHOD, median, runOnce } from "./lib/measure.mjs";
import {
  SIZES, listPrograms, loadChecksums, outputLine, programFile, saveChecksums,
} from "./lib/programs.mjs";
import {
  geomeans, markdownTable, memoryTable, ratioTableMarkdown, ratios, timeTable,
} from "./lib/report.mjs";
import { ratioChart } from "./lib/chart.mjs";

const USAGE = `usage: node run.mjs [options]
  --runs N             runs per program and engine (default 3)
  --size S             tiny | small | default (default: default)
  --only a,b           only these programs
  --engines a,b        only these engines (${ENGINES.map((e) => e.name).join(", ")})
  --timeout SECONDS    give up on one run after this long (default 600)
  --startup-runs N     runs of the start-up measurement (default 20, 0 to skip)
  --no-write           print the tables only; do not write RESULTS*.md / results*.svg
  --record-checksums   run every program at every size under lua5.3 and save
                       the expected outputs to programs/checksums.json`;

function parseArgs(argv) {
  const opts = {
    runs: 3, size: "default", only: null, engines: null, timeout: 600,
    startupRuns: 20, write: true, record: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) fail(`option ${a} needs a value`);
      return argv[++i];
    };
    const count = (min) => {
      const s = value();
      const n = Number(s);
      if (!Number.isInteger(n) || n < min) fail(`option ${a} needs an integer >= ${min}, got '${s}'`);
      return n;
    };
    switch (a) {
      case "--runs": opts.runs = count(1); break;
      case "--size": opts.size = value(); break;
      case "--only": opts.only = value().split(",").filter(Boolean); break;
      case "--engines": opts.engines = value().split(",").filter(Boolean); break;
      case "--timeout": opts.timeout = count(1); break;
      case "--startup-runs": opts.startupRuns = count(0); break;
      case "--no-write": opts.write = false; break;
      case "--record-checksums": opts.record = true; break;
      case "-h": case "--help": console.log(USAGE); process.exit(0); break;
      default: fail(`unknown option '${a}'`);
    }
  }
  if (!SIZES.includes(opts.size)) fail(`unknown size '${opts.size}' (expected ${SIZES.join(", ")})`);
  return opts;
}

function fail(message) {
  console.error(`run.mjs: ${message}\n${USAGE}`);
  process.exit(2);
}

const log = (s) => process.stderr.write(s);

/** Records lua5.3's output for every program at every size as the expected checksums. */
function recordChecksums(programs) {
  const table = loadChecksums();
  for (const name of programs) {
    table[name] = {};
    for (const size of SIZES) {
      const r = runOnce(["lua5.3", programFile(name), size], { cwd: BENCH_DIR });
      if (r.status !== 0) throw new Error(`lua5.3 failed on ${name} ${size}: ${r.stderr}`);
      table[name][size] = outputLine(r.stdout);
      log(`${name} ${size}: ${table[name][size]}\n`);
    }
  }
  saveChecksums(table);
}

/** Runs one program under one engine up to `runs` times; returns its result. */
function measure(engine, name, size, expected, opts) {
  const argv = engine.command(programFile(name), [size]);
  const times = [];
  let peak = null;
  let state = "ok";
  let detail = "";
  for (let i = 0; i < opts.runs; i++) {
    const r = runOnce(argv, { node: engine.node, cwd: BENCH_DIR, timeoutSeconds: opts.timeout });
    if (r.timedOut) return { state: "timeout", detail: `over ${opts.timeout} s` };
    if (r.status !== 0) {
      const firstLine = r.stderr.trim().split("\n")[0] ?? "";
      return { state: engine.lua53 ? "error" : "n/a", detail: firstLine };
    }
    const got = outputLine(r.stdout);
    if (got !== expected) {
      if (!engine.lua53) return { state: "n/a", detail: `prints '${got}'` };
      state = "wrong";
      detail = `prints '${got}', expected '${expected}'`;
    }
    times.push(r.seconds);
    if (r.rssKB != null) peak = Math.max(peak ?? 0, r.rssKB);
  }
  return { state, seconds: median(times), rssKB: peak, detail };
}

/** Median start-up time of running an empty chunk, per command. */
function measureStartup(runs, engines) {
  const commands = [];
  const wippy = engines.find((e) => e.name === "wippy-lua");
  if (wippy) commands.push({ label: 'wippy-lua -e ""', engine: wippy, argv: wippy.evalCommand("") });
  commands.push({ label: 'node -e ""', engine: { node: true, availability: () => null }, argv: [process.execPath, "-e", ""] });
  for (const name of ["lua5.3", "luajit"]) {
    const e = engines.find((x) => x.name === name);
    if (e) commands.push({ label: `${name} -e ""`, engine: e, argv: e.evalCommand("") });
  }
  const rows = [];
  for (const c of commands) {
    const why = c.engine.availability();
    if (why) {
      rows.push([c.label, why, "—"]);
      continue;
    }
    const times = [];
    let peak = null;
    let failed = null;
    for (let i = 0; i < runs; i++) {
      const r = runOnce(c.argv, { node: c.engine.node, cwd: BENCH_DIR, timeoutSeconds: 60 });
      if (r.status !== 0) { failed = r.stderr.trim().split("\n")[0] || `exit status ${r.status}`; break; }
      times.push(r.seconds);
      if (r.rssKB != null) peak = Math.max(peak ?? 0, r.rssKB);
    }
    if (failed) rows.push([c.label, `error: ${failed}`, "—"]);
    else rows.push([c.label, (median(times) * 1000).toFixed(1), peak == null ? "?" : (peak / 1024).toFixed(1)]);
    log(`startup ${c.label}: ${rows[rows.length - 1][1]}\n`);
  }
  return markdownTable(["command", `median ms (${runs} runs)`, "peak MB"], rows);
}

function commandOutput(argv) {
  try {
    return execFileSync(argv[0], argv.slice(1), { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim().split("\n")[0];
  } catch {
    return "not installed";
  }
}

function machineDescription() {
  const cpus = os.cpus();
  return [
    `- Date: ${new Date().toISOString()}`,
    `- Machine: ${commandOutput(["nproc"])} processors (nproc), ${cpus[0]?.model ?? "unknown CPU"}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ${os.type()} ${os.release()}`,
    `- Node: ${process.version}`,
    // Only the version: the banners' copyright lines belong to those projects.
    `- lua5.3: ${versionOnly(commandOutput(["lua5.3", "-v"]))}`,
    `- luajit: ${versionOnly(commandOutput(["luajit", "-v"]))}`,
  ].join("\n");
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const all = listPrograms();
  const programs = opts.only ?? all;
  for (const p of programs) if (!all.includes(p)) fail(`no program '${p}' (have ${all.join(", ")})`);

  if (opts.record) {
    recordChecksums(programs);
    return;
  }

  const engines = opts.engines ? opts.engines.map((n) => ENGINES.find((e) => e.name === n) ?? fail(`unknown engine '${n}'`)) : ENGINES;
  const names = engines.map((e) => e.name);
  const checksums = loadChecksums();
  for (const p of programs) {
    if (!checksums[p]?.[opts.size]) fail(`no recorded checksum for ${p} at size ${opts.size}; run with --record-checksums`);
  }

  const results = {};
  const notes = [];
  for (const p of programs) {
    results[p] = {};
    for (const engine of engines) {
      const why = engine.availability();
      const result = why ? { state: why } : measure(engine, p, opts.size, checksums[p][opts.size], opts);
      results[p][engine.name] = result;
      if (result.detail && (result.state === "wrong" || result.state === "error" || result.state === "timeout")) {
        notes.push(`- ${p} under ${engine.name}: ${result.state}: ${result.detail}`);
      }
      log(`${p.padEnd(14)} ${engine.name.padEnd(10)} ${result.state === "ok" ? `${result.seconds.toFixed(3)} s` : result.state}${result.detail ? ` (${result.detail})` : ""}\n`);
    }
  }

  const vsLua = ratios(results, programs, names, "lua5.3");
  const vsFengari = ratios(results, programs, names, "fengari");
  const meansLua = geomeans(vsLua, programs, names);
  const meansFengari = geomeans(vsFengari, programs, names);
  const others = (base) => names.filter((n) => n !== base);
  const startup = opts.startupRuns > 0 ? measureStartup(opts.startupRuns, engines) : null;

  const suffix = opts.size === "default" ? "" : `-${opts.size}`;
  const svgName = `results${suffix}.svg`;
  const sections = [
    `# Benchmark results${opts.size === "default" ? "" : ` (size: ${opts.size})`}`,
    "",
    machineDescription(),
    `- Size: ${opts.size}; ${opts.runs} run(s) per program and engine, median wall time; ${MEMORY_METHOD}`,
    "",
    "Written by `pnpm bench` (bench/run.mjs). A cell other than a number says why there is no",
    "time: `wrong result` (the checksum line differs from C Lua's; the time is still shown),",
    "`error` (the run failed), `n/a` (the engine does not implement what the program uses,",
    "e.g. LuaJIT and Lua 5.3's integer operators), `not built`, `not installed`, `timeout`.",
    "Ratios and geometric means use correct runs only; the count of programs in each mean is",
    "in parentheses.",
    "",
    "## Wall time (seconds, median)",
    "",
    timeTable(results, programs, names),
    "",
    "## Relative to lua5.3 (lower is faster)",
    "",
    `![run time relative to lua5.3](${svgName})`,
    "",
    ratioTableMarkdown(vsLua, meansLua, programs, others("lua5.3")),
    "",
    "## Relative to fengari (lower is faster)",
    "",
    ratioTableMarkdown(vsFengari, meansFengari, programs, others("fengari")),
    "",
    "## Peak memory (MB)",
    "",
    memoryTable(results, programs, names),
    "",
  ];
  if (startup) sections.push("## Start-up (running an empty chunk)", "", startup, "");
  if (notes.length) sections.push("## Failures", "", ...notes, "");
  const markdown = sections.join("\n");
  console.log(markdown);

  if (opts.write) {
    const chartSeries = others("lua5.3");
    const svg = ratioChart({
      title: "Run time relative to C Lua 5.3",
      subtitle: `size ${opts.size}, median of ${opts.runs} run(s), ${new Date().toISOString().slice(0, 10)}; no bar: not run, n/a or wrong result`,
      series: chartSeries,
      groups: [
        ...programs.map((p) => ({ label: p, values: chartSeries.map((e) => vsLua[p][e]) })),
        { label: "geometric mean", values: chartSeries.map((e) => meansLua[e].mean) },
      ],
    });
    writeFileSync(path.join(BENCH_DIR, `RESULTS${suffix}.md`), markdown + keptSections(path.join(BENCH_DIR, `RESULTS${suffix}.md`)));
    writeFileSync(path.join(BENCH_DIR, svgName), svg);
    log(`wrote ${path.join("bench", `RESULTS${suffix}.md`)} and ${path.join("bench", svgName)}\n`);
  }
  if (!engines.some((e) => e.name === "wippy-lua" && !e.availability())) {
    log(`wippy-lua: not built (${path.relative(path.dirname(BENCH_DIR), WIPPY_MAIN)} is missing; run pnpm build)\n`);
  }
}


/**
 * Sections written by other benchmarks (parser, actor runtime, json, type
 * checker) follow KEEP_MARKER in RESULTS.md; a new run keeps them.
 */
const KEEP_MARKER = "<!-- Sections below come from other benchmarks; bench/run.mjs keeps them. -->";
function keptSections(file) {
  let old = "";
  try {
    old = readFileSync(file, "utf8");
  } catch {
    return `\n${KEEP_MARKER}\n`;
  }
  const at = old.indexOf(KEEP_MARKER);
  return at < 0 ? `\n${KEEP_MARKER}\n` : "\n" + old.slice(at);
}

function versionOnly(banner) {
  return String(banner).split(/\s+(--\s+)?Copyright/)[0].trim();
}

main();
