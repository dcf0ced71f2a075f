// Expected values were produced by lua5.3 (5.3.6, x86-64 Linux): each case is
// string.pack/unpack/packsize on the inputs and its results or error message.
import { describe, expect, it } from "vitest";
import { EngineError } from "../src/lpattern.js";
import type { ValueHost } from "../src/lformat.js";
import { pack, packsize, unpack } from "../src/lpack.js";

/** Stand-in for the VM's LuaFloat box. */
class Boxed {
  constructor(readonly n: number) {}
}

const nanWithSign = (negative: boolean): number => {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setUint32(0, negative ? 0xfff80000 : 0x7ff80000);
  return dv.getFloat64(0);
};
const NEG_NAN = nanWithSign(true);
const POS_NAN = nanWithSign(false);

function F(x: number): unknown {
  return Number.isInteger(x) || Object.is(x, -0) ? new Boxed(x) : x;
}

const host: ValueHost = {
  isFloatBox: (v): v is Boxed => v instanceof Boxed,
  mkFloat: (d) => F(d),
  stringToNumber(s) {
    const t = s.trim();
    if (/^[+-]?0[xX][0-9a-fA-F]+$/.test(t)) return parseInt(t, 16);
    if (/^[+-]?\d+$/.test(t)) return parseInt(t, 10);
    if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return F(Number(t));
    return undefined;
  },
  typeName: (v) => (v === undefined ? "nil" : typeof v === "object" ? "table" : typeof v),
  tostring: (v) => (v instanceof Boxed ? v.n.toFixed(1) : String(v)),
};

function run(fname: string, f: () => unknown[]): unknown {
  try {
    return f();
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    return { err: e.arg ? `bad argument #${e.arg} to 'string.${fname}' (${e.message})` : e.message };
  }
}

/** Floats compare by value and sign (NaN equal to NaN). */
function normalise(vs: unknown): unknown {
  if (!Array.isArray(vs)) return vs;
  return vs.map((v) => (v instanceof Boxed ? { float: v.n } : typeof v === "number" && !Number.isInteger(v) ? { float: v } : v));
}

