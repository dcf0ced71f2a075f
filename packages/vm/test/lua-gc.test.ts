// Expected output produced by lua5.3 (object addresses normalised to ADDR).
// Generated from a Lua snippet; the test runs it the same way: load as
// "=input", call under pcall, print "ERROR: " and the message on failure.

import { expect, test } from "vitest";
import { runWrapped } from "./helpers.js";

const SRC = "local weak = setmetatable({}, {__mode = \"v\"})\nweak[1] = {}\nlocal keep = {}\nweak[2] = keep\ncollectgarbage()\nprint(weak[1], weak[2] == keep)\nlocal wk = setmetatable({}, {__mode = \"k\"})\nwk[{}] = 1\nwk[keep] = 2\ncollectgarbage()\nlocal n = 0\nfor k, v in pairs(wk) do n = n + 1 end\nprint(n, wk[keep])\nlocal eph = setmetatable({}, {__mode = \"k\"})\ndo local k = {} eph[k] = {ref = k} end\ncollectgarbage()\nprint(next(eph))\nlocal order = {}\nfor i = 1, 3 do setmetatable({}, {__gc = function() order[#order + 1] = i end}) end\ncollectgarbage()\nprint(#order, order[1], order[2], order[3])\nlocal x = setmetatable({}, {__gc = function(o) print(\"finalized\", type(o)) end})\nx = nil\ncollectgarbage()\nlocal strs = setmetatable({}, {__mode = \"k\"})\nstrs[\"str\"] = 1\ncollectgarbage()\nprint(strs.str)\n";

const EXPECTED = "nil\ttrue\n1\t2\nnil\n3\t3\t2\t1\nfinalized\ttable\n1\n";

test("weak tables, ephemerons and __gc through collectgarbage", () => {
  expect(runWrapped(SRC)).toBe(EXPECTED);
});
