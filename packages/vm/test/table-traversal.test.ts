// LuaTable: stores that skip the lookup when there are no tombstones, and
// traversal across both parts: restarts, next from other keys, sweeps,
// several tables at once.

import { describe, expect, test } from "vitest";
import { LuaError, LuaTable } from "../src/index.js";

function keys(t: LuaTable): unknown[] {
  const out: unknown[] = [];
  for (let k = t.next(undefined); k !== undefined; k = t.next(k)) out.push(k);
  return out;
}

describe("LuaTable stores without tombstones", () => {
  test("overwriting and inserting hash keys keeps the count exact", () => {
    const t = new LuaTable();
    for (let i = 0; i < 50; i++) t.set(i + 0.25, i);
    for (let i = 0; i < 50; i++) t.set(i + 0.25, -i);
    expect(t.hashSize()).toBe(50);
    expect(t.get(7.25)).toBe(-7);
    // Clearing a key that was never there leaves no tombstone.
    t.set(999.5, undefined);
    expect(t.storedKeys()).toBe(50);
    t.set(7.25, undefined);
    expect(t.hashSize()).toBe(49);
    expect(t.storedKeys()).toBe(50);
    // With a tombstone present, overwriting a live key and reviving the dead one.
    t.set(8.25, "x");
    t.set(7.25, "y");
    expect(t.hashSize()).toBe(50);
    expect([t.get(7.25), t.get(8.25)]).toEqual(["y", "x"]);
  });

  test("a sweep triggered by an insertion keeps every live key and drops the cleared ones", () => {
    const t = new LuaTable();
    const objs = Array.from({ length: 40 }, () => new LuaTable());
    objs.forEach((o, i) => t.set(o, i));
    for (let i = 0; i < 30; i++) t.set(objs[i]!, undefined);
    expect(t.storedKeys()).toBe(40);
    t.set(true, "new");
    expect(t.storedKeys()).toBe(11);
    expect(t.hashSize()).toBe(11);
    for (let i = 0; i < 40; i++) expect(t.get(objs[i]!)).toBe(i < 30 ? undefined : i);
    expect(keys(t)).toEqual([...objs.slice(30), true]);
  });

  test("array growth pulls following keys out of the hash, tombstones included", () => {
    const t = new LuaTable();
    t.set(2, "b");
    t.set(3, "c");
    t.set(3, undefined);
    t.set(1, "a");
    expect(t.arr).toEqual(["a", "b"]);
    expect(t.storedKeys()).toBe(0);
    t.set(3, "c2");
    expect(t.length()).toBe(3);
    expect(keys(t)).toEqual([1, 2, 3]);
  });
});

describe("LuaTable traversal state", () => {
  test("a traversal restarted after keys were added sees them all", () => {
    const t = new LuaTable();
    for (let i = 0; i < 5; i++) t.set(`a${i}`, i);
    expect(keys(t)).toEqual(["a0", "a1", "a2", "a3", "a4"]);
    t.set("b", 5);
    t.set(1.5, 6);
    expect(keys(t)).toEqual(["a0", "a1", "a2", "a3", "a4", "b", 1.5]);
  });

  test("next from a key other than the last returned one, in the string and hash parts", () => {
    const t = new LuaTable();
    for (let i = 0; i < 6; i++) t.set(`s${i}`, i);
    for (let i = 0; i < 6; i++) t.set(i + 0.5, i);
    expect(t.next("s4")).toBe("s5");
    expect(t.next("s1")).toBe("s2");
    expect(t.nextValue).toBe(2);
    expect(t.next("s5")).toBe(0.5);
    expect(t.next(3.5)).toBe(4.5);
    expect(t.next(1.5)).toBe(2.5);
    expect(t.nextValue).toBe(2);
    expect(t.next(5.5)).toBeUndefined();
    expect(() => t.next("nope")).toThrow(LuaError);
    expect(() => t.next(9.5)).toThrow("invalid key to 'next'");
  });

  test("clearing every string key during a traversal, then the sweep on the next insertion", () => {
    const t = new LuaTable();
    for (let i = 0; i < 30; i++) t.set(`k${i}`, i);
    let n = 0;
    for (let k = t.next(undefined); k !== undefined; k = t.next(k)) {
      if (n++ % 3 !== 0) t.set(k, undefined);
    }
    expect(n).toBe(30);
    expect(t.hashSize()).toBe(10);
    t.set("fresh", true);
    expect(t.storedKeys()).toBe(11);
    expect(keys(t)).toEqual(["k0", "k3", "k6", "k9", "k12", "k15", "k18", "k21", "k24", "k27", "fresh"]);
    // A key from before the sweep that is gone now.
    expect(() => t.next("k1")).toThrow(LuaError);
  });

  test("separate tables keep separate traversal state", () => {
    const a = new LuaTable();
    const b = new LuaTable();
    for (let i = 0; i < 4; i++) {
      a.set(`x${i}`, i);
      b.set(`x${i}`, -i);
      a.set(i + 0.5, i);
      b.set(i + 0.5, -i);
    }
    const ka: unknown[] = [];
    const kb: unknown[] = [];
    let x = a.next(undefined);
    let y = b.next(undefined);
    while (x !== undefined || y !== undefined) {
      if (x !== undefined) {
        ka.push(x);
        x = a.next(x);
      }
      if (y !== undefined) {
        kb.push(y);
        y = b.next(y);
      }
    }
    expect(ka).toEqual(["x0", "x1", "x2", "x3", 0.5, 1.5, 2.5, 3.5]);
    expect(kb).toEqual(ka);
  });
});