const PACK_CASES: [string, unknown[], unknown][] = [
  ["b", [1], ["\x01"]],
  ["b", [-128], ["\x80"]],
  ["b", [127], ["\x7f"]],
  ["b", [128], { err: "bad argument #2 to 'string.pack' (integer overflow)" }],
  ["b", [-129], { err: "bad argument #2 to 'string.pack' (integer overflow)" }],
  ["B", [255], ["\xff"]],
  ["B", [256], { err: "bad argument #2 to 'string.pack' (unsigned overflow)" }],
  ["B", [-1], { err: "bad argument #2 to 'string.pack' (unsigned overflow)" }],
  ["h", [4660], ["4\x12"]],
  [">h", [4660], ["\x124"]],
  ["H", [65535], ["\xff\xff"]],
  ["H", [65536], { err: "bad argument #2 to 'string.pack' (unsigned overflow)" }],
  ["i", [1], ["\x01\x00\x00\x00"]],
  ["<i", [-2], ["\xfe\xff\xff\xff"]],
  [">i", [-2], ["\xff\xff\xff\xfe"]],
  ["i3", [1193046], ["V4\x12"]],
  [">I3", [1193046], ["\x124V"]],
  ["i3", [8388608], { err: "bad argument #2 to 'string.pack' (integer overflow)" }],
  ["i3", [-8388608], ["\x00\x00\x80"]],
  ["I3", [-1], { err: "bad argument #2 to 'string.pack' (unsigned overflow)" }],
  ["i5", [549755813888], { err: "bad argument #2 to 'string.pack' (integer overflow)" }],
  ["i7", [-1], ["\xff\xff\xff\xff\xff\xff\xff"]],
  ["I7", [72057594037927936n], { err: "bad argument #2 to 'string.pack' (unsigned overflow)" }],
  ["i8", [-9223372036854775808n], ["\x00\x00\x00\x00\x00\x00\x00\x80"]],
  ["j", [9223372036854775807n], ["\xff\xff\xff\xff\xff\xff\xff\x7f"]],
  ["J", [-1], ["\xff\xff\xff\xff\xff\xff\xff\xff"]],
  ["l", [1], ["\x01\x00\x00\x00\x00\x00\x00\x00"]],
  ["L", [-1], ["\xff\xff\xff\xff\xff\xff\xff\xff"]],
  ["T", [5], ["\x05\x00\x00\x00\x00\x00\x00\x00"]],
  ["i9", [-1], ["\xff\xff\xff\xff\xff\xff\xff\xff\xff"]],
  ["i9", [1], ["\x01\x00\x00\x00\x00\x00\x00\x00\x00"]],
  ["I9", [-1], ["\xff\xff\xff\xff\xff\xff\xff\xff\x00"]],
  [">i16", [-2], ["\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xfe"]],
  ["<I16", [-9223372036854775808n], ["\x00\x00\x00\x00\x00\x00\x00\x80\x00\x00\x00\x00\x00\x00\x00\x00"]],
  ["i12", [9223372036854775807n], ["\xff\xff\xff\xff\xff\xff\xff\x7f\x00\x00\x00\x00"]],
  ["i2", [40000], { err: "bad argument #2 to 'string.pack' (integer overflow)" }],
  ["I2", [-1], { err: "bad argument #2 to 'string.pack' (unsigned overflow)" }],
  ["i1", [F(1.5)], { err: "bad argument #2 to 'string.pack' (number has no integer representation)" }],
  ["i1", [F(3)], ["\x03"]],
  ["i1", ["0x10"], ["\x10"]],
  ["i1", ["x"], { err: "bad argument #2 to 'string.pack' (number expected, got string)" }],
  ["i4", [], { err: "bad argument #2 to 'string.pack' (number expected, got nil)" }],
  ["i17", [1], { err: "integral size (17) out of limits [1,16]" }],
  ["i0", [1], { err: "integral size (0) out of limits [1,16]" }],
  ["y", [1], { err: "invalid format option 'y'" }],
  ["\x01", [1], { err: "invalid format option '<\\1>'" }],
  ["f", [F(0.10000000000000001)], ["\xcd\xcc\xcc="]],
  [">f", [F(1.5)], ["?\xc0\x00\x00"]],
  ["d", [F(0.10000000000000001)], ["\x9a\x99\x99\x99\x99\x99\xb9?"]],
  [">d", [F(-2.5)], ["\xc0\x04\x00\x00\x00\x00\x00\x00"]],
  ["n", [F(Infinity)], ["\x00\x00\x00\x00\x00\x00\xf0\x7f"]],
  ["f", [F(1.0000000000000001e+300)], ["\x00\x00\x80\x7f"]],
  ["d", [F(NEG_NAN)], ["\x00\x00\x00\x00\x00\x00\xf8\xff"]],
  ["d", [F(POS_NAN)], ["\x00\x00\x00\x00\x00\x00\xf8\x7f"]],
  ["f", [F(-0)], ["\x00\x00\x00\x80"]],
  ["d", ["1.5"], ["\x00\x00\x00\x00\x00\x00\xf8?"]],
  ["d", ["x"], { err: "bad argument #2 to 'string.pack' (number expected, got string)" }],
  ["f", [3], ["\x00\x00@@"]],
  ["c5", ["abc"], ["abc\x00\x00"]],
  ["c2", ["abc"], { err: "bad argument #2 to 'string.pack' (string longer than given size)" }],
  ["c3", ["abc"], ["abc"]],
  ["c0", [""], [""]],
  ["c", ["a"], { err: "missing size for format option 'c'" }],
  ["c3", [12], ["12\x00"]],
  ["s", ["hello"], ["\x05\x00\x00\x00\x00\x00\x00\x00hello"]],
  [">s2", ["hi"], ["\x00\x02hi"]],
  ["s1", ["xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"], ["\xffxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"]],
  ["s1", ["xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"], { err: "bad argument #2 to 'string.pack' (string length does not fit in given size)" }],
  ["s16", ["a"], ["\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00a"]],
  ["s0", ["a"], { err: "integral size (0) out of limits [1,16]" }],
  ["s17", ["a"], { err: "integral size (17) out of limits [1,16]" }],
  ["z", ["abc"], ["abc\x00"]],
  ["z", ["a\x00b"], { err: "bad argument #2 to 'string.pack' (string contains zeros)" }],
  ["z", [""], ["\x00"]],
  ["z", [42], ["42\x00"]],
  ["s", [{}], { err: "bad argument #2 to 'string.pack' (string expected, got table)" }],
  ["x", [], ["\x00"]],
  ["xxb", [1], ["\x00\x00\x01"]],
  ["bx", [1], ["\x01\x00"]],
  [" < > = b", [1], ["\x01"]],
  ["!4 b i4", [1, 2], ["\x01\x00\x00\x00\x02\x00\x00\x00"]],
  ["!4 b i8", [1, 2], ["\x01\x00\x00\x00\x02\x00\x00\x00\x00\x00\x00\x00"]],
  ["!8 b d", [1, F(2.5)], ["\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x04@"]],
  ["!2 b i4", [1, 2], ["\x01\x00\x02\x00\x00\x00"]],
  ["! b j", [1, 2], ["\x01\x00\x00\x00\x00\x00\x00\x00\x02\x00\x00\x00\x00\x00\x00\x00"]],
  ["!3 b i4", [1, 2], { err: "bad argument #1 to 'string.pack' (format asks for alignment not power of 2)" }],
  ["!17 i4", [1], { err: "integral size (17) out of limits [1,16]" }],
  ["!4 b Xi4 b", [1, 2], ["\x01\x00\x00\x00\x02"]],
  ["!8 b Xi16", [1], ["\x01\x00\x00\x00\x00\x00\x00\x00"]],
  ["!4 i3", [1], { err: "bad argument #1 to 'string.pack' (format asks for alignment not power of 2)" }],
  ["!4 b i3", [1, 2], { err: "bad argument #1 to 'string.pack' (format asks for alignment not power of 2)" }],
  ["Xz", [1], { err: "bad argument #1 to 'string.pack' (invalid next option for option 'X')" }],
  ["X", [1], { err: "bad argument #1 to 'string.pack' (invalid next option for option 'X')" }],
  ["Xc1", [1], { err: "bad argument #1 to 'string.pack' (invalid next option for option 'X')" }],
  ["!4 b X!", [1], { err: "bad argument #1 to 'string.pack' (invalid next option for option 'X')" }],
  ["b X", [1], { err: "bad argument #1 to 'string.pack' (invalid next option for option 'X')" }],
  ["!2 bXh", [1], ["\x01\x00"]],
  ["!8 b Xd b", [1, 2], ["\x01\x00\x00\x00\x00\x00\x00\x00\x02"]],
  ["i4 c3 !4 h", [7, "ab", 9], ["\x07\x00\x00\x00ab\x00\x00\x09\x00"]],
  ["bbb", [1, 2], { err: "bad argument #4 to 'string.pack' (number expected, got nil)" }],
  ["<i2 >i2 =i2", [1, 1, 1], ["\x01\x00\x00\x01\x01\x00"]],
  ["c2147483647c2147483647", ["", ""], { err: "invalid format option '7'" }],
  ["i99999999999", [1], { err: "integral size (999999999) out of limits [1,16]" }],
];
const UNPACK_CASES: [string, string, unknown][] = [
  ["b", "\xc8", [-56, 2]],
  ["B", "\xc8", [200, 2]],
  ["h", "\xff\x7f", [32767, 3]],
  [">h", "\xff\x7f", [-129, 3]],
  ["H", "\xff\xff", [65535, 3]],
  ["i3", "\xff\xff\xff", [-1, 4]],
  ["I3", "\xff\xff\xff", [16777215, 4]],
  [">i3", "\x80\x00\x00", [-8388608, 4]],
  ["i", "\x01\x02\x03\x04", [67305985, 5]],
  [">I4", "\x01\x02\x03\x04", [16909060, 5]],
  ["i5", "\x00\x00\x00\x00\x80", [-549755813888, 6]],
  ["I6", "\xff\xff\xff\xff\xff\xff", [281474976710655, 7]],
  ["i6", "\xff\xff\xff\xff\xff\xff", [-1, 7]],
  ["i7", "\x00\x00\x00\x00\x00\x00\x80", [-36028797018963968n, 8]],
  ["I7", "\xff\xff\xff\xff\xff\xff\xff", [72057594037927935n, 8]],
  ["j", "\x00\x00\x00\x00\x00\x00\x00\x80", [-9223372036854775808n, 9]],
  ["J", "\xff\xff\xff\xff\xff\xff\xff\xff", [-1, 9]],
  ["i8", "\xff\xff\xff\xff\xff\xff\x1f\x00", [9007199254740991, 9]],
  ["i8", "\x00\x00\x00\x00\x00\x00 \x00", [9007199254740992n, 9]],
  ["i9", "\xff\xff\xff\xff\xff\xff\xff\xff\xff", [-1, 10]],
  ["i9", "\x00\x00\x00\x00\x00\x00\x00\x00\x01", { err: "9-byte integer does not fit into Lua Integer" }],
  ["I9", "\xff\xff\xff\xff\xff\xff\xff\xff\xff", { err: "9-byte integer does not fit into Lua Integer" }],
  ["I9", "\xff\xff\xff\xff\xff\xff\xff\xff\x00", [-1, 10]],
  ["i16", "\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff", [-1, 17]],
  [">i16", "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x05", [5, 17]],
  ["i9", "\x00\x00\x00\x00\x00\x00\x00\x80\xff", [-9223372036854775808n, 10]],
  ["i9", "\x00\x00\x00\x00\x00\x00\x00\x80\x00", { err: "9-byte integer does not fit into Lua Integer" }],
  ["i12", "\xff\xff\xff\xff\xff\xff\xff\x7f\x00\x00\x00\x00", [9223372036854775807n, 13]],
  ["f", "\xcd\xcc\xcc=", [F(0.10000000149011612), 5]],
  [">d", "@\x09!\xfbTD-\x18", [F(3.1415926535897931), 9]],
  ["d", "\x00\x00\x00\x00\x00\x00\x00\xf0\x7f", [F(-3.1050361846014179e+231), 9]],
  ["n", "\x00\x00\x00\x00\x00\x00\x00\x00", [F(0), 9]],
  ["f", "\x00\x00\x80?", [F(1), 5]],
  ["d", "\x00\x00\x00\x00\x00\x00\xf0?", [F(1), 9]],
  ["c3", "abcdef", ["abc", 4]],
  ["c0", "", ["", 1]],
  ["c7", "abc", { err: "bad argument #2 to 'string.unpack' (data string too short)" }],
  ["s1", "\x03abc", ["abc", 5]],
  ["s1", "\x05ab", { err: "bad argument #2 to 'string.unpack' (data string too short)" }],
  [">s2", "\x00\x02hi", ["hi", 5]],
  ["s", "\x02\x00\x00\x00\x00\x00\x00\x00hi", ["hi", 11]],
  ["z", "abc\x00def", ["abc", 5]],
  ["zz", "a\x00b\x00", ["a", "b", 5]],
  ["z", "abc", ["abc", 5]],
  ["zb", "ab", { err: "bad argument #2 to 'string.unpack' (data string too short)" }],
  ["i4", "abc", { err: "bad argument #2 to 'string.unpack' (data string too short)" }],
  ["bbbb", "abc", { err: "bad argument #2 to 'string.unpack' (data string too short)" }],
  ["!4 b i4", "\x01\x00\x00\x00\x02\x00\x00\x00", [1, 2, 9]],
  ["!4 b i4", "\x01\x00\x00\x00\x02\x00\x00", { err: "bad argument #2 to 'string.unpack' (data string too short)" }],
  ["!8 b d", "\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x04@", [1, F(2.5), 17]],
  ["x b", "\x00\x07", [7, 3]],
  ["b Xi4 b", "\x01\x00\x00\x00\x02", [1, 0, 3]],
  ["!4 b Xi4 b", "\x01\x00\x00\x00\x02", [1, 2, 6]],
  ["y", "a", { err: "invalid format option 'y'" }],
  ["i17", "a", { err: "integral size (17) out of limits [1,16]" }],
  ["X", "a", { err: "bad argument #1 to 'string.unpack' (invalid next option for option 'X')" }],
  ["c", "a", { err: "missing size for format option 'c'" }],
  ["", "", [1]],
  ["b", "", { err: "bad argument #2 to 'string.unpack' (data string too short)" }],
  ["s2", "\xff\xff", { err: "bad argument #2 to 'string.unpack' (data string too short)" }],
];
const INIT_CASES: [string, string, number, unknown][] = [
  ["b", "abc", 1, [97, 2]],
  ["b", "abc", 3, [99, 4]],
  ["b", "abc", -1, [99, 4]],
  ["b", "abc", -3, [97, 2]],
  ["b", "abc", -4, { err: "bad argument #3 to 'string.unpack' (initial position out of string)" }],
  ["b", "abc", 0, { err: "bad argument #3 to 'string.unpack' (initial position out of string)" }],
  ["b", "abc", 4, { err: "bad argument #2 to 'string.unpack' (data string too short)" }],
  ["", "abc", 4, [4]],
  ["b", "abc", 5, { err: "bad argument #3 to 'string.unpack' (initial position out of string)" }],
  ["", "abc", 5, { err: "bad argument #3 to 'string.unpack' (initial position out of string)" }],
  ["z", "abc", 4, ["", 5]],
  ["c0", "abc", 4, ["", 4]],
  ["s1", "ab\x01x", 3, ["x", 5]],
];
const SIZE_CASES: [string, unknown][] = [
  ["b", [1]],
  ["i", [4]],
  ["i16", [16]],
  ["bhij", [15]],
  ["!8 b d", [16]],
  ["!4 b d", [12]],
  ["!2 b i4", [6]],
  ["c10", [10]],
  ["c0", [0]],
  ["x", [1]],
  ["Xi4", [0]],
  ["b Xi4", [1]],
  ["!8 b Xd", [8]],
  ["s", { err: "bad argument #1 to 'string.packsize' (variable-length format)" }],
  ["z", { err: "bad argument #1 to 'string.packsize' (variable-length format)" }],
  ["!3 i4", { err: "bad argument #1 to 'string.packsize' (format asks for alignment not power of 2)" }],
  ["y", { err: "invalid format option 'y'" }],
  ["c2000000000c2000000000", { err: "bad argument #1 to 'string.packsize' (format result too large)" }],
  ["c2147483647", { err: "invalid format option '7'" }],
  ["c1000000000c1000000000c147483647", [2147483647]],
  ["c1000000000c1000000000c147483648", { err: "bad argument #1 to 'string.packsize' (format result too large)" }],
  ["X", { err: "bad argument #1 to 'string.packsize' (invalid next option for option 'X')" }],
  ["i17", { err: "integral size (17) out of limits [1,16]" }],
  ["c", { err: "missing size for format option 'c'" }],
  [" ", [0]],
  ["<>=!", [0]],
  ["jnT", [24]],
  ["!16 b j", [16]],
  ["!4 b X d", { err: "bad argument #1 to 'string.packsize' (invalid next option for option 'X')" }],
];

