// The engines the suite compares, and how to start each on a Lua file.
import { existsSync, readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import path from "node:path";

export const BENCH_DIR = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
export const REPO_DIR = path.dirname(BENCH_DIR);
export const WIPPY_MAIN = path.join(REPO_DIR, "packages", "cli", "dist", "main.cjs");

const NODE = process.execPath;

/** The Node options on the bin's `#!/usr/bin/env -S node ...` line, which its shims pass on too. */
function binNodeOptions() {
  if (!existsSync(WIPPY_MAIN)) return [];
  const first = readFileSync(WIPPY_MAIN, "utf8").split("\n", 1)[0];
  const m = /^#!\/usr\/bin\/env\s+(?:-S\s+)?node\s*(.*)$/.exec(first);
  return m === null || m[1].trim() === "" ? [] : m[1].trim().split(/\s+/);
}
const WIPPY_OPTIONS = binNodeOptions();

function installed(command) {
  const probe = spawnSync(command, ["-v"], { stdio: "ignore" });
  return !probe.error;
}

/**
 * An engine: `command(file, args)` gives the argv that runs a Lua file;
 * `availability()` is null when it can run, or the reason it cannot
 * ("not built", "not installed"). `node` says whether it is a Node process
 * (for the peak-memory fallback). `lua53` is false for engines that do not
 * implement Lua 5.3, whose failures are reported as "n/a" rather than errors.
 */
export const ENGINES = [
  {
    name: "wippy-lua",
    node: true,
    lua53: true,
    command: (file, args) => [NODE, ...WIPPY_OPTIONS, WIPPY_MAIN, file, ...args],
    evalCommand: (code) => [NODE, ...WIPPY_OPTIONS, WIPPY_MAIN, "-e", code],
    availability: () => (existsSync(WIPPY_MAIN) ? null : "not built"),
  },
  {
    name: "fengari",
    node: true,
    lua53: true,
    command: (file, args) => [NODE, path.join(BENCH_DIR, "drivers", "fengari.mjs"), file, ...args],
    availability: () => null,
  },
  {
    name: "wasmoon",
    node: true,
    lua53: true,
    command: (file, args) => [NODE, path.join(BENCH_DIR, "drivers", "wasmoon.mjs"), file, ...args],
    availability: () => null,
  },
  {
    name: "lua5.3",
    node: false,
    lua53: true,
    command: (file, args) => ["lua5.3", file, ...args],
    evalCommand: (code) => ["lua5.3", "-e", code],
    availability: () => (installed("lua5.3") ? null : "not installed"),
  },
  {
    name: "luajit",
    node: false,
    lua53: false,
    command: (file, args) => ["luajit", file, ...args],
    evalCommand: (code) => ["luajit", "-e", code],
    availability: () => (installed("luajit") ? null : "not installed"),
  },
];

export function engineByName(name) {
  return ENGINES.find((e) => e.name === name);
}
