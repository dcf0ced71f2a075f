import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { type Chunk, type Expression, LuaSyntaxError, parse } from "@wippy-lua/parser";
import { compile } from "../src/compiler/index.js";
import { disassemble } from "../src/disasm.js";
import { BITRK, Op, getAx, getB, getBx, getC, getOp } from "../src/opcodes.js";
import type { Proto } from "../src/proto.js";
import { LuaFloat } from "../src/value.js";
import { LUAC_CASES } from "./compiler-luac-cases.js";

function compileSource(src: string, chunkName = "@x.lua"): Proto {
  return compile(parse(src, { chunkName }), chunkName, src);
}

/**
 * The normalisation applied to luac's listings in compiler-luac-cases.ts:
 * constant indices (which luac 5.3 sometimes duplicates) become K, the
 * constant sections and counts are dropped, closures print as F.
 */
function normaliseListing(listing: string): string {
  const out: string[] = [];
  let skip = false;
  for (let line of listing.split("\n")) {
    if (line.trim() === "") continue;
    if (line.startsWith("constants (")) {
      skip = true;
      continue;
    }
    if (line.startsWith("locals (") || line.startsWith("upvalues (")) skip = false;
    if (skip) continue;
    line = line.replace(/, \d+ constants?,/, ", N constants,").replace(/; function \d+$/, "; F");
    const m = /^(\t\d+\t\[[-\d]+\]\t(\S+)\s*\t)([-\d ]+)(.*)$/.exec(line);
    if (m) {
      const isJump = ["JMP", "FORLOOP", "FORPREP", "TFORLOOP"].includes(m[2]!);
      const args = m[3]!.split(" ").map((a) => (a.startsWith("-") && !isJump ? "K" : a));
      line = m[1]! + args.join(" ") + m[4]!;
    }
    out.push(line);
  }
  return out.join("\n") + "\n";
}

function opsOf(p: Proto): Op[] {
  return Array.from(p.code, (i) => getOp(i));
}

function compileError(src: string): string {
  try {
    compileSource(src, "=x");
  } catch (e) {
    expect(e).toBeInstanceOf(LuaSyntaxError);
    return (e as Error).message;
  }
  throw new Error("expected a compile error");
}

describe("listings identical to luac 5.3", () => {
  for (const c of LUAC_CASES) {
    it(c.name, () => {
      expect(normaliseListing(disassemble(compileSource(c.source)))).toBe(c.listing);
    });
  }
});

describe("proto fields", () => {
  it("main chunk: vararg, _ENV upvalue in stack at 0, line 0", () => {
    const p = compileSource("local a = 1\nreturn a\n", "@m.lua");
    expect(p.isVararg).toBe(true);
    expect(p.numParams).toBe(0);
    expect(p.lineDefined).toBe(0);
    expect(p.upvalues).toEqual([{ name: "_ENV", inStack: true, index: 0 }]);
    expect(p.source).toBe("@m.lua");
    expect(p.lineInfo.length).toBe(p.code.length);
    expect(p.code).toBeInstanceOf(Int32Array);
  });

  it("methods get an implicit self; spans give lineDefined/lastLineDefined", () => {
    const p = compileSource("local t = {}\nfunction t:m(a, b, ...)\n  return self\nend\n");
    const m = p.protos[0]!;
    expect(m.numParams).toBe(3);
    expect(m.isVararg).toBe(true);
    expect(m.locVars.map((v) => v.name)).toEqual(["self", "a", "b"]);
    expect(m.lineDefined).toBe(2);
    expect(m.lastLineDefined).toBe(4);
  });

  it("for-loop hidden variables are named as luac names them", () => {
    const p = compileSource("for i = 1, 2 do end\nfor k, v in next, {} do end\n");
    expect(p.locVars.map((v) => v.name)).toEqual([
      "(for index)", "(for limit)", "(for step)", "i",
      "(for generator)", "(for state)", "(for control)", "k", "v",
    ]);
  });

  it("a local becomes active after its initialiser", () => {
    const p = compileSource("local x = 1\nlocal y = x + 1\n");
    expect(p.locVars).toEqual([
      { name: "x", startPc: 1, endPc: 3 },
      { name: "y", startPc: 2, endPc: 3 },
    ]);
  });

  it("nested upvalues name their variables and point to the right slots", () => {
    const p = compileSource("local a, b\nlocal function f()\n  return function() return b, a end\nend\n");
    const f = p.protos[0]!;
    const g = f.protos[0]!;
    expect(f.upvalues).toEqual([
      { name: "b", inStack: true, index: 1 },
      { name: "a", inStack: true, index: 0 },
    ]);
    expect(g.upvalues).toEqual([
      { name: "b", inStack: false, index: 0 },
      { name: "a", inStack: false, index: 1 },
    ]);
  });
});

