// Differential corpus: discovery of cases, running one case under an
// interpreter command, and comparison against the committed expectations
// produced by the C reference (lua5.3).
//
// Expectation files beside each case `<area>/<name>.lua`:
//   <name>.out     stdout, always present (may be empty)
//   <name>.err     normalised stderr, only when non-empty
//   <name>.status  exit code, only when non-zero
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

export const REPO_ROOT = resolve(here, "..", "..");
export const CASES_DIR = resolve(here, "..", "cases");
export const DEFAULT_CLI = join(REPO_ROOT, "packages", "cli", "dist", "main.js");
// Quoted so a checkout path with spaces still splits into two words.
export const DEFAULT_BIN = `node "${DEFAULT_CLI}"`;
export const DEFAULT_TIMEOUT_MS = 10000;

// A fixed environment so os.date/os.getenv/locale behave identically for the
// reference and for us.
export function caseEnv() {
  const env = { ...process.env, TZ: "UTC", LC_ALL: "C", LANG: "C" };
  delete env.LUA_INIT;
  delete env.LUA_INIT_5_3;
  delete env.LUA_PATH;
  delete env.LUA_PATH_5_3;
  delete env.LUA_CPATH;
  delete env.LUA_CPATH_5_3;
  return env;
}

// "node a/b.js --flag" -> ["node", "a/b.js", "--flag"]; quotes group words.
export function splitCommand(command) {
  const words = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  let m;
  while ((m = re.exec(command)) !== null) words.push(m[1] ?? m[2] ?? m[3]);
  if (words.length === 0) throw new Error(`empty interpreter command: '${command}'`);
  return words;
}

// Both "lua5.3: msg" and "wippy-lua: msg" become "lua: msg"; only the first
// line of the message is kept (tracebacks differ between implementations).
export function normaliseStderr(text) {
  if (text.length === 0) return "";
  let s = text.replace(/\r\n/g, "\n");
  const tb = s.indexOf("\nstack traceback:");
  if (tb >= 0) s = s.slice(0, tb);
  s = s.split("\n")[0];
  s = s.replace(/^(lua5\.3|lua|wippy-lua|[^\s:]*\/(lua5\.3|lua|wippy-lua)):/, "lua:");
  return s.length === 0 ? "" : s + "\n";
}

// Every case as a path relative to CASES_DIR with '/' separators, sorted.
export function listCases(dir = CASES_DIR) {
  const found = [];
  const walk = (d) => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith(".lua")) found.push(relative(dir, full).split(sep).join("/"));
    }
  };
  walk(dir);
  return found;
}

function stemOf(casePath, dir) {
  return join(dir, casePath.replace(/\.lua$/, ""));
}

// Expectation files are stored as the bytes Lua wrote; reading them as UTF-8
// text would mangle non-ASCII output, so compare byte-for-byte via latin1.
export function readExpected(casePath, dir = CASES_DIR) {
  const stem = stemOf(casePath, dir);
  const read = (ext) => (existsSync(stem + ext) ? readFileSync(stem + ext).toString("latin1") : null);
  const out = read(".out");
  if (out === null) return null;
  const status = read(".status");
  return { stdout: out, stderr: read(".err") ?? "", status: status === null ? 0 : Number(status.trim()) };
}

// Stores a reference run as the case's expectation files (see the header).
export function writeExpected(casePath, result, dir = CASES_DIR) {
  const stem = stemOf(casePath, dir);
  writeFileSync(stem + ".out", Buffer.from(result.stdout, "latin1"));
  if (result.stderr !== "") writeFileSync(stem + ".err", Buffer.from(result.stderr, "latin1"));
  else if (existsSync(stem + ".err")) rmSync(stem + ".err");
  if (result.status !== 0) writeFileSync(stem + ".status", `${result.status}\n`);
  else if (existsSync(stem + ".status")) rmSync(stem + ".status");
}

// Runs `command casePath` from dir; resolves with raw and normalised output.
export function runCase(casePath, { bin = DEFAULT_BIN, dir = CASES_DIR, timeoutMs = DEFAULT_TIMEOUT_MS } = {}) {
  const [exe, ...pre] = splitCommand(bin);
  return new Promise((resolvePromise) => {
    const child = spawn(exe, [...pre, casePath], { cwd: dir, env: caseEnv(), stdio: ["ignore", "pipe", "pipe"] });
    const out = [];
    const err = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.stdout.on("data", (b) => out.push(b));
    child.stderr.on("data", (b) => err.push(b));
    child.on("error", (e) => {
      clearTimeout(timer);
      resolvePromise({ stdout: "", stderr: `cannot start '${exe}': ${e.message}\n`, rawStderr: "", status: -1, timedOut: false });
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const rawStderr = Buffer.concat(err).toString("latin1");
      resolvePromise({
        stdout: Buffer.concat(out).toString("latin1"),
        stderr: normaliseStderr(rawStderr),
        rawStderr,
        status: code ?? (signal ? 128 : -1),
        timedOut,
      });
    });
  });
}

// A short human-readable account of how actual differs from expected,
// or null when they agree.
export function describeMismatch(expected, actual) {
  const parts = [];
  if (actual.timedOut) parts.push("timed out");
  if (expected.status !== actual.status) parts.push(`exit status: expected ${expected.status}, got ${actual.status}`);
  if (expected.stderr !== actual.stderr) {
    parts.push(`stderr: expected ${JSON.stringify(expected.stderr)}, got ${JSON.stringify(actual.stderr || actual.rawStderr.slice(0, 300))}`);
  }
  if (expected.stdout !== actual.stdout) parts.push(firstLineDiff(expected.stdout, actual.stdout));
  return parts.length === 0 ? null : parts.join("\n");
}

function firstLineDiff(want, got) {
  const a = want.split("\n");
  const b = got.split("\n");
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) {
      return `stdout line ${i + 1}: expected ${JSON.stringify(a[i] ?? "<end of output>")}, got ${JSON.stringify(b[i] ?? "<end of output>")}`;
    }
  }
  return "stdout differs";
}

// Runs every case (or those whose path contains `filter`) with a small worker
// pool; returns per-case results and the counts.
export async function runCorpus({
  bin = DEFAULT_BIN,
  dir = CASES_DIR,
  timeoutMs = DEFAULT_TIMEOUT_MS,
  filter = "",
  jobs = 2,
  onResult = () => {},
} = {}) {
  const cases = listCases(dir).filter((c) => c.includes(filter));
  const results = new Array(cases.length);
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const i = next++;
      const casePath = cases[i];
      const expected = readExpected(casePath, dir);
      let result;
      if (expected === null) {
        result = { casePath, ok: false, message: "no expectation files (run the regen script)" };
      } else {
        const actual = await runCase(casePath, { bin, dir, timeoutMs });
        const message = describeMismatch(expected, actual);
        result = { casePath, ok: message === null, message };
      }
      results[i] = result;
      onResult(result);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, jobs) }, worker));
  const passed = results.filter((r) => r.ok).length;
  return { results, passed, failed: results.length - passed };
}
