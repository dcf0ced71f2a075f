// load/loadfile/dofile tests, including string.dump's binary chunks.
// Expected outputs were produced by the reference lua5.3 (5.3.6) on the
// same snippets; the test does not need lua5.3.

import { describe, expect, it } from "vitest";
import { run } from "./helper.js";

const CASES: [string, string, string][] = [
  ["load with readers, modes and environments", "print(load(function() error(\"x\") end))\nprint(load(function() return {} end))\nlocal parts = {\"return \", \"1 + \", \"2\"}\nlocal i = 0\nprint(load(function() i = i + 1 return parts[i] end)())\nprint(load(\"return ...\", \"chunk\", \"t\", {})(5))\nlocal env = {}\nload(\"y = 2\", \"c\", \"t\", env)() print(env.y, y)\nprint(load(\"\\27junk\"))\nprint(load(\"syntax error here\"))\nprint(pcall(load))\nprint(load(string.dump(function() return _ENV end), \"d\", \"b\", env)() == env)\nprint(load(string.dump(function() return 1 end), \"=named\", \"t\"))\nprint(load(string.dump(function() return 1 end):sub(1, 20)))", "nil\ttest:1: x\nnil\ttest:2: reader function must return a string\n3\n5\n2\tnil\nnil\tbinary string: not a precompiled chunk\nnil\t[string \"syntax error here\"]:1: syntax error near 'error'\nfalse\tbad argument #1 to 'load' (function expected, got no value)\ntrue\nnil\tattempt to load a binary chunk (mode is 't')\nnil\tbinary string: truncated precompiled chunk\n"],
  ["loadfile and dofile", "print(loadfile(\"/nonexistent/file.lua\"))\nprint(pcall(dofile, \"/nonexistent/file.lua\"))\nlocal name = os.tmpname()\nlocal f = io.open(name, \"w\") f:write(\"#!/usr/bin/lua\\nreturn ..., 42\") f:close()\nprint(loadfile(name)(7))\nprint(dofile(name))\nf = io.open(name, \"w\") f:write(\"\\xEF\\xBB\\xBFreturn 'bom'\") f:close()\nprint(dofile(name))\nf = io.open(name, \"wb\") f:write(string.dump(function(...) return select(\"#\", ...) end)) f:close()\nprint(loadfile(name)(1, 2, 3), (select(2, loadfile(name, \"t\"))):gsub(\"^.-: \", \"\"))\nf = io.open(name, \"wb\") f:write(\"# comment\\n\", string.dump(function() return \"after comment\" end)) f:close()\nprint(dofile(name))\nf = io.open(name, \"w\") f:write(\"return _ENV\") f:close()\nlocal e = {}\nprint(loadfile(name, \"t\", e)() == e, loadfile(name)() == _G)\nf = io.open(name, \"w\") f:write(\"local x, z = coroutine.yield(10)\\nlocal y = coroutine.yield(20)\\nreturn x + y * z\") f:close()\nlocal co = coroutine.wrap(dofile)\nprint(co(name), co(100, 101), co(200))\nprint(pcall(dofile, {}))\nprint(pcall(function() dofile({}) end))\nos.remove(name)", "nil\tcannot open /nonexistent/file.lua: No such file or directory\nfalse\tcannot open /nonexistent/file.lua: No such file or directory\n7\t42\nnil\t42\nbom\n3\tattempt to load a binary chunk (mode is 't')\t0\nafter comment\ntrue\ttrue\n10\t20\t20300\nfalse\tbad argument #1 to 'dofile' (string expected, got table)\nfalse\ttest:20: bad argument #1 to 'dofile' (string expected, got table)\n"],
];

describe("load, loadfile and dofile", () => {
  for (const [name, src, expected] of CASES) {
    it(name, () => {
      const r = run(src);
      expect(r.stdout + (r.error !== null ? `ERROR: ${r.error}\n` : "")).toBe(expected);
    });
  }
});