describe("pack", () => {
  it.each(PACK_CASES)("pack(%j, %s)", (fmt, args, want) => {
    expect(run("pack", () => [pack(fmt, args, host)])).toEqual(want);
  });
});

describe("unpack", () => {
  it.each(UNPACK_CASES)("unpack(%j, %j)", (fmt, data, want) => {
    expect(normalise(run("unpack", () => unpack(fmt, data, 1, host)))).toEqual(normalise(want));
  });

  it.each(INIT_CASES)("unpack(%j, %j, %j)", (fmt, data, init, want) => {
    expect(normalise(run("unpack", () => unpack(fmt, data, init, host)))).toEqual(normalise(want));
  });

  it("round-trips every integer option at the edges of its range", () => {
    for (let size = 1; size <= 16; size++) {
      const bits = BigInt(Math.min(size, 8) * 8);
      const lo = size >= 8 ? -(2n ** 63n) : -(2n ** (bits - 1n));
      const hi = size >= 8 ? 2n ** 63n - 1n : 2n ** (bits - 1n) - 1n;
      for (const v of [lo, lo + 1n, -1n, 0n, 1n, hi - 1n, hi]) {
        const n = v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v;
        for (const endian of ["<", ">"]) {
          const fmt = `${endian}i${size}`;
          const s = pack(fmt, [n], host);
          expect(s.length).toBe(size);
          expect(unpack(fmt, s, 1, host)).toEqual([n, size + 1]);
        }
      }
    }
  });
});

describe("packsize", () => {
  it.each(SIZE_CASES)("packsize(%j)", (fmt, want) => {
    expect(run("packsize", () => [packsize(fmt)])).toEqual(want);
  });
});
