// Runs the official Lua 5.3.4 test suite, file by file, in user mode (the
// mode its all.lua enters when _U is set), under an interpreter command.
// Usage: node scripts/official.mjs [DIR] [--bin <command>] [--timeout <seconds>]
//                                  [--only <file>] [--main-full] [--progname <name>]
// DIR defaults to .official-tests/ at the repository root.
import { spawn } from "node:child_process";
import { accessSync, constants, chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, delimiter, dirname, isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { DEFAULT_BIN, DEFAULT_CLI, REPO_ROOT, caseEnv, splitCommand } from "./corpus.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const DRIVER = join(here, "official-driver.lua");
const RESULTS = resolve(here, "..", "RESULTS.md");

// The files all.lua runs in user mode, in its order, with how it runs each
// and the result it checks. big.lua is skipped by all.lua when _soft is set
// (always, in user mode); heavy.lua and checktable.lua are not run by all.lua.
const SUITE = [
  { file: "main.lua", how: "dump" },
  { file: "gc.lua", how: "direct" },
  { file: "db.lua", how: "dump" },
  { file: "calls.lua", how: "dump", expected: "truthy" },
  { file: "strings.lua", how: "plain" },
  { file: "literals.lua", how: "plain" },
  { file: "tpack.lua", how: "dump" },
  { file: "attrib.lua", how: "dump", expected: "27" },
  { file: "locals.lua", how: "dump", expected: "5" },
  { file: "constructs.lua", how: "dump" },
  { file: "code.lua", how: "dump-strip" },
  { file: "nextvar.lua", how: "dump" },
  { file: "pm.lua", how: "dump" },
  { file: "utf8.lua", how: "dump" },
  { file: "api.lua", how: "dump" },
  { file: "events.lua", how: "dump", expected: "12" },
  { file: "vararg.lua", how: "dump" },
  { file: "closure.lua", how: "dump" },
  { file: "coroutine.lua", how: "dump" },
  { file: "goto.lua", how: "dump-strip" },
  { file: "errors.lua", how: "dump" },
  { file: "math.lua", how: "dump" },
  { file: "sort.lua", how: "dump-strip" },
  { file: "bitwise.lua", how: "dump" },
  { file: "verybig.lua", how: "dump-strip", expected: "10" },
  { file: "files.lua", how: "dump" },
];

function parseArgs(argv) {
  const opts = { dir: join(REPO_ROOT, ".official-tests"), bin: null, timeoutS: 120, only: null, mainFull: false, progname: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--bin") opts.bin = argv[++i];
    else if (a === "--timeout") opts.timeoutS = Number(argv[++i]);
    else if (a === "--only") opts.only = argv[++i];
    else if (a === "--main-full") opts.mainFull = true;
    else if (a === "--progname") opts.progname = argv[++i];
    else if (a.startsWith("--")) throw new Error(`unknown option ${a}`);
    else opts.dir = resolve(a);
  }
  return opts;
}

// Absolute path of an executable, searching PATH for bare names.
function whichExecutable(word) {
  if (word.includes("/")) return resolve(word);
  for (const d of (process.env.PATH ?? "").split(delimiter)) {
    const candidate = join(d, word);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return word;
}

// main.lua re-runs the interpreter through the shell as "progname" (the
// lowest-indexed entry of 'arg') and expects error messages prefixed by it.
// A wrapper script makes any command (even "node x.js") callable by one
// absolute path, and `exec -a` hands the interpreter that same path as
// argv[0], which C Lua uses as its message prefix. The wrapper is reached by
// absolute path, never through PATH, so it cannot shadow the command it runs.
function makeProgWrapper(words, name) {
  const dir = mkdtempSync(join(tmpdir(), "wippy-official-"));
  const quoted = [whichExecutable(words[0]), ...words.slice(1).map((w) => (isAbsolute(w) || !existsSync(w) ? w : resolve(w)))]
    .map((w) => `'${w.replace(/'/g, "'\\''")}'`)
    .join(" ");
  const script = join(dir, name);
  writeFileSync(script, `#!/bin/bash\nexec -a "$0" ${quoted} "$@"\n`);
  chmodSync(script, 0o755);
  return { dir, script };
}

function runFile(entry, { words, dir, timeoutS, progname, mainFull }) {
  const port = entry.file === "main.lua" && mainFull ? "noport" : "port";
  const args = [...words.slice(1), DRIVER, entry.file, entry.how, progname, port, entry.expected ?? ""];
  const env = caseEnv();
  const started = process.hrtime.bigint();
  return new Promise((done) => {
    const child = spawn(words[0], args, { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"] });
    const out = [];
    const err = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutS * 1000);
    child.stdout.on("data", (b) => out.push(b));
    child.stderr.on("data", (b) => err.push(b));
    const finish = (status, spawnError) => {
      clearTimeout(timer);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const stdout = Buffer.concat(out).toString("latin1");
      const stderr = Buffer.concat(err).toString("latin1");
      const finished = stdout.includes(`official-driver: ${entry.file} finished OK`);
      const ok = !timedOut && !spawnError && status === 0 && finished;
      let firstError = "";
      if (!ok) {
        if (spawnError) firstError = `cannot start ${words[0]}: ${spawnError.message}`;
        else if (timedOut) firstError = `timed out after ${timeoutS} s`;
        else {
          const line = stderr.split("\n").find((l) => l.trim() !== "" && !/^\.+$/.test(l.trim()));
          firstError = line ? line.trim() : `exit status ${status} without a message`;
        }
      }
      done({ file: entry.file, ok, seconds, firstError });
    };
    child.on("error", (e) => finish(-1, e));
    child.on("close", (code, signal) => finish(code ?? (signal ? 128 : -1), null));
  });
}

function table(rows) {
  const lines = ["| file | result | seconds | first error line |", "| --- | --- | ---: | --- |"];
  for (const r of rows) {
    const msg = r.firstError.replace(/\|/g, "\\|");
    lines.push(`| ${r.file} | ${r.ok ? "pass" : "FAIL"} | ${r.seconds.toFixed(2)} | ${msg} |`);
  }
  return lines.join("\n");
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (!existsSync(join(opts.dir, "all.lua"))) {
    console.log(`official: the official test suite was not found in ${opts.dir}.`);
    console.log("Get the Lua 5.3.4 tests from the lua/tests repository (tag v5-3-4) and extract");
    console.log(`them into ${join(REPO_ROOT, ".official-tests")}/ (all.lua must be directly inside).`);
    console.log("Nothing was run.");
    return 0;
  }
  let bin = opts.bin;
  if (bin === null) {
    if (!existsSync(DEFAULT_CLI)) {
      console.error(`official: ${DEFAULT_CLI} does not exist; build the CLI first (pnpm build) or pass --bin <command>.`);
      return 2;
    }
    bin = DEFAULT_BIN;
  }
  const words = splitCommand(bin);
  const name = opts.progname ?? (opts.bin === null ? "wippy-lua" : basename(words[0]));
  const wrapper = opts.mainFull ? makeProgWrapper(words, name) : null;
  const progname = wrapper ? wrapper.script : name;
  const entries = SUITE.filter((e) => opts.only === null || e.file === opts.only);
  const rows = [];
  try {
    for (const entry of entries) {
      const r = await runFile(entry, { words, dir: opts.dir, timeoutS: opts.timeoutS, progname, mainFull: opts.mainFull });
      rows.push(r);
      const status = r.ok ? "pass" : "FAIL";
      console.log(`${entry.file.padEnd(16)} ${status}  ${r.seconds.toFixed(2).padStart(7)}s  ${r.firstError}`);
    }
  } finally {
    if (wrapper) rmSync(wrapper.dir, { recursive: true, force: true });
  }
  const passed = rows.filter((r) => r.ok).length;
  const failed = rows.length - passed;
  const summary = `${passed} passed, ${failed} failed`;
  console.log(summary);
  const mode = opts.mainFull ? "user mode (_U), except main.lua run with _port unset (--main-full)" : "user mode (_U: _soft, _port and _nomsg set, as all.lua does)";
  const report = [
    "# Official Lua 5.3.4 test suite results",
    "",
    `- date: ${new Date().toISOString()}`,
    // Repository-relative, so the committed file names no machine's paths.
    `- interpreter: \`${bin.split(REPO_ROOT + "/").join("")}\``,
    `- mode: ${mode}`,
    `- per-file timeout: ${opts.timeoutS} s`,
    "",
    "Produced by `pnpm --filter @wippy-lua/conformance run official`; each file is run on its own",
    "through `conformance/scripts/official-driver.lua`, which sets the globals all.lua sets.",
    "",
    table(rows),
    "",
    summary,
    "",
  ].join("\n");
  writeFileSync(RESULTS, report);
  console.log(`wrote ${RESULTS}`);
  return failed > 0 ? 1 : 0;
}

process.exitCode = await main();
