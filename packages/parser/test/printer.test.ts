// printLua: parse(printLua(parse(src))) equals parse(src) without positions.

import { describe, expect, it, test } from "vitest";
import type { Chunk, Expression, Statement } from "../src/ast.js";
import { parse, printLua } from "../src/index.js";
import { formatFloat, formatInteger, quoteString } from "../src/printer.js";
import { strip } from "./helpers.js";

function roundTrip(src: string): string {
  const a = parse(src, { chunkName: "=a" });
  const printed = printLua(a);
  const b = parse(printed, { chunkName: "=b" });
  expect(strip(b), printed).toEqual(strip(a));
  return printed;
}

function valueOf(text: string): unknown {
  const r = parse("return " + text).body.body[0] as Extract<Statement, { kind: "Return" }>;
  return (r.exprs[0] as { value?: unknown }).value;
}

describe("literals", () => {
  it("strings: every byte survives", () => {
    let all = "";
    for (let i = 0; i < 256; i++) all += String.fromCharCode(i);
    const q = quoteString(all + "1\0" + "2");
    expect(valueOf(q)).toBe(all + "1\0" + "2");
    expect(quoteString('a"b\\c\n')).toBe('"a\\"b\\\\c\\n"');
    expect(quoteString("\x001")).toBe('"\\0001"');
  });
  it("floats read back as the same double", () => {
    const values = [0, 0.1, 1, 1.5, 100, 1e15, 1e16, 2 ** 53, 2 ** 53 + 2, 2 ** 63, 1e21, 1e300, 1e-300, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, Infinity, 123456.789e-7];
    for (const v of values) {
      const text = formatFloat(v);
      const back = parse("return " + text).body.body[0] as Extract<Statement, { kind: "Return" }>;
      expect(back.exprs[0], text).toMatchObject({ kind: "Float", value: v });
    }
    expect(formatFloat(1)).toBe("1.0");
    expect(formatFloat(2 ** 53)).toBe("9007199254740992.0");
    expect(formatFloat(1e300)).toBe("1e+300");
    expect(formatFloat(Infinity)).toBe("1e9999");
    expect(formatFloat(-Infinity)).toBe("(-1e9999)");
    expect(formatFloat(NaN)).toBe("(0/0)");
    expect(formatFloat(-0)).toBe("(-0.0)");
    expect(formatFloat(-2.5)).toBe("(-2.5)");
  });
  it("integers exactly, negative ones (from wrapping hex numerals) as hex", () => {
    expect(formatInteger(42)).toBe("42");
    expect(formatInteger(9223372036854775807n)).toBe("9223372036854775807");
    expect(formatInteger(-1)).toBe("0xffffffffffffffff");
    expect(formatInteger(-9223372036854775808n)).toBe("0x8000000000000000");
    for (const v of [0, 1, -1, 2 ** 53 - 1, -(2 ** 53 - 1), 9223372036854775807n, -9223372036854775808n, -9007199254740993n]) {
      expect(valueOf(formatInteger(v))).toBe(v);
    }
  });
});

