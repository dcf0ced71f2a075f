// The Ohm grammar of record and the fast parser must agree: the same AST
// (positions included) for every valid program, and a syntax error on the
// same line for every invalid one.

import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, test } from "vitest";
import { LuaSyntaxError, loadOhmParser, parse } from "../src/index.js";

beforeAll(async () => {
  await loadOhmParser();
});

function bothParsers(src: string, chunkName = "=test") {
  return {
    fast: parse(src, { chunkName }),
    ohm: parse(src, { chunkName, parser: "ohm" }),
  };
}

function errorOf(src: string, parser: "fast" | "ohm"): LuaSyntaxError {
  try {
    parse(src, { chunkName: "=test", parser });
  } catch (e) {
    if (e instanceof LuaSyntaxError) return e;
    throw e;
  }
  throw new Error(`${parser} accepted ${JSON.stringify(src)}`);
}

// One snippet per construct and annotation form.
const VALID = [
  "local a, b: number, c: string? = 1, 2",
  "local x",
  'local function f<T: Named>(x: T, y: {number}, ...: string): (number, string) return 1, "a" end',
  "local function g<T, U: {number}>() end",
  "function a.b.c:m(x) return self end",
  "function f(): () end",
  'function f(): number, string return 1, "" end',
  "function f(): (A) -> B end",
  "function f(): (A, B) -> C end",
  "function f(...): number end",
  "local function f(a: number, ...: string) end",
  "x, y.z, w[1] = 1, 2, 3",
  'f(1)("a"){x = 1}:m "s"',
  "do local x = 1; ; end",
  "x = 1;;;",
  "while x do break end",
  "repeat local y = 1 until y",
  "if a then b() elseif c then d() else e() end",
  "if a then elseif b then else end",
  "for i: integer = 1, 10, 2 do end",
  "for k, v in pairs(t) do end",
  "return",
  "return 1, 2;",
  "goto l ::l::",
  "for i = 1, 2 do ::continue:: end",
  "type Point = {x: number, y: number}",
  "type Box<T> = {value: T}",
  "type X<T: number, U> = {T: U}",
  "type Opt = number?",
  "type A = number | string & B",
  "type F = (a: number, string, ...boolean) -> string | nil",
  "type F2 = () -> ()",
  "type F3 = (number) -> (number, string)",
  "type F4 = (...number) -> ()",
  "type F5 = (a: number) -> (number, string) -> boolean",
  "type G = ((number) -> string) | nil",
  "type M = {[string]: number}",
  "type Arr = number[][]",
  "type Arr2 = {number @min(0)} @min_len(1)",
  'type L = "low" | "high" | 1 | 2.5 | true | false | nil | 0x10 | [[c]]',
  "type V = number @min(0) @max(100)",
  "type V2 = number @min(0)?",
  "type R = {name: string @min_len(1), age?: integer @min(0), f: number? @max(3)}",
  "type R2 = {a: number; b: string;}",
  "type R3 = {x ? : number}",
  "type Rec = {end: number, type: string}",
  "type E = {}",
  "type N = Box<Box<number>>",
  "type P = (number | string)?",
  "type P2 = ((number))?",
  "type P3 = (A | B)[]",
  'type S = string @pattern("x", nil, true, false, -1.5)',
  "type W = number @foo",
  "type X = typeof",
  "local x = y :: number",
  "local x = y as number",
  "local x = (u!).name",
  "local x = -x :: number",
  "local x = a + b as T",
  "local x = 2 ^ x!",
  "x = a :: A | B",
  "x = a :: Box<number>",
  "x = a :: T <= b",
  "x = a :: T<b> < c",
  "x = a as integer & B",
  "x = (a :: T).f",
  "x = (y :: A) :: B",
  "x = a!!",
  "x = a :: A as B",
  "x = #a!",
  "x = not a as boolean",
  "x = a .. b :: string .. c",
  "f(a :: (T))",
  "x = y as {a}",
  "local x = y as (T)",
  "f(x as (T))",
  'x = f(y as "s")',
  "local x: Box<T>= 1",
  "local x: number?, y: string",
  "local x: {x: number}? = nil",
  "local f: (number) -> number = function(x: number): number return x end",
  "return x :: number",
  "return (x)!",
  "print(i) ::continue::",
  "x = y ::l::",
  'x = y as "s"',
  'x = y\nas "s"',
  'repeat until x as "s"',
  "repeat until x as y",
  "as = 1",
  "f() as = 1",
  "type(x)",
  "local type = 1",
  "type = 3",
  "x.type = 1",
  "local as = 2",
  "x = function<T>(a: T) end",
  "x = a ~= b",
  "x = -2 ^ -3 ^ 2",
  "x = not a == b",
  "x = a or b and c",
  "x = 1 + 2 * 3 - 4 / 5 // 6 % 7",
  "x = a | b ~ c & d << e >> f",
  "x = a < b, a <= b, a > b, a >= b",
  "x = #t, ~x, - -x",
  "x = 0x10, 0xffffffffffffffff, 9223372036854775807, 9223372036854775808, 1e10, .5, 5., 0x1p4, 0x.8, 0xA.8p-1, 3.0",
  'x = "a\\tb\\n\\\\\\"\\\'\\65\\x41\\u{48}\\z   \n   c"',
  "x = [[\nline]]",
  "x = [==[ a ]] ]=] ]==]",
  "x = 'a\\\nb'",
  "x = {1, 2; 3, [4] = 5, x = 6,}",
  "x = function(...) return ... end",
  "x = {f = function() end}",
  "x = a.b.c[d]:e(f)",
  "x = f{...}",
  "x = f[[a]]",
  'x = a:b{}:c""',
  "local x = 1 -- comment\n-- another\n--[[ long\ncomment ]] y = 2",
  "local x = 1 --[==[ long ]==] y = 2",
  "#!/usr/bin/env lua\nprint(1)",
  "a = 1\r\nb = 2\n\rc = 3\rd = 4",
  'x = "\xe9\xff"',
];

