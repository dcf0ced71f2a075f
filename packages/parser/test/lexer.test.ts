// Scanner: numerals, strings, comments, line counting, token rendering.

import { describe, expect, it, test } from "vitest";
import type { Statement } from "../src/ast.js";
import { Lexer, TK_EOS, TK_FLT, TK_INT, TK_NAME, TK_STRING, TK_DBCOLON, TK_SHR, convertNumeral, tokenToString } from "../src/lexer.js";
import { parse } from "../src/index.js";
import { p } from "./helpers.js";

function lit(src: string): { kind: string; value: unknown } {
  const s = p("return " + src).body.body[0] as Extract<Statement, { kind: "Return" }>;
  const e = s.exprs[0] as { kind: string; value?: unknown };
  return { kind: e.kind, value: e.value };
}

// [numeral, math.type, %d or %.17g] from lua5.3
const NUMERALS: [string, "integer" | "float", string][] = [
  ["0", "integer", "0"],
  ["1", "integer", "1"],
  ["42", "integer", "42"],
  ["007", "integer", "7"],
  ["9007199254740991", "integer", "9007199254740991"],
  ["9007199254740992", "integer", "9007199254740992"],
  ["9223372036854775807", "integer", "9223372036854775807"],
  ["9223372036854775808", "float", "9.2233720368547758e+18"],
  ["18446744073709551615", "float", "1.8446744073709552e+19"],
  ["1e2", "float", "100"],
  ["1E2", "float", "100"],
  ["1e+2", "float", "100"],
  ["1e-2", "float", "0.01"],
  [".5", "float", "0.5"],
  ["5.", "float", "5"],
  ["3.25", "float", "3.25"],
  ["0.1", "float", "0.10000000000000001"],
  ["1e308", "float", "1e+308"],
  ["1e309", "float", "inf"],
  ["2e-324", "float", "0"],
  ["4.9e-324", "float", "4.9406564584124654e-324"],
  ["0x10", "integer", "16"],
  ["0XfF", "integer", "255"],
  ["0x7fffffffffffffff", "integer", "9223372036854775807"],
  ["0x8000000000000000", "integer", "-9223372036854775808"],
  ["0xffffffffffffffff", "integer", "-1"],
  ["0x1ffffffffffffffff", "integer", "-1"],
  ["0x123456789abcdef01", "integer", "2541551405711093505"],
  ["0x.8", "float", "0.5"],
  ["0x1p4", "float", "16"],
  ["0x1P-2", "float", "0.25"],
  ["0xA.8p-1", "float", "5.25"],
  ["0x.1p4", "float", "1"],
  ["0x1.8", "float", "1.5"],
  ["0xffffffffffffffffp0", "float", "1.8446744073709552e+19"],
  ["0x1p-1074", "float", "4.9406564584124654e-324"],
  ["0x1p-1075", "float", "0"],
  ["0x1.8p-1075", "float", "4.9406564584124654e-324"],
  ["0x1p1023", "float", "8.9884656743115795e+307"],
  ["0x1p1024", "float", "inf"],
  ["0x1.fffffffffffff8p1023", "float", "inf"],
  ["0x1.fffffffffffff7ffffffp1023", "float", "1.7976931348623157e+308"],
  ["0x.000000000000000000000000000000000001p200", "float", "72057594037927936"],
  ["123456789012345678901234567890", "float", "1.2345678901234568e+29"],
];

describe("numerals", () => {
  test.each(NUMERALS)("%s", (src, type, text) => {
    const { kind, value } = lit(src);
    if (type === "integer") {
      expect(kind).toBe("Integer");
      expect(BigInt(value as number | bigint)).toBe(BigInt(text));
      // canonical form: a number within ±(2^53-1), else a bigint
      const big = BigInt(text);
      const safe = big >= -9007199254740991n && big <= 9007199254740991n;
      expect(typeof value).toBe(safe ? "number" : "bigint");
    } else {
      expect(kind).toBe("Float");
      const expected = text === "inf" ? Infinity : Number(text);
      expect(value).toBe(expected);
    }
  });
  it("float literals with integral values stay floats", () => {
    expect(lit("1.0")).toEqual({ kind: "Float", value: 1 });
    expect(lit("3e0")).toEqual({ kind: "Float", value: 3 });
  });
  it("0x1e+5 is 0x1e plus 5 (exponent letters of hex numerals are p/P)", () => {
    const s = p("return 0x1e+5").body.body[0] as Extract<Statement, { kind: "Return" }>;
    expect(s.exprs[0]!.kind).toBe("Binary");
  });
  it("convertNumeral rejects malformed numerals", () => {
    for (const s of ["0x", "1e", "1e+", "3..2", "0x1p", ".", "0x.p1", "1.2.3", "3a", "0b101"]) {
      expect(convertNumeral(s), s).toBeUndefined();
    }
  });
});

