// Expected output produced by lua5.3 (object addresses normalised to ADDR).
// Generated from a Lua snippet; the test runs it the same way: load as
// "=input", call under pcall, print "ERROR: " and the message on failure.

import { expect, test } from "vitest";
import { runWrapped } from "./helpers.js";

const SRC = "for i = \"1\", 2 do print(i) end\nfor i = 1, 1e300 do if i > 2 then break end print(i) end\nfor i = 3, -1e300, -1 do if i < 2 then break end print(i) end\nfor i = 1, 2, 0.5 do print(i) end\nfor i = 0.1, 0.35, 0.1 do print(i) end\nprint(1 .. 2, -\"2\", - -2, \"10\" / 2, \"0x10\" * 1, \" 5 \" + 0)\nlocal c = setmetatable({}, {__call = function(self, a, b) return a, b, self ~= nil end})\nprint(c(1, 2))\nlocal c2 = setmetatable({}, {__call = c})\nprint(pcall(c2, 5))\nprint(1 .. setmetatable({}, {__concat = function(a, b) return \"L\" .. tostring(type(a)) .. type(b) end}))\nlocal e1 = setmetatable({}, {__eq = function() return true end})\nlocal e2 = setmetatable({}, {__eq = function() return false end})\nprint(e1 == e2, e2 == e1)\nprint(pcall(function() return setmetatable({}, {__lt = function() return true end}) < 1 end))\nprint(pcall(function() return 1 <= setmetatable({}, {__lt = function() return false end}) end))\nlocal f = function(...) return select(\"#\", ...), ... end\nprint(f(nil, nil, nil))\nprint((f(1, 2, 3)))\nlocal t = {f(1, 2)}\nprint(#t)\nlocal mt = {__index = function(t, k) return k end, __newindex = function(t, k, v) rawset(t, k, v + 1) end}\nlocal p = setmetatable({}, mt)\np[1] = 10; p.x = 1\nprint(p[1], p.x, p.y, rawget(p, \"y\"))\nlocal s = 0\nfor k, v in next, {1, 2, 3} do s = s + v end\nprint(s)\ngoto skip\nprint(\"not printed\")\n::skip::\ndo local a = 1; do local a = 2; print(a) end print(a) end\nlocal n = 0\nwhile true do n = n + 1 if n == 3 then break end end\nrepeat local z = n; n = n - 1 until z <= 1\nprint(n)\nprint(2^31 | 0, 5 // 0.0, -5 % 3, 3 % -2.0)\n";

const EXPECTED = "1.0\n2.0\n1\n2\n3\n2\n1.0\n1.5\n2.0\n0.1\n0.2\n0.3\n12\t-2.0\t2\t5.0\t16.0\t5.0\n1\t2\ttrue\nfalse\tattempt to call a table value\nLnumbertable\ntrue\tfalse\ntrue\ttrue\ntrue\ttrue\n3\tnil\tnil\tnil\n3\n3\n11\t2\ty\tnil\n6\n2\n1\n0\n2147483648\tinf\t1\t-1.0\n";

test("numeric for forms, coercions, __call, __eq, goto and scopes", () => {
  expect(runWrapped(SRC)).toBe(EXPECTED);
});
