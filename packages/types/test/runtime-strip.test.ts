// Annotations cost nothing at run time (types.md §1.2): a typed program and
// the same program with every annotation stripped (by an AST pass, printed
// back with the parser's printer) give the same output and the same error,
// and, without type statements, compile to the same instructions: so they
// run exactly as fast.

import { describe, expect, it } from "vitest";
import { parse, printLua, type Chunk } from "@wippy-lua/parser";
import { LuaFloat, compileChunk, type Proto } from "@wippy-lua/vm";
import { run } from "./runtime-helpers.js";

type Node = Record<string, unknown>;

/** A copy of `v` without annotations; casts and `!` become parentheses (they truncate to one value). */
function strip(v: unknown, dropAliases: boolean): unknown {
  if (Array.isArray(v)) return v.map((x) => strip(x, dropAliases));
  if (v === null || typeof v !== "object") return v;
  const n = v as Node;
  switch (n.kind) {
    case "Cast":
    case "NonNil":
      return { kind: "Paren", expr: strip(n.expr, dropAliases), start: n.start, end: n.end, line: n.line, endLine: n.endLine };
    case "Block":
      if (dropAliases) {
        const body = (n.body as Node[]).filter((s) => s.kind !== "TypeAlias");
        return { ...n, body: strip(body, dropAliases) };
      }
      break;
    case "TypeAlias":
      return n; // a declaration with a run-time value, kept as written
  }
  const out: Node = {};
  for (const [k, x] of Object.entries(n)) {
    if ((n.kind === "TypedName" || n.kind === "Param") && k === "type") continue;
    if (n.kind === "FunctionExpr" && (k === "typeParams" || k === "varargType" || k === "returnTypes")) continue;
    out[k] = strip(x, dropAliases);
  }
  return out;
}

/** Output and error of a program, without line numbers (printing may move lines). */
function behaviour(src: string): string {
  const r = run(src);
  const err = r.error === undefined ? "" : "\nERROR: " + r.error;
  return (r.out + err).replace(/\bt:\d+:/g, "t:?:");
}

/** What a chunk runs: the instructions, constants, upvalues and shape of it and its functions (no line information). */
function bytecode(src: string): unknown {
  const shape = (p: Proto): unknown => ({
    code: Array.from(p.code),
    constants: p.constants.map((k) => (k instanceof LuaFloat ? `float ${k.n}` : typeof k === "object" && k !== null ? k.constructor.name : k)),
    upvalues: p.upvalues.map((u) => [u.inStack, u.index]),
    numParams: p.numParams,
    isVararg: p.isVararg,
    maxStackSize: p.maxStackSize,
    protos: p.protos.map(shape),
  });
  return shape(compileChunk(src, "=t"));
}

function check(src: string, dropAliases: boolean): void {
  const typed = parse(src, { chunkName: "=t" });
  const stripped = printLua(strip(typed, dropAliases) as Chunk);
  expect(stripped).not.toBe(printLua(typed));
  const code = stripped.split("\n").filter((l) => !/^\s*type /.test(l)).join("\n");
  expect(code).not.toMatch(/::|\bas\b|!\)|:\s*(number|string|integer|boolean)\b/);
  expect(behaviour(stripped)).toBe(behaviour(src));
}

