// LuaTable: array/hash parts, key normalisation, borders and traversal.

import { describe, expect, test } from "vitest";
import { LuaError, LuaFloat, LuaTable, type LuaValue } from "../src/index.js";

function keys(t: LuaTable): unknown[] {
  const out: unknown[] = [];
  for (let k = t.next(undefined); k !== undefined; k = t.next(k)) out.push(k);
  return out;
}

describe("LuaTable", () => {
  test("integral float keys are the integer keys", () => {
    const t = new LuaTable();
    t.set(new LuaFloat(1), "a");
    t.set(2, "b");
    expect(t.get(1)).toBe("a");
    expect(t.get(new LuaFloat(2))).toBe("b");
    expect(t.arr).toEqual(["a", "b"]);
    t.set(new LuaFloat(-0), "zero");
    expect(t.get(0)).toBe("zero");
  });

  test("huge integral floats share one key per value", () => {
    const t = new LuaTable();
    t.set(new LuaFloat(1e300), 1);
    expect(t.get(new LuaFloat(1e300))).toBe(1);
    t.set(new LuaFloat(2 ** 63), 2);
    expect(t.get(new LuaFloat(2 ** 63))).toBe(2);
    t.set(new LuaFloat(2 ** 62), 3);
    expect(t.get(4611686018427387904n)).toBe(3);
  });

  test("nil and NaN keys are errors", () => {
    const t = new LuaTable();
    expect(() => t.set(undefined, 1)).toThrow(LuaError);
    expect(() => t.set(undefined, 1)).toThrow("table index is nil");
    expect(() => t.set(NaN, 1)).toThrow("table index is NaN");
    expect(t.get(undefined)).toBeUndefined();
    expect(t.get(NaN)).toBeUndefined();
  });

  test("keys after the array move over when it grows", () => {
    const t = new LuaTable();
    t.set(3, "c");
    t.set(2, "b");
    expect(t.arr.length).toBe(0);
    t.set(1, "a");
    expect(t.arr).toEqual(["a", "b", "c"]);
    expect(t.hashSize()).toBe(0);
    expect(t.length()).toBe(3);
  });

  test("the border is found by binary search when the array ends in nil", () => {
    const t = new LuaTable();
    for (let i = 1; i <= 10; i++) t.set(i, i);
    t.set(10, undefined);
    expect(t.length()).toBe(9);
    t.set(5, undefined);
    const n = t.length();
    expect(t.get(n)).not.toBeUndefined();
    expect(t.get(n + 1)).toBeUndefined();
  });

  test("next survives clearing fields during a traversal", () => {
    const t = new LuaTable();
    for (const k of ["a", "b", "c", "d"]) t.set(k, k);
    t.set(1, 1);
    const seen: unknown[] = [];
    for (let k = t.next(undefined); k !== undefined; k = t.next(k)) {
      seen.push(k);
      t.set(k, undefined);
    }
    expect(seen).toEqual([1, "a", "b", "c", "d"]);
    expect(t.next(undefined)).toBeUndefined();
  });

  test("next visits array then hash and rejects unknown keys", () => {
    const t = new LuaTable();
    t.set(1, "x");
    t.set(2, "y");
    t.set("k", "v");
    expect(keys(t)).toEqual([1, 2, "k"]);
    expect(t.next(2)).toBe("k");
    expect(t.nextValue).toBe("v");
    expect(() => t.next("missing")).toThrow("invalid key to 'next'");
  });

  test("a cleared key can be set again", () => {
    const t = new LuaTable();
    t.set("x", 1);
    t.set("x", undefined);
    expect(t.hashSize()).toBe(0);
    t.set("x", 2);
    expect(t.get("x")).toBe(2);
    expect(t.hashSize()).toBe(1);
  });

  test("many deletions and insertions keep the contents right", () => {
    const t = new LuaTable();
    for (let i = 0; i < 1000; i++) t.set("k" + i, i);
    for (let i = 0; i < 1000; i += 2) t.set("k" + i, undefined);
    for (let i = 1000; i < 1100; i++) t.set("k" + i, i);
    expect(t.hashSize()).toBe(600);
    expect(t.get("k1")).toBe(1);
    expect(t.get("k2")).toBeUndefined();
    expect(keys(t).length).toBe(600);
  });

  test("setList overrides earlier hash entries for the same keys", () => {
    const t = new LuaTable();
    t.set(2, "old");
    t.setList(0, ["a", undefined, "c"], 0, 3);
    expect(t.get(2)).toBeUndefined();
    expect(keys(t)).toEqual([1, 3]);
  });

  test("a constructor's first items become an array of their own, which grows and changes apart from its source", () => {
    const stack: LuaValue[] = ["x", "a", "b", undefined, "y"];
    const t = new LuaTable();
    t.setList(0, stack, 1, 3);
    expect(t.arr).toEqual(["a", "b", undefined]);
    expect(t.length()).toBe(2);
    stack[1] = "changed";
    t.set(4, "d");
    t.set(3, "c");
    t.setList(4, ["e", "f"], 0, 2);
    expect(t.arr).toEqual(["a", "b", "c", "d", "e", "f"]);
    expect(stack).toEqual(["x", "changed", "b", undefined, "y"]);
    // Items reaching past the end of the source are nils.
    const u = new LuaTable();
    u.setList(0, ["p", "q"], 1, 3);
    expect([u.get(1), u.get(2), u.get(3), u.length()]).toEqual(["q", undefined, undefined, 1]);
  });
});

