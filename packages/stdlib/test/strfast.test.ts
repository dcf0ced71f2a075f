// Edge cases of the string and table library fast paths (gsub callbacks
// called on the stack, table.concat over a plain array, string.format's
// shortcuts, string.byte/char/rep). Expected outputs were produced by the
// reference lua5.3 on the same snippets; the test does not need lua5.3.

import { describe, expect, it } from "vitest";
import { run } from "./helper.js";

const CASES: [string, string, string][] = [
  ["gsub callbacks", "print(string.gsub(\"x=1, y=22\", \"(%w+)=()(%w+)\", function(k, p, v) return v .. p .. k end))\nprint(string.gsub(\"abc\", \"%w\", function(c) if c == \"b\" then return nil end return c:upper() end))\nprint(string.gsub(\"abc\", \"%w\", function(c) return false end))\nprint(string.gsub(\"abc\", \"\", function(...) return select(\"#\", ...) .. \"\" end))\nprint(string.gsub(\"ab\", \"(a)(b)\", function(...) return table.concat({...}, \"+\") end))\nprint(string.gsub(\"hello world\", \"%w+\", function(w) return (w:gsub(\"o\", \"0\")) end))\nprint(string.gsub(\"a b c\", \"%a\", function(c) return string.format(\"%s%s\", c, (c:gsub(\".\", \"-\"))) end))\nprint(pcall(string.gsub, \"abc\", \"b\", function() error(\"boom\") end))\nprint(select(\"#\", pcall(string.gsub, \"abc\", \"b\", function() error({}) end)))\nprint(pcall(string.gsub, \"ab\", \"(a)(\", function() return \"X\" end))\nprint(string.gsub(\"12 34\", \"%d+\", function(n) return n * 2 end))\nprint(string.gsub(\"12 34\", \"%d+\", function(n) return n / 2 end))\nprint(string.gsub(\"abc\", \".\", {a = 1, b = 2.5}))\nprint(string.gsub(\"abc\", \"(.)()\", {a = \"A\", [2] = \"no\"}))\nprint(string.gsub(\"abc\", \"()\", {[1] = \"one\", [3] = 3}))\nlocal t = setmetatable({}, {__index = function(_, k) return k:upper() .. \"!\" end})\nprint(string.gsub(\"ab cd\", \"%a+\", t))\nprint(pcall(string.gsub, \"abc\", \".\", setmetatable({}, {__index = function() error(\"idx\") end})))\nprint(string.gsub(\"abc\", \"%w\", print))\nprint(string.gsub(\"abc\", \"%w\", string.upper))\nlocal co = coroutine.wrap(function() return string.gsub(\"abc\", \"%w\", function(c) return c .. c end) end)\nprint(co())\nprint(pcall(string.gsub, \"abc\", \"%w\", function(c) coroutine.yield(c) end))\nlocal depth = 0\nlocal function rec(s) depth = depth + 1; if depth > 5 then return s end return (s:gsub(\".\", rec)) end\nprint(rec(\"xy\"), depth)\n", "13x, 228y\t2\nAbC\t3\nabc\t3\n1a1b1c1\t4\na+b\t1\nhell0 w0rld\t2\na- b- c-\t3\nfalse\ttest:8: boom\n2\nfalse\tunfinished capture\n24.0 68.0\t2\n6.0 17.0\t2\n12.5c\t3\nAbc\t3\noneab3c\t4\nAB! CD!\t2\nfalse\ttest:18: idx\na\nb\nc\nabc\t3\nABC\t3\naabbcc\t3\nfalse\tattempt to yield from outside a coroutine\nxy\t7\n"],
];

describe("string fast paths", () => {
  for (const [name, src, expected] of CASES) {
    it(name, () => {
      const r = run(src);
      expect(r.stdout + (r.error !== null ? `ERROR: ${r.error}\n` : "")).toBe(expected);
    });
  }
});
