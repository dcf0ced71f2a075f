// Smoke test of the benchmark suite: every program at its tiny size under the
// wippy-lua command must print the checksum line recorded from C Lua 5.3.
// Nothing here is timed.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const BENCH_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const REPO_DIR = path.dirname(BENCH_DIR);
const CLI = path.join(REPO_DIR, "packages", "cli", "dist", "main.js");
const PROGRAMS_DIR = path.join(BENCH_DIR, "programs");

const checksums: Record<string, Record<string, string>> = JSON.parse(
  readFileSync(path.join(PROGRAMS_DIR, "checksums.json"), "utf8"),
);
const programs = readdirSync(PROGRAMS_DIR)
  .filter((f) => f.endsWith(".lua"))
  .map((f) => f.slice(0, -4))
  .sort();

function run(argv: string[]) {
  const r = spawnSync(argv[0]!, argv.slice(1), { encoding: "latin1", timeout: 60_000, cwd: BENCH_DIR });
  return { status: r.status, stdout: (r.stdout ?? "").trim(), stderr: r.stderr ?? "" };
}

describe("benchmark programs", () => {
  it("has at least the fourteen programs, each with a checksum for tiny, small and default", () => {
    expect(programs.length).toBeGreaterThanOrEqual(14);
    for (const name of programs) {
      expect(Object.keys(checksums[name] ?? {}).sort(), name).toEqual(["default", "small", "tiny"]);
    }
  });
});

const built = existsSync(CLI);
describe(`programs at tiny size under wippy-lua${built ? "" : " (skipped: packages/cli/dist/main.js is not built; run pnpm build)"}`, () => {
  for (const name of programs) {
    it.skipIf(!built)(`${name} prints its checksum`, () => {
      const r = run([process.execPath, CLI, path.join(PROGRAMS_DIR, `${name}.lua`), "tiny"]);
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      expect(r.stdout).toBe(checksums[name]!.tiny);
    });
  }
});

describe("reference drivers", () => {
  it("the fengari driver runs fib at tiny size correctly", () => {
    const r = run([process.execPath, path.join(BENCH_DIR, "drivers", "fengari.mjs"), path.join(PROGRAMS_DIR, "fib.lua"), "tiny"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(checksums.fib!.tiny);
  });

  it("the wasmoon driver runs fib at tiny size correctly", () => {
    const r = run([process.execPath, path.join(BENCH_DIR, "drivers", "wasmoon.mjs"), path.join(PROGRAMS_DIR, "fib.lua"), "tiny"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(checksums.fib!.tiny);
  });

  it("the fengari driver reports a Lua error with a non-zero status", () => {
    const r = run([process.execPath, path.join(BENCH_DIR, "drivers", "fengari.mjs"), path.join(PROGRAMS_DIR, "fib.lua"), "huge"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("unknown size: huge");
  });
});
