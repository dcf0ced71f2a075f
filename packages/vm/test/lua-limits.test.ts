// Expected output produced by lua5.3 (object addresses normalised to ADDR).
// Generated from a Lua snippet; the test runs it the same way: load as
// "=input", call under pcall, print "ERROR: " and the message on failure.

import { expect, test } from "vitest";
import { runWrapped } from "./helpers.js";

const SRC = "local t = setmetatable({}, {__tostring = function(s) return tostring(s) end})\nlocal ok, e = pcall(tostring, t)\nprint(ok, e)\nlocal function rec(n) return 1 + rec(n + 1) end\nlocal ok2, e2 = pcall(rec, 1)\nprint(ok2, e2)\nlocal co = coroutine.wrap(function() return rec(1) end)\nprint(pcall(co))\nlocal depth = 0\nlocal function nest() depth = depth + 1 local c = coroutine.wrap(nest) return c() end\nprint((pcall(nest)))\nprint(depth > 100)\nlocal function tailrec(n, acc) if n == 0 then return acc end return tailrec(n - 1, acc + 1) end\nprint(tailrec(2000000, 0))\nlocal deep = {}\nlocal cur = deep\nfor i = 1, 10000 do cur.next = {} cur = cur.next end\nprint(select(\"#\", table_unpack_or_nil))\nprint(xpcall(rec, function(m) return \"handled \" .. m end, 1))\n";

const EXPECTED = "false\tC stack overflow\nfalse\tinput:4: stack overflow\nfalse\tinput:4: stack overflow\nfalse\ntrue\n2000000\n1\nfalse\thandled input:4: stack overflow\n";

test("stack limits, deep recursion and tail calls", () => {
  expect(runWrapped(SRC)).toBe(EXPECTED);
});
