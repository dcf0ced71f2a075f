// Expected output produced by lua5.3 (object addresses normalised to ADDR).
// Generated from a Lua snippet; the test runs it the same way: load as
// "=input", call under pcall, print "ERROR: " and the message on failure.

import { expect, test } from "vitest";
import { runWrapped } from "./helpers.js";

const SRC = "local function f(...) return select(\"#\", ...), ... end\nprint(f(1, nil, 3))\nprint(f())\nlocal function g(a, b, ...) local t = {...} return a, b, #t end\nprint(g(1), g(1, 2, 3, 4))\nlocal function tail(n) if n == 0 then return \"done\" end return tail(n - 1) end\nprint(tail(1000000))\nfor i = 3, 1, -1 do io = nil print(i) end\nfor i = 1, 2, 0.5 do print(i) end\nfor i = 1.0, 3 do print(i) end\nfor i = math and 1 or 1, 0 do print(\"never\") end\nlocal n = 0\nfor i = 1, 3.7 do n = n + 1 end print(n)\ndo\n  local fs = {}\n  for i = 1, 3 do fs[i] = function() return i end end\n  print(fs[1](), fs[2](), fs[3]())\nend\nlocal x = 0\n::top:: x = x + 1\nif x < 5 then goto top end\nprint(x)\nprint(type(print), type(nil), type({}), type(\"s\"), type(2), type(print == print))\nprint(tostring(nil), tostring(true), tostring(12), tostring(1.5))\nprint(load(\"syntax error here\"))\nprint(load(\"return ...\", \"chunk\", \"t\")(5, 6))\nprint(load(\"x = 1\", \"n\", \"b\"))\nlocal env = {y = 7}\nprint(load(\"return y\", \"e\", \"t\", env)())\nlocal parts = {\"return \", \"4\", \"2\"}\nlocal i = 0\nprint(load(function() i = i + 1 return parts[i] end)())\nprint(_VERSION, _G._G == _G, _G.print == print)\nlocal t = {}\nt[1.5] = \"a\"; t[-0.0] = \"z\"\nprint(t[1.5], t[0])\nprint(collectgarbage(\"count\") > 0, collectgarbage(), collectgarbage(\"isrunning\"))\nprint(next({}), type(next({1})))\nlocal a = {}\na.b = {c = {d = 5}}\nprint(a.b.c.d)\nlocal s = 0\nfor k, v in ipairs({5, 6, 7}) do s = s + k * v end\nprint(s)\nlocal big = {}\nfor i = 1, 300 do big[i] = i end\nprint(rawequal(\"a\", \"a\"), rawequal({}, {}), 0x7fffffffffffffff, -0x8000000000000000)\n";

const EXPECTED = "3\t1\tnil\t3\n0\n1\t1\t2\t2\ndone\n3\n2\n1\n1.0\n1.5\n2.0\n1.0\n2.0\n3.0\n3\n1\t2\t3\n5\nfunction\tnil\ttable\tstring\tnumber\tboolean\nnil\ttrue\t12\t1.5\nnil\t[string \"syntax error here\"]:1: syntax error near 'error'\n5\t6\nnil\tattempt to load a text chunk (mode is 'b')\n7\n42\nLua 5.3\ttrue\ttrue\na\tz\ntrue\t0\ttrue\nnil\tnumber\n5\n38\ntrue\tfalse\t9223372036854775807\t-9223372036854775808\n";

test("calls, varargs, loops, closures, goto and load", () => {
  expect(runWrapped(SRC)).toBe(EXPECTED);
});
