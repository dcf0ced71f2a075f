// Small reductions of failures found by the official Lua 5.3.4 suite.
// Expected outputs produced by lua5.3 running each snippet as chunk "=input"
// under pcall (object addresses normalised to ADDR).

import { expect, test } from "vitest";
import { runWrapped } from "./helpers.js";

test("errors raised while a host function calls a non-function stay in it", () => {
  const src = "-- a host function calling a non-function: the error belongs to it, not to an outer pcall\nlocal real = tostring\ntostring = nil\nlocal ok, msg = pcall(print, 1)\ntostring = function () return {} end\nlocal ok2, msg2 = pcall(print, 1)\ntostring = real\nprint(ok, msg)\nprint(ok2, msg2)\nprint(pcall(xpcall, nil, function(m) return \"H:\" .. m end))\nprint(xpcall(nil, function(m) return \"H:\" .. m end))\nprint(select('#', pcall(nil)))\nlocal t = setmetatable({}, {__index = 42})\nprint(pcall(function() return t.x end))\n";
  expect(runWrapped(src)).toBe("false\tattempt to call a nil value\nfalse\t'tostring' must return a string to 'print'\ntrue\tfalse\tH:attempt to call a nil value\nfalse\tH:attempt to call a nil value\n2\nfalse\tinput:14: attempt to index a number value\n");
});

test("collectgarbage count grows with allocation and shrinks after a cycle; steps complete cycles", () => {
  const src = "local function gcinfo () return collectgarbage\"count\" * 1024 end\ncollectgarbage()\nprint(collectgarbage(\"count\") > 1, math == nil or collectgarbage(\"count\") < 1000)\ncollectgarbage(\"stop\")\nprint(collectgarbage(\"isrunning\"))\nlocal function dosteps (siz)\n  collectgarbage()\n  local a = {}\n  for i=1,100 do a[i] = {{}}; local b = {} end\n  local x = gcinfo()\n  local i = 0\n  repeat i = i+1 until collectgarbage(\"step\", siz)\n  assert(gcinfo() < x)\n  return i\nend\nprint(dosteps(0) > 10, dosteps(10) < dosteps(2), dosteps(20000))\nprint(collectgarbage(\"step\", 20000), collectgarbage(\"step\", 20000), collectgarbage(\"step\", -1))\ncollectgarbage(\"restart\")\ncollectgarbage(); collectgarbage()\nlocal x = gcinfo()\ncollectgarbage\"stop\"\nrepeat local a = {} until gcinfo() > 3 * x\ncollectgarbage\"restart\"\nrepeat local a = {} until gcinfo() <= x * 2\nprint(\"pace ok\")\ncollectgarbage()\ncollectgarbage\"stop\"\nx = gcinfo()\nrepeat\n  for i=1,1000 do _ENV.a = {} end\n  collectgarbage(\"step\", 0)\nuntil gcinfo() > 2 * x\ncollectgarbage\"restart\"\nprint(\"stopped collector stays stopped across steps\")\nprint(collectgarbage(\"setpause\", -3), collectgarbage(\"setpause\"), collectgarbage(\"setstepmul\", 3),\n  collectgarbage(\"setstepmul\"), collectgarbage(\"setpause\", 200), collectgarbage(\"setstepmul\", 200))\nprint(pcall(collectgarbage, \"incremental\"))\n";
  expect(runWrapped(src)).toBe("true\ttrue\nfalse\ntrue\ttrue\t1\ntrue\ttrue\tfalse\npace ok\nstopped collector stays stopped across steps\n200\t-3\t200\t40\t0\t40\nfalse\tbad argument #1 to 'collectgarbage' (invalid option 'incremental')\n");
});

test("weak values die before finalizers run, weak keys after", () => {
  const src = "local a = {}\nlocal t = {x = 10}\nlocal C = setmetatable({key = t}, {__mode = 'v'})\nlocal C1 = setmetatable({[t] = 1}, {__mode = 'k'})\na.x = t\nsetmetatable(a, {__gc = function (u)\n  print(\"in __gc\", C.key, type(next(C1)))\nend})\na, t = nil\ncollectgarbage()\nprint(next(C), type(next(C1)))\ncollectgarbage()\nprint(next(C), next(C1))\n";
  expect(runWrapped(src)).toBe("in __gc\tnil\ttable\nnil\ttable\nnil\tnil\n");
});

test("automatic cycles ignore stale temporaries above the live registers", () => {
  const src = "local u\nlocal b\nlocal finish = false\nu = setmetatable({}, {__gc = function () finish = true end})\nb = {34}\nrepeat u = {} until finish\nprint(b[1], \"tables\")\nfinish = false; local i = 1\nu = setmetatable({}, {__gc = function () finish = true end})\nrepeat i = i + 1; u = tostring(i) .. tostring(i) until finish\nprint(b[1], \"strings\")\nfinish = false\nu = setmetatable({}, {__gc = function () finish = true end})\nrepeat local i; u = function () return i end until finish\nprint(b[1], \"closures\")\n";
  expect(runWrapped(src)).toBe("34\ttables\n34\tstrings\n34\tclosures\n");
});

test("a failing finalizer leaves the others for the next cycle", () => {
  const src = "collectgarbage(\"stop\")\nlocal u = {}\nlocal s = {}; setmetatable(s, {__mode = 'k'})\nsetmetatable(u, {__gc = function (o)\n  local i = s[o]\n  s[i] = true\n  print(\"finalizing\", i, not s[i - 1])\n  if i == 8 then error(\"here\") end\nend})\nfor i = 6, 10 do\n  local n = setmetatable({}, getmetatable(u))\n  s[n] = i\nend\nprint(pcall(collectgarbage))\nfor i = 1, 5 do\n  local n = setmetatable({}, getmetatable(u))\n  s[n] = i\nend\ncollectgarbage()\ngetmetatable(u).__gc = false\nsetmetatable({}, {__gc = function () error{} end})\nprint(pcall(collectgarbage))\nsetmetatable({}, {__gc = function () error(42) end})\nprint(pcall(collectgarbage))\ncollectgarbage(\"restart\")\n";
  expect(runWrapped(src)).toBe("finalizing\t10\ttrue\nfinalizing\t9\ttrue\nfinalizing\t8\ttrue\nfalse\terror in __gc metamethod (input:8: here)\nfinalizing\t7\ttrue\nfinalizing\t6\ttrue\nfinalizing\t5\ttrue\nfinalizing\t4\ttrue\nfinalizing\t3\ttrue\nfinalizing\t2\ttrue\nfinalizing\t1\ttrue\nfalse\terror in __gc metamethod (no message)\nfalse\terror in __gc metamethod (no message)\n");
});

test("a cycle through the open upvalues of a lost coroutine takes two collections", () => {
  const src = "local collected = false\ncollectgarbage(); collectgarbage(\"stop\")\ndo\n  local function f (param)\n    ;(function ()\n      param = {param, f}\n      setmetatable(param, {__gc = function () collected = true end})\n      coroutine.yield(100)\n    end)()\n  end\n  local co = coroutine.create(f)\n  print(coroutine.resume(co, co))\nend\ncollectgarbage()\nprint(collected)\ncollectgarbage()\nprint(collected)\ncollectgarbage(\"restart\")\n";
  expect(runWrapped(src)).toBe("true\t100\nfalse\ntrue\n");
});
