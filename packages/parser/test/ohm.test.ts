// The Ohm grammar of record on its own: constructs, annotations, literal
// values, positions and errors, through parseOhm.

import { describe, expect, test } from "vitest";
import { LuaSyntaxError } from "../src/errors.js";
import { parseOhm } from "../src/ohm/index.js";
import type { Chunk, Expression, Statement, TypeExpr } from "../src/ast.js";

const SPAN_KEYS = new Set(["line", "column", "start", "end", "endLine", "endColumn"]);

/** The node without its positions (and without undefined fields), for shape comparisons. */
function shape(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(shape);
  if (node === null || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (SPAN_KEYS.has(k) || v === undefined) continue;
    out[k] = shape(v);
  }
  return out;
}

function parse(src: string): Chunk {
  return parseOhm(src, "=test");
}

function stat(src: string, i = 0): Statement {
  return parse(src).body.body[i]!;
}

/** The first expression of `return <src>`. */
function expr(src: string): Expression {
  const s = stat(`return ${src}`);
  if (s.kind !== "Return") throw new Error("not a return");
  return s.exprs[0]!;
}

/** The type of `local x: <src>`. */
function type(src: string): TypeExpr {
  const s = stat(`local x: ${src}`);
  if (s.kind !== "Local") throw new Error("not a local");
  return s.names[0]!.type!;
}

function syntaxError(src: string, chunkName = "=test"): LuaSyntaxError {
  try {
    parseOhm(src, chunkName);
  } catch (e) {
    if (e instanceof LuaSyntaxError) return e;
    throw e;
  }
  throw new Error(`no error for ${JSON.stringify(src)}`);
}

const n = (name: string) => ({ kind: "Name", name });
const int = (value: number | bigint) => ({ kind: "Integer", value });
const str = (value: string) => ({ kind: "String", value });
const named = (name: string, args?: unknown[]) => (args ? { kind: "NamedType", name, args } : { kind: "NamedType", name });

