// Expected values were produced by running lua5.3 (5.3.6) on each case.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  EngineError, expandReplacement, find, findInto, gmatch, gsub, isCompiled, match, setCompileAfter, type Capture,
} from "../src/lpattern.js";

function run(f: () => unknown[] | null): unknown {
  try {
    return f() ?? [null];
  } catch (e) {
    if (e instanceof EngineError) return { err: e.message };
    throw e;
  }
}

const FIND_CASES: [string, string, number, boolean, unknown][] = [
  ["hello world", "o", 1, false, [5, 5]],
  ["hello world", "o", 6, false, [8, 8]],
  ["hello world", "o", -3, false, [null]],
  ["hello world", "l+", 1, false, [3, 4]],
  ["hello world", "", 1, false, [1, 0]],
  ["hello world", "", 12, false, [12, 11]],
  ["hello world", "", 13, false, [null]],
  ["hello", "l", -100, false, [3, 3]],
  ["a.b", ".", 1, true, [2, 2]],
  ["a.b", "%.", 1, false, [2, 2]],
  ["a+b", "+", 1, true, [2, 2]],
  ["abc", "", 4, false, [4, 3]],
  ["abc", "", 5, false, [null]],
  ["x = 10, y = 20", "(%w+) = (%d+)", 1, false, [1, 6, "x", "10"]],
  ["x = 10", "()=()", 1, false, [3, 3, 3, 4]],
  ["[[x]]", "[[]", 1, false, [1, 1]],
  ["f(a(b)c)d", "%b()", 1, false, [2, 8]],
  ["THE (quick) fox", "%f[%a]%a+", 5, false, [6, 10]],
  ["THE (quick) fox", "%f[%l]%a+", 1, false, [6, 10]],
  ["THE (quick) fox", "%f[%a]%a+%f[%A]", 5, false, [6, 10]],
  ["abc", "()a%1", 1, false, [null]],
  ["abab", "(a)b%1", 1, false, [1, 3, "a"]],
  ["xaab", "()(a)%2", 1, false, [2, 3, 2, "a"]],
  ["aaab", "a-b", 1, false, [1, 4]],
  ["aaab", "a*", 1, false, [1, 3]],
  ["aaab", "^a*$", 1, false, [null]],
  ["aaa", "^a*$", 1, false, [1, 3]],
  ["abc", "x[", 1, false, [null]],
  ["abc", "a%", 1, false, { err: "malformed pattern (ends with '%')" }],
  ["abc", "%1", 1, false, { err: "invalid capture index %1" }],
  ["abc", "(a)%2", 1, false, { err: "invalid capture index %2" }],
  ["abc", "(a%1)", 1, false, { err: "invalid capture index %1" }],
  ["abc", "a)", 1, false, [null]],
  ["abc", "(a", 1, false, { err: "unfinished capture" }],
  ["abc", "%f", 1, false, { err: "missing '[' after '%f' in pattern" }],
  ["abc", "%fa", 1, false, { err: "missing '[' after '%f' in pattern" }],
  ["abc", "%b", 1, false, { err: "malformed pattern (missing arguments to '%b')" }],
  ["abc", "%bx", 1, false, { err: "malformed pattern (missing arguments to '%b')" }],
  ["abc", "[a", 1, false, { err: "malformed pattern (missing ']')" }],
  ["abc", "[a%", 1, false, { err: "malformed pattern (missing ']')" }],
  ["abc", "%0", 1, false, { err: "invalid capture index %0" }],
  ["hello hello", "(l+)o %w+%1", 1, false, [3, 10, "ll"]],
  ["abcabc", "(abc)%1$", 1, false, [1, 6, "abc"]],
  ["a]b", "[]]", 1, false, [2, 2]],
  ["a^b", "[^]a]", 1, false, [2, 2]],
  ["a-b", "[a-]+", 1, false, [1, 2]],
  ["a-b", "[%a-]+", 1, false, [1, 3]],
  ["09az", "[0-9a-z]+", 1, false, [1, 4]],
  ["\x00a\x00", "%z", 1, false, [1, 1]],
  ["a\x00b", "%z", 1, false, [2, 2]],
  ["a\x00b", "\x00", 1, false, [2, 2]],
  ["a\x00b", "[\x00]", 1, false, [2, 2]],
  ["ABCdef", "%u+", 1, false, [1, 3]],
  ["ABCdef", "%U+", 1, false, [4, 6]],
  ["  \x09\x0ax", "%s*()", 1, false, [1, 4, 5]],
  ["x\x80y", "%A", 1, false, [2, 2]],
  ["x\x80y", "[\x80-\xff]", 1, false, [2, 2]],
  ["a1_b2", "%w+", 1, false, [1, 2]],
  ["tab\x09here", "%c", 1, false, [4, 4]],
  ["!?.,", "%p+", 1, false, [1, 4]],
  ["DEADbeefZ", "%x+", 1, false, [1, 8]],
  ["abc", "%g+", 1, false, [1, 3]],
  ["ab", "b?b?ab", 1, false, [1, 2]],
  ["aaa", "a?a?a?a?", 1, false, [1, 3]],
  ["abc", "a.-c", 1, false, [1, 3]],
  ["abc", "^b", 1, false, [null]],
  ["abc", "^b", 2, false, [2, 2]],
  ["abc$", "c$", 1, false, [null]],
  ["ab$c", "$c", 1, false, [3, 4]],
  ["a$", "$$", 1, false, [2, 2]],
  ["abc", "%$", 1, false, [null]],
  ["a*b", "%*", 1, false, [2, 2]],
  ["((a))", "%b()", 1, false, [1, 5]],
  ["(a", "%b()", 1, false, [null]],
  ["abc", "%bac", 1, false, [1, 3]],
  ["xyz", "%f[%z]", 1, false, [4, 3]],
  ["xyz", "%f[^%z]", 1, false, [1, 0]],
  ["THE END", "%f[%w]%w+%f[%W]", 4, false, [5, 7]],
  ["aXb", "%f[%u]", 1, false, [2, 1]],
  ["abc", "()a()", 1, false, [1, 1, 1, 2]],
  ["abc", "(()a())", 1, false, [1, 1, "a", 1, 2]],
  ["abc", "c()", 1, false, [3, 3, 4]],
  ["alo", "%b", 1, false, { err: "malformed pattern (missing arguments to '%b')" }],
];
const MATCH_CASES: [string, string, number, unknown][] = [
  ["hello world", "(%w+) (%w+)", 1, ["hello", "world"]],
  ["key = value", "(%w+)%s*=%s*(%w+)", 1, ["key", "value"]],
  ["2024-01-15", "(%d+)-(%d+)-(%d+)", 1, ["2024", "01", "15"]],
  ["abc", "()", 1, [1]],
  ["abc", "()", 4, [4]],
  ["abc", "b()", 1, [3]],
  ["abc", "", 2, [""]],
  ["abc", "x", 1, [null]],
  ["  trim  ", "^%s*(.-)%s*$", 1, ["trim"]],
  ["[[nested]]", "%[(%b[])%]", 1, ["[nested]"]],
  ["hello", "(h)(e)(l)(l)(o)", 1, ["h", "e", "l", "l", "o"]],
  ["hello", ".-(l+)(.*)", 1, ["ll", "o"]],
  ["abc", "a(b?)c", 1, ["b"]],
  ["ac", "a(b?)c", 1, [""]],
  ["aaa", "(a*(.))%w", 1, ["aa", "a"]],
  ["0x1F", "^0[xX](%x+)$", 1, ["1F"]],
  ["hello", "%a+", -3, ["llo"]],
  ["hello", "(.)%1", 1, ["l"]],
  ["a,b,,c", "([^,]*)", 3, ["b"]],
  ["a", "(()", 1, { err: "unfinished capture" }],
  ["alo", "(%1)", 1, { err: "invalid capture index %1" }],
  ["abc", "(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)", 1, [null]],
  ["x", "[%", 1, { err: "malformed pattern (missing ']')" }],
  ["x", "[", 1, { err: "malformed pattern (missing ']')" }],
  ["x", "[^", 1, { err: "malformed pattern (missing ']')" }],
  ["x", "[]", 1, { err: "malformed pattern (missing ']')" }],
  ["]", "[]]", 1, ["]"]],
  ["x", "%", 1, { err: "malformed pattern (ends with '%')" }],
  ["a", "a**", 1, [null]],
  ["a*", "a**", 1, ["a*"]],
  ["--x", "^-+", 1, ["--"]],
  ["-x", "-", 1, ["-"]],
  ["a b", "%S+$", 1, ["b"]],
  ["\xff", "%w", 1, [null]],
  ["\xff", "[^%w]", 1, ["\xff"]],
  ["\xc3\xa9", "%a", 1, [null]],
];
const GMATCH_CASES: [string, string, unknown][] = [
  ["hello world from lua", "%a+", [["hello"], ["world"], ["from"], ["lua"]]],
  ["k1=v1, k2=v2", "(%w+)=(%w+)", [["k1", "v1"], ["k2", "v2"]]],
  ["abc", "", [[""], [""], [""], [""]]],
  ["abc", "b*", [[""], ["b"], [""]]],
  ["a^b^c", "^.", [["^b"], ["^c"]]],
  ["one two", "()(%a+)()", [[1, "one", 4], [5, "two", 8]]],
  ["aaa", "a-", [[""], [""], [""], [""]]],
  ["x,y,,z", "[^,]*", [["x"], ["y"], [""], ["z"]]],
  ["", "x*", [[""]]],
  ["abc", "%1", { err: "invalid capture index %1" }],
];
const GSUB_CASES: [string, string, string, number | null, unknown][] = [
  ["hello world", "o", "0", null, ["hell0 w0rld", 2]],
  ["hello world", "(o)", "[%1]", null, ["hell[o] w[o]rld", 2]],
  ["hello world", "o", "%0%0", 1, ["helloo world", 1]],
  ["hello", "", "-", null, ["-h-e-l-l-o-", 6]],
  ["abc", "b*", "-", null, ["-a-c-", 3]],
  ["abc", "^a", "X", null, ["Xbc", 1]],
  ["abc", "^", "X", null, ["Xabc", 1]],
  ["abc", "$", "X", null, ["abcX", 1]],
  ["abc", "^x", "X", null, ["abc", 0]],
  ["hello world", "(%w+)", "<%1>", null, ["<hello> <world>", 2]],
  ["hello world", "%w+", "%0 %0", null, ["hello hello world world", 2]],
  ["abc", "%w", "%%", null, ["%%%", 3]],
  ["abc", "(a", "x", null, ["xbc", 1]],
  ["abc", "(a", "%1", null, { err: "unfinished capture" }],
  ["abc", "a", "%2", null, { err: "invalid capture index %2" }],
  ["abc", "a", "%x", null, { err: "invalid use of '%' in replacement string" }],
  ["abc", "a", "%", null, { err: "invalid use of '%' in replacement string" }],
  ["alo", ".", "%2", null, { err: "invalid capture index %2" }],
  ["alo", "(%0)", "a", null, { err: "invalid capture index %0" }],
  ["alo", "(%1)", "a", null, { err: "invalid capture index %1" }],
  ["abc", "()b", "%1", null, ["a2c", 1]],
  ["abc", "b", "x", 0, ["abc", 0]],
  ["abc", "b", "x", -1, ["abc", 0]],
  ["aaa", "a", "b", 2, ["bba", 2]],
  ["a.b.c", "%.", "/", null, ["a/b/c", 2]],
  ["a\x00b", "%z", "Z", null, ["aZb", 1]],
  ["x = 1", "(%w+)%s*=%s*(%w+)", "%2 = %1", null, ["1 = x", 1]],
  ["abcabc", "(b)(c)", "%2%1", null, ["acbacb", 2]],
  ["   x   ", "^%s+", "", null, ["x   ", 1]],
  ["hello", "l+", "L", null, ["heLo", 1]],
  ["abc", ".-", "-", null, ["-a-b-c-", 4]],
];

