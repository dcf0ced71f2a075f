#!/usr/bin/env node
// Build step after `tsc -b` (the root `pnpm run build`): the wippy-lua
// command as one script with a V8 code cache, so that start-up reads two
// files and compiles almost nothing instead of resolving, reading and
// compiling ~170 ES modules (docs/decisions/0007-startup.md).
//
// Writes dist/bundled/:
//   program.js     the command (dist/cli.js and everything it imports, the
//                  dynamically imported parts included but evaluated only
//                  when used) as one function expression for vm.Script
//   program.cache  V8's code cache for it, taken after running a small
//                  warm-up chunk (WARM_UP), so it holds the bytecode of every
//                  function a start-up runs and of common library functions
//   manifest.json  size and mtime of both and of every input file; the
//                  launcher (dist/main.cjs) uses the bundle only when all
//                  still match, and otherwise imports dist/cli.js as before
//
// rolldown is the bundler because the workspace already has it (vitest's vite
// uses it): no new package. It is a devDependency of this package only.

import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { isAbsolute, join, relative, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Script } from "node:vm";

const DIST = fileURLToPath(new URL("../dist/", import.meta.url));
const OUT = join(DIST, "bundled");
const ENTRY = join(DIST, "cli.js");
const LAUNCHER = join(DIST, "main.cjs");
const PROGRAM = join(OUT, "program.js");
const CACHE = join(OUT, "program.cache");
const MANIFEST = join(OUT, "manifest.json");

// The function the launcher calls with these arguments (CommonJS's five, then
// the bundle's own URL, which stands for import.meta.url: see importMetaUrl).
const WRAPPER_HEAD = "(function (exports, require, module, __filename, __dirname, __wippy_bundle_url) {\"use strict\";\n";
const WRAPPER_TAIL = "\n})";

/** Size and mtime, the freshness key the launcher compares. */
function stamp(file) {
  const st = statSync(file);
  return [st.size, st.mtimeMs];
}

function writeAtomically(file, data) {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}

/**
 * import.meta.url becomes each module's own URL, computed from the bundle's
 * location: the SQL drivers are required relative to their module
 * (createRequire(import.meta.url)), and pnpm only links a package's
 * dependencies beside that package.
 */
function importMetaUrl() {
  return {
    name: "wippy-import-meta-url",
    transform(code, id) {
      if (!code.includes("import.meta.url")) return null;
      const rel = relative(OUT, id).split(sep).join("/");
      return { code: code.replaceAll("import.meta.url", `new URL(${JSON.stringify(rel)}, __wippy_bundle_url).href`), map: null };
    },
  };
}

