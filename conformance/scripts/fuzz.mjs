// Differential fuzzer: generates random valid Lua programs from a seed, runs
// each under the reference lua5.3 and under our command, and turns every
// difference — shrunk by deleting statements while it persists — into a new
// corpus case under cases/fuzz/.
// Usage: node scripts/fuzz.mjs --seconds N --seed S [--bin <command>] [--lua <command>] [--max-cases K]
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CASES_DIR, DEFAULT_BIN, DEFAULT_CLI, describeMismatch, runCase, writeExpected } from "./corpus.mjs";
import { generateProgram } from "./fuzz-gen.mjs";

function parseArgs(argv) {
  const opts = { seconds: 60, seed: 1, bin: null, lua: "lua5.3", maxCases: 20, timeoutMs: 10000 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--seconds") opts.seconds = Number(argv[++i]);
    else if (a === "--seed") opts.seed = Number(argv[++i]);
    else if (a === "--bin") opts.bin = argv[++i];
    else if (a === "--lua") opts.lua = argv[++i];
    else if (a === "--max-cases") opts.maxCases = Number(argv[++i]);
    else if (a === "--timeout") opts.timeoutMs = Number(argv[++i]);
    else throw new Error(`unknown argument ${a}`);
  }
  if (!Number.isInteger(opts.seed) || opts.seed < 0) throw new Error("--seed must be a non-negative integer");
  return opts;
}

// Programs run from a scratch folder under the same relative name they get
// once stored in cases/, so chunk names in messages do not change.
function makeScratch() {
  const dir = mkdtempSync(join(tmpdir(), "wippy-fuzz-"));
  mkdirSync(join(dir, "fuzz"));
  return dir;
}

async function compare(statements, name, ctx) {
  const rel = `fuzz/${name}.lua`;
  writeFileSync(join(ctx.scratch, rel), statements.join("\n") + "\n");
  const reference = await runCase(rel, { bin: ctx.lua, dir: ctx.scratch, timeoutMs: ctx.timeoutMs });
  if (reference.timedOut) return { differs: false, reference };
  const ours = await runCase(rel, { bin: ctx.bin, dir: ctx.scratch, timeoutMs: ctx.timeoutMs });
  const mismatch = describeMismatch(reference, ours);
  return { differs: mismatch !== null, mismatch, reference };
}

// Greedy shrinking: drop each statement (last first) whenever the two
// interpreters still disagree without it; repeat until nothing can go.
async function shrink(statements, name, ctx) {
  let current = statements.slice();
  let changed = true;
  while (changed) {
    changed = false;
    // Statement 0 is the prelude every other statement uses: keep it.
    for (let i = current.length - 1; i >= 1; i--) {
      const candidate = current.slice(0, i).concat(current.slice(i + 1));
      const r = await compare(candidate, name, ctx);
      if (r.differs) {
        current = candidate;
        changed = true;
      }
    }
  }
  return current;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  let bin = opts.bin;
  if (bin === null) {
    if (!existsSync(DEFAULT_CLI)) {
      console.error(`fuzz: ${DEFAULT_CLI} does not exist; build the CLI first (pnpm build) or pass --bin <command>.`);
      return 2;
    }
    bin = DEFAULT_BIN;
  }
  const ctx = { bin, lua: opts.lua, timeoutMs: opts.timeoutMs, scratch: makeScratch() };
  const deadline = Date.now() + opts.seconds * 1000;
  let programs = 0;
  const written = [];
  try {
    for (let n = 0; Date.now() < deadline && written.length < opts.maxCases; n++) {
      const name = `${opts.seed}_${n}`;
      const statements = generateProgram(opts.seed, n);
      programs++;
      const first = await compare(statements, name, ctx);
      if (!first.differs) continue;
      const small = await shrink(statements, name, ctx);
      const final = await compare(small, name, ctx);
      if (!final.differs) continue;
      const rel = `fuzz/${name}.lua`;
      mkdirSync(join(CASES_DIR, "fuzz"), { recursive: true });
      writeFileSync(join(CASES_DIR, rel), small.join("\n") + "\n");
      writeExpected(rel, final.reference);
      written.push(rel);
      console.log(`difference in program ${name} (${statements.length} -> ${small.length} statements): cases/${rel}`);
      for (const line of final.mismatch.split("\n")) console.log(`    ${line}`);
    }
  } finally {
    rmSync(ctx.scratch, { recursive: true, force: true });
  }
  console.log(`${programs} programs, ${written.length} differences written to cases/fuzz/`);
  return written.length > 0 ? 1 : 0;
}

process.exitCode = await main();