describe("statements", () => {
  test("local with annotations", () => {
    expect(shape(stat("local a, b: number, c: string? = 1, 2"))).toEqual({
      kind: "Local",
      names: [
        { kind: "TypedName", name: "a" },
        { kind: "TypedName", name: "b", type: named("number") },
        { kind: "TypedName", name: "c", type: { kind: "OptionalType", inner: named("string") } },
      ],
      exprs: [int(1), int(2)],
    });
    expect(shape(stat("local x"))).toEqual({ kind: "Local", names: [{ kind: "TypedName", name: "x" }], exprs: [] });
  });

  test("assignment, calls and method calls", () => {
    expect(shape(stat("a, b.c, d[1] = 1, 2, 3"))).toEqual({
      kind: "Assign",
      targets: [n("a"), { kind: "Member", object: n("b"), name: "c" }, { kind: "Index", object: n("d"), key: int(1) }],
      exprs: [int(1), int(2), int(3)],
    });
    expect(shape(stat('f(1)"s"{}:m(2)'))).toEqual({
      kind: "CallStatement",
      call: {
        kind: "MethodCall",
        object: {
          kind: "Call",
          callee: { kind: "Call", callee: { kind: "Call", callee: n("f"), args: [int(1)] }, args: [str("s")] },
          args: [{ kind: "Table", fields: [] }],
        },
        name: "m",
        args: [int(2)],
      },
    });
  });

  test("function statements", () => {
    const s = stat("function a.b.c:m(x, ...) return self end");
    expect(s.kind).toBe("Function");
    if (s.kind !== "Function") return;
    expect(shape(s.base)).toEqual(n("a"));
    expect(s.path).toEqual(["b", "c"]);
    expect(s.method).toBe("m");
    expect(s.func.params.map((p) => p.name)).toEqual(["x"]);
    expect(s.func.isVararg).toBe(true);
    const lf = stat("local function f<T: Named>(x: T, ...: string): (number, string) end");
    expect(shape(lf)).toEqual({
      kind: "LocalFunction",
      name: { kind: "TypedName", name: "f" },
      func: {
        kind: "FunctionExpr",
        typeParams: [{ kind: "TypeParam", name: "T", constraint: named("Named") }],
        params: [{ kind: "Param", name: "x", type: named("T") }],
        isVararg: true,
        varargType: named("string"),
        returnTypes: [named("number"), named("string")],
        body: { kind: "Block", body: [] },
      },
    });
  });

  test("return annotations", () => {
    const ret = (src: string) => {
      const s = stat(`function f()${src} end`);
      return s.kind === "Function" ? shape(s.func.returnTypes) : undefined;
    };
    expect(ret("")).toBeUndefined();
    expect(ret(": ()")).toEqual([]);
    expect(ret(": number, string")).toEqual([named("number"), named("string")]);
    expect(ret(": (A, B)")).toEqual([named("A"), named("B")]);
    expect(ret(": (A) -> B")).toEqual([{ kind: "FunctionType", params: [{ kind: "FunctionTypeParam", type: named("A") }], returns: [named("B")] }]);
  });

  test("control structures", () => {
    expect(shape(stat("while x do break end"))).toEqual({
      kind: "While",
      condition: n("x"),
      body: { kind: "Block", body: [{ kind: "Break" }] },
    });
    expect(shape(stat("repeat local y = 1 until y"))).toMatchObject({ kind: "Repeat", condition: n("y") });
    expect(shape(stat("if a then elseif b then x() else end"))).toEqual({
      kind: "If",
      clauses: [
        { kind: "IfClause", condition: n("a"), body: { kind: "Block", body: [] } },
        {
          kind: "IfClause",
          condition: n("b"),
          body: { kind: "Block", body: [{ kind: "CallStatement", call: { kind: "Call", callee: n("x"), args: [] } }] },
        },
      ],
      orelse: { kind: "Block", body: [] },
    });
    expect(shape(stat("for i: integer = 1, 10, 2 do end"))).toEqual({
      kind: "NumericFor",
      variable: { kind: "TypedName", name: "i", type: named("integer") },
      init: int(1),
      limit: int(10),
      step: int(2),
      body: { kind: "Block", body: [] },
    });
    expect(shape(stat("for k, v in pairs(t) do end"))).toMatchObject({
      kind: "GenericFor",
      names: [{ name: "k" }, { name: "v" }],
      exprs: [{ kind: "Call", callee: n("pairs") }],
    });
    expect(shape(parse("goto l ::l:: do end").body.body)).toEqual([
      { kind: "Goto", label: "l" },
      { kind: "Label", name: "l" },
      { kind: "Do", body: { kind: "Block", body: [] } },
    ]);
  });

  test("type aliases and the contextual 'type'", () => {
    expect(shape(stat("type Box<T> = {value: T}"))).toEqual({
      kind: "TypeAlias",
      name: "Box",
      typeParams: [{ kind: "TypeParam", name: "T" }],
      type: { kind: "RecordType", fields: [{ kind: "RecordField", name: "value", optional: false, type: named("T") }] },
    });
    expect(stat("type(x)").kind).toBe("CallStatement");
    expect(stat("type = 3").kind).toBe("Assign");
    expect(stat("local type = 1").kind).toBe("Local");
    expect(shape(stat("x.type = 1"))).toMatchObject({ targets: [{ kind: "Member", name: "type" }] });
  });

  test("empty statements and semicolons are dropped", () => {
    expect(parse(";;x = 1;;").body.body.length).toBe(1);
  });
});