async function bundle() {
  const { rolldown } = await import("rolldown");
  const build = await rolldown({
    input: ENTRY,
    platform: "node",
    plugins: [importMetaUrl()],
    logLevel: "warn",
  });
  const { output } = await build.generate({
    format: "cjs",
    codeSplitting: false,
    comments: false,
    // Not minified (stack traces stay readable); only non-ASCII characters
    // escaped, so that V8 holds the source as a one-byte string: that alone
    // made a start-up about 3% cheaper (fewer instructions under callgrind).
    minify: { compress: false, mangle: false, codegen: { removeWhitespace: false, asciiOnly: true } },
  });
  await build.close();
  if (output.length !== 1 || output[0].type !== "chunk") throw new Error("expected one chunk from rolldown");
  const chunk = output[0];
  const external = chunk.imports.filter((s) => !s.startsWith("node:"));
  if (external.length > 0) throw new Error(`the bundle would load packages at run time: ${external.join(", ")}`);
  const inputs = chunk.moduleIds.filter((id) => isAbsolute(id));
  return { code: lazyBuiltins(chunk.code.replace(/^#!.*\n/, "")), inputs };
}

// Built-ins that a plain `node -e ""` has already loaded; the others cost a
// compile each when required, and rolldown requires every one at the top of
// the bundle. child_process alone pulls in net, dgram and the streams; with
// readline, tty, os and worker_threads that was ~25 ms of every start-up, for
// modules only io.popen, os.execute, the REPL or the SQL driver use.
const LOADED_BY_NODE = new Set(["node:fs", "node:path", "node:process", "node:buffer", "node:module", "node:url"]);

/** Turns the bundle's top-level `require`s of the other built-ins into objects that require on first property access. */
function lazyBuiltins(code) {
  let lazy = 0;
  const out = code.replace(/^let (node_\w+) = require\("(node:[\w/]+)"\);\n(\1 = __toESM\(\1, 1\);\n)?/gm, (all, name, id, esm) => {
    if (LOADED_BY_NODE.has(id)) return all;
    lazy++;
    return `let ${name} = __wippyLazyBuiltin(${JSON.stringify(id)}, ${esm !== undefined});\n`;
  });
  if (lazy === 0) return code;
  // `default` is what rolldown's __toESM wrapper would have given: the module itself.
  return `function __wippyLazyBuiltin(id, esm) {
\tlet mod;
\tconst load = () => mod ??= require(id);
\treturn new Proxy({}, { get: (_, key) => esm && key === "default" ? load() : load()[key] });
}
${out}`;
}

// What the code cache is taken after: a start-up (the -e path: argument
// parsing, the runtime, the standard library, the compiler) and the library
// functions a small script commonly calls, so that their bytecode is in the
// cache too. Its output is discarded; an error fails the build.
const WARM_UP = `
local t = {}
for i = 1, 10 do t[#t + 1] = i * i end
table.insert(t, 1, 0); table.sort(t, function(a, b) return a > b end)
local parts = {}
for i, v in ipairs(t) do parts[i] = tostring(v) end
for k, v in pairs({a = 1, b = 2.5}) do parts[#parts + 1] = k .. "=" .. v end
local s = table.concat(parts, ",")
print(#s, s:upper():lower(), s:sub(2, 5), s:find("1", 1, true), s:match("(%d+),(%d+)"))
print(string.format("%d %5.2f %s %q %x", 42, math.pi, "x", "y\\n", 255), ("ab"):rep(3, "-"))
print(s:gsub("%d", function(d) return d end), string.byte("A"), string.char(72, 105))
print(tonumber("0x10"), tonumber("1e2"), math.floor(3.7), math.max(1, 5), select("#", 1, 2), 7 // 2, 2^10)
local mt = {__index = function(_, k) return k end, __tostring = function() return "obj" end}
print(tostring(setmetatable({}, mt)), setmetatable({}, mt).key, type(print), os.time() > 0)
local co = coroutine.wrap(function(a) local b = coroutine.yield(a + 1); return b * 2 end)
print(co(1), co(5), pcall(error, {code = 1}), pcall(error, "msg"), select(2, pcall(function() return nil + 1 end)))
`;

/**
 * The Node options on the bin's `#!/usr/bin/env -S node ...` line. V8
 * rejects a code cache made under other flags, so the cache is made under
 * these: the ones every run of the command has.
 */
function binNodeOptions() {
  const first = readFileSync(join(DIST, "main.cjs"), "utf8").split("\n", 1)[0];
  const m = /^#!\/usr\/bin\/env\s+(?:-S\s+)?node\s*(.*)$/.exec(first);
  return m === null || m[1].trim() === "" ? [] : m[1].trim().split(/\s+/);
}

/** In a clean child process (the bin's V8 flags, as a user's run): run the warm-up from the bundle, then save the code cache. */
function writeCodeCache() {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const r = spawnSync(process.execPath, [...binNodeOptions(), fileURLToPath(import.meta.url), "--code-cache"], {
    env,
    stdio: ["ignore", "ignore", "inherit"],
    timeout: 120_000,
  });
  if (r.status !== 0) throw new Error("writing the code cache failed");
}

function codeCacheChild() {
  const script = new Script(readFileSync(PROGRAM, "utf8"), { filename: PROGRAM });
  process.argv = [process.argv[0], LAUNCHER, "-e", WARM_UP];
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(PROGRAM), module, PROGRAM, OUT, pathToFileURL(PROGRAM).href);
  process.on("exit", () => {
    if (process.exitCode) return;
    writeAtomically(CACHE, script.createCachedData());
  });
}

/**
 * Bundles and takes the code cache; returns the manifest, or null when an
 * input changed meanwhile (another build writing dist/ at the same time).
 */
async function build() {
  const started = Date.now();
  const { code, inputs } = await bundle();
  // An input written after bundling began may not be what the bundle holds.
  const before = new Map(inputs.map((f) => [f, stamp(f)]));
  const changed = () => inputs.some((f) => {
    const now = stamp(f);
    const was = before.get(f);
    return now[1] >= started || now[0] !== was[0] || now[1] !== was[1];
  });
  if (changed()) return null;
  writeAtomically(PROGRAM, WRAPPER_HEAD + code + WRAPPER_TAIL);
  writeCodeCache();
  if (changed()) return null;
  const rel = (f) => relative(OUT, f).split(sep).join("/");
  return {
    format: 1,
    program: [rel(PROGRAM), ...stamp(PROGRAM)],
    cache: [rel(CACHE), ...stamp(CACHE)],
    inputs: inputs.map((f) => [rel(f), ...before.get(f)]),
  };
}

async function main() {
  if (process.argv[2] === "--code-cache") return codeCacheChild();
  mkdirSync(OUT, { recursive: true });
  // Without a manifest the launcher imports the plain modules: never a
  // half-written bundle.
  rmSync(MANIFEST, { force: true });
  let manifest = await build();
  if (manifest === null) manifest = await build();
  if (manifest === null) {
    console.warn("wippy-lua bundle: its input files kept changing during the build; the command will start from the plain modules until the next build");
    return;
  }
  writeAtomically(MANIFEST, JSON.stringify(manifest));
  // The bin and its ES module twin, runnable by their #! lines (tsc writes
  // them without the execute bits).
  for (const f of [LAUNCHER, join(DIST, "main.js")]) chmodSync(f, 0o755);
  const kb = (f) => `${Math.round(statSync(f).size / 1024)} KB`;
  console.log(`wippy-lua bundle: ${manifest.inputs.length} modules, program ${kb(PROGRAM)}, code cache ${kb(CACHE)}`);
}

await main();