// Rejected by both, on the same line (messages may differ in wording).
const INVALID = [
  "x = = 1",
  "f() = 1",
  "x",
  "x y",
  "x, y",
  "for i 1",
  "for a, b = 1",
  "local function",
  "local 1",
  "x =",
  "f(1",
  "f(",
  "function f() x = 1",
  "function f()\n x = 1\n",
  "if x then y = 1\n",
  "if x\nthen\n y = 1 else",
  "while x do\n\n",
  "repeat x = 1",
  "repeat\n x = 1\n",
  "a:b",
  "a:b = 1",
  "function f",
  "x = {1, 2",
  "x = {1, 2\n\n",
  "x = (1\n\n",
  'x = "abc',
  'x = "a\\qb"',
  'x = "\\256"',
  'x = "\\u{110000}"',
  'x = "\\xg"',
  "x = 3..2",
  "x = 0x",
  "x = [==[ abc ]=]",
  "x = 1 --[[ open",
  "return return",
  "return 1 x = 2",
  "end",
  "x = 1 end",
  "goto 1",
  "::a",
  "local x <const> = 1",
  "x = a.1",
  "x = a[1",
  "t = {x 1}",
  "x = {;}",
  "x = {,}",
  "type X = ",
  "local x: = 1",
  "local x: number | = 1",
  "function f(a, ) end",
  "function f(a b) end",
  "x = function() end end",
  "if x then else elseif y then end",
  "x = 1 +\n\n\n",
  "x = y :: A :: B",
  "x = a :: T < b",
  "x = y :: Box<Box<T>>= 1",
  "type X = typeof(x)",
  "type X = typeof Y",
  "type X = readonly {a: number}",
  "type X = fun(x: number)",
  'type X = T["k"]',
  "type X = A extends B",
  "local x: T\n(f)(y)",
  "local x: Box<T>\n(f)(y)",
  "type X = {[K]: V,}",
  "type X = {;}",
  "function f(...): ...number end",
  "x = u!.name",
  "f()!",
  "x = a\n\n+",
  "break",
  "goto nowhere",
  "local x = ...\nfunction f() return ... end",
  "::a:: ::a::",
  `return ${"(".repeat(300)}1${")".repeat(300)}`,
  `x = ${"(\n".repeat(3000)}1${")".repeat(3000)}`,
  "if x then\n".repeat(250) + "end\n".repeat(250),
  "x = function()\n".repeat(1000) + "end\n".repeat(1000),
  `local x: ${"{".repeat(300)}number${"}".repeat(300)}`,
];

describe("same AST as the fast parser", () => {
  test.each(VALID)("%j", (src) => {
    const { fast, ohm } = bothParsers(src);
    expect(ohm).toEqual(fast);
  });
});

describe("rejected on the same line as by the fast parser", () => {
  test.each(INVALID)("%j", (src) => {
    const fast = errorOf(src, "fast");
    const ohm = errorOf(src, "ohm");
    expect({ line: ohm.line, incomplete: ohm.incomplete }).toEqual({ line: fast.line, incomplete: fast.incomplete });
    expect(ohm.message).toMatch(new RegExp(`^test:${fast.line}: `));
  });
});

const OFFICIAL = fileURLToPath(new URL("../../../.official-tests/", import.meta.url));
const officialFiles = existsSync(OFFICIAL) ? readdirSync(OFFICIAL).filter((f) => f.endsWith(".lua")).sort() : [];

describe.skipIf(officialFiles.length === 0)("official Lua 5.3 test suite files (skipped: .official-tests/ is absent)", () => {
  test.each(officialFiles)("%s", (file) => {
    const src = readFileSync(OFFICIAL + file, "latin1");
    const { fast, ohm } = bothParsers(src, "@" + file);
    expect(ohm).toEqual(fast);
  });
});
