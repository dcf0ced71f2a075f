// Small reductions of failures found by the official Lua 5.3.4 suite.
// Expected outputs produced by lua5.3 running each snippet as chunk "=input"
// under pcall (object addresses normalised to ADDR).

import { expect, test } from "vitest";
import { runWrapped } from "./helpers.js";

test("errors raised while a host function calls a non-function stay in it", () => {
  const src = "-- a host function calling a non-function: the error belongs to it, not to an outer pcall\nlocal real = tostring\ntostring = nil\nlocal ok, msg = pcall(print, 1)\ntostring = function () return {} end\nlocal ok2, msg2 = pcall(print, 1)\ntostring = real\nprint(ok, msg)\nprint(ok2, msg2)\nprint(pcall(xpcall, nil, function(m) return \"H:\" .. m end))\nprint(xpcall(nil, function(m) return \"H:\" .. m end))\nprint(select('#', pcall(nil)))\nlocal t = setmetatable({}, {__index = 42})\nprint(pcall(function() return t.x end))\n";
  expect(runWrapped(src)).toBe("false\tattempt to call a nil value\nfalse\t'tostring' must return a string to 'print'\ntrue\tfalse\tH:attempt to call a nil value\nfalse\tH:attempt to call a nil value\n2\nfalse\tinput:14: attempt to index a number value\n");
});