// Each case runs twice: with the interpreter alone, and with every pattern
// compiled to JS (lpatjit.ts) from its first attempt.
for (const [tier, after] of [["interpreted", Infinity], ["compiled", 1]] as const) {
describe(`patterns ${tier}`, () => {
  let saved = 0;
  beforeAll(() => {
    saved = setCompileAfter(after);
  });
  afterAll(() => {
    setCompileAfter(saved);
  });

describe("find", () => {
  it.each(FIND_CASES)("find(%j, %j, %j, %j)", (s, p, init, plain, want) => {
    expect(run(() => {
      const r = find(s, p, init, plain);
      return r && [r.start, r.end, ...r.captures];
    })).toEqual(want);
  });
});

describe("match", () => {
  it.each(MATCH_CASES)("match(%j, %j, %j)", (s, p, init, want) => {
    expect(run(() => match(s, p, init))).toEqual(want);
  });

  it("enforces Lua's match depth limit", () => {
    const s80 = "a".repeat(80);
    expect(match(s80, ".?".repeat(80), 1)).toEqual([s80]);
    expect(run(() => match("a".repeat(300), ".?".repeat(300), 1))).toEqual({ err: "pattern too complex" });
    expect(run(() => match("a".repeat(40), "(a)".repeat(33), 1))).toEqual({ err: "too many captures" });
    expect(match("a".repeat(40), "(a)".repeat(32), 1)).toEqual(new Array(32).fill("a"));
  });

  it("does not overflow the stack or go quadratic on long subjects", () => {
    const a = "a".repeat(1e6);
    expect(match(a, ".-b", 1)).toBeNull();
    expect(find("x".repeat(1e6), "x*$", 1, false)).toEqual({ start: 1, end: 1e6, captures: [] });
    expect(find(a, "^a*.?$", 1, false)?.end).toBe(1e6);
    expect(find(a, "^a*.?b$", 1, false)).toBeNull();
    expect(find(a, "^a-.?$", 1, false)?.end).toBe(1e6);
    expect(String(match(a + "b", ".-b", 1)?.[0]).length).toBe(1e6 + 1);
    expect(gsub(a, "a", "b", Infinity).count).toBe(1e6);
  });
});

describe("gmatch", () => {
  it.each(GMATCH_CASES)("gmatch(%j, %j)", (s, p, want) => {
    expect(run(() => {
      const it = gmatch(s, p);
      const out: Capture[][] = [];
      for (let c = it.next(); c !== null; c = it.next()) out.push(c);
      return out;
    })).toEqual(want);
  });

  it("stays exhausted after the last match", () => {
    const it = gmatch("ab", "%a");
    expect([it.next(), it.next(), it.next(), it.next()]).toEqual([["a"], ["b"], null, null]);
  });
});

describe("gsub", () => {
  it.each(GSUB_CASES)("gsub(%j, %j, %j, %j)", (s, p, r, n, want) => {
    expect(run(() => {
      const g = gsub(s, p, r, n ?? Infinity);
      return [g.result, g.count];
    })).toEqual(want);
  });

  it("passes captures to a callback and keeps the match on undefined", () => {
    const seen: Capture[][] = [];
    const g = gsub("x=1, y=2", "(%w+)=()(%w+)", (caps) => {
      seen.push(caps);
      return caps[0] === "y" ? undefined : `${caps[2]}:${caps[0]}`;
    }, Infinity);
    expect(g).toEqual({ result: "1:x, y=2", count: 2 });
    expect(seen).toEqual([["x", 3, "1"], ["y", 8, "2"]]);
  });

  it("gives a callback the whole match when there are no captures", () => {
    expect(gsub("abc", "%w", (c) => c[0] + ".", Infinity)).toEqual({ result: "a.b.c.", count: 3 });
  });

  it("gives only the first capture in table-lookup mode", () => {
    const seen: Capture[][] = [];
    const g = gsub("ab", "(a)(", (c) => (seen.push(c), "X"), Infinity, true);
    expect(g).toEqual({ result: "Xb", count: 1 });
    expect(seen).toEqual([["a"]]);
    expect(run(() => [gsub("ab", "(a)(", () => "X", Infinity).result])).toEqual({ err: "unfinished capture" });
  });

  it("propagates errors thrown by the callback", () => {
    expect(() => gsub("a", "a", () => { throw new Error("boom"); }, Infinity)).toThrow("boom");
  });
});
});
}