describe("expressions", () => {
  test("Lua's operator priorities and associativity", () => {
    expect(shape(expr("1 + 2 * 3"))).toEqual({
      kind: "Binary",
      operator: "+",
      left: int(1),
      right: { kind: "Binary", operator: "*", left: int(2), right: int(3) },
    });
    // -x^2 is -(x^2); ^ and .. are right associative
    expect(shape(expr("-x ^ 2"))).toEqual({
      kind: "Unary",
      operator: "-",
      operand: { kind: "Binary", operator: "^", left: n("x"), right: int(2) },
    });
    expect(shape(expr("2 ^ -3 ^ 2"))).toEqual({
      kind: "Binary",
      operator: "^",
      left: int(2),
      right: { kind: "Unary", operator: "-", operand: { kind: "Binary", operator: "^", left: int(3), right: int(2) } },
    });
    expect(shape(expr("a .. b .. c"))).toMatchObject({ operator: "..", left: n("a"), right: { operator: ".." } });
    expect(shape(expr("a - b - c"))).toMatchObject({ operator: "-", left: { operator: "-" }, right: n("c") });
    expect(shape(expr("not a == b"))).toMatchObject({ operator: "==", left: { kind: "Unary", operator: "not" } });
    expect(shape(expr("a or b and c"))).toMatchObject({ operator: "or", right: { operator: "and" } });
    expect(shape(expr("a | b ~ c & d << e"))).toMatchObject({
      operator: "|",
      right: { operator: "~", right: { operator: "&", right: { operator: "<<" } } },
    });
    expect(shape(expr("a ~= b"))).toMatchObject({ operator: "~=" });
    expect(shape(expr("~x"))).toMatchObject({ kind: "Unary", operator: "~" });
    expect(shape(expr("#t // 2 % 3"))).toMatchObject({ operator: "%", left: { operator: "//" } });
  });

  test("casts and non-nil assertions are postfix and bind tightest", () => {
    expect(shape(expr("-x :: number"))).toEqual({
      kind: "Unary",
      operator: "-",
      operand: { kind: "Cast", expr: n("x"), type: named("number"), syntax: "::" },
    });
    expect(shape(expr("a + b as T"))).toMatchObject({ operator: "+", right: { kind: "Cast", syntax: "as" } });
    expect(shape(expr("(u!).name"))).toEqual({
      kind: "Member",
      object: { kind: "Paren", expr: { kind: "NonNil", expr: n("u") } },
      name: "name",
    });
    expect(shape(expr("x :: A | B"))).toMatchObject({ kind: "Cast", type: { kind: "UnionType" } });
    expect(shape(expr("a!!"))).toMatchObject({ kind: "NonNil", expr: { kind: "NonNil" } });
  });

  test("'::' before 'Name ::' is a label, 'as' is contextual", () => {
    expect(parse("print(i) ::continue::").body.body.map((s) => s.kind)).toEqual(["CallStatement", "Label"]);
    expect(parse("x = y ::l::").body.body.map((s) => s.kind)).toEqual(["Assign", "Label"]);
    // In statement-tail position `as "s"` starts a new statement: as("s").
    expect(parse('x = y as "s"').body.body.map((s) => s.kind)).toEqual(["Assign", "CallStatement"]);
    expect(shape(expr('f(y as "s")'))).toMatchObject({ args: [{ kind: "Cast", type: { kind: "LiteralType" } }] });
    expect(parse("f() as = 1").body.body.map((s) => s.kind)).toEqual(["CallStatement", "Assign"]);
    expect(stat("local as = 2").kind).toBe("Local");
  });

  test("table constructors", () => {
    expect(shape(expr("{1, x = 2; [3] = 4,}"))).toEqual({
      kind: "Table",
      fields: [
        { kind: "PositionalField", value: int(1) },
        { kind: "NamedField", name: "x", value: int(2) },
        { kind: "KeyedField", key: int(3), value: int(4) },
      ],
    });
    expect(shape(expr("{x == 1}"))).toMatchObject({ fields: [{ kind: "PositionalField", value: { operator: "==" } }] });
  });

  test("functions and varargs", () => {
    expect(shape(expr("function(...) return ... end"))).toEqual({
      kind: "FunctionExpr",
      params: [],
      isVararg: true,
      body: { kind: "Block", body: [{ kind: "Return", exprs: [{ kind: "Vararg" }] }] },
    });
  });
});

