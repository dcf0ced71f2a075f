#!/usr/bin/env node
// The `wippy-lua` command's entry point. It starts the program (cli.ts)
// from the single script and V8 code cache that the build makes
// (scripts/bundle.mjs): two file reads and almost no compilation, instead of
// resolving, reading and compiling about a hundred ES modules, which took
// most of a start-up (docs/decisions/0007-startup.md).
//
// The bundle is used only while every file it was made from is unchanged:
// after a `tsc -b` without the bundling step the program is imported as
// plain modules, slower to start, same program.

// node:fs and node:vm through require: importing a built-in as an ES module
// makes a facade that reads every export, and fs's include its lazily loaded
// streams (~10 ms).
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { readFileSync, statSync } = require("node:fs") as typeof import("node:fs");
const { Script, constants } = require("node:vm") as typeof import("node:vm");
const { fileURLToPath } = require("node:url") as typeof import("node:url");

/** File name (relative to the manifest), size, mtime in ms. */
type Stamp = [string, number, number];

interface Manifest {
  format: number;
  program: Stamp;
  cache: Stamp | null;
  inputs: Stamp[];
}

const BUNDLE_URL = new URL("./bundled/program.js", import.meta.url);

function unchanged(dir: string, [name, size, mtimeMs]: Stamp): boolean {
  const st = statSync(dir + name, { throwIfNoEntry: false });
  return st !== undefined && st.size === size && st.mtimeMs === mtimeMs;
}

/** The bundled program, ready to start, or null when it is missing, stale or unreadable. */
function openBundle(): (() => void) | null {
  try {
    const dir = fileURLToPath(new URL("./bundled/", import.meta.url));
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
      start(module.exports, createRequire(file), module, file, dir, BUNDLE_URL.href);
    };
  } catch {
    return null;
  }
}

const startBundled = openBundle();
if (startBundled !== null) startBundled();
else await import("./cli.js");
