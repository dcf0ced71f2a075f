// Runs a command once and measures its wall time and peak memory.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import path from "node:path";

const GNU_TIME = "/usr/bin/time";
const HAVE_GNU_TIME = existsSync(GNU_TIME);
const RSS_PRELOAD = pathToFileURL(path.join(path.dirname(new URL(import.meta.url).pathname), "report-rss.mjs")).href;

// The file GNU time (or the preload) writes the peak RSS to. It is removed
// after every run, so an interrupted runner leaves at most this one file.
const rssFile = path.join(tmpdir(), `wippy-bench-rss-${process.pid}`);

/** How peak memory is measured, for the report. */
export const MEMORY_METHOD = HAVE_GNU_TIME
  ? "peak RSS from /usr/bin/time -f %M"
  : "peak RSS from process.resourceUsage().maxRSS (Node engines only)";

/**
 * Runs `argv` (with `node` telling whether it is a Node process) and returns
 * { seconds, rssKB (null if unknown), status, stdout, stderr, timedOut }.
 */
export function runOnce(argv, { node = false, cwd, timeoutSeconds = 600 } = {}) {
  rmSync(rssFile, { force: true });
  let command = argv;
  const env = { ...process.env };
  if (HAVE_GNU_TIME) {
    command = [GNU_TIME, "-f", "%M", "-o", rssFile, ...argv];
  } else if (node) {
    command = [argv[0], "--import", RSS_PRELOAD, ...argv.slice(1)];
    env.BENCH_RSS_FILE = rssFile;
  }
  const start = performance.now();
  const child = spawnSync(command[0], command.slice(1), {
    cwd,
    env,
    encoding: "latin1",
    maxBuffer: 64 * 1024 * 1024,
    timeout: timeoutSeconds * 1000,
  });
  const seconds = (performance.now() - start) / 1000;
  let rssKB = null;
  if (existsSync(rssFile)) {
    // GNU time appends "Command exited with non-zero status N" before %M on failure.
    const lines = readFileSync(rssFile, "utf8").trim().split("\n");
    const kb = Number(lines[lines.length - 1]);
    if (Number.isFinite(kb)) rssKB = kb;
    rmSync(rssFile, { force: true });
  }
  return {
    seconds,
    rssKB,
    status: child.status,
    stdout: child.stdout ?? "",
    stderr: child.error ? String(child.error.message) : child.stderr ?? "",
    timedOut: child.error?.code === "ETIMEDOUT",
  };
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function geomean(values) {
  if (values.length === 0) return null;
  return Math.exp(values.reduce((s, v) => s + Math.log(v), 0) / values.length);
}
