// The fast parser: every construct, precedence, annotations, ambiguities,
// positions, node shapes.

import { describe, expect, it, test } from "vitest";
import type { Chunk, Statement } from "../src/ast.js";
import { parse } from "../src/index.js";
import { ex, msg, p, sexp, stats, strip, ty } from "./helpers.js";

const e = (src: string) => sexp(ex(src));
const t = (src: string) => sexp(ty(src));

describe("statements", () => {
  it("local, with and without values and annotations", () => {
    expect(stats("local a, b: number = 1")).toEqual([
      {
        kind: "Local",
        names: [
          { kind: "TypedName", name: "a" },
          { kind: "TypedName", name: "b", type: { kind: "NamedType", name: "number" } },
        ],
        exprs: [{ kind: "Integer", value: 1 }],
      },
    ]);
    expect(stats("local x")).toEqual([{ kind: "Local", names: [{ kind: "TypedName", name: "x" }], exprs: [] }]);
  });
  it("local function and function statements", () => {
    const [lf, f] = stats("local function f(a, ...) end function a.b.c:m(x) return self end") as any[];
    expect(lf.kind).toBe("LocalFunction");
    expect(lf.name).toEqual({ kind: "TypedName", name: "f" });
    expect(lf.func.params.map((q: any) => q.name)).toEqual(["a"]);
    expect(lf.func.isVararg).toBe(true);
    expect(f.kind).toBe("Function");
    expect(f.base).toEqual({ kind: "Name", name: "a" });
    expect(f.path).toEqual(["b", "c"]);
    expect(f.method).toBe("m");
    expect(f.func.params.map((q: any) => q.name)).toEqual(["x"]); // no implicit self
    expect((stats("function f() end")[0] as any).method).toBeUndefined();
  });
  it("assignment with several targets", () => {
    const [a] = stats("a, b.c, d[1] = 1, 2") as any[];
    expect(a.kind).toBe("Assign");
    expect(a.targets.map((x: any) => x.kind)).toEqual(["Name", "Member", "Index"]);
    expect(a.exprs.length).toBe(2);
  });
  it("call statements: plain, method, string and table arguments", () => {
    const ss = stats('f() o:m(1) f"s" f{1} f[[x]] a.b.c:d "e" {f}') as any[];
    expect(ss.map((s) => s.kind)).toEqual(["CallStatement", "CallStatement", "CallStatement", "CallStatement", "CallStatement", "CallStatement"]);
    expect(sexp(ss[2].call)).toBe('f("s")');
    expect(sexp(ss[3].call)).toBe('f({"kind":"Table","fields":[{"kind":"PositionalField","value":{"kind":"Integer","value":1}}]})');
    expect(sexp(ss[5].call)).toBe('a.b.c:d("e")({"kind":"Table","fields":[{"kind":"PositionalField","value":{"kind":"Name","name":"f"}}]})');
  });
  it("control structures", () => {
    const ss = stats(
      "do end while x do break end repeat local y until y if a then elseif b then else end for i = 1, 10, 2 do end for k, v in pairs(t) do end goto l ::l:: return",
    ) as any[];
    expect(ss.map((s) => s.kind)).toEqual(["Do", "While", "Repeat", "If", "NumericFor", "GenericFor", "Goto", "Label", "Return"]);
    expect(ss[3].clauses.length).toBe(2);
    expect(ss[3].orelse).toEqual({ kind: "Block", body: [] });
    expect(sexp([ss[4].init, ss[4].limit, ss[4].step])).toBe("[1 10 2]");
    expect(ss[4].variable).toEqual({ kind: "TypedName", name: "i" });
    expect(ss[5].names.map((n: any) => n.name)).toEqual(["k", "v"]);
    expect(ss[6].label).toBe("l");
    expect(ss[7].name).toBe("l");
    expect(ss[8].exprs).toEqual([]);
    expect((stats("for i = 1, 2 do end")[0] as any).step).toBeUndefined();
    expect((stats("if a then end")[0] as any).orelse).toBeUndefined();
  });
  it("';' and return with optional ';'", () => {
    expect(stats(";;; x = 1 ;;").length).toBe(1);
    expect(stats("return 1, 2;")).toEqual([{ kind: "Return", exprs: [{ kind: "Integer", value: 1 }, { kind: "Integer", value: 2 }] }]);
    expect(msg("return 1; x = 1")).toBe("t:1: <eof> expected near 'x'");
  });
  it("table constructors", () => {
    const tb = ex("{1, x = 2; [3] = 4, f(), ...; }") as any;
    expect(tb.fields.map((f: any) => f.kind)).toEqual(["PositionalField", "NamedField", "KeyedField", "PositionalField", "PositionalField"]);
    expect(ex("{}")).toEqual({ kind: "Table", fields: [] });
    expect((ex("{x --[[c]] = 1}") as any).fields[0].kind).toBe("NamedField");
    expect((ex("{x == 1}") as any).fields[0].kind).toBe("PositionalField");
  });
  it("varargs, function expressions, parenthesised expressions", () => {
    expect(e("...")).toBe("...");
    expect((ex("function(a, b, ...) end") as any).params.length).toBe(2);
    expect(e("(f())")).toBe("[f()]");
  });
  it("plain Lua corner cases parse as in C Lua", () => {
    expect(stats("print(i) ::continue::").map((s: any) => s.kind)).toEqual(["CallStatement", "Label"]);
    expect(stats("f()\nas = 1").map((s: any) => s.kind)).toEqual(["CallStatement", "Assign"]);
    expect(stats("x = y\nas(z)").map((s: any) => s.kind)).toEqual(["Assign", "CallStatement"]);
    expect(stats("x = y as 'z'").map((s: any) => s.kind)).toEqual(["Assign", "CallStatement"]);
    expect(stats("x = y as {1}").map((s: any) => s.kind)).toEqual(["Assign", "CallStatement"]);
    expect(stats("local x = y\nas(z)").map((s: any) => s.kind)).toEqual(["Local", "CallStatement"]);
    expect(stats("repeat until x\nas(z)").map((s: any) => s.kind)).toEqual(["Repeat", "CallStatement"]);
    expect(stats("x = y ::l:: goto l").map((s: any) => s.kind)).toEqual(["Assign", "Label", "Goto"]);
    expect(stats("type(x)")[0]).toMatchObject({ kind: "CallStatement" });
    expect(stats("local type = 1")[0]).toMatchObject({ kind: "Local" });
    expect(stats("type = 3")[0]).toMatchObject({ kind: "Assign" });
    expect(stats("x.type = 1")[0]).toMatchObject({ kind: "Assign" });
    expect(stats("type.x = 1")[0]).toMatchObject({ kind: "Assign" });
    expect(stats("local as = 2")[0]).toMatchObject({ kind: "Local" });
    expect(stats("as.b = 2")[0]).toMatchObject({ kind: "Assign" });
    expect(e("a ~= b")).toBe("(a ~= b)");
    expect(e("a ~ b")).toBe("(a ~ b)");
    expect(e("f\n(g)")).toBe("f(g)");
  });
});