describe("constant folding", () => {
  const constantsOf = (src: string) => compileSource(src).constants;

  it("wraps integer overflow like the VM", () => {
    const p = compileSource("return 9223372036854775807 + 1");
    expect(p.constants).toEqual([-9223372036854775808n]);
    expect(opsOf(p)).toEqual([Op.LOADK, Op.RETURN, Op.RETURN]);
  });

  it("never folds integer division or modulo by zero, NaN or -0.0", () => {
    for (const [src, op] of [
      ["return 3 // 0", Op.IDIV],
      ["return 3 % 0", Op.MOD],
      ["return 0 / 0", Op.DIV],
      ["return 1 / 0", Op.DIV],
      ["return -0.0", Op.UNM],
      ["return 0.0 * -1", Op.MUL],
    ] as const) {
      expect(opsOf(compileSource(src))).toContain(op);
    }
  });

  it("folds bitwise operations only on integer-representable operands", () => {
    expect(constantsOf("return 3 | 2.0")).toEqual([3]);
    expect(constantsOf("return ~5.0")).toEqual([-6]);
    expect(opsOf(compileSource("return 3 & 1.5"))).toContain(Op.BAND);
    expect(constantsOf("return 1 << 63")).toEqual([-9223372036854775808n]);
  });

  it("keeps float results as floats", () => {
    expect(constantsOf("return 2^53")).toEqual([new LuaFloat(9007199254740992)]);
    expect(constantsOf("return 7.0 // 2")).toEqual([new LuaFloat(3)]);
    expect(constantsOf("return 10 / 4")).toEqual([2.5]);
    expect(constantsOf("return 1 + 2")).toEqual([3]);
  });
});

describe("type annotations", () => {
  it("erases casts and non-nil assertions, truncating calls to one value", () => {
    const cast = compileSource("local function f() end\nreturn f() :: number");
    const paren = compileSource("local function f() end\nreturn (f())");
    expect(opsOf(cast)).toEqual(opsOf(paren));
    const nonNil = compileSource("local function f() end\nreturn f()!");
    expect(opsOf(nonNil)).toEqual(opsOf(paren));
    const plain = compileSource("local x: number = 1\nlocal function g(a: string): number return a end\n");
    expect(plain.locVars.map((v) => v.name)).toEqual(["x", "g"]);
  });

  it("hoists a block's type aliases into locals set by one call of the type hook", () => {
    const p = compileSource("local a = 1\ntype Point = {x: number}\ntype Pair = {Point}\nreturn Point\n");
    expect(p.locVars.map((v) => v.name)).toEqual(["Point", "Pair", "a"]);
    expect(opsOf(p).slice(0, 3)).toEqual([Op.LOADK, Op.LOADK, Op.CALL]);
    const desc = JSON.parse(p.constants[1] as string);
    expect(desc.aliases.map((a: { name: string }) => a.name)).toEqual(["Point", "Pair"]);
  });

  it("compiles primitive type names read as values to a hook call; `string.f` stays a global read", () => {
    expect(opsOf(compileSource("return number"))).toEqual([Op.LOADK, Op.LOADK, Op.CALL, Op.RETURN, Op.RETURN]);
    expect(opsOf(compileSource("local number = 1\nreturn number"))).not.toContain(Op.CALL);
    expect(opsOf(compileSource("return string.format"))).toEqual([Op.GETTABUP, Op.GETTABLE, Op.RETURN, Op.RETURN]);
    expect(opsOf(compileSource("number = 1"))).toEqual([Op.SETTABUP, Op.RETURN]);
  });
});