describe("round trips", () => {
  const cases = [
    "x = - -1",
    "x = - - -x",
    "x = a - -b",
    "x = -(-x)",
    "x = 2 ^ -3",
    "x = -x ^ 2",
    "x = (-x) ^ 2",
    "x = not not x",
    "x = ~ ~x",
    "x = a .. b .. c",
    "x = (a .. b) .. c",
    "x = a - (b - c)",
    "x = (a + b) * c",
    "x = 1 .. 2",
    "x = 1.5 .. 2",
    "x = 0xffffffffffffffff",
    "x = 0x8000000000000000",
    "x = 1e999",
    "x = -0.0",
    "x = {1, 2; x = 3, ['y'] = 4, [5] = function() end}",
    'f"str" f{1} f[[long\nstring]] a:b"c" a.b.c:d{e}',
    "local a = 1\n(f or g)()",
    "x = y\n(f)()",
    "(f)()",
    "(a).b = 1",
    "do (f)() end",
    "local function f(...) return ... end",
    "function a.b.c:m(x, ...) return self, x end",
    "for i = 1, 10, 2 do print(i) end for k, v in pairs(t) do end",
    "while x do break end repeat local y until y",
    "if a then b() elseif c then d() else e() end",
    "goto l ::l:: ::m:: return",
    "print(i) ::continue::",
    "x = y ::l::",
    "f()\nas = 1",
    "x = y\nas('z')",
    "type(x) local type = 1 type = 3",
    "local x: number?, y: {string} = nil",
    "function f<T: Named, U>(x: T, ...: number): (T, U) end",
    "local function f(): () end local function g(): number, string end",
    "local f: (a: number, ...string) -> string | nil = g",
    "local f: ((number) -> string) | nil = g",
    "type Point = {x: number, y?: number; z: {[string]: boolean},}",
    "type Box<T> = {value: T} local b: Box<Box<number>>= 1",
    "type K = {end: number, nil?: string}",
    "type G = (number | string)? type A = number[][] type I = A & B | C & (D | E)",
    "type F = () -> () type F2 = () -> () -> number type F3 = (number) -> (string, number)",
    "type U = integer @min(1) | string @min_len(1) type O = number @min(0)?",
    "type T = {age: integer @min(0), tags: {string} @min_len(1), n: number? @min(-1), p: string @pattern(\"^a\\n\")}",
    "local x = y :: Account local z = w as T",
    "local x = (u!).name local n = -x :: number",
    "x = a :: A | B x = (a :: A) | b x = a :: integer | 0x10",
    "x = a + b as T x = 2 ^ x! x = not a as boolean",
    "x = y :: T? :: U x = (y :: T) :: U",
    "return y as {number}",
    "x = (y as {number})",
    "local pct: number @min(0) @max(100) = 40",
    "for i: integer = 1, 2 do end for k: string, v: number? in pairs(t) do end",
    "x = function<T>(a: T): T return a end",
  ];
  test.each(cases)("%j", (src) => {
    roundTrip(src);
  });
  it("prints readable code", () => {
    expect(printLua(parse("if a then b() else c() end while x do y() end"))).toBe(
      "if a then\n  b()\nelse\n  c()\nend\nwhile x do\n  y()\nend\n",
    );
    expect(printLua(parse("x = y;(f)()"))).toBe("x = y\n;(f)()\n");
  });
});

describe("hand-built trees", () => {
  const span = { line: 1, column: 1, start: 0, end: 0, endLine: 1, endColumn: 1 };
  const name = (n: string): Expression => ({ kind: "Name", name: n, ...span });
  const int = (v: number | bigint): Expression => ({ kind: "Integer", value: v, ...span });
  const bin = (operator: any, left: Expression, right: Expression): Expression => ({ kind: "Binary", operator, left, right, ...span });
  const un = (operator: any, operand: Expression): Expression => ({ kind: "Unary", operator, operand, ...span });
  const chunkOf = (e: Expression): Chunk => ({
    kind: "Chunk",
    body: { kind: "Block", body: [{ kind: "Return", exprs: [e], ...span }], ...span },
    ...span,
  });
  const printed = (e: Expression) => printLua(chunkOf(e)).trim();
  it("adds the parentheses the shape needs", () => {
    expect(printed(bin("*", bin("+", name("a"), name("b")), name("c")))).toBe("return (a + b) * c");
    expect(printed(bin("-", name("a"), bin("-", name("b"), name("c"))))).toBe("return a - (b - c)");
    expect(printed(bin("..", bin("..", name("a"), name("b")), name("c")))).toBe("return (a .. b) .. c");
    expect(printed(bin("^", un("-", name("a")), name("b")))).toBe("return (-a) ^ b");
    expect(printed(un("-", bin("+", name("a"), name("b"))))).toBe("return -(a + b)");
    expect(printed(un("-", int(-1)))).toBe("return -0xffffffffffffffff");
    expect(printed({ kind: "Call", callee: { kind: "String", value: "x", ...span }, args: [], ...span })).toBe('return ("x")()');
    expect(printed({ kind: "Cast", expr: bin("+", name("a"), name("b")), type: { kind: "NamedType", name: "T", args: undefined, ...span }, syntax: "::", ...span })).toBe(
      "return (a + b) :: T",
    );
    expect(printed(bin("|", { kind: "Cast", expr: name("a"), type: { kind: "NamedType", name: "T", args: undefined, ...span }, syntax: "::", ...span }, name("b")))).toBe(
      "return (a :: T) | b",
    );
    expect(printed({ kind: "Float", value: NaN, ...span })).toBe("return (0/0)");
  });
  it("long left-associative chains do not recurse", () => {
    let e: Expression = name("a");
    for (let i = 0; i < 100000; i++) e = bin("+", e, int(1));
    expect(printed(e).length).toBe("return a".length + 4 * 100000);
    let m: Expression = name("a");
    for (let i = 0; i < 100000; i++) m = { kind: "Member", object: m, name: "b", ...span };
    expect(printed(m).length).toBe("return a".length + 2 * 100000);
  });
});
