#!/usr/bin/env -S node --max-semi-space-size=32
// The `wippy-lua` command's entry point (the bin; main.ts forwards here). It
// starts the program (cli.ts) from the single script and V8 code cache that
// the build makes (scripts/bundle.mjs): two file reads and almost no
// compilation, instead of resolving, reading and compiling ~170 ES modules,
// which took most of a start-up (docs/decisions/0007-startup.md).
//
// The bundle is used only while every file it was made from is unchanged:
// after a `tsc -b` without the bundling step the program is imported as
// plain modules, slower to start, same program.
//
// The shebang gives V8 young-generation semi-spaces of up to 32 MB (16 by
// default). Lua programs allocate many short-lived tables and closures; with
// the default, objects still in use at each scavenge are copied and promoted
// too early, and binary_trees.lua spent 60% of its time in the collector
// (2.6 s of CPU against 1.1 s with the flag, and less peak memory). Space
// grows only when a program allocates, so start-up is unchanged. pnpm's and
// npm's bin shims pass the options on (`env -S` when the file is run itself).
//
// CommonJS, so that running the bin does not start Node's ES module loader
// (which reads the entry file through fs/promises and turns each imported
// built-in into a facade): about 5% of a bare `node -e ""`.

const { createRequire } = require("node:module") as typeof import("node:module");
const { readFileSync, statSync } = require("node:fs") as typeof import("node:fs");
const { Script, constants } = require("node:vm") as typeof import("node:vm");
const { pathToFileURL } = require("node:url") as typeof import("node:url");

/** File name (relative to the manifest), size, mtime in ms. */
type Stamp = [string, number, number];

interface Manifest {
  format: number;
  program: Stamp;
  cache: Stamp | null;
  inputs: Stamp[];
}

function unchanged(dir: string, [name, size, mtimeMs]: Stamp): boolean {
  const st = statSync(dir + name, { throwIfNoEntry: false });
  return st !== undefined && st.size === size && st.mtimeMs === mtimeMs;
}

/** The bundled program, ready to start, or null when it is missing, stale or unreadable. */
function openBundle(): (() => void) | null {
  try {
    const dir = __dirname + "/bundled/";
    const manifest = JSON.parse(readFileSync(dir + "manifest.json", "utf8")) as Manifest;
    if (manifest.format !== 1 || !unchanged(dir, manifest.program)) return null;
    for (const input of manifest.inputs) if (!unchanged(dir, input)) return null;
    const file = dir + manifest.program[0];
    // The cache is only a speed-up: V8 checks it against its version and
    // flags and ignores it (compiling from source) when they differ.
    const cachedData = manifest.cache !== null && unchanged(dir, manifest.cache) ? readFileSync(dir + manifest.cache[0]) : undefined;
    const script = new Script(readFileSync(file, "utf8"), {
      filename: file,
      cachedData,
      importModuleDynamically: constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER,
    });
    const start = script.runInThisContext() as (...args: unknown[]) => void;
    return () => {
      const module = { exports: {} };
      // The bundle's function takes CommonJS's five arguments, then the URL
      // that each module's import.meta.url is computed from.
      start(module.exports, createRequire(file), module, file, dir, pathToFileURL(file).href);
    };
  } catch {
    return null;
  }
}

const startBundled = openBundle();
if (startBundled !== null) startBundled();
else void import("./cli.js");
