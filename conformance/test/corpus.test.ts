// Runs every differential-corpus case through the built wippy-lua command and
// compares with the expectations committed from the C reference (lua5.3).
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DEFAULT_CLI, listCases, normaliseStderr, readExpected, runCase } from "../scripts/corpus.mjs";

const cases = listCases();
const cliBuilt = existsSync(DEFAULT_CLI);
const skipNote = cliBuilt ? "" : " [skipped: packages/cli/dist/main.js is not built; run pnpm build]";

describe("corpus layout", () => {
  it("has at least 300 cases, each with committed expectations", () => {
    expect(cases.length).toBeGreaterThanOrEqual(300);
    const missing = cases.filter((c) => readExpected(c) === null);
    expect(missing).toEqual([]);
  });

  it("normalises the interpreter name and drops tracebacks", () => {
    const c = "lua5.3: a.lua:1: boom\nstack traceback:\n\t[C]: in ?\n";
    const ours = "wippy-lua: a.lua:1: boom\nstack traceback:\n\ta.lua:1: in main chunk\n";
    expect(normaliseStderr(c)).toBe("lua: a.lua:1: boom\n");
    expect(normaliseStderr(ours)).toBe("lua: a.lua:1: boom\n");
    expect(normaliseStderr("lua5.3: first\nsecond\n")).toBe("lua: first\n");
    expect(normaliseStderr("")).toBe("");
  });
});

describe("corpus under wippy-lua", () => {
  for (const casePath of cases) {
    it.skipIf(!cliBuilt)(`${casePath}${skipNote}`, async () => {
      const expected = readExpected(casePath);
      expect(expected).not.toBeNull();
      const actual = await runCase(casePath);
      expect(actual.timedOut).toBe(false);
      expect({ stdout: actual.stdout, stderr: actual.stderr, status: actual.status }).toEqual(expected);
    });
  }
});
