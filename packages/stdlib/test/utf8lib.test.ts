// utf8 library tests (lutf8lib behaviour).
// Expected outputs were produced by the reference lua5.3 (5.3.6) on the
// same snippets; the test does not need lua5.3.

import { describe, expect, it } from "vitest";
import { run } from "./helper.js";

const CASES: [string, string, string][] = [
  ["char and charpattern", "print(utf8.char(72, 228, 8364, 128512), utf8.charpattern, utf8.char())\nprint(pcall(utf8.char, -1))\nprint(pcall(utf8.char, 0x110000))\nprint(pcall(utf8.char, \"x\"))", "H\u00c3\u00a4\u00e2\u0082\u00ac\u00f0\u009f\u0098\u0080\t[\u0000-\u007f\u00c2-\u00f4][\u0080-\u00bf]*\t\nfalse\tbad argument #1 to 'utf8.char' (value out of range)\nfalse\tbad argument #1 to 'utf8.char' (value out of range)\nfalse\tbad argument #1 to 'utf8.char' (number expected, got string)\n"],
  ["len", "local s = \"h\\xc3\\xa4ll\\xe2\\x82\\xac\\xf0\\x9f\\x98\\x80\"\nprint(utf8.len(s), utf8.len(\"\\xff\"), utf8.len(s, 3), utf8.len(s, -4), utf8.len(\"\"), utf8.len(\"abc\", 4))\nprint(pcall(utf8.len, s, 20))\nprint(pcall(utf8.len, s, 1, 20))\nprint(utf8.len(\"\\xed\\xa0\\x80\"), utf8.len(\"\\xc0\\x80\"), utf8.len(\"\\xf4\\x90\\x80\\x80\"), utf8.len(\"a\\x80\"))", "6\tnil\tnil\t1\t0\t0\nfalse\tbad argument #2 to 'utf8.len' (initial position out of string)\nfalse\tbad argument #3 to 'utf8.len' (final position out of string)\n1\tnil\tnil\tnil\t2\n"],
  ["codes and codepoint", "local s = \"h\\xc3\\xa4ll\\xe2\\x82\\xac\\xf0\\x9f\\x98\\x80\"\nfor p, c in utf8.codes(s) do io.write(p, \":\", c, \" \") end print()\nprint(utf8.codepoint(s, 1, -1))\nprint(utf8.codepoint(\"abc\"), utf8.codepoint(\"abc\", 4))\nprint(pcall(utf8.codepoint, s, 3))\nprint(pcall(utf8.codepoint, s, 0))\nprint(pcall(utf8.codepoint, s, 1, 100))\nprint(pcall(function() for p, c in utf8.codes(\"a\\xffb\") do end end))\nprint(pcall(utf8.codes))", "1:104 2:228 4:108 5:108 6:8364 9:128512 \n104\t228\t108\t108\t8364\t128512\nERROR: test:4: bad argument #3 to 'codepoint' (out of range)\n"],
  ["offset", "local s = \"h\\xc3\\xa4ll\\xe2\\x82\\xac\\xf0\\x9f\\x98\\x80\"\nprint(utf8.offset(s, 1), utf8.offset(s, 3), utf8.offset(s, -1), utf8.offset(s, 0, 3), utf8.offset(s, 10))\nprint(utf8.offset(\"abc\", 0), utf8.offset(\"abc\", 4), utf8.offset(\"abc\", 5), utf8.offset(\"abc\", -3), utf8.offset(\"abc\", -4))\nprint(pcall(utf8.offset, s, 1, 3))\nprint(pcall(utf8.offset, s, 1, 100))\nfor c in s:gmatch(utf8.charpattern) do io.write(\"[\", c, \"]\") end print()", "1\t4\t9\t2\tnil\n1\t4\tnil\t1\tnil\nfalse\tinitial position is a continuation byte\nfalse\tbad argument #3 to 'utf8.offset' (position out of range)\n[h][\u00c3\u00a4][l][l][\u00e2\u0082\u00ac][\u00f0\u009f\u0098\u0080]\n"],
];

describe("utf8 library", () => {
  for (const [name, src, expected] of CASES) {
    it(name, () => {
      const r = run(src);
      expect(r.stdout + (r.error !== null ? `ERROR: ${r.error}\n` : "")).toBe(expected);
    });
  }
});
