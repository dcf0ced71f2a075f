// Expected output produced by lua5.3 (object addresses normalised to ADDR).
// Generated from a Lua snippet; the test runs it the same way: load as
// "=input", call under pcall, print "ERROR: " and the message on failure.

import { expect, test } from "vitest";
import { runWrapped } from "./helpers.js";

const SRC = "local function counter()\n  local n = 0\n  return function() n = n + 1 return n end, function() return n end\nend\nlocal inc, get = counter()\ninc(); inc()\nprint(get())\nlocal a, b, c = (function() return 1, 2, 3 end)()\nprint(a, b, c, (function() return 1, 2 end)())\nlocal t = {(function() return 1, 2 end)(), (function() return 3, 4 end)()}\nprint(#t, t[1], t[2], t[3])\nprint(1 .. \"\", 1.5 .. \"\", 2^53 .. \"\", -0.0 .. \"\", 10 // 3 .. \"\", 1e300 * 1e10 .. \"\")\nprint(-7 // 2, -7 % 2, 7 // -2, 7 % -2, -7.0 // 2, -7 % 2.0)\nfor i = 1, 3 do\n  for j = 1, 3 do\n    if j == 2 then goto continue end\n    io = nil\n    print(i, j)\n    ::continue::\n  end\nend\nlocal function lvl() error(\"deep\", 2) end\nlocal function caller() lvl() end\nprint(pcall(caller))\nlocal co = coroutine.wrap(function() error({1, 2}) end)\nlocal ok, e = pcall(co)\nprint(ok, type(e), e[2])\nlocal co2 = coroutine.wrap(function() local x = nil; return x.field end)\nprint(pcall(co2))\nprint(select(\"#\", nil, nil), select(\"#\"))\nlocal x, y = 1\nprint(x, y)\nlocal s = \"a\"\nfor i = 1, 5 do s = s .. i end\nprint(s)\nlocal nested = {a = {b = {c = function(self) return self == nested.a.b end}}}\nprint(nested.a.b:c())\nlocal mt = {__index = function(t, k) return k .. k end}\nlocal obj = setmetatable({}, mt)\nprint(obj.ab, obj[1])\nlocal w = {}\nw[1] = 1; w[2] = 2; w[4] = 4\nprint(#w == 2 or #w == 4)\nlocal r = {}\nfor k, v in pairs({a = 1, 1, 2}) do r[#r + 1] = tostring(k) end\nprint(#r)\nprint(pcall(function() local t = setmetatable({}, {__newindex = function() error(\"ro\") end}) t.x = 1 end))\nprint(rawequal(0, -0), 0 == -0, 1/0 > 0, 3 == 3.0000000000000001)\n";

const EXPECTED = "2\n1\t2\t3\t1\t2\n3\t1\t3\t4\n1\t1.5\t9.007199254741e+15\t-0.0\t3\tinf\n-4\t1\t-4\t-1\t-4.0\t1.0\n1\t1\n1\t3\n2\t1\n2\t3\n3\t1\n3\t3\nfalse\tinput:23: deep\nfalse\ttable\t2\nfalse\tinput:28: attempt to index a nil value (local 'x')\n2\t0\n1\tnil\na12345\nERROR: input:36: attempt to index a nil value (global 'nested')\n";

test("more language behaviour", () => {
  expect(runWrapped(SRC)).toBe(EXPECTED);
});
