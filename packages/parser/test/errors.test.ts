// Error messages: every row of LUA_ERRORS (taken from lua5.3) must come out
// exactly, and, when lua5.3 is installed, a batch of mutated official test
// files is compared with it directly.

import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it, test } from "vitest";
import { LuaSyntaxError, parse } from "../src/index.js";
import { errorOf, msg } from "./helpers.js";
import { LUA_ERRORS } from "./lua-errors.data.js";

function messageOf(src: string): string | null {
  try {
    parse(src, { chunkName: src });
    return null;
  } catch (e) {
    if (e instanceof LuaSyntaxError) return e.message;
    throw e;
  }
}

describe("messages identical to lua5.3", () => {
  test.each(LUA_ERRORS)("%s", (_name, src, expected) => {
    expect(messageOf(src)).toBe(expected);
  });
});

describe("LuaSyntaxError fields", () => {
  it("incomplete is true exactly when the offending token is <eof>", () => {
    for (const src of ["x = ", "if x then", "f(", "x = 'abc", "x = [[abc", "--[[ x", "local function f()", "x = {1,", "return 1 +"]) {
      const e = errorOf(src)!;
      expect(e.message, src).toMatch(/<eof>$/);
      expect(e.incomplete, src).toBe(true);
    }
    for (const src of ["x = = 1", "end", "x = 'abc\n'", "break", "goto l", "x = '\\q'", "function f() return ... end"]) {
      expect(errorOf(src)!.incomplete, src).toBe(false);
    }
  });
  it("line is the reported line", () => {
    const e = errorOf("x = 1\n\ny = = 2")!;
    expect(e.line).toBe(3);
    expect(e.message).toBe("t:3: unexpected symbol near '='");
    expect(e.name).toBe("LuaSyntaxError");
    expect(e).toBeInstanceOf(Error);
  });
  it("uses chunkId for the chunk name", () => {
    expect(msg("x = = 1", "@dir/file.lua")).toBe("dir/file.lua:1: unexpected symbol near '='");
    expect(msg("x = = 1", "=stdin")).toBe("stdin:1: unexpected symbol near '='");
    expect(msg("x = = 1", "x = = 1")).toBe('[string "x = = 1"]:1: unexpected symbol near \'=\'');
    expect(errorOf("x = = 1", "=?")!.message).toBe("?:1: unexpected symbol near '='");
    expect(() => parse("x = = 1")).toThrow("?:1: unexpected symbol near '='");
  });
  it("deep nesting gives Lua's limit error, never a JS RangeError", () => {
    for (const [open, close] of [["(", ")"], ["{", "}"], ["- ", ""], ["not ", ""], ["#", ""], ["f(", ")"], ["a[", "]"]] as const) {
      const src = "x = " + open.repeat(100000) + "1" + close.repeat(100000);
      expect(msg(src)).toMatch(/^t:1: too many C levels \(limit is 200\) in main function near /);
    }
    expect(msg("local x: " + "{".repeat(50000))).toMatch(/too many C levels/);
    expect(msg("local x: " + "(".repeat(50000))).toMatch(/too many C levels/);
    expect(msg("do ".repeat(100000))).toMatch(/too many C levels/);
  });
  it("long flat chains are fine (no recursion along left-associative chains)", () => {
    const n = 100000;
    expect(() => parse("x = 1" + " + 1".repeat(n))).not.toThrow();
    expect(() => parse("x = a" + ".b".repeat(n))).not.toThrow();
    expect(() => parse("x = f" + "()".repeat(n))).not.toThrow();
    expect(() => parse("x = a" + "!".repeat(n))).not.toThrow();
  });
});

describe("a '#' first line", () => {
  it("is skipped for '@' and '=' chunk names (files, stdin), as luaL_loadfile does, with its line counted", () => {
    expect(parse("#!/usr/bin/lua\nreturn 1", { chunkName: "@f.lua" }).body.body[0]!.line).toBe(2);
    expect(parse("# comment\r\nreturn 1", { chunkName: "=stdin" }).body.body[0]!.line).toBe(2);
    expect(parse("#!lua", { chunkName: "@f.lua" }).body.body).toEqual([]);
  });
  it("is an error for chunks named by their source text (load(s)), as in C Lua", () => {
    expect(msg("#!/usr/bin/lua\nreturn 1", "#!/usr/bin/lua\nreturn 1")).toBe('[string "#!/usr/bin/lua..."]:1: unexpected symbol near \'#\'');
    expect(msg("#", "")).toBe('[string ""]:1: unexpected symbol near \'#\'');
    expect(errorOf("#", "#")!.incomplete).toBe(false);
    expect(() => parse("#!x\nreturn 1")).not.toThrow(); // default chunk name "=?"
  });
  it("skipShebang overrides the default", () => {
    expect(() => parse("#!x\nreturn 1", { chunkName: "#!x\nreturn 1", skipShebang: true })).not.toThrow();
    expect(() => parse("#!x\nreturn 1", { chunkName: "@t", skipShebang: false })).toThrow("t:1: unexpected symbol near '#'");
  });
  it("literals.lua: a one-char chunk s..'=1' loads iff s is a letter or '_'; 'a'..s..'1 = 1' iff s is alphanumeric or '_'", () => {
    for (let i = 0; i < 256; i++) {
      const s = String.fromCharCode(i);
      expect(messageOf(s + "=1") === null, JSON.stringify(s)).toBe(/[a-zA-Z_]/.test(s));
      expect(messageOf("a" + s + "1 = 1") === null, JSON.stringify(s)).toBe(/[a-zA-Z_0-9]/.test(s));
    }
  });
});

