// The benchmark programs and the output each must print at each size.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { BENCH_DIR } from "./engines.mjs";

export const PROGRAMS_DIR = path.join(BENCH_DIR, "programs");
export const CHECKSUMS_FILE = path.join(PROGRAMS_DIR, "checksums.json");
export const SIZES = ["tiny", "small", "default"];

/** Program names (file names without .lua), sorted. */
export function listPrograms() {
  return readdirSync(PROGRAMS_DIR)
    .filter((f) => f.endsWith(".lua"))
    .map((f) => f.slice(0, -4))
    .sort();
}

export function programFile(name) {
  return path.join(PROGRAMS_DIR, `${name}.lua`);
}

/** { program: { size: expected stdout line } }, as recorded from lua5.3. */
export function loadChecksums() {
  if (!existsSync(CHECKSUMS_FILE)) return {};
  return JSON.parse(readFileSync(CHECKSUMS_FILE, "utf8"));
}

export function saveChecksums(table) {
  const sorted = {};
  for (const name of Object.keys(table).sort()) sorted[name] = table[name];
  writeFileSync(CHECKSUMS_FILE, JSON.stringify(sorted, null, 2) + "\n");
}

/** The checksum line of a run's output: its trimmed standard output. */
export function outputLine(stdout) {
  return stdout.replace(/\r/g, "").trim();
}