describe("expression precedence (Lua 5.3)", () => {
  const cases: [string, string][] = [
    ["1 + 2 * 3", "(1 + (2 * 3))"],
    ["1 * 2 + 3", "((1 * 2) + 3)"],
    ["a or b and c", "(a or (b and c))"],
    ["a and b or c", "((a and b) or c)"],
    ["a < b == c", "((a < b) == c)"],
    ["a | b ~ c & d", "(a | (b ~ (c & d)))"],
    ["a & b << c", "(a & (b << c))"],
    ["a << b .. c", "(a << (b .. c))"],
    ["a .. b .. c", "(a .. (b .. c))"],
    ["a .. b + c", "(a .. (b + c))"],
    ["a + b - c", "((a + b) - c)"],
    ["a * b / c // d % e", "((((a * b) / c) // d) % e)"],
    ["-x ^ 2", "(- (x ^ 2))"],
    ["2 ^ -3", "(2 ^ (- 3))"],
    ["2 ^ 3 ^ 2", "(2 ^ (3 ^ 2))"],
    ["not a == b", "((not a) == b)"],
    ["#t + 1", "((# t) + 1)"],
    ["~a & b", "((~ a) & b)"],
    ["- - x", "(- (- x))"],
    ["a < b < c", "((a < b) < c)"],
    ["1 .. 2 == '12'", '((1 .. 2) == "12")'],
    ["a.b.c[d](e):f(g)", "a.b.c[d](e):f(g)"],
  ];
  test.each(cases)("%s", (src, expected) => {
    expect(e(src)).toBe(expected);
  });
});

