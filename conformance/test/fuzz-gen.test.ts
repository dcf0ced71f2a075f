// The fuzzer's program generator: deterministic by seed, and built from
// self-contained statements the shrinker can delete one at a time.
import { describe, expect, it } from "vitest";
import { generateProgram } from "../scripts/fuzz-gen.mjs";

// Drops "..." string literals so checks see only code.
function withoutStrings(code: string): string {
  return code.replace(/"(?:[^"\\\n]|\\.)*"/g, '""');
}

describe("fuzz program generator", () => {
  it("gives the same program for the same seed and number", () => {
    expect(generateProgram(42, 7)).toEqual(generateProgram(42, 7));
  });

  it("gives different programs for other seeds or numbers", () => {
    const base = generateProgram(42, 7).join("\n");
    expect(generateProgram(43, 7).join("\n")).not.toBe(base);
    expect(generateProgram(42, 8).join("\n")).not.toBe(base);
  });

  it("starts with the prelude and then only self-contained blocks", () => {
    for (let n = 0; n < 50; n++) {
      const [prelude, ...rest] = generateProgram(3, n);
      expect(prelude).toMatch(/^local function show\(v\)/);
      expect(prelude).toContain("local function try(tag, f, ...)");
      expect(rest.length).toBeGreaterThanOrEqual(4);
      for (const statement of rest) {
        expect(statement.startsWith("do ") || statement.startsWith("do\n")).toBe(true);
        expect(statement.endsWith("end")).toBe(true);
      }
    }
  });

  it("never writes '--' in code, where Lua would start a comment", () => {
    for (let n = 0; n < 200; n++) {
      for (const statement of generateProgram(11, n)) {
        expect(withoutStrings(statement)).not.toContain("--");
      }
    }
  });
});