describe("literals", () => {
  test("integers, floats and their limits", () => {
    expect(shape(expr("9007199254740991"))).toEqual(int(9007199254740991));
    expect(shape(expr("9007199254740993"))).toEqual(int(9007199254740993n));
    expect(shape(expr("9223372036854775807"))).toEqual(int(9223372036854775807n));
    // Decimal overflow becomes a float; hex wraps modulo 2^64.
    expect(shape(expr("9223372036854775808"))).toEqual({ kind: "Float", value: 9223372036854775808 });
    expect(shape(expr("0xffffffffffffffff"))).toEqual(int(-1));
    expect(shape(expr("0x7fffffffffffffff"))).toEqual(int(9223372036854775807n));
    expect(shape(expr("0x10000000000000000"))).toEqual(int(0));
    for (const [src, value] of [
      ["1e10", 1e10],
      [".5", 0.5],
      ["5.", 5],
      ["3.0", 3],
      ["0x1p4", 16],
      ["0x.8", 0.5],
      ["0xA.8p-1", 5.25],
      ["1E+2", 100],
    ] as const) {
      expect(shape(expr(src))).toEqual({ kind: "Float", value });
    }
  });

  test("string escapes", () => {
    expect(shape(expr('"a\\tb\\n\\\\\\"\\\'\\65\\x41\\u{48}\\0"'))).toEqual(str("a\tb\n\\\"'AAH\0"));
    expect(shape(expr('"\\u{7FF}\\u{10FFFF}"'))).toEqual(str("\xDF\xBF\xF4\x8F\xBF\xBF"));
    expect(shape(expr('"a\\z  \n  b"'))).toEqual(str("ab"));
    expect(shape(expr('"a\\\r\nb"'))).toEqual(str("a\nb"));
    expect(shape(expr('"\\a\\b\\f\\v\\r"'))).toEqual(str("\x07\b\f\v\r"));
  });

  test("long strings", () => {
    expect(shape(expr("[[\nline]]"))).toEqual(str("line"));
    expect(shape(expr("[==[ a ]] ]=] ]==]"))).toEqual(str(" a ]] ]=] "));
    expect(shape(expr("[[\r\na\rb\n\rc]]"))).toEqual(str("a\nb\nc"));
  });

  test("bytes above 127 are kept as they are", () => {
    expect(shape(expr('"\xe9\xff"'))).toEqual(str("\xe9\xff"));
    expect(shape(expr("[[\x80]]"))).toEqual(str("\x80"));
    expect(parse("-- \xff comment\nx = 1").body.body.length).toBe(1);
  });
});

describe("types", () => {
  test("type expressions", () => {
    expect(shape(type("number | string & B"))).toEqual({
      kind: "UnionType",
      types: [named("number"), { kind: "IntersectionType", types: [named("string"), named("B")] }],
    });
    expect(shape(type("(a: number, string, ...boolean) -> string | nil"))).toEqual({
      kind: "FunctionType",
      params: [
        { kind: "FunctionTypeParam", name: "a", type: named("number") },
        { kind: "FunctionTypeParam", type: named("string") },
      ],
      vararg: named("boolean"),
      returns: [{ kind: "UnionType", types: [named("string"), { kind: "LiteralType", literal: { kind: "Nil" } }] }],
    });
    expect(shape(type("() -> ()"))).toEqual({ kind: "FunctionType", params: [], returns: [] });
    expect(shape(type("{[string]: number}"))).toEqual({ kind: "MapType", key: named("string"), value: named("number") });
    expect(shape(type("number[]"))).toEqual({ kind: "ArrayType", element: named("number") });
    expect(shape(type("{number}"))).toEqual({ kind: "ArrayType", element: named("number") });
    expect(shape(type("{}"))).toEqual({ kind: "RecordType", fields: [] });
    expect(shape(type("Box<Box<number>>"))).toEqual(named("Box", [named("Box", [named("number")])]));
    expect(shape(type("(number | string)?"))).toMatchObject({ kind: "OptionalType", inner: { kind: "UnionType" } });
    expect(shape(type('"low" | 1 | 2.5 | true'))).toEqual({
      kind: "UnionType",
      types: [
        { kind: "LiteralType", literal: str("low") },
        { kind: "LiteralType", literal: int(1) },
        { kind: "LiteralType", literal: { kind: "Float", value: 2.5 } },
        { kind: "LiteralType", literal: { kind: "True" } },
      ],
    });
  });

  test("records, optional fields and keyword field names", () => {
    expect(shape(type("{x: number, y?: string; end: boolean,}"))).toEqual({
      kind: "RecordType",
      fields: [
        { kind: "RecordField", name: "x", optional: false, type: named("number") },
        { kind: "RecordField", name: "y", optional: true, type: named("string") },
        { kind: "RecordField", name: "end", optional: false, type: named("boolean") },
      ],
    });
  });

  test("validators", () => {
    expect(shape(type("number @min(0) @max(100)"))).toEqual({
      kind: "ValidatedType",
      type: named("number"),
      validators: [
        { kind: "Validator", name: "min", args: [int(0)] },
        { kind: "Validator", name: "max", args: [int(100)] },
      ],
    });
    expect(shape(type("integer @min(-5)"))).toMatchObject({
      validators: [{ args: [{ kind: "Unary", operator: "-", operand: int(5) }] }],
    });
    // Validators bind to the primary type, before '?' and '[]' ...
    expect(shape(type("number @min(0)?"))).toMatchObject({ kind: "OptionalType", inner: { kind: "ValidatedType" } });
    expect(shape(type("{number @min(0)} @min_len(1)"))).toMatchObject({
      kind: "ValidatedType",
      type: { kind: "ArrayType", element: { kind: "ValidatedType" } },
    });
    // ... except after a record field's whole type.
    expect(shape(type("{f: number? @max(3)}"))).toMatchObject({
      fields: [{ type: { kind: "ValidatedType", type: { kind: "OptionalType" } } }],
    });
    expect(shape(type("string @trim"))).toMatchObject({ validators: [{ name: "trim", args: [] }] });
  });
});