const programs: [string, string][] = [
  ["records, generics, methods, casts and varargs", `
type Point = {x: number, y: number}
type Shape = {kind: "circle", r: number} | {kind: "rect", w: number, h: number}
local function area(s: Shape): number
  if s.kind == "circle" then return 3 * s.r * s.r end
  return s.w * s.h
end
local function first<T>(list: {T}): T?
  return list[1]
end
local function pair(): (integer, string)
  return 1, "one"
end
local Counter = {}
Counter.__index = Counter
function Counter.new(start: integer): Counter
  return setmetatable({n = start}, Counter)
end
function Counter:add(k: integer): integer
  self.n = self.n + k
  return self.n
end
local function sum(...: number): number
  local t = 0
  for _, v in ipairs({...}) do t = t + v end
  return t
end
local c = Counter.new(2)
local p: Point = {x = 1, y = 2}
print(area({kind = "circle", r = 2}), area({kind = "rect", w = 2, h = 5}), first({"a"}), first({}))
print(pair() :: integer, select("#", pair() :: integer), select("#", (pair())!), select("#", pair()))
print(c:add(3), sum(1, 2, 3.5), p.x + p.y)
local maybe: string? = nil
local s = (maybe or "default") :: string
print(s, (s as string):upper())
`],
  ["type values next to annotations", `
type User = {name: string @min_len(1), age: integer @min(0)}
local function load(raw: any): (User?, any)
  local u, err = User:is(raw)
  if err then return nil, tostring(err) end
  return u :: User, nil
end
print(load({name = "a", age = 3}) ~= nil, select(2, load({name = "", age = 3})))
print(select(2, load({name = "b", age = -1})), integer(7), number:is("x"))
local n: integer = #{1, 2, 3}
print(n)
`],
  ["closures, loops and errors", `
local function make(step: integer): () -> integer
  local i: integer = 0
  return function(): integer
    i = i + step
    return i
  end
end
local next_even = make(2)
local acc: {integer} = {}
for _ = 1, 3 do acc[#acc + 1] = next_even() end
print(table.concat(acc, ","))
local function fail(msg: string): never
  error(msg)
end
print(pcall(fail, "boom"))
local t: {[string]: number} = {a = 1}
print(t.a + (t.b :: number))
`],
  // types.md §4.2 examples (a checker's diagnostics do not change what they do).
  ["E1", 'local ratio: number = 0.75\nlocal count: integer = 12\nlocal label: string = "total"\nlocal done: boolean = false\nlocal port: number = "8080"\nprint(ratio, count, label, done, port)\n'],
  ["E2", "local total: integer = 10\nlocal half: integer = total / 2\nlocal floor_half: integer = total // 2\nprint(half, floor_half)\n"],
  ["E3", "local a: number = nil\nlocal b: number? = nil\nprint(a, b)\n"],
  ["E4", "local function or_zero(v: number?): number\n  if v == nil then\n    return 0\n  end\n  return v\nend\nprint(or_zero(nil), or_zero(4))\n"],
  ["E5", "local function inc(v: number?): number\n  return v + 1\nend\nprint(pcall(inc, nil))\n"],
  ["E6", 'local function describe(v: integer | string): string\n  if type(v) == "string" then\n    return v:upper()\n  end\n  return tostring(v * 2)\nend\nprint(describe("a"), describe(4))\n'],
  ["E7", 'type Level = "low" | "high"\nlocal a: Level = "high"\nlocal b: Level = "medium"\nprint(a, b)\n'],
  ["E8", 'type Level = "low" | "high"\nlocal function set_level(s: string)\n  local l: Level = s\n  return l\nend\nprint(set_level("x"))\n'],
  ["E9", "type Account = {id: integer, owner: string}\nlocal acc: Account = {id = 7}\nprint(acc.id, acc.owner)\n"],
  ["E10", 'type Options = {path: string, retries?: integer}\nlocal o: Options = {path = "/tmp/x", verbose = true}\nprint(o.path, o.verbose)\n'],
  ["E11", 'type Account = {id: integer, owner: string}\nlocal acc: Account = {id = 7, owner = "kim"}\nprint(acc.balance)\n'],
  ["E12", 'local function area(w: number, h: number): number\n  return w * h\nend\nprint(area("3", 4))\n'],
  ["E13", "local function area(w: number, h: number): number\n  return w * h\nend\nprint(area(3, 4, 5))\nprint(area(3))\n"],
  ["E14", "local function name_of(id: integer): string\n  return id\nend\nprint(name_of(3))\n"],
  ["E15", 'local function find(id: integer): (string?, error?)\n  if id > 0 then return "item" .. id, nil end\n  return nil, errors.new("not found")\nend\n\nlocal item, err = find(3)\nif err then return end\nprint(#item)\n'],
  ["E16", 'local raw: unknown = 5\nlocal n: number = raw\nif type(raw) == "number" then\n  local m: number = raw\n  print(m)\nend\n'],
  ["E17", 'local function first<T>(list: {T}): T?\n  return list[1]\nend\nlocal s: string? = first({"a", "b"})\nlocal n: number? = first({"a", "b"})\nprint(s, n)\n'],
  ["E18", 'type Named = {name: string}\nlocal function hello<T: Named>(x: T): string\n  return "hi " .. x.name\nend\nprint(hello({age = 3}))\n'],
  ["E19", 'type HasId = {id: integer}\ntype HasTitle = {title: string}\nlocal ok_doc: HasId & HasTitle = {id = 1, title = "t"}\nlocal bad_doc: HasId & HasTitle = {id = 2}\nprint(ok_doc.title, bad_doc.title)\n'],
  ["E20", 'type Shape = {kind: "circle", r: number} | {kind: "rect", w: number, h: number}\nlocal function area(s: Shape): number\n  if s.kind == "circle" then\n    return 3.14 * s.r * s.r\n  end\n  return s.w * s.h\nend\nlocal function radius(s: Shape): number\n  return s.r\nend\nprint(area({kind = "rect", w = 2, h = 3}), radius({kind = "rect"}))\n'],
  ["E21", 'type Account = {id: integer, owner: string}\nlocal decoded: any = {id = 1, owner = "x"}\nlocal acc = decoded :: Account\nlocal function owner_of(a: Account?): string\n  return (a!).owner\nend\nprint(owner_of(acc))\n'],
  ["E22", 'local pct: number @min(0) @max(100) = 40\nlocal code: string @min(1) = "x"\nprint(pct, code)\n'],
  ["E23", 'local t = {}\nlocal flag: boolean = true\nprint(pcall(function() return flag .. "!" end))\nlocal x = t + 1\n'],
  ["E24", 'local blob: any = {}\nfunction legacy(x)\n  return x + 1\nend\nprint(legacy("41"))\nblob.a.b.c = blob.missing(1, 2, 3)\n'],
  ["E25", 'local function sum(...: number): number\n  local total = 0\n  for _, v in ipairs({...}) do total = total + v end\n  return total\nend\n\nprint(sum(1, 2, 3))\nprint(sum(1, "2"))\n'],
];

describe("stripping annotations leaves behaviour unchanged", () => {
  for (const [name, src] of programs) {
    it(name, () => {
      check(src, false);
    });
  }

  it("a program without type statements compiles to the same bytecode with or without its annotations", () => {
    let compared = 0;
    for (const [name, src] of programs) {
      const typed = parse(src, { chunkName: "=t" });
      if (/^\s*type /m.test(src)) continue; // a type statement is code (its value exists at run time)
      const stripped = printLua(strip(typed, false) as Chunk);
      expect(bytecode(stripped), name).toEqual(bytecode(src));
      compared++;
    }
    expect(compared).toBeGreaterThan(10);
  });

  it("aliases only used in annotations can go too", () => {
    for (const name of ["E7", "E9", "E10", "E11", "E19", "E20", "E21"]) {
      check(programs.find((p) => p[0] === name)![1], true);
    }
  });
});