describe("expandReplacement", () => {
  it.each([
    ["[%0|%1|%2]", "ab", ["a", 2], "[ab|a|2]"],
    ["%1-%1", "ab", [], "ab-ab"],
    ["100%%", "x", [], "100%"],
    ["plain", "x", ["y"], "plain"],
  ] as [string, string, Capture[], string][])("expand(%j)", (r, whole, caps, want) => {
    expect(expandReplacement(r, whole, caps)).toBe(want);
  });

  it.each([
    ["%2", "x", [], "invalid capture index %2"],
    ["%3", "x", ["a", "b"], "invalid capture index %3"],
    ["%a", "x", [], "invalid use of '%' in replacement string"],
    ["abc%", "x", [], "invalid use of '%' in replacement string"],
  ] as [string, string, Capture[], string][])("expand(%j) fails", (r, whole, caps, msg) => {
    expect(run(() => [expandReplacement(r, whole, caps)])).toEqual({ err: msg });
  });
});

// The scanners skip starts where the pattern's first byte cannot match, and
// find/match share one match state: these pin down the edges of both.
describe("start skipping and shared state", () => {
  it.each([
    ["x = 10", "(%d+)", 1, [5, 6, "10"]],
    ["x = 10", "((%d)+)", 1, null],
    ["x = 10", "((%d)%d)", 1, [5, 6, "10", "1"]],
    ["x = 10", "()%d", 1, [5, 5, 5]],
    ["abc123", "%d+", 1, [4, 6]],
    ["abc1", "%d", 4, [4, 4]],
    ["abc1", "%d", 5, null],
    ["abc1", "%d", 50, null],
    ["abc1", "%d", -1, [4, 4]],
    ["abc", "[a-c]+", 2, [2, 3]],
    ["a\0\0b", "[\0]+", 1, [2, 3]],
    ["ab\0cd", "\0%a", 1, [3, 4]],
    ["ab\0cd", "%z.", 4, null],
    ["a+b", "+b", 1, [2, 3]],
    ["a+b", "[+]b", 1, [2, 3]],
    ["aXbXc", "X%a$", 1, [4, 5]],
    ["", "%a", 1, null],
    ["", "x", 1, null],
  ] as [string, string, number, unknown][])("find(%j, %j, %j)", (s, p, init, want) => {
    const r = find(s, p, init, false);
    expect(r === null ? null : [r.start, r.end, ...r.captures]).toEqual(want);
  });

  it("still raises errors a skipped start could not reach", () => {
    const open = (n: number): string => "(".repeat(n) + "a" + ")".repeat(n);
    expect(find("bbb", open(32), 1, false)).toBeNull();
    expect(run(() => [find("bbb", open(33), 1, false)])).toEqual({ err: "too many captures" });
    expect(run(() => match("bbb", "%d%", 1))).toEqual([null]);
    expect(run(() => match("b1", "%d%", 1))).toEqual({ err: "malformed pattern (ends with '%')" });
  });

  it("raises 'pattern too complex' at lua5.3's depth when a run ends the pattern", () => {
    const a300 = "a".repeat(300);
    expect(match(a300, ".?".repeat(198) + "a*", 1)).toEqual([a300]);
    expect(run(() => match(a300, ".?".repeat(199) + "a*", 1))).toEqual({ err: "pattern too complex" });
    expect(match(a300, ".?".repeat(196) + "(a*)", 1)).toEqual(["a".repeat(104)]);
    expect(run(() => match(a300, ".?".repeat(197) + "(a*)", 1))).toEqual({ err: "pattern too complex" });
    expect(gsub(a300, ".?".repeat(198) + "%a+", "x", Infinity)).toEqual({ result: "x", count: 1 });
  });

  it("backtracks a greedy run only to ends followed by the next literal", () => {
    expect(match("abab=", "(%a+)b", 1)).toEqual(["aba"]);
    expect(find("xx alpha=12;ALPHA=7;", "(%a+)=(%d+)", 1, false)).toEqual({ start: 4, end: 11, captures: ["alpha", "12"] });
    expect(match("k=v;", "((%a+)=(%a+));", 1)).toEqual(["k=v", "k", "v"]);
    expect(match("ab;cd;", "(.*);", 1)).toEqual(["ab;cd"]);
    expect(match("aaa", "(a*)a", 1)).toEqual(["aa"]);
    expect(match("aaa", "a+a+", 1)).toEqual(["aaa"]);
    expect(gsub("a=1, bb=22, ccc=x", "(%a+)=(%d+)", "%2:%1", Infinity)).toEqual({ result: "1:a, 22:bb, ccc=x", count: 2 });
    // A close with no open capture is still reported, matching or not.
    expect(run(() => [find("aab", "a+)b", 1, false)])).toEqual({ err: "invalid pattern capture" });
    expect(run(() => [find("aac", "a+)b", 1, false)])).toEqual({ err: "invalid pattern capture" });
  });

  it("after a failed start in a run of a leading class+, resumes past the run", () => {
    expect(gsub("alpha=1 ALPHA=2 beta", "(%a+)=(%d+)", "%2#%1", Infinity)).toEqual({ result: "1#alpha 2#ALPHA beta", count: 2 });
    expect(find("aaab", "%a+b", 1, false)).toEqual({ start: 1, end: 4, captures: [] });
    expect(find("xyz ab=", "%l+=", 1, false)).toEqual({ start: 5, end: 7, captures: [] });
    expect(find("ab cd", "%a+$", 1, false)).toEqual({ start: 4, end: 5, captures: [] });
    expect(find("ab-cd", "%a+%f[%A]", 2, false)).toEqual({ start: 2, end: 2, captures: [] });
    expect(match("bbab cab", "[ab]+c()", 1)).toBeNull();
    expect(gsub("aaa bbb", "%a+%s", "X", Infinity)).toEqual({ result: "Xbbb", count: 1 });
    // A back-reference makes the rest depend on the capture: every start is tried.
    expect(find("abcabc", "(%a+)%1", 1, false)).toEqual({ start: 1, end: 6, captures: ["abc"] });
    expect(find("xabcabc", "(%a+)%1", 1, false)).toEqual({ start: 2, end: 7, captures: ["abc"] });
    const words: Capture[][] = [];
    const it = gmatch("one two three ", "%a+ ");
    for (let c = it.next(); c !== null; c = it.next()) words.push(c);
    expect(words).toEqual([["one "], ["two "], ["three "]]);
  });

  it("keeps no captures from an earlier search", () => {
    expect(match("ab", "(a)(b)", 1)).toEqual(["a", "b"]);
    expect(find("xyz", "y.", 1, false)).toEqual({ start: 2, end: 3, captures: [] });
    expect(match("xyz", "y.", 1)).toEqual(["yz"]);
  });

  it("lets a gsub callback search again without disturbing the outer match", () => {
    const g = gsub("a1b2", "(%a)(%d)", (caps) => {
      const inner = match("q7", "(%a)(%d)", 1)!;
      const again = find("zz9", "(%d)", 1, false)!;
      return `${caps[1]}${caps[0]}${inner[1]}${again.captures[0]}`;
    }, Infinity);
    expect(g).toEqual({ result: "1a792b79", count: 2 });
  });

  it("skips to class and literal starts in gmatch and gsub", () => {
    const all = (s: string, p: string): Capture[][] => {
      const it = gmatch(s, p);
      const out: Capture[][] = [];
      for (let c = it.next(); c !== null; c = it.next()) out.push(c);
      return out;
    };
    expect(all("AB cd EF", "%u+")).toEqual([["AB"], ["EF"]]);
    expect(all("a^b^", "^.")).toEqual([["^b"]]);
    expect(all("x=1;y=22", "=(%d+)")).toEqual([["1"], ["22"]]);
    expect(all("abc", "%d")).toEqual([]);
    expect(gsub("k1=v1 k2=v2", "(%w+)=(%w+)", "%2=%1", Infinity)).toEqual({ result: "v1=k1 v2=k2", count: 2 });
    expect(gsub("aaa", "^a", "b", Infinity)).toEqual({ result: "baa", count: 1 });
    expect(gsub("ab12", "()%d", "[%1]", Infinity)).toEqual({ result: "ab[3][4]", count: 2 });
    expect(gsub("a1b22c", "%d+", "<%0>", 1)).toEqual({ result: "a<1>b22c", count: 1 });
    expect(gsub("no digits", "%d", "x", Infinity)).toEqual({ result: "no digits", count: 0 });
  });
});