describe("annotations", () => {
  it("typed locals, params, varargs, returns, type params", () => {
    const f = ex("function<T: Named, U>(x: T, y, ...: number): (T, U) end") as any;
    expect(f.typeParams.map((q: any) => [q.name, q.constraint && sexp(q.constraint)])).toEqual([["T", "Named"], ["U", undefined]]);
    expect(f.params.map((q: any) => [q.name, q.type && sexp(q.type)])).toEqual([["x", "T"], ["y", undefined]]);
    expect(sexp(f.varargType)).toBe("number");
    expect(f.returnTypes.map(sexp)).toEqual(["T", "U"]);
    expect((ex("function() end") as any).returnTypes).toBeUndefined();
    expect((ex("function(): () end") as any).returnTypes).toEqual([]);
    expect((ex("function(): number, string? end") as any).returnTypes.map(sexp)).toEqual(["number", "string?"]);
    expect((ex("function(): (number) end") as any).returnTypes.map(sexp)).toEqual(["number"]);
    expect((ex("function(): (A | B)? end") as any).returnTypes.map(sexp)).toEqual(["(A | B)?"]);
    expect((ex("function(): (A) -> B end") as any).returnTypes.map(sexp)).toEqual(["(fn(A) -> [B])"]);
    const lf = stats("local function f<T>(x: T): T return x end")[0] as any;
    expect(lf.func.typeParams[0].name).toBe("T");
    const fs = stats("function a.b:c<K>(k: K) end")[0] as any;
    expect(fs.func.typeParams[0].name).toBe("K");
    const nf = stats("for i: integer = 1, 2 do end for k: string, v in t do end") as any[];
    expect(sexp(nf[0].variable.type)).toBe("integer");
    expect(sexp(nf[1].names[0].type)).toBe("string");
  });
  it("type aliases (contextual 'type')", () => {
    expect(stats("type Point = {x: number, y: number}")[0]).toEqual({
      kind: "TypeAlias",
      name: "Point",
      type: {
        kind: "RecordType",
        fields: [
          { kind: "RecordField", name: "x", optional: false, type: { kind: "NamedType", name: "number" } },
          { kind: "RecordField", name: "y", optional: false, type: { kind: "NamedType", name: "number" } },
        ],
      },
    });
    const g = stats("type Box<T: {}, U> = {value: T}")[0] as any;
    expect(g.typeParams.map((q: any) => q.name)).toEqual(["T", "U"]);
    expect(sexp(g.typeParams[0].constraint)).toBe("{}");
  });
  const types: [string, string][] = [
    ["number", "number"],
    ["nil", "nil"],
    ["true", "true"],
    ['"low" | "high"', '("low" | "high")'],
    ["42 | 1.5", "(42 | 1.5)"],
    ["Box<number>", "Box<number>"],
    ["Map<string, Box<Box<number>>>", "Map<string, Box<Box<number>>>"],
    ["number?", "number?"],
    ["number | string?", "(number | string?)"],
    ["(number | string)?", "(number | string)?"],
    ["{number}", "{number}"],
    ["number[]", "{number}"],
    ["number[][]", "{{number}}"],
    ["number?[]", "{number?}"],
    ["{[string]: number}", "{[string]: number}"],
    ["{x: number, y?: string}", "{x: number, y?: string}"],
    ["{x: number; y: number;}", "{x: number, y: number}"],
    ["{end: number, nil?: string}", "{end: number, nil?: string}"],
    ["{}", "{}"],
    ["{x ? : number}", "{x?: number}"],
    ["{T?}", "{T?}"],
    ["A & B | C & D", "((A & B) | (C & D))"],
    ["A | B & C", "(A | (B & C))"],
    ["(A | B) & C", "((A | B) & C)"],
    ["A & B & C", "(A & B & C)"],
    ["(a: number, string, ...boolean) -> string | nil", "(fn(a: number, string, ...boolean) -> [(string | nil)])"],
    ["((number) -> string) | nil", "((fn(number) -> [string]) | nil)"],
    ["() -> ()", "(fn() -> [])"],
    ["() -> () -> number", "(fn() -> [(fn() -> [number])])"],
    ["(number) -> (string, number)", "(fn(number) -> [string, number])"],
    ["(number) -> (string)", "(fn(number) -> [string])"],
    ["(...any) -> never", "(fn(, ...any) -> [never])"],
    ["((number))", "number"],
    ["number @min(0) @max(100)", "(number @min(0) @max(100))"],
    ["number @min(-1.5)", "(number @min((- 1.5)))"],
    ['string @pattern("^a") @min_len(1)', '(string @pattern("^a") @min_len(1))'],
    ["number @positive", "(number @positive())"],
    ["{number @min(0)}", "{(number @min(0))}"],
    ["{string} @min_len(1)", "({string} @min_len(1))"],
    ["integer @min(1) | string @min_len(1)", "((integer @min(1)) | (string @min_len(1)))"],
    ["number @min(0)?", "(number @min(0))?"],
    ["{age: integer @min(0)}", "{age: (integer @min(0))}"],
    ["{n: number? @min(0)}", "{n: (number? @min(0))}"],
  ];
  test.each(types)("type %s", (src, expected) => {
    expect(t(src)).toBe(expected);
  });
  it("casts, non-nil assertions", () => {
    expect(e("x :: number")).toBe("(x :: number)");
    expect(e("x as number")).toBe("(x as number)");
    expect(e("-x :: number")).toBe("(- (x :: number))");
    expect(e("a + b as T")).toBe("(a + (b as T))");
    expect(e("a + b :: T + c")).toBe("((a + (b :: T)) + c)");
    expect(e("not a as boolean")).toBe("(not (a as boolean))");
    expect(e("2 ^ x!")).toBe("(2 ^ (x!))");
    expect(e("x!!")).toBe("((x!)!)");
    expect(e("x :: A as B")).toBe("((x :: A) as B)");
    expect(e("(u!).name")).toBe("[(u!)].name");
    expect(e("(d :: User).name")).toBe("[(d :: User)].name");
    expect(e("{} :: {x: number}")).toBe("({\"kind\":\"Table\",\"fields\":[]} :: {x: number})");
    expect(e("f() :: T")).toBe("(f() :: T)");
    expect(e("'s' as string")).toBe('("s" as string)');
    expect(e("x :: A | B")).toBe("(x :: (A | B))");
    expect(e("x :: T? :: U")).toBe("((x :: T?) :: U)");
    expect(e("(x as {number})")).toBe("[(x as {number})]");
    expect(e("x as {number}")).toBe("(x as {number})"); // not in statement-tail position here
    expect(stats("f(x as (number))").length).toBe(1);
  });
  it("'!' and casts are not prefix expressions", () => {
    expect(msg("x = a!.b")).toBe("t:1: unexpected symbol near '.'");
    expect(e("(a :: T)()")).toBe("[(a :: T)]()"); // a Paren is a prefix expression
    expect(msg("x = a :: T()")).toBe("t:1: unexpected symbol near '('");
    expect(msg("x = a!()")).toBe("t:1: unexpected symbol near ')'"); // '(' starts a new statement
    expect(msg("f()!")).toBe("t:1: unexpected symbol near '!'");
    expect(msg("x :: T = 1")).toBe("t:1: syntax error near '::'");
  });
  it("'::' before 'Name ::' or a non-type token is never a cast", () => {
    expect(msg("x = y :: T :: U")).toBe("t:1: syntax error near <eof>");
    expect(msg("x = y ::end::")).toBe("t:1: <name> expected near 'end'");
    expect(msg("x = y ::")).toBe("t:1: <name> expected near <eof>");
  });
  it("LATER syntax is a parse error", () => {
    expect(msg("local f: fun(x: number): string = g")).toBe("t:1: unexpected symbol near '('");
    expect(msg("local t: typeof(x) = 1")).toBe("t:1: unexpected symbol near '('");
    expect(msg("local k: keyof T = 'a'")).toBe("t:1: unexpected symbol near 'T'");
    expect(msg("local k: typeof x = 'a'")).toBe("t:1: unexpected symbol near 'x'");
    expect(msg("type R = {readonly x: number}")).toBe("t:1: unexpected symbol near 'x'");
    expect(msg("local r: readonly {x: number} = 1")).toBe("t:1: unexpected symbol near '{'");
    expect(msg("interface Foo x: number end")).toBe("t:1: syntax error near 'Foo'");
    expect(msg("type A = B extends C ? X : Y")).toBe("t:1: syntax error near 'C'");
    expect(msg("local d: time.Duration = 1")).toBe("t:1: unexpected symbol near '.'");
    expect(msg("type V = T['k']")).toBe("t:1: unexpected symbol near '['");
    expect(msg("function f(x): asserts x is T end")).toBe("t:1: syntax error near 'is'");
  });
  it("type syntax errors", () => {
    expect(msg("local x: = 1")).toBe("t:1: type expected near '='");
    expect(msg("type T = {x: number")).toBe("t:1: '}' expected near <eof>");
    expect(msg("type T = (a: number)")).toBe("t:1: '->' expected near <eof>");
    expect(msg("type T = (a, b)")).toBe("t:1: '->' expected near <eof>");
    expect(msg("local x: Box<number = 1")).toBe("t:1: '>' expected near '='");
    expect(msg("type T = number @min(x)")).toBe("t:1: literal expected near 'x'");
    expect(msg("type T = -1")).toBe("t:1: type expected near '-'");
    expect(msg("type F = (number) - > string")).toBe("t:1: unexpected symbol near '-'");
    expect(msg("local function f<>() end")).toBe("t:1: <name> expected near '>'");
  });
  it("'>>' and '>=' close type arguments", () => {
    expect(t("Box<Box<number>>")).toBe("Box<Box<number>>");
    const s = stats("local b: Box<number>= 1")[0] as any;
    expect(sexp(s.exprs[0])).toBe("1");
    const s2 = stats("local b: Box<Box<number>>= 1")[0] as any;
    expect(sexp(s2.names[0].type)).toBe("Box<Box<number>>");
  });
});

