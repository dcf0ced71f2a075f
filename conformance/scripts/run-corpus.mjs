// Runs the differential corpus under an interpreter command and compares
// with the committed expectations.
// Usage: node scripts/run-corpus.mjs [--bin <command>] [--timeout <ms>] [--jobs N] [filter]
import { existsSync } from "node:fs";
import { DEFAULT_BIN, DEFAULT_CLI, DEFAULT_TIMEOUT_MS, runCorpus } from "./corpus.mjs";

const args = process.argv.slice(2);
let bin = null;
let timeoutMs = DEFAULT_TIMEOUT_MS;
let jobs = 2;
let filter = "";
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === "--bin") bin = args[++i];
  else if (a === "--timeout") timeoutMs = Number(args[++i]);
  else if (a === "--jobs") jobs = Number(args[++i]);
  else filter = a;
}
if (bin === null) {
  if (!existsSync(DEFAULT_CLI)) {
    console.error(`run-corpus: ${DEFAULT_CLI} does not exist; build the CLI first (pnpm build) or pass --bin <command>.`);
    process.exit(2);
  }
  bin = DEFAULT_BIN;
}

const { results, passed, failed } = await runCorpus({ bin, timeoutMs, jobs, filter });
for (const r of results) {
  if (r.ok) continue;
  console.log(`FAIL ${r.casePath}`);
  for (const line of r.message.split("\n")) console.log(`    ${line}`);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
