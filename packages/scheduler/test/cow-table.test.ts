// Copy-on-write tables made from a table whose string keys live in its
// hash part (a string part past the vm's STR_OBJECT_LIMIT keys).
import { describe, expect, it } from "vitest";
import { LuaTable } from "@wippy-lua/vm";
import { CowTable, templateOf } from "../src/cow-table.js";

describe("templateOf a big table", () => {
  it("gives its string keys back to a string part, and the copy reads and writes them", () => {
    const src = new LuaTable();
    for (let i = 1; i <= 400; i++) src.set(`k${i}`, i);
    src.set(1.5, "float");
    src.set("k7", undefined);
    expect(src.strsInHash()).toBe(true);
    const tpl = templateOf(src);
    expect(Object.keys(tpl.strs!).length).toBe(399);
    expect(tpl.hash!.size).toBe(1);
    const t = new CowTable(tpl);
    expect([t.get("k1"), t.get("k400"), t.get("k7"), t.get(1.5)]).toEqual([1, 400, undefined, "float"]);
    t.set("k1", "own");
    t.set("added", true);
    expect([t.get("k1"), t.get("added"), t.get("k400"), t.hashSize()]).toEqual(["own", true, 400, 401]);
    // The template is untouched.
    expect(tpl.strs!.k1).toBe(1);
    expect(tpl.strs!.added).toBeUndefined();
  });
});