describe("positions", () => {
  test("spans follow the shared rules", () => {
    const src = "local x = (1 + 2)\nif a then\nelse\n  f()\nend";
    const chunk = parse(src);
    expect(chunk).toMatchObject({ line: 1, column: 1, start: 0, end: src.length, endLine: 5, endColumn: 4 });
    const [local, ifs] = chunk.body.body as [Statement, Statement];
    expect(local).toMatchObject({ start: 0, end: 17, line: 1, column: 1, endLine: 1, endColumn: 18 });
    if (local.kind !== "Local" || ifs.kind !== "If") throw new Error("unexpected kinds");
    expect(local.exprs[0]).toMatchObject({ kind: "Paren", start: 10, end: 17 });
    // An empty if-clause ends at 'then'; its empty block sits at 'else'.
    expect(ifs.clauses[0]).toMatchObject({ start: 18, end: 27, endLine: 2, endColumn: 10 });
    expect(ifs.clauses[0]!.body).toMatchObject({ start: 28, end: 28, line: 3, column: 1 });
    expect(ifs.orelse).toMatchObject({ line: 4, column: 3, endLine: 4, endColumn: 6 });
  });

  test("every line break form counts once", () => {
    const chunk = parse("a = 1\r\nb = 2\n\rc = 3\rd = 4");
    expect(chunk.body.body.map((s) => s.line)).toEqual([1, 2, 3, 4]);
  });

  test("a first line starting with # is skipped but counted", () => {
    const chunk = parse("#!/usr/bin/lua\nx = 1");
    expect(chunk.body.body[0]).toMatchObject({ kind: "Assign", line: 2, column: 1, start: 15 });
  });

  test("grouping parentheses extend the enclosing construct", () => {
    const s = stat("local x: (T)");
    if (s.kind !== "Local") throw new Error("not a local");
    expect(s.names[0]).toMatchObject({ start: 6, end: 12 });
    expect(s.names[0]!.type).toMatchObject({ kind: "NamedType", start: 10, end: 11 });
  });
});