describe("limits", () => {
  it("too many registers", () => {
    expect(compileError("a = f(x" + ",x".repeat(260) + ")")).toBe(
      "x:1: function or expression needs too many registers near 'x'",
    );
  });

  it("too many local variables", () => {
    const names = Array.from({ length: 300 }, (_, j) => `a${j + 1}, `).join("");
    expect(compileError(`\nfunction foo ()\n  local ${names}b\n`)).toBe(
      "x:3: too many local variables (limit is 200) in function at line 2 near ','",
    );
  });

  it("too many upvalues", () => {
    const n = 127;
    let s = "local function fooA ()\n  local ";
    for (let j = 1; j <= n; j++) s += `a${j}, `;
    s += "b,c\nlocal function fooB ()\n  local ";
    for (let j = 1; j <= n; j++) s += `b${j}, `;
    s += "b\nfunction fooC () return b+c";
    for (let j = 1; j <= n; j++) s += `+a${j}+b${j}`;
    s += "\nend  end end";
    expect(compileError(s)).toBe("x:6: too many upvalues (limit is 255) in function at line 5 near 'end'");
  });

  it("control structure too long", () => {
    const body = "local t = {" + "1,".repeat(135000) + "}\n";
    expect(compileError("local a\nwhile a do\n" + body + "end\n")).toBe("x:4: control structure too long near 'end'");
  });
});

// Hand-built AST pieces for sizes the parser tests need not go through.
function span(line = 1) {
  return { line, column: 1, start: 0, end: 0, endLine: line, endColumn: 1 };
}

describe("large functions", () => {
  it("uses LOADKX + EXTRAARG beyond 2^18 constants", () => {
    const n = (1 << 18) + 10;
    const values: Expression[] = [];
    for (let i = 0; i < n; i++) values.push({ kind: "Float", value: i + 0.5, ...span() });
    const chunk: Chunk = {
      kind: "Chunk",
      ...span(),
      body: {
        kind: "Block",
        ...span(),
        body: [
          {
            kind: "Local",
            ...span(),
            names: [{ kind: "TypedName", name: "t", ...span() }],
            exprs: [
              { kind: "Table", ...span(), fields: values.map((value) => ({ kind: "PositionalField" as const, value, ...span() })) },
            ],
          },
        ],
      },
    };
    const p = compile(chunk, "=big");
    expect(p.constants.length).toBe(n);
    const ops = opsOf(p);
    const kx = ops.indexOf(Op.LOADKX);
    expect(kx).toBeGreaterThan(0);
    expect(getOp(p.code[kx + 1]!)).toBe(Op.EXTRAARG);
    expect(getAx(p.code[kx + 1]!)).toBe(1 << 18);
    // More than 511 SETLIST batches: C = 0 and the batch number in an EXTRAARG.
    const lastSetList = ops.lastIndexOf(Op.SETLIST);
    expect(getC(p.code[lastSetList]!)).toBe(0);
    expect(getAx(p.code[lastSetList + 1]!)).toBe(Math.ceil(n / 50));
    // NEWTABLE carries the array size hint in floating-point-byte form.
    expect(getOp(p.code[0]!)).toBe(Op.NEWTABLE);
    expect(getB(p.code[0]!)).toBeGreaterThan(8);
  });

  it("keeps RK operands in range when there are more than 256 constants", () => {
    const src = "local t = {}\n" + Array.from({ length: 300 }, (_, i) => `t.k${i} = ${i}.5`).join("\n") + "\n";
    const p = compileSource(src);
    for (const ins of p.code) {
      if (getOp(ins) === Op.SETTABLE) {
        expect(getB(ins) & BITRK ? getB(ins) - BITRK : 0).toBeLessThan(256);
        expect(getC(ins) & BITRK ? getC(ins) - BITRK : 0).toBeLessThan(256);
      }
    }
    // Constants past index 255 are loaded into a register first.
    const loads = p.code.filter((ins) => getOp(ins) === Op.LOADK).map((ins) => getBx(ins));
    expect(loads.length).toBeGreaterThan(0);
    expect(Math.min(...loads)).toBeGreaterThan(255);
  });
});

describe("official test suite", () => {
  const dir = fileURLToPath(new URL("../../../.official-tests", import.meta.url));
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".lua")) : [];
  it.skipIf(files.length === 0)("compiles every .official-tests/*.lua file (skipped when absent)", () => {
    for (const f of files) {
      const src = readFileSync(join(dir, f), "latin1");
      const p = compileSource(src, "@" + f);
      expect(p.code.length).toBeGreaterThan(0);
    }
  });
});

describe("line numbers", () => {
  it("counts \\r, \\r\\n and \\n\\r line breaks as Lua does", () => {
    for (const nl of ["\n", "\r", "\r\n", "\n\r"]) {
      const p = compileSource(`local a = 1${nl}local b = a${nl}  + 2${nl}print(a,${nl}b)`);
      expect(Array.from(p.lineInfo)).toEqual([1, 3, 4, 4, 5, 4, 5]); // luac5.3 -l
    }
  });
});
