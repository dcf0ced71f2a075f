// Numeric for loops behave like Lua 5.3: int64 wrap-around, no zero-step error, forprep's order of checks.
// Expected outputs produced by lua5.3 running each snippet as chunk "=input"
// under pcall (object addresses normalised to ADDR).

import { expect, test } from "vitest";
import { runWrapped } from "./helpers.js";

test("zero steps, NaN limits, string limits and error order", () => {
  const src = "local maxi, mini, huge = 0x7fffffffffffffff, 0x8000000000000000, 1/0\nlocal n = 0\nfor i = maxi - 2, maxi do n = n + 1 if n > 5 then break end end print(n)\nn = 0 for i = 1, 10, 0 do n = n + 1 if n > 3 then break end end print(n)\nn = 0 for i = 10, 1, 0 do n = n + 1 if n > 3 then break end end print(n)\nn = 0 for i = 1, -huge, 0 do n = n + 1 if n > 3 then break end end print(n)\nn = 0 for i = 1, 0/0, 0 do n = n + 1 if n > 3 then break end end print(n)\nn = 0 for i = 1, 0/0, -1 do n = n + 1 if n > 3 then print(i) break end end print(n)\nn = 0 for i = 1.0, 2, 0 do n = n + 1 if n > 3 then break end end print(n)\nn = 0 for i = 2.0, 1, 0 do n = n + 1 if n > 3 then break end end print(n)\nfor i = mini, mini + 1 do print(i) end\nfor i = 1, \"3\" do print(i) end\nfor i = \"1\", 2 do print(i) end\nfor i = 1, 3.9 do print(i) end\nfor i = 3, 1.1, -1 do print(i) end\nprint(pcall(function() for i = 1, 2, \"x\" do end end))\nprint(pcall(function() for i = {}, 2, \"x\" do end end))\nprint(pcall(function() for i = {}, 2 do end end))\nprint(pcall(function() for i = 1, nil do end end))\n";
  expect(runWrapped(src)).toBe("6\n0\n4\n4\n4\n-2\n4\n0\n4\n-9223372036854775808\n-9223372036854775807\n1\n2\n3\n1.0\n2.0\n1\n2\n3\n3\n2\nfalse\tinput:16: 'for' step must be a number\nfalse\tinput:17: 'for' step must be a number\nfalse\tinput:18: 'for' initial value must be a number\nfalse\tinput:19: 'for' limit must be a number\n");
});

test("integer counters wrap around at the limits", () => {
  const src = "-- wrap-around near the integer limits, cut off after a few steps\nlocal maxi, mini, huge = 0x7fffffffffffffff, 0x8000000000000000, 1/0\nlocal function run(first, limit, step)\n  local seen = \"\"\n  local n = 0\n  for i = first, limit, step do\n    seen = seen .. \" \" .. i\n    n = n + 1\n    if n == 4 then break end\n  end\n  print(n, seen)\nend\nrun(maxi - 1, maxi, 1)\nrun(mini + 1, mini, -1)\nrun(maxi - 1, huge, 2)\nrun(mini, -huge, -1)\nrun(1, maxi, maxi)\nrun(5, -huge, 1)\nrun(5, huge, -1)\nrun(1, 2, 0)\nrun(2, 1, 0)\nrun(2.5, 1, 0)\n";
  expect(runWrapped(src)).toBe("4\t 9223372036854775806 9223372036854775807 -9223372036854775808 -9223372036854775807\n4\t -9223372036854775807 -9223372036854775808 9223372036854775807 9223372036854775806\n4\t 9223372036854775806 -9223372036854775808 -9223372036854775806 -9223372036854775804\n4\t -9223372036854775808 9223372036854775807 9223372036854775806 9223372036854775805\n4\t 1 -9223372036854775808 -1 9223372036854775806\n0\t\n0\t\n0\t\n4\t 2 2 2 2\n4\t 2.5 2.5 2.5 2.5\n");
});
