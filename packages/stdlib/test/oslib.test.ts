// os library tests (loslib behaviour).
// Expected outputs were produced by the reference lua5.3 (5.3.6) on the
// same snippets; the test does not need lua5.3.

import { describe, expect, it } from "vitest";
import { run } from "./helper.js";

const CASES: [string, string, string][] = [
  ["files and environment", "print(os.getenv(\"WIPPY_LUA_SURELY_UNSET_VARIABLE_12345\"), type(os.getenv(\"PATH\")))\nprint(pcall(os.getenv))\nlocal name = os.tmpname()\nprint(type(name), io.open(name) ~= nil)\nlocal moved = name .. \".moved\"\nprint(os.rename(name, moved), io.open(name) == nil)\nprint(os.remove(moved))\nprint(select(\"#\", os.remove(moved)), (select(2, os.remove(moved))):gsub(\"^.*: \", \"\"), select(3, os.remove(moved)))\nprint(os.rename(\"/nonexistent/a\", \"/nonexistent/b\"))\nprint(os.remove(\"/nonexistent/a\"))\nprint(pcall(os.remove))", "nil\tstring\nfalse\tbad argument #1 to 'os.getenv' (string expected, got no value)\nstring\ttrue\ntrue\ttrue\ntrue\n3\tNo such file or directory\t2\nnil\tNo such file or directory\t2\nnil\t/nonexistent/a: No such file or directory\t2\nfalse\tbad argument #1 to 'os.remove' (string expected, got no value)\n"],
  ["execute and locale", "print(os.execute())\nprint(os.execute(\"exit 3\"))\nprint(os.execute(\"true\"))\nprint(os.execute(\"kill -9 $$\"))\nprint(os.setlocale(), os.setlocale(\"C\"), os.setlocale(nil, \"all\"), os.setlocale(\"C\", \"numeric\"))\nprint(os.setlocale(\"no_such_locale_xyz\"))\nprint(pcall(os.setlocale, \"C\", \"bogus\"))\nprint(type(os.exit))", "true\nnil\texit\t3\ntrue\texit\t0\nnil\tsignal\t9\nC\tC\tC\tC\nnil\nfalse\tbad argument #2 to 'os.setlocale' (invalid option 'bogus')\nfunction\n"],
  ["date and time", "print(os.date(\"!%Y-%m-%d %H:%M:%S\", 0), os.date(\"!%c\", 86400 * 365), os.date(\"!%x %X %p\", 1e9))\nlocal t = os.date(\"!*t\", 1234567890)\nprint(t.year, t.month, t.day, t.hour, t.min, t.sec, t.wday, t.yday, t.isdst)\nprint(os.date(\"!%A %B %j %U %w %y %%\", 1234567890))\nprint(pcall(os.date, \"%Ez\"))\nprint(pcall(os.date, \"%\", 0))\nprint(pcall(os.date, \"*t\", 1.5))\nprint(pcall(os.date, \"!%Y\", 2^60))\nprint(math.type(os.time()), math.type(os.clock()), os.difftime(5, 3), pcall(os.difftime, 5))\nprint(pcall(os.time, {year = 2020}))\nprint(pcall(os.time, {year = 2020, month = \"x\", day = 1}))\nprint(pcall(os.time, {year = 2020, month = 1.5, day = 1}))\nprint(pcall(os.time, {year = 2020, month = 1, day = 2^40}))\nprint(pcall(os.time, 1))\nlocal d = {year = 2020, month = 14, day = 35, hour = 25}\nlocal tt = os.time(d)\nprint(d.year, d.month, d.day, d.hour, d.min, d.sec, d.yday, d.wday, os.date(\"%Y-%m-%d %H\", tt))\nprint(os.time({year = 2000, month = 1, day = 1, hour = 0}) - os.time({year = 1999, month = 12, day = 31, hour = 0}))", "1970-01-01 00:00:00\tFri Jan  1 00:00:00 1971\t09/09/01 01:46:40 AM\n2009\t2\t13\t23\t31\t30\t6\t44\tfalse\nFriday February 044 06 5 09 %\nfalse\tbad argument #1 to 'os.date' (invalid conversion specifier '%Ez')\nfalse\tbad argument #1 to 'os.date' (invalid conversion specifier '%')\nfalse\tbad argument #2 to 'os.date' (number has no integer representation)\nfalse\ttime result cannot be represented in this installation\ninteger\tfloat\t2.0\tfalse\tbad argument #2 to 'os.difftime' (number expected, got no value)\nfalse\tfield 'day' missing in date table\nfalse\tfield 'month' is not an integer\nfalse\tfield 'month' is not an integer\nfalse\tfield 'day' is out-of-bound\nfalse\tbad argument #1 to 'os.time' (table expected, got number)\n2021\t3\t8\t1\t0\t0\t67\t2\t2021-03-08 01\n86400\n"],
];

describe("os library", () => {
  for (const [name, src, expected] of CASES) {
    it(name, () => {
      const r = run(src);
      expect(r.stdout + (r.error !== null ? `ERROR: ${r.error}\n` : "")).toBe(expected);
    });
  }
});