describe("findInto and nextInto", () => {
  it("write results from the given index and count them", () => {
    const out: unknown[] = ["keep"];
    expect(findInto("x = 10", "(%a) = ()", 1, false, true, out, 1)).toBe(4);
    expect(out).toEqual(["keep", 1, 4, "x", 5]);
    expect(findInto("a.b", ".", 1, true, true, out, 0)).toBe(2);
    expect(out.slice(0, 2)).toEqual([2, 2]);
    expect(findInto("abc", "b", 1, false, false, out, 3)).toBe(1);
    expect(out[3]).toBe("b");
    expect(findInto("abc", "x", 1, false, true, out, 0)).toBe(0);
    expect(findInto("abc", "(x)", 1, false, false, out, 0)).toBe(0);
  });

  it("gmatch's nextInto returns 0 once done", () => {
    const it = gmatch("k1=v1, k2=v2", "(%w+)=(%w+)");
    const out: unknown[] = [];
    expect(it.nextInto(out, 2)).toBe(2);
    expect(out.slice(2)).toEqual(["k1", "v1"]);
    expect(it.nextInto(out, 0)).toBe(2);
    expect(out.slice(0, 2)).toEqual(["k2", "v2"]);
    expect(it.nextInto(out, 0)).toBe(0);
    expect(it.next()).toBeNull();
  });
});

