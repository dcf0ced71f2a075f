// Every example program of types.md §4.2 with its stated result (codes and lines).

import { describe, expect, it } from "vitest";
import { checkSource } from "../src/index.js";

function codes(src: string): string[] {
  return checkSource(src, "ex.lua").map((d) => `${d.code}@${d.line}`);
}

const examples: [string, string, string, string[]][] = [
  ["E1", "primitives", "local ratio: number = 0.75\nlocal count: integer = 12\nlocal label: string = \"total\"\nlocal done: boolean = false\nlocal port: number = \"8080\"\n", ["T001@5"]],
  ["E2", "integer vs number", "local total: integer = 10\nlocal half: integer = total / 2\nlocal floor_half: integer = total // 2\n", ["T001@2"]],
  ["E3", "nil is not a number", "local a: number = nil\nlocal b: number? = nil\n", ["T001@1"]],
  ["E4", "narrowing by nil check", "local function or_zero(v: number?): number\n  if v == nil then\n    return 0\n  end\n  return v\nend\n", []],
  ["E5", "missing narrowing", "local function inc(v: number?): number\n  return v + 1\nend\n", ["T002@2"]],
  ["E6", "union narrowing with `type()`", "local function describe(v: integer | string): string\n  if type(v) == \"string\" then\n    return v:upper()\n  end\n  return tostring(v * 2)\nend\n", []],
  ["E7", "literal union", "type Level = \"low\" | \"high\"\nlocal a: Level = \"high\"\nlocal b: Level = \"medium\"\n", ["T001@3"]],
  ["E8", "string is not a literal union", "type Level = \"low\" | \"high\"\nlocal function set_level(s: string)\n  local l: Level = s\nend\n", ["T001@3"]],
  ["E9", "missing record field", "type Account = {id: integer, owner: string}\nlocal acc: Account = {id = 7}\n", ["T003@2"]],
  ["E10", "optional field and extra field", "type Options = {path: string, retries?: integer}\nlocal o: Options = {path = \"/tmp/x\", verbose = true}\n", []],
  ["E11", "unknown field read", "type Account = {id: integer, owner: string}\nlocal acc: Account = {id = 7, owner = \"kim\"}\nprint(acc.balance)\n", ["T004@3"]],
  ["E12", "argument type", "local function area(w: number, h: number): number\n  return w * h\nend\nprint(area(\"3\", 4))\n", ["T001@4"]],
  ["E13", "arity", "local function area(w: number, h: number): number\n  return w * h\nend\nprint(area(3))\nprint(area(3, 4, 5))\n", ["T005@4", "T005@5"]],
  ["E14", "return type", "local function name_of(id: integer): string\n  return id\nend\n", ["T001@2"]],
  ["E15", "error-pair idiom", "local function find(id: integer): (string?, error?)\n  if id > 0 then return \"item\" .. id, nil end\n  return nil, errors.new(\"not found\")\nend\n\nlocal item, err = find(3)\nif err then return end\nprint(#item)\n", []],
  ["E16", "unknown must be narrowed", "local raw: unknown = 5\nlocal n: number = raw\nif type(raw) == \"number\" then\n  local m: number = raw\nend\n", ["T008@2"]],
  ["E17", "generics", "local function first<T>(list: {T}): T?\n  return list[1]\nend\nlocal s: string? = first({\"a\", \"b\"})\nlocal n: number? = first({\"a\", \"b\"})\n", ["T001@5"]],
  ["E18", "generic constraint", "type Named = {name: string}\nlocal function hello<T: Named>(x: T): string\n  return \"hi \" .. x.name\nend\nprint(hello({age = 3}))\n", ["T009@5"]],
  ["E19", "intersection", "type HasId = {id: integer}\ntype HasTitle = {title: string}\nlocal ok_doc: HasId & HasTitle = {id = 1, title = \"t\"}\nlocal bad_doc: HasId & HasTitle = {id = 2}\n", ["T003@4"]],
  ["E20", "discriminated union", "type Shape = {kind: \"circle\", r: number} | {kind: \"rect\", w: number, h: number}\nlocal function area(s: Shape): number\n  if s.kind == \"circle\" then\n    return 3.14 * s.r * s.r\n  end\n  return s.w * s.h\nend\nlocal function radius(s: Shape): number\n  return s.r\nend\n", ["T004@9"]],
  ["E21", "casts and non-nil assertion", "type Account = {id: integer, owner: string}\nlocal decoded: any = {id = 1, owner = \"x\"}\nlocal acc = decoded :: Account\nlocal function owner_of(a: Account?): string\n  return (a!).owner\nend\nprint(owner_of(acc))\n", []],
  ["E22", "validators", "local pct: number @min(0) @max(100) = 40\nlocal code: string @min(1) = \"x\"\n", ["T010@2"]],
  ["E23", "invalid operations", "local t = {}\nlocal x = t + 1\nlocal flag: boolean = true\nlocal s = flag .. \"!\"\n", ["T007@2", "T007@4"]],
  ["E24", "gradual code: `any` and unannotated functions", "local blob: any = {}\nblob.a.b.c = blob.missing(1, 2, 3)\nfunction legacy(x)\n  return x + 1\nend\nprint(legacy(\"oops\"))\n", []],
  ["E25", "variadic", "local function sum(...: number): number\n  local total = 0\n  for _, v in ipairs({...}) do total = total + v end\n  return total\nend\n\nprint(sum(1, 2, 3))\nprint(sum(1, \"2\"))\n", ["T001@8"]],
];

describe("types.md §4.2 examples", () => {
  for (const [name, title, src, want] of examples) {
    it(`${name} ${title}`, () => {
      expect(codes(src)).toEqual(want);
    });
  }

  it("E15 without its early return reports #item (T002 at line 7)", () => {
    const src = examples.find((e) => e[0] === "E15")![2].split("\n").filter((l) => l !== "if err then return end").join("\n");
    expect(codes(src)).toEqual(["T002@7"]);
  });
});
