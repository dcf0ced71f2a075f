// Expected output produced by lua5.3 (object addresses normalised to ADDR).
// Generated from a Lua snippet; the test runs it the same way: load as
// "=input", call under pcall, print "ERROR: " and the message on failure.

import { expect, test } from "vitest";
import { runWrapped } from "./helpers.js";

const SRC = "print(1+2, 1-2, 3*4, 7/2, 7//2, 7%3, -7%3, 7%-3, 2^0.5, -7//2, 7.5//2)\nprint(10 + \"5\", \"3.0\" + 1, \"0x10\" + 0, 1e15, 1e16, 2^53, 2^63)\nprint(9007199254740991 + 1, 9223372036854775807 + 1, -9223372036854775808 - 1)\nprint(3 & 5, 3 | 5, 3 ~ 5, ~0, 1 << 62, 1 << 63, 1 << 64, -1 >> 1, 5 // 0.0, -5 // 0.0, 0/0 ~= 0/0)\nprint(1 == 1.0, 1 < 1.5, \"a\" < \"b\", \"a\" < \"B\", 2^53 == 2^53 + 1)\nprint(pcall(function() return 1 // 0 end))\nprint(pcall(function() return 1 % 0 end))\nprint(pcall(function() local x = 1.5; return x | 0 end))\nprint(pcall(function() return \"abc\" + 1 end))\nprint(pcall(function() local t = {} return t.x + 1 end))\nprint(pcall(function() return {} < {} end))\nprint(pcall(function() return 1 < \"2\" end))\nprint(pcall(function() local s = \"x\" return -{} end))\nprint(5 // 2.0, 5 % 2.5, -0.0, 0.0, 1/0, -1/0)\nprint(3 | 0, \"10\" | 0, pcall(function() return \"1.5\" | 0 end))\nprint(8 % 3.5, -8 % 3.5, 2^2, 10 // 3, -10 // 3, 10.0 // 3)\nlocal a, b = 7, 0\nprint(pcall(function() return a % b end))\nprint(tostring(1e100), 123456789012, 0.1, 1/3, -1.5e-10, 100 * 1.0)\n";

const EXPECTED = "3\t-1\t12\t3.5\t3\t1\t2\t-2\t1.4142135623731\t-4\t3.0\n15.0\t4.0\t16.0\t1e+15\t1e+16\t9.007199254741e+15\t9.2233720368548e+18\n9007199254740992\t-9223372036854775808\t-9.2233720368548e+18\n1\t7\t6\t-1\t4611686018427387904\t-9223372036854775808\t0\t9223372036854775807\tinf\t-inf\ttrue\ntrue\ttrue\ttrue\tfalse\ttrue\nfalse\tinput:6: attempt to divide by zero\nfalse\tinput:7: attempt to perform 'n%0'\nfalse\tinput:8: number (local 'x') has no integer representation\nfalse\tinput:9: attempt to perform arithmetic on a string value\nfalse\tinput:10: attempt to perform arithmetic on a nil value (field 'x')\nfalse\tinput:11: attempt to compare two table values\nfalse\tinput:12: attempt to compare number with string\nfalse\tinput:13: attempt to perform arithmetic on a table value\n2.0\t0.0\t-0.0\t0.0\tinf\t-inf\n3\t10\tfalse\tinput:15: number has no integer representation\n1.0\t2.5\t4.0\t3\t-4\t3.0\nfalse\tinput:18: attempt to perform 'n%0'\n1e+100\t123456789012\t0.1\t0.33333333333333\t-1.5e-10\t100.0\n";

test("arithmetic and comparisons through the VM", () => {
  expect(runWrapped(SRC)).toBe(EXPECTED);
});
