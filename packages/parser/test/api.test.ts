// The package's public API.

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as api from "../src/index.js";
import { LuaSyntaxError, chunkId, checkChunk, loadOhmParser, parse, printLua } from "../src/index.js";

describe("public API", () => {
  it("exports parse, printLua, checkChunk, loadOhmParser, setDefaultParser, LuaSyntaxError, chunkId", () => {
    expect(Object.keys(api).sort()).toEqual([
      "LuaSyntaxError", "checkChunk", "chunkId", "loadOhmParser", "parse", "printLua", "setDefaultParser",
    ]);
    expect(typeof parse).toBe("function");
    expect(typeof printLua).toBe("function");
    expect(typeof checkChunk).toBe("function");
    expect(typeof loadOhmParser).toBe("function");
    expect(chunkId("@a.lua")).toBe("a.lua");
    expect(new LuaSyntaxError("m", 1, false)).toBeInstanceOf(Error);
  });
  it("parse returns a Chunk; the default chunk name is '=?'", () => {
    const c = parse("return 1");
    expect(c.kind).toBe("Chunk");
    expect(() => parse("return = 1")).toThrow(/^\?:1: /);
  });
  it("setDefaultParser('ohm') before loadOhmParser() is refused; the fast parser stays the default", async () => {
    expect(() => api.setDefaultParser("fast")).not.toThrow();
    await loadOhmParser();
    api.setDefaultParser("ohm");
    expect(parse("return 1 + 2")).toEqual(parse("return 1 + 2", { parser: "fast" }));
    expect(() => parse("x = = 1")).toThrow(/unexpected symbol near '='/);
    api.setDefaultParser("fast");
  });
  it("parser: 'ohm' before loadOhmParser() is a clear error", () => {
    // (the Ohm module may already be loaded by another test in this worker)
    try {
      parse("return 1", { parser: "ohm" });
    } catch (e) {
      expect((e as Error).message).toMatch(/loadOhmParser/);
      expect(e).not.toBeInstanceOf(LuaSyntaxError);
    }
  });
  it("after loadOhmParser(), parser: 'ohm' gives the same tree (positions included)", async () => {
    await loadOhmParser();
    const src = "local x: number? = f(a, b) + 1\nif x then return x :: integer end";
    expect(parse(src, { parser: "ohm", chunkName: "=t" })).toEqual(parse(src, { chunkName: "=t" }));
    expect(() => parse("x = = 1", { parser: "ohm", chunkName: "=t" })).toThrow(LuaSyntaxError);
  });
  it("the fast path does not import ohm-js (only loadOhmParser imports ./ohm/index.js, dynamically)", () => {
    for (const f of ["index.ts", "parser.ts", "lexer.ts", "checks.ts", "printer.ts", "errors.ts", "ast.ts"]) {
      const text = readFileSync(new URL("../src/" + f, import.meta.url), "utf8");
      expect(text, f).not.toMatch(/from\s+["'](ohm-js|\.\/ohm\/)/);
      expect(text, f).not.toMatch(/import\(\s*["']/); // no literal dynamic import either
    }
  });
});
