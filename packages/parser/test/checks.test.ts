// Static checks (goto/label/break/vararg, local and upvalue limits).

import { describe, expect, it, test } from "vitest";
import type { Chunk } from "../src/ast.js";
import { checkChunk, LuaSyntaxError, parse } from "../src/index.js";
import { parseFast } from "../src/parser.js";

// [source, lua5.3's message for load(source, source) | null]
const CASES: [string, string | null][] = [
  ["for i = 1, 3 do\n  if i == 2 then goto continue end\n  local x = i\n  ::continue::\nend", null],
  ["while true do\n  goto done\nend\n::done::", null],
  ["do\n  goto a\n  local x\n  ::a::\n  ;;\nend", null],
  ["::top:: local x = 1 goto top", null],
  ["local function f()\n  ::a::\n  goto a\nend", null],
  ["do goto l end ::l::", null],
  ["goto l; do end ::l::", null],
  ["goto l\nlocal x\n::l::\n;\n::m::", null],
  ["goto l\nlocal x\n::l::\nprint(x)", "[string \"goto l...\"]:4: <goto l> at line 1 jumps into the scope of local 'x'"],
  ["do\n  goto l\n  local x\n  ::l::\n  ::m::\nend", null],
  ["repeat\n  local x\n  goto l\n  ::l::\nuntil x", null],
  ["repeat local x until x", null],
  ["local x\ngoto l\nlocal y\n::l::\n", null],
  ["function f()\n  goto l\nend\n::l::", "[string \"function f()...\"]:4: no visible label 'l' for <goto> at line 2"],
  ["local function f()\n  do\n    goto l\n  end\nend\n\nlocal y", "[string \"local function f()...\"]:7: no visible label 'l' for <goto> at line 3"],
  ["if x then goto l end\nlocal y\n::l:: print(y)", "[string \"if x then goto l end...\"]:3: <goto l> at line 1 jumps into the scope of local 'y'"],
  ["if x then break end", "[string \"if x then break end\"]:1: <break> at line 1 not inside a loop"],
  ["for i=1,2 do local function g() break end end", "[string \"for i=1,2 do local function g() break end end...\"]:1: <break> at line 1 not inside a loop"],
  ["while x do local function g() if y then break end end end", "[string \"while x do local function g() if y then break...\"]:1: <break> at line 1 not inside a loop"],
  ["::a:: ::b:: ::a::", "[string \"::a:: ::b:: ::a::\"]:1: label 'a' already defined on line 1"],
  ["do ::a:: end ::a::", null],
  ["::a:: do ::a:: goto a end", null],
  ["function f(...) local g = function() return ... end end", "[string \"function f(...) local g = function() return ....\"]:1: cannot use '...' outside a vararg function near '...'"],
  ["local t = {...}", null],
  ["function f() local t = {...} end", "[string \"function f() local t = {...} end\"]:1: cannot use '...' outside a vararg function near '...'"],
  ["local function f(a, b)\n  return select('#', ...)\nend", "[string \"local function f(a, b)...\"]:2: cannot use '...' outside a vararg function near '...'"],
  ["goto a; goto b; ::b::", "[string \"goto a; goto b; ::b::\"]:1: no visible label 'a' for <goto> at line 1"],
  ["local x\n::l1::\ndo goto l1 end", null],
  ["do local a goto l end local b ::l::", null],
  ["for i = 1, 2 do\n  goto x\n  local y\n  ::x::\nend", null],
  ["for k, v in pairs(t) do\n  goto x\n  local y\n  ::x::\nend", null],
  ["goto x\nlocal y\n::x:: ;\n;;", null],
  ["goto x\nlocal y\n::x:: ;\n::z:: ;\nreturn", "[string \"goto x...\"]:5: <goto x> at line 1 jumps into the scope of local 'y'"],
];

function messageOf(src: string): string | null {
  try {
    parse(src, { chunkName: src });
    return null;
  } catch (e) {
    if (e instanceof LuaSyntaxError) return e.message;
    throw e;
  }
}

describe("goto, labels, break, vararg as lua5.3", () => {
  test.each(CASES)("%j", (src, expected) => {
    expect(messageOf(src)).toBe(expected);
  });
});

describe("checkChunk", () => {
  const raw = (src: string): Chunk => parseFast(src, "=t");
  it("is what parse() runs after the parser", () => {
    expect(() => checkChunk(raw("x = 1"), "=t")).not.toThrow();
    expect(() => checkChunk(raw("goto nowhere"), "=t")).toThrow("t:1: no visible label 'nowhere' for <goto> at line 1");
  });
  it("reports '...' outside a vararg function (the fast parser also does, while parsing)", () => {
    // a hand-built tree: the parser itself rejects this source
    const tree = raw("local function f(...) return ... end");
    const f = (tree.body.body[0] as any).func;
    f.isVararg = false;
    expect(() => checkChunk(tree, "=t")).toThrow("t:1: cannot use '...' outside a vararg function near '...'");
  });
  it("uses the source for exact lines, and the construct's end line without it", () => {
    const src = "local function f()\n  goto l\nend\n\n\nlocal y";
    expect(() => checkChunk(raw(src), "=t", src)).toThrow("t:6: no visible label 'l' for <goto> at line 2");
    expect(() => checkChunk(raw(src), "=t")).toThrow("t:3: no visible label 'l' for <goto> at line 2");
  });
  it("limit errors without the source have no 'near' part", () => {
    const src = "local " + Array.from({ length: 201 }, (_, i) => "a" + i).join(", ");
    // the fast parser reports this one itself; check the tree-only path
    let tree: Chunk | undefined;
    try {
      parseFast(src, "=t");
    } catch (e) {
      expect((e as Error).message).toBe("t:1: too many local variables (limit is 200) in main function near <eof>");
    }
    tree = parseFast("local a", "=t");
    const local = tree.body.body[0] as any;
    local.names = Array.from({ length: 201 }, (_, i) => ({ ...local.names[0], name: "a" + i }));
    expect(() => checkChunk(tree!, "=t")).toThrow(/^t:1: too many local variables \(limit is 200\) in main function$/);
  });
  it("'break' inside a nested function is not inside the loop", () => {
    expect(messageOf("while x do local f = function() break end end")).toMatch(/<break> at line 1 not inside a loop$/);
  });
  it("a repeat condition sees the body's locals; goto continue at the end of a loop body is fine", () => {
    expect(messageOf("repeat local done = f() until done")).toBeNull();
    expect(messageOf("for i = 1, 3 do if i then goto continue end local x = i ::continue:: end")).toBeNull();
    expect(messageOf("while x do if y then goto continue end local z ::continue:: ; end")).toBeNull();
  });
  it("nested functions have their own labels", () => {
    expect(messageOf("::a:: local f = function() goto a end")).toMatch(/no visible label 'a' for <goto> at line 1$/);
    expect(messageOf("local f = function() ::a:: end ::a::")).toBeNull();
  });
  it("type aliases are not local variables for the checks", () => {
    expect(messageOf("goto l type T = number ::l:: print(1)")).toBeNull();
  });
});
