// Regenerates every case's expectation files with the C reference lua5.3.
// Usage: node scripts/regen.mjs [--lua <command>] [filter]
import { spawnSync } from "node:child_process";
import { listCases, runCase, writeExpected } from "./corpus.mjs";

const args = process.argv.slice(2);
let lua = "lua5.3";
let filter = "";
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--lua") lua = args[++i];
  else filter = args[i];
}

const probe = spawnSync(lua, ["-v"], { encoding: "utf8" });
if (probe.error || probe.status !== 0 || !/Lua 5\.3/.test(probe.stdout + probe.stderr)) {
  console.error(`regen: the reference interpreter '${lua}' (Lua 5.3) is not installed or not runnable.`);
  console.error("Install it (e.g. apt-get install lua5.3) or pass --lua <command>.");
  process.exit(2);
}

const cases = listCases().filter((c) => c.includes(filter));
let failing = 0;
for (const casePath of cases) {
  const r = await runCase(casePath, { bin: lua, timeoutMs: 60000 });
  if (r.timedOut) {
    console.error(`regen: ${casePath} timed out under ${lua}; fix the case`);
    process.exit(1);
  }
  writeExpected(casePath, r);
  if (r.status !== 0) failing++;
}
console.log(`regenerated ${cases.length} cases with ${lua} (${failing} expected to exit non-zero)`);