describe("known differences from lua5.3 (by design)", () => {
  it("syntax errors are found before goto/label errors", () => {
    // C Lua would report the jump into the scope of 'x' (line 1) first
    expect(msg("goto l local x ::l:: x = 1\ny = = 2")).toBe("t:2: unexpected symbol near '='");
  });
  it("the nesting limit counts as for a chunk loaded with load() from Lua code (C Lua's count depends on the caller)", () => {
    expect(messageOf("x = " + "(".repeat(196) + "1" + ")".repeat(196))).toBeNull();
    expect(messageOf("x = " + "(".repeat(197) + "1" + ")".repeat(197))).toMatch(/too many C levels/);
  });
});

const OFFICIAL = fileURLToPath(new URL("../../../.official-tests/", import.meta.url));
const LUA = (() => {
  try {
    execFileSync("lua5.3", ["-v"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

const DIFF_TITLE = !LUA
  ? "differential against lua5.3: SKIPPED, lua5.3 is not installed"
  : !existsSync(OFFICIAL)
    ? "differential against lua5.3: SKIPPED, .official-tests/ is absent"
    : "differential against lua5.3 (mutated official tests)";
describe.skipIf(!LUA || !existsSync(OFFICIAL))(DIFF_TITLE, () => {
  it("reports the same message on 1500 mutated snippets", () => {
    const files = readdirSync(OFFICIAL)
      .filter((f) => f.endsWith(".lua"))
      .map((f) => readFileSync(join(OFFICIAL, f), "latin1").split("\n"));
    let seed = 12345;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const toks = ["end", "(", ")", "=", ",", "local", "function", "goto x", "break", "...", "return", "{", "}", ".", "[", "]",
      "if", "then", "do", "until", "repeat", "else", "elseif", "while", "for", "in", "x", "1", "..", "+", "-", "not", ";", "nil",
      "\n", "::x::", "goto y", "local x", "function f()", "end end", "\r", "\r\n", "[==[\n", "]==]", "--[[\n", "'", '"', "0x", "1e", "\\"];
    const cases: string[] = [];
    for (let k = 0; k < 1500; k++) {
      const f = files[rnd(files.length)]!;
      const a = rnd(f.length);
      let s = f.slice(a, a + 1 + rnd(25)).join("\n");
      for (let j = rnd(5); j > 0; j--) {
        const q = rnd(s.length + 1);
        const t = rnd(3);
        if (t === 0) s = s.slice(0, q) + " " + toks[rnd(toks.length)] + " " + s.slice(q);
        else if (t === 1) s = s.slice(0, q) + s.slice(q + 1 + rnd(6));
        else s = s.slice(0, q) + toks[rnd(toks.length)] + s.slice(q);
      }
      cases.push(s);
    }
    const dir = mkdtempSync(join(tmpdir(), "luaerr-"));
    writeFileSync(join(dir, "cases.bin"), Buffer.from(cases.map((s) => `${s.length}\n${s}`).join(""), "latin1"));
    writeFileSync(
      join(dir, "run.lua"),
      `local f = assert(io.open(arg[1], "rb")) local data = f:read("a") f:close()
       local pos, out = 1, {}
       local function esc(s) return (s:gsub("[%c\\\\\\128-\\255]", function(c) return string.format("\\\\%03d", c:byte()) end)) end
       while pos <= #data do
         local nl = data:find("\\n", pos, true) local n = tonumber(data:sub(pos, nl - 1))
         local src = data:sub(nl + 1, nl + n) pos = nl + n + 1
         local fn, err = load(src, src) out[#out + 1] = fn and "OK" or esc(err)
       end
       io.write(table.concat(out, "\\n"), "\\n")`,
    );
    const lines = execFileSync("lua5.3", [join(dir, "run.lua"), join(dir, "cases.bin")], { maxBuffer: 1 << 28 })
      .toString("latin1")
      .split("\n");
    const unesc = (s: string) => s.replace(/\\(\d{3})/g, (_, d: string) => String.fromCharCode(+d));
    const mismatches: string[] = [];
    const lineOf = (m: string) => +/\]:(\d+):/.exec(m)![1]!;
    cases.forEach((src, i) => {
      const expected = lines[i] === "OK" ? null : unesc(lines[i]!);
      const got = messageOf(src);
      if (got === expected) return;
      // by design, the goto/label/break checks run after the whole chunk has
      // parsed: a syntax error further on is reported instead
      const semantic = /jumps into the scope|not inside a loop|no visible label|already defined on line/;
      if (expected !== null && got !== null && semantic.test(expected) && !semantic.test(got) && lineOf(got) >= lineOf(expected)) return;
      mismatches.push(`${JSON.stringify(src)}\n  lua:  ${expected}\n  ours: ${got}`);
    });
    expect(mismatches.slice(0, 5).join("\n")).toBe("");
  });
});