describe("compiled patterns (lpatjit.ts)", () => {
  let saved = 0;
  beforeAll(() => {
    saved = setCompileAfter(1);
  });
  afterAll(() => {
    setCompileAfter(saved);
  });

  it("compiles what the interpreter cannot fail on, and nothing else", () => {
    const compiled = ["(%w+) = (%d+)", "^a*$", "%b()", "%f[%a]%a+", "()=()", "(a)%1", "x?y-z*", "[^%s]+"];
    const kept = [
      "a%", // malformed
      "%1", // back-reference to no capture
      "(a%1)", // back-reference to a capture still open
      "a)", // `)` without `(`
      ".?".repeat(80), // deep enough to reach "pattern too complex"
      "(a)".repeat(33), // too many captures
    ];
    for (const p of [...compiled, ...kept]) {
      try {
        find("x = (aa)a", p, 1, false);
      } catch (e) {
        if (!(e instanceof EngineError)) throw e;
      }
    }
    expect(compiled.filter((p) => !isCompiled(p))).toEqual([]);
    expect(kept.filter((p) => isCompiled(p))).toEqual([]);
  });

  it("gives the same results and errors as the interpreter on generated patterns", () => {
    let seed = 12345;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const pick = (a: readonly string[]): string => a[rnd(a.length)]!;
    const ATOMS = ["a", "b", "x", ".", "%a", "%d", "%s", "%w", "%l", "%u", "%p", "%A", "[ab]", "[^a]", "[a-c%d]",
      "=", "%.", "%%", "[%a_]", "\0"];
    const QUANTIFIERS = ["", "", "", "*", "+", "-", "?"];
    const pattern = (): string => {
      let p = rnd(6) === 0 ? "^" : "";
      let open = 0;
      for (let n = 1 + rnd(6); n > 0; n--) {
        const r = rnd(14);
        if (r === 0) {
          p += "(";
          open++;
        } else if (r === 1 && open > 0) {
          p += ")";
          open--;
        } else if (r === 2) p += "()";
        else if (r === 3) p += "%b()";
        else if (r === 4) p += "%f[%a]";
        else if (r === 5) p += "%" + (1 + rnd(2));
        else p += pick(ATOMS) + pick(QUANTIFIERS);
      }
      while (open > 0 && rnd(3) !== 0) {
        p += ")";
        open--;
      }
      return rnd(6) === 0 ? p + "$" : p;
    };
    const subject = (): string => {
      const chars = "abcx=1 2(a)(b(c))AB_.%\0";
      let s = "";
      for (let n = rnd(24); n > 0; n--) s += chars[rnd(chars.length)];
      return s;
    };
    const outcome = (f: () => unknown): string => {
      try {
        return JSON.stringify(f());
      } catch (e) {
        if (e instanceof EngineError) return "error: " + e.message;
        throw e;
      }
    };
    const all = (s: string, p: string): string[] => [
      outcome(() => find(s, p, 1, false)),
      outcome(() => find(s, p, -3, false)),
      outcome(() => match(s, p, 2)),
      outcome(() => gsub(s, p, "<%0>", Infinity)),
      outcome(() => gsub(s, p, (c) => `[${c.join(",")}]`, 3)),
      outcome(() => {
        const it = gmatch(s, p);
        const out: Capture[][] = [];
        for (let c = it.next(); c !== null && out.length < 30; c = it.next()) out.push(c);
        return out;
      }),
    ];
    let compiledCount = 0;
    const mismatches: string[] = [];
    for (let k = 0; k < 1500; k++) {
      const p = pattern();
      const subjects = [subject(), subject()];
      setCompileAfter(Infinity);
      const want = subjects.map((s) => all(s, p));
      setCompileAfter(1);
      const got = subjects.map((s) => all(s, p));
      if (isCompiled(p)) compiledCount++;
      if (JSON.stringify(got) !== JSON.stringify(want)) mismatches.push(JSON.stringify([p, subjects, want, got]));
    }
    expect(mismatches.slice(0, 3)).toEqual([]);
    // Most generated patterns are well formed, so most ran compiled.
    expect(compiledCount).toBeGreaterThan(1000);
  });
});
