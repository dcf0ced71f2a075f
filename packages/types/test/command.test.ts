// Output format, sorting, caret rendering, `require` of local modules, and
// the functions behind `wippy-lua check` / `--check`.

import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { check, checkBeforeRun, checkFiles, formatDiagnostics, runCheckCommand } from "../src/index.js";

describe("formatting", () => {
  const src = `local n: number = "x"\nlocal s: string = 1\n`;
  const ds = check({ name: "f.lua", source: src });

  it("one line per diagnostic: file:line:col: error CODE message", () => {
    const out = formatDiagnostics(ds);
    const lines = out.trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^f\.lua:1:19: error T001 /);
    expect(lines[1]).toMatch(/^f\.lua:2:19: error T001 /);
  });

  it("with sources: the line and a caret under the span", () => {
    const out = formatDiagnostics(ds.slice(0, 1), { sources: { "f.lua": src } });
    const lines = out.split("\n");
    expect(lines[2]).toBe('1 | local n: number = "x"');
    expect(lines[3]).toBe("  |                   ^^^");
  });

  it("colour adds ANSI escapes", () => {
    const out = formatDiagnostics(ds, { color: true, sources: new Map([["f.lua", src]]) });
    expect(out).toContain("\u001b[");
    expect(out).toContain("^^^");
  });

  it("diagnostics are sorted by file, then position", () => {
    const all = check([
      { name: "b.lua", source: "local x: number = 'a'\nprint(zz)" },
      { name: "a.lua", source: "print(yy)\nlocal y: string = 1" },
    ]);
    expect(all.map((d) => `${d.file}:${d.line}`)).toEqual(["a.lua:1", "a.lua:2", "b.lua:1", "b.lua:2"]);
  });
});

describe("modules", () => {
  it("require of a local module checks it and uses its result type", () => {
    const ds = check([
      { name: "main.lua", source: `local m = require("util")\nlocal n: number = m.twice(2)\nlocal s: string = m.twice(2)\n` },
      { name: "util.lua", source: `local M = {}\nfunction M.twice(x: number): number return x * 2 end\nlocal bad: string = 1\nreturn M\n` },
    ]);
    expect(ds.map((d) => `${d.file}:${d.code}@${d.line}`)).toEqual(["main.lua:T001@3", "util.lua:T001@3"]);
  });

  it("require of a preloaded library is that library, never a file of the same name", () => {
    const src = `local m = require("math")\nlocal n: number = m.floor(2.5)\nlocal s: string = m.floor(2.5)\nassert(require("coroutine") == coroutine)\n`;
    const ds = check({ name: "main.lua", source: src }, {
      resolveModule: (name) => ({ name: name + ".lua", source: "print(undefined_in_file)\n" }),
    });
    expect(ds.map((d) => `${d.file}:${d.code}@${d.line}`)).toEqual(["main.lua:T001@3"]);
  });

  it("a module that requires itself does not loop", () => {
    const ds = check({ name: "self.lua", source: `local me = require("self")\nreturn {}\n` });
    expect(ds).toEqual([]);
  });
});

describe("command functions", () => {
  const dir = mkdtempSync(join(tmpdir(), "wippy-types-"));
  writeFileSync(join(dir, "ok.lua"), "local x: number = 1\nprint(x)\n");
  writeFileSync(join(dir, "bad.lua"), "local lib = require('lib')\nlocal n: number = lib.name\n");
  writeFileSync(join(dir, "lib.lua"), "return {name = 'x'}\n");

  it("runCheckCommand returns 0 and prints nothing for a clean file", () => {
    let out = "";
    expect(runCheckCommand([join(dir, "ok.lua")], { write: (s) => (out += s), color: false })).toBe(0);
    expect(out).toBe("");
  });

  it("runCheckCommand returns 1 and prints sorted diagnostics, resolving require next to the file", () => {
    let out = "";
    expect(runCheckCommand([join(dir, "bad.lua"), join(dir, "ok.lua")], { write: (s) => (out += s), color: false })).toBe(1);
    expect(out).toBe(`${join(dir, "bad.lua")}:2:19: error T001 initial value: type 'string' is not assignable to 'number'\n`);
  });

  it("a missing file is a diagnostic, not a crash", () => {
    const r = checkFiles([join(dir, "nope.lua")]);
    expect(r.diagnostics.map((d) => d.code)).toEqual(["P001"]);
  });

  it("checkBeforeRun writes carets when coloured", () => {
    let out = "";
    expect(checkBeforeRun(join(dir, "bad.lua"), { write: (s) => (out += s), color: true })).toBe(1);
    expect(out).toContain("local n: number = lib.name");
    expect(out).toContain("^^^^^^^^");
  });
});