describe("strings", () => {
  const cases: [string, string][] = [
    [`"abc"`, "abc"],
    [`'a"b'`, 'a"b'],
    [`"\\a\\b\\f\\n\\r\\t\\v\\\\\\"\\'"`, "\x07\b\f\n\r\t\v\\\"'"],
    [`"\\x41\\x7a\\xFF"`, "Az\xff"],
    [`"\\65\\066\\0067"`, "AB\x067"],
    [`"\\0\\00\\000"`, "\0\0\0"],
    [`"\\255"`, "\xff"],
    [`"\\u{0}\\u{7F}\\u{80}\\u{7FF}\\u{800}\\u{FFFF}\\u{10000}\\u{10FFFF}"`, "\0\x7f\xc2\x80\xdf\xbf\xe0\xa0\x80\xef\xbf\xbf\xf0\x90\x80\x80\xf4\x8f\xbf\xbf"],
    [`"\\u{00000041}"`, "A"],
    [`"a\\z   \n\n   b"`, "ab"],
    [`"a\\\nb"`, "a\nb"],
    [`"a\\\r\nb"`, "a\nb"],
    [`"a\\\n\rb"`, "a\nb"],
    [`"a\\\rb"`, "a\nb"],
    [`"\xe9\x80\xff"`, "\xe9\x80\xff"],
    ["[[abc]]", "abc"],
    ["[[\nabc]]", "abc"],
    ["[[\r\nabc]]", "abc"],
    ["[[\n\nabc]]", "\nabc"],
    ["[==[a]]b]=]c]==]", "a]]b]=]c"],
    ["[[a\r\nb\n\rc\rd\ne]]", "a\nb\nc\nd\ne"],
    ["[=[\\n]=]", "\\n"],
  ];
  test.each(cases)("%s", (src, value) => {
    expect(lit(src)).toEqual({ kind: "String", value });
  });
});

describe("comments, whitespace, lines", () => {
  it("skips short and long comments of any level", () => {
    const c = p("--x\n--[[ a\nb ]] --[==[ ]] ]==] x = 1 --[ not long\n-- [[ not long either\ny = 2");
    expect(c.body.body.map((s) => s.line)).toEqual([3, 5]);
  });
  it("counts \\n, \\r, \\r\\n and \\n\\r as one line break each", () => {
    const c = p("a = 1\nb = 2\rc = 3\r\nd = 4\n\re = 5\n\nf = 6\r\rg = 7");
    expect(c.body.body.map((s) => s.line)).toEqual([1, 2, 3, 4, 5, 7, 9]);
  });
  it("columns count bytes from the line start", () => {
    const c = p("\t  x = '\xe9\xe9' y = 1");
    const [a, b] = c.body.body;
    expect(a!.column).toBe(4);
    expect(b!.column).toBe(13);
  });
  it("skips a first line starting with '#' (file chunks), counting its line break", () => {
    const c = parse("#!/usr/bin/env lua\nx = 1", { chunkName: "@t" });
    expect(c.body.body[0]!.line).toBe(2);
    expect(parse("# only", { chunkName: "@t" }).body.body).toEqual([]);
    // as luaL_loadfile: the line up to "\n" is dropped and "\n" + "\r" then count as one break
    expect(parse("#x\r\n\ry = 1", { chunkName: "@t" }).body.body[0]!.line).toBe(2);
  });
  it("accepts whitespace \\f and \\v", () => {
    expect(p("x\f=\v1").body.body.length).toBe(1);
  });
});

describe("tokens", () => {
  function tokens(src: string): number[] {
    const lx = new Lexer(src, "=t");
    const out: number[] = [];
    do {
      lx.next();
      out.push(lx.tok);
    } while (lx.tok !== TK_EOS);
    return out;
  }
  it("scans names, numerals, strings and symbols", () => {
    expect(tokens("a 1 1.5 'x' :: >> ! ? @")).toEqual([TK_NAME, TK_INT, TK_FLT, TK_STRING, TK_DBCOLON, TK_SHR, 33, 63, 64, TK_EOS]);
  });
  it("identifiers are ASCII letters, digits and '_' only", () => {
    expect(tokens("a\xe9b")).toEqual([TK_NAME, 0xe9, TK_NAME, TK_EOS]);
  });
  it("renders tokens as luaX_token2str does", () => {
    expect(tokenToString(61)).toBe("'='");
    expect(tokenToString(1)).toBe("'<\\1>'");
    expect(tokenToString(200)).toBe("'<\\200>'");
    expect(tokenToString(TK_EOS)).toBe("<eof>");
    expect(tokenToString(TK_NAME)).toBe("<name>");
    expect(tokenToString(TK_DBCOLON)).toBe("'::'");
  });
});
