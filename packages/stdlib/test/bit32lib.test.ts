// bit32 library tests (lbitlib behaviour, LUA_COMPAT_5_2).
// Expected outputs were produced by the reference lua5.3 (5.3.6) on the
// same snippets; the test does not need lua5.3.

import { describe, expect, it } from "vitest";
import { run } from "./helper.js";

const CASES: [string, string, string][] = [
  ["bit32", "print(bit32.band(0xFF, 0x0F, 0x3), bit32.band(), bit32.bor(1, 2, 4), bit32.bor(), bit32.bxor(5, 3), bit32.bxor())\nprint(bit32.bnot(0), bit32.bnot(-1), bit32.btest(1, 2), bit32.btest(3, 2), bit32.btest())\nprint(bit32.lshift(1, 31), bit32.lshift(1, 32), bit32.lshift(-1, 4), bit32.lshift(8, -2), bit32.rshift(-1, 28), bit32.rshift(1, -3))\nprint(bit32.arshift(-16, 2), bit32.arshift(16, 2), bit32.arshift(0x80000000, 40), bit32.arshift(-1, -1), bit32.arshift(2^31, 1))\nprint(bit32.lrotate(0x80000001, 1), bit32.rrotate(1, 1), bit32.lrotate(0x12345678, 36), bit32.rrotate(0x12345678, -4))\nprint(bit32.extract(0xABCD, 4, 8), bit32.extract(-1, 31), bit32.extract(5, 0), bit32.replace(0, 0xFF, 8, 8), bit32.replace(-1, 0, 0, 32))\nprint(bit32.band(2^32 + 5, 7), bit32.bor(math.maxinteger), bit32.bnot(math.mininteger))\nprint(pcall(bit32.band, 1.5))\nprint(pcall(bit32.extract, 1, -1))\nprint(pcall(bit32.extract, 1, 0, 0))\nprint(pcall(bit32.extract, 1, 30, 3))\nprint(pcall(bit32.lshift, 1))\nprint(pcall(bit32.bor, \"x\"))", "3\t4294967295\t7\t0\t6\t0\n4294967295\t0\tfalse\ttrue\ttrue\n2147483648\t0\t4294967280\t2\t15\t8\n4294967292\t4\t4294967295\t4294967294\t3221225472\n3\t2147483648\t591751041\t591751041\n188\t1\t1\t65280\t0\n5\t4294967295\t4294967295\nfalse\tbad argument #1 to 'bit32.band' (number has no integer representation)\nfalse\tbad argument #2 to 'bit32.extract' (field cannot be negative)\nfalse\tbad argument #3 to 'bit32.extract' (width must be positive)\nfalse\ttrying to access non-existent bits\nfalse\tbad argument #2 to 'bit32.lshift' (number expected, got no value)\nfalse\tbad argument #1 to 'bit32.bor' (number expected, got string)\n"],
];

describe("bit32 library", () => {
  for (const [name, src, expected] of CASES) {
    it(name, () => {
      const r = run(src);
      expect(r.stdout + (r.error !== null ? `ERROR: ${r.error}\n` : "")).toBe(expected);
    });
  }
});
