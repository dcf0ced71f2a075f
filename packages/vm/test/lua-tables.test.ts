// Expected output produced by lua5.3 (object addresses normalised to ADDR).
// Generated from a Lua snippet; the test runs it the same way: load as
// "=input", call under pcall, print "ERROR: " and the message on failure.

import { expect, test } from "vitest";
import { runWrapped } from "./helpers.js";

const SRC = "local t = {1, 2, 3, nil, 5}\nprint(#t, t[5])\nlocal u = {}\nfor i = 1, 10 do u[i] = i * i end\nprint(#u, u[10])\nu[11] = nil\nu[5] = nil\nlocal n = 0\nfor k, v in pairs(u) do n = n + 1 end\nprint(n)\nlocal m = {x = 1, y = 2, [1.0] = \"one\", [2^53] = \"big\"}\nprint(m[1], m.x, m[2^53])\nfor k, v in pairs({10, 20, 30}) do io = nil print(k, v) end\nlocal d = {a = 1, b = 2, c = 3}\nfor k in pairs(d) do d[k] = nil end\nprint(next(d))\nprint(pcall(function() local t = {} t[nil] = 1 end))\nprint(pcall(function() local t = {} t[0/0] = 1 end))\nprint(pcall(next, {}, \"nope\"))\nprint(rawlen({1, 2}), rawlen(\"abc\"), rawequal(t, t), rawget(m, \"x\"))\nlocal s = {}\ns[3] = 3; s[2] = 2; s[1] = 1\nprint(#s)\nprint(select(\"#\", 1, 2, 3), select(2, \"a\", \"b\", \"c\"), select(-1, \"a\", \"b\"))\nprint(pcall(select, 0, 1))\nlocal arr = {}\nfor i = 1, 100 do arr[#arr + 1] = i end\nprint(#arr, arr[100])\nprint(#{nil, nil, 3}, #{1, nil}, #{n = 1})\nt = setmetatable({}, {__index = function(t, k) return k .. \"!\" end})\nprint(t.foo, t[1])\nlocal log = {}\nlocal p = setmetatable({}, {__newindex = function(t, k, v) rawset(t, k, v * 2) end})\np.a = 5\nprint(p.a)\nlocal chain = setmetatable({}, {__index = setmetatable({z = 26}, {__index = {w = 23}})})\nprint(chain.z, chain.w, chain.q)\nlocal loop = setmetatable({}, {})\ngetmetatable(loop).__index = loop\nprint(pcall(function() return loop.x end))\nprint(({10, 20, 30})[2], #\"hello\")\nlocal ks = {}\nfor k, v in ipairs({1, 2, nil, 4}) do ks[#ks + 1] = k end\nprint(#ks)\n";

const EXPECTED = "5\t5\n10\t100\n9\none\t1\tbig\n1\t10\n2\t20\n3\t30\nnil\nfalse\tinput:17: table index is nil\nfalse\tinput:18: table index is NaN\nfalse\tinvalid key to 'next'\n2\t3\ttrue\t1\n3\n3\tb\tb\nfalse\tbad argument #1 to 'select' (index out of range)\n100\t100\n3\t1\t0\nfoo!\t1!\n10\n26\t23\tnil\nfalse\tinput:40: '__index' chain too long; possible loop\n20\t5\n2\n";

test("tables, length, next and __index/__newindex", () => {
  expect(runWrapped(SRC)).toBe(EXPECTED);
});