describe("positions", () => {
  function at(src: string, pick: (c: Chunk) => unknown): [number, number, number, number, number, number, string] {
    const n = pick(p(src)) as { line: number; column: number; start: number; end: number; endLine: number; endColumn: number };
    return [n.line, n.column, n.start, n.end, n.endLine, n.endColumn, src.slice(n.start, n.end)];
  }
  const st = (i: number) => (c: Chunk) => c.body.body[i]!;
  it("chunk and blocks", () => {
    expect(at("\n x = 1 \n", (c) => c)).toEqual([1, 1, 0, 9, 3, 1, "\n x = 1 \n"]);
    expect(at("\n x = 1 ; y = 2 ;\n", (c) => c.body)).toEqual([2, 2, 2, 15, 2, 15, "x = 1 ; y = 2"]);
    expect(at("  -- nothing\n", (c) => c.body)).toEqual([2, 1, 13, 13, 2, 1, ""]);
    expect(at("do ; end", (c) => (c.body.body[0] as any).body)).toEqual([1, 6, 5, 5, 1, 6, ""]);
    expect(at("repeat until x", (c) => (c.body.body[0] as any).body)).toEqual([1, 8, 7, 7, 1, 8, ""]);
  });
  it("statements exclude a trailing ';'", () => {
    expect(at("x = 1;", st(0))).toEqual([1, 1, 0, 5, 1, 6, "x = 1"]);
    expect(at("return 1;", st(0))).toEqual([1, 1, 0, 8, 1, 9, "return 1"]);
    expect(at("local a, b", st(0))).toEqual([1, 1, 0, 10, 1, 11, "local a, b"]);
    expect(at("local a: T?", st(0))).toEqual([1, 1, 0, 11, 1, 12, "local a: T?"]);
  });
  it("functions", () => {
    expect(at("local function f() end", st(0))).toEqual([1, 1, 0, 22, 1, 23, "local function f() end"]);
    expect(at("local function f() end", (c) => (c.body.body[0] as any).func)).toEqual([1, 7, 6, 22, 1, 23, "function f() end"]);
    expect(at("local function f() end", (c) => (c.body.body[0] as any).name)).toEqual([1, 16, 15, 16, 1, 17, "f"]);
    expect(at("function a.b:c() end", (c) => (c.body.body[0] as any).func)).toEqual([1, 1, 0, 20, 1, 21, "function a.b:c() end"]);
    expect(at("x = function(a: T) end", (c) => (c.body.body[0] as any).exprs[0].params[0])).toEqual([1, 14, 13, 17, 1, 18, "a: T"]);
  });
  it("if clauses", () => {
    const src = "if a then x() elseif b then else end";
    expect(at(src, (c) => (c.body.body[0] as any).clauses[0])).toEqual([1, 1, 0, 13, 1, 14, "if a then x()"]);
    expect(at(src, (c) => (c.body.body[0] as any).clauses[1])).toEqual([1, 15, 14, 27, 1, 28, "elseif b then"]);
    expect(at(src, (c) => (c.body.body[0] as any).orelse)).toEqual([1, 34, 33, 33, 1, 34, ""]);
  });
  it("expressions", () => {
    const x = (src: string) => at("return " + src, (c) => (c.body.body[0] as any).exprs[0]);
    expect(x("(a)")).toEqual([1, 8, 7, 10, 1, 11, "(a)"]);
    expect(x("a + b * c")).toEqual([1, 8, 7, 16, 1, 17, "a + b * c"]);
    expect(x("f(a)'s'{b}")).toEqual([1, 8, 7, 17, 1, 18, "f(a)'s'{b}"]);
    expect(x("a.b[c]:d()")).toEqual([1, 8, 7, 17, 1, 18, "a.b[c]:d()"]);
    expect(x("- x")).toEqual([1, 8, 7, 10, 1, 11, "- x"]);
    expect(x("x :: T")).toEqual([1, 8, 7, 13, 1, 14, "x :: T"]);
    expect(x("x!")).toEqual([1, 8, 7, 9, 1, 10, "x!"]);
    expect(x("[[a\nb]]")).toEqual([1, 8, 7, 14, 2, 4, "[[a\nb]]"]);
    expect(at("t = {x = 1, [2] = 3, 4}", (c) => (c.body.body[0] as any).exprs[0].fields[0])).toEqual([1, 6, 5, 10, 1, 11, "x = 1"]);
    expect(at("t = {x = 1, [2] = 3, 4}", (c) => (c.body.body[0] as any).exprs[0].fields[1])).toEqual([1, 13, 12, 19, 1, 20, "[2] = 3"]);
  });
  it("types, grouping parentheses included in the enclosing construct", () => {
    const y = (src: string, pick: (n: any) => unknown = (n) => n) =>
      at("local x: " + src, (c) => pick((c.body.body[0] as any).names[0].type));
    expect(y("(A | B)?")).toEqual([1, 10, 9, 17, 1, 18, "(A | B)?"]);
    expect(y("(A | B)?", (n) => n.inner)).toEqual([1, 11, 10, 15, 1, 16, "A | B"]);
    expect(y("(A) | B")).toEqual([1, 10, 9, 16, 1, 17, "(A) | B"]);
    expect(y("number[]")).toEqual([1, 10, 9, 17, 1, 18, "number[]"]);
    expect(y("Box<Box<T>>")).toEqual([1, 10, 9, 20, 1, 21, "Box<Box<T>>"]);
    expect(y("Box<Box<T>>", (n) => n.args[0])).toEqual([1, 14, 13, 19, 1, 20, "Box<T>"]);
    expect(y("(a: A) -> R")).toEqual([1, 10, 9, 20, 1, 21, "(a: A) -> R"]);
    expect(y("(a: A) -> R", (n) => n.params[0])).toEqual([1, 11, 10, 14, 1, 15, "a: A"]);
    expect(y("number @min(0)")).toEqual([1, 10, 9, 23, 1, 24, "number @min(0)"]);
    expect(y("number @min(0)", (n) => n.validators[0])).toEqual([1, 17, 16, 23, 1, 24, "@min(0)"]);
    expect(y("{x?: T}", (n) => n.fields[0])).toEqual([1, 11, 10, 15, 1, 16, "x?: T"]);
    expect(at("local x: (T) = 1", (c) => (c.body.body[0] as any).names[0])).toEqual([1, 7, 6, 12, 1, 13, "x: (T)"]);
  });
});