describe("syntax errors", () => {
  const cases: [string, string][] = [
    ["x = = 1", "test:1: unexpected symbol near '='"],
    ["for i 1", "test:1: '=' or 'in' expected near '1'"],
    ["local function", "test:1: <name> expected near <eof>"],
    ["f(1", "test:1: ')' expected near <eof>"],
    ["function f()\n x = 1\n", "test:3: 'end' expected (to close 'function' at line 1) near <eof>"],
    ["repeat\n x = 1\n", "test:3: 'until' expected (to close 'repeat' at line 1) near <eof>"],
    ["x = {1, 2\n\n", "test:3: '}' expected (to close '{' at line 1) near <eof>"],
    ["x = 1 end", "test:1: <eof> expected near 'end'"],
    ["return 1 x = 2", "test:1: <eof> expected near 'x'"],
    ["if x then else elseif y then end", "test:1: 'end' expected near 'elseif'"],
    ["x", "test:1: syntax error near <eof>"],
    ["a:b", "test:1: function arguments expected near <eof>"],
    ["function f(a, ) end", "test:1: <name> or '...' expected near ')'"],
    ["x = a.1", "test:1: unexpected symbol near '.1'"],
    ['x = "abc', "test:1: unfinished string near <eof>"],
    ['x = "a\\qb"', "test:1: invalid escape sequence near '\"a\\q'"],
    ['x = "\\256"', "test:1: decimal escape too large near '\"\\256\"'"],
    ['x = "\\u{110000}"', "test:1: UTF-8 value too large near '\"\\u{110000'"],
    ["x = 3..2", "test:1: malformed number near '3..2'"],
    ["x = [==[ abc ]=]", "test:1: unfinished long string (starting at line 1) near <eof>"],
    ["x = 1 --[[ open", "test:1: unfinished long comment (starting at line 1) near <eof>"],
    ["local x <const> = 1", "test:1: unexpected symbol near '<'"],
    ["x = {;}", "test:1: unexpected symbol near ';'"],
    ["local x: = 1", "test:1: type expected near '='"],
    ["type X = typeof(x)", "test:1: syntax error near '('"],
  ];
  test.each(cases)("%j", (src, message) => {
    expect(syntaxError(src).message).toBe(message);
  });

  test("later type syntax is rejected", () => {
    for (const src of [
      "local x: fun(x: number) = 1",
      "local x: keyof T = 1",
      "local x: readonly {a: number} = 1",
      'local x: T["k"] = 1',
      "local x: A extends B = 1",
      "local x: T\n(f)(y)",
    ]) {
      expect(syntaxError(src)).toBeInstanceOf(LuaSyntaxError);
    }
  });

  test("incomplete is set exactly at the end of input", () => {
    expect(syntaxError("function f()").incomplete).toBe(true);
    expect(syntaxError("x = ").incomplete).toBe(true);
    expect(syntaxError('x = "abc').incomplete).toBe(true);
    expect(syntaxError("x = = 1").incomplete).toBe(false);
  });

  test("chunk names as Lua shows them", () => {
    expect(syntaxError("x =", "@dir/file.lua").message).toBe("dir/file.lua:1: unexpected symbol near <eof>");
    expect(syntaxError("x =", "x =").message).toBe('[string "x ="]:1: unexpected symbol near <eof>');
  });

  test("nesting deeper than Lua allows is a Lua error, never a RangeError", () => {
    expect(syntaxError(`return ${"(".repeat(300)}1${")".repeat(300)}`).message).toBe(
      "test:1: too many C levels (limit is 200) in main function near '('",
    );
    expect(syntaxError(`return ${"(".repeat(197)}1${")".repeat(197)}`).message).toBe(
      "test:1: too many C levels (limit is 200) in main function near '1'",
    );
    expect(() => parse(`return ${"(".repeat(196)}1${")".repeat(196)}`)).not.toThrow();
    const deep = syntaxError(`x = ${"(\n".repeat(5000)}1${")".repeat(5000)}`);
    expect(deep.message).toBe("test:198: too many C levels (limit is 200) in main function near '('");
    expect(syntaxError(`x = ${"{".repeat(10000)}${"}".repeat(10000)}`).message).toMatch(/too many C levels/);
    expect(syntaxError("x = function()\n".repeat(150) + "end\n".repeat(150)).message).toMatch(
      /^test:\d+: too many C levels \(limit is 200\) in function at line \d+ near 'x'$/,
    );
  });
});