describe("LuaTable hash part: lookups, tombstones and traversal", () => {
  test("next goes on after the current key is set to nil, in every part", () => {
    const t = new LuaTable();
    const obj = new LuaTable();
    for (let i = 1; i <= 3; i++) t.set(i, i);
    for (let i = 0; i < 20; i++) t.set(`s${i}`, i);
    for (let i = 0; i < 20; i++) t.set(1000 + i * 7, i);
    t.set(obj, "o");
    t.set(true, "yes");
    const seen: unknown[] = [];
    for (let k = t.next(undefined); k !== undefined; k = t.next(k)) {
      seen.push(k);
      t.set(k, undefined);
    }
    expect(seen.length).toBe(3 + 20 + 20 + 2);
    expect(new Set(seen).size).toBe(seen.length);
    expect(t.next(undefined)).toBeUndefined();
    expect(t.hashSize()).toBe(0);
  });

  test("clearing other keys during a traversal, and two interleaved traversals", () => {
    const t = new LuaTable();
    for (let i = 0; i < 10; i++) t.set(i * 100 + 0.5, i);
    const first = t.next(undefined);
    t.set(first, undefined);
    const a = t.next(first);
    const b = t.next(a);
    // A second traversal from the start, then the first one goes on from `a`.
    expect(t.next(undefined)).toBe(a);
    expect(t.next(a)).toBe(b);
    t.set(b, undefined);
    const rest: unknown[] = [];
    for (let k = t.next(b); k !== undefined; k = t.next(k)) rest.push(k);
    expect(rest).toEqual([300.5, 400.5, 500.5, 600.5, 700.5, 800.5, 900.5]);
    expect(() => t.next(12345.5)).toThrow(LuaError);
  });

  test("a tombstone comes back to life and is counted once", () => {
    const t = new LuaTable();
    t.set(2.5, "a");
    t.set("k", "b");
    t.set(2.5, undefined);
    t.set("k", undefined);
    expect(t.hashSize()).toBe(0);
    t.set(2.5, "c");
    t.set("k", "d");
    expect([t.get(2.5), t.get("k"), t.hashSize()]).toEqual(["c", "d", 2]);
    t.set(3.5, "e");
    t.set("j", "f");
    expect(t.hashSize()).toBe(4);
    expect(keys(t)).toEqual(["k", "j", 2.5, 3.5]);
  });

  test("big sparse integer keys stay in the hash until the array reaches them", () => {
    const t = new LuaTable();
    const big = [2 ** 40, 2 ** 53 - 1, -(2 ** 53 - 1), 1e6, 3, 0, -1];
    big.forEach((k, i) => t.set(k, i));
    expect(t.arr.length).toBe(0);
    expect(t.length()).toBe(0);
    t.set(1, "x");
    t.set(2, "y");
    // Key 3 moved over from the hash when the array reached it.
    expect(t.arr).toEqual(["x", "y", 4]);
    expect(t.length()).toBe(3);
    big.forEach((k, i) => expect(t.get(k)).toBe(i));
    expect(keys(t).length).toBe(9);
    for (let i = 0; i < 100; i++) t.set(2 ** 40 + i, i);
    for (let i = 0; i < 100; i++) t.set(2 ** 40 + i, undefined);
    // Many tombstones, then inserts: the sweep keeps every live key.
    for (let i = 0; i < 20; i++) t.set(-1000 - i, i);
    expect(t.get(2 ** 40)).toBeUndefined();
    expect(t.get(2 ** 53 - 1)).toBe(1);
    expect(t.get(-1019)).toBe(19);
    expect(t.hashSize()).toBe(5 + 20);
  });
});

describe("subclasses of LuaTable", () => {
  test("the VM goes through overridden accessors (no in-place fast paths)", async () => {
    const { call, load, newState, setGlobal } = await import("../src/index.js");
    class Watched extends LuaTable {
      sets = 0;
      override set(k: LuaValue, v: LuaValue): void {
        this.sets++;
        super.set(k, v);
      }
      override get(k: LuaValue): LuaValue {
        return k === "magic" ? 42 : super.get(k);
      }
      override getStr(k: string): LuaValue {
        return k === "magic" ? 42 : super.getStr(k);
      }
    }
    const w = new Watched();
    const G = newState();
    setGlobal(G, "w", w);
    const r = call(G, load(G, "w.x = 1 w.x = 2 w[1] = 5 w[1] = 6 local k = 'magic' return w.magic, w[k], w.x, w[1]", "=t"));
    expect(r).toEqual([42, 42, 2, 6]);
    expect(w.sets).toBe(4);
  });
});