describe("node shapes", () => {
  it("every node of a kind has the same keys in the same order", () => {
    const src =
      "local a: number?, b = 1, 2.5 local function f<T: C>(x: T, ...: any): (T, U) return ... end " +
      "function g.h:i() end x, y.z, w[1] = 'a', nil, true f(false) o:m{} do end while x do end repeat until x " +
      "if a then elseif b then else end if c then end for i = 1, 2 do end for i = 1, 2, 3 do end for k in p do end " +
      "goto l ::l:: type A<X> = {a: X, b?: {[string]: X | nil} @min(1)} type B = (n: number, ...string) -> (A & B)?[] " +
      "x = {1, k = 2, [3] = 4} x = -a + #b x = (c :: T) x = d as U x = e! x = function() end x = y(...) while x do break end";
    const shapes = new Map<string, string>();
    const visit = (n: unknown): void => {
      if (Array.isArray(n)) return n.forEach(visit);
      if (n === null || typeof n !== "object") return;
      const o = n as Record<string, unknown>;
      if (typeof o.kind === "string") {
        const keys = Object.keys(o).join(",");
        const prev = shapes.get(o.kind);
        if (prev !== undefined) expect(keys, o.kind).toBe(prev);
        shapes.set(o.kind, keys);
      }
      Object.values(o).forEach(visit);
    };
    visit(parse(src, { chunkName: "=t" }));
    expect(shapes.size).toBeGreaterThan(45);
    // optional fields are present (set to undefined) rather than missing
    expect(Object.keys(p("if a then end").body.body[0]!)).toContain("orelse");
    expect(Object.keys((p("local x").body.body[0] as Extract<Statement, { kind: "Local" }>).names[0]!)).toContain("type");
  });
  it("strip() ignores positions and undefined fields", () => {
    expect(strip(p("x = 1"))).toEqual(strip(p("\n\n  x   =   1  ")));
  });
});
