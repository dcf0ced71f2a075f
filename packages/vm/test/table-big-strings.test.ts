// Tables whose string part passes STR_OBJECT_LIMIT keep their string keys
// in the hash part (table.ts). Every reader of the string part must see
// them there: LuaTable's own methods, the interpreter's fast paths
// (getStrChain, SETTABLE), the compiled code's inline loads, traversal,
// the length operator, rawget/rawset, metatables and the collector.

import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { call, load, LuaError, LuaTable, newState } from "../src/index.js";
import { STR_OBJECT_LIMIT } from "../src/table.js";
import { CALL_THRESHOLD, LOOP_THRESHOLD, setJitThresholds } from "../src/jit/runtime.js";
import { openLibs } from "../../stdlib/src/index.js";

function keys(t: LuaTable): unknown[] {
  const out: unknown[] = [];
  for (let k = t.next(undefined); k !== undefined; k = t.next(k)) out.push(k);
  return out;
}

function bigTable(n: number): LuaTable {
  const t = new LuaTable();
  for (let i = 1; i <= n; i++) t.set(`k${i}`, i);
  return t;
}

describe("LuaTable with its string keys in the hash part", () => {
  test("the keys move when the string part passes the limit, and stay readable", () => {
    const t = bigTable(STR_OBJECT_LIMIT);
    expect(t.strsInHash()).toBe(false);
    expect(t.strs).not.toBeNull();
    t.set("one more", true);
    expect(t.strsInHash()).toBe(true);
    expect(t.strs).toBeNull();
    expect(t.get("k1")).toBe(1);
    expect(t.getStr(`k${STR_OBJECT_LIMIT}`)).toBe(STR_OBJECT_LIMIT);
    expect(t.getStr("one more")).toBe(true);
    expect(t.getStr("absent")).toBeUndefined();
    expect(t.hashSize()).toBe(STR_OBJECT_LIMIT + 1);
    expect(t.storedKeys()).toBe(STR_OBJECT_LIMIT + 1);
  });

  test("other kinds of keys share the hash part with them", () => {
    const t = new LuaTable();
    const o = new LuaTable();
    t.set(2.5, "float");
    t.set(o, "table");
    t.set(1, "a");
    for (let i = 1; i <= 300; i++) t.setStr(`s${i}`, i);
    t.set(2, "b");
    expect(t.strsInHash()).toBe(true);
    expect([t.get(2.5), t.get(o), t.get(1), t.get(2), t.get("s300"), t.length()]).toEqual(["float", "table", "a", "b", 300, 2]);
    expect(t.hashSize()).toBe(302);
  });

  test("clearing, reviving and sweeping keep counts and values right", () => {
    const t = bigTable(400);
    for (let i = 1; i <= 400; i += 2) t.set(`k${i}`, undefined);
    expect(t.hashSize()).toBe(200);
    expect(t.get("k1")).toBeUndefined();
    t.set("k1", "again");
    expect(t.get("k1")).toBe("again");
    expect(t.hashSize()).toBe(201);
    // New keys after many tombstones sweep them: every live key stays.
    for (let i = 1; i <= 50; i++) t.set(`new${i}`, i);
    expect(t.hashSize()).toBe(251);
    for (let i = 2; i <= 400; i += 2) expect(t.get(`k${i}`)).toBe(i);
    expect(t.get("k3")).toBeUndefined();
    expect(t.strsInHash()).toBe(true);
  });

  test("next visits every live key once, after the array part, and clearing during the traversal is allowed", () => {
    const t = bigTable(300);
    t.set(1, "x");
    t.set(true, "y");
    const first = keys(t);
    expect(first[0]).toBe(1);
    expect(first.length).toBe(302);
    expect(new Set(first).size).toBe(302);
    let seen = 0;
    for (let k = t.next(undefined); k !== undefined; k = t.next(k)) {
      seen++;
      if (typeof k === "string") {
        if (Number(k.slice(1)) % 3 === 0) t.set(k, undefined);
        else t.set(k, t.nextValue); // assigning an existing field
      }
    }
    expect(seen).toBe(302);
    expect(keys(t).length).toBe(302 - 100);
    expect(t.next("k2")).not.toBeUndefined();
    expect(() => t.next("never")).toThrow(LuaError);
  });
});

// A chain of small functions so that each access site gets compiled.
const PROGRAM = `
local N = 600
local function build(n, prefix) local t = {} for i = 1, n do t[prefix .. i] = i end return t end
local function field(t) return t.k1, t.k600, t.name, t.missing end
local function store(t) t.k1 = t.k1 * 10; t.name = t.name .. "!" end
local function keyed(t, k) return t[k] end
local function sum(t, n) local s = 0 for i = 1, n do s = s + keyed(t, "k" .. i) end return s end
local function walk(t)
  local n, cleared = 0, 0
  for k, v in pairs(t) do
    n = n + 1
    if type(k) == "string" and k:sub(1, 1) == "k" then
      if tonumber(k:sub(2)) % 2 == 0 then t[k] = nil; cleared = cleared + 1 else t[k] = v end
    end
  end
  return n, cleared
end
local function count(t) local n = 0 for _ in pairs(t) do n = n + 1 end return n end

local t = build(N, "k")
t.name = "big"; t[1] = "one"; t[2] = "two"; t[2.5] = "float"; t[true] = "yes"
print(sum(t, N), field(t))
print(#t, t[2.5], t[true])
store(t)
print(field(t))
print(rawget(t, "k300"), rawget(t, "nope"), rawequal(t, t))
rawset(t, "k300", "r"); rawset(t, "fresh", 1)
print(keyed(t, "k300"), keyed(t, "fresh"))
print(walk(t))
print(count(t), keyed(t, "k2"), keyed(t, "k3"))
print(next(t, "k3") ~= nil, pcall(next, t, "absent"))
t.k2 = "back"; t.new = "n"
print(t.k2, t.new)

-- Objects whose metatable, class and base class are big tables.
local Class = build(300, "m")
function Class:get() return self.base end
function Class:add(x) return self.base + x end
local meta = build(300, "x")
meta.__index = Class
local Base = build(300, "b")
function Base:inherited() return "base" .. self.base end
setmetatable(Class, { __index = Base })
local function calls(o) return o:get(), o:add(2), o:inherited(), o.b299, o.nothing, o.m7 end
local obj = setmetatable({ base = 5 }, meta)
print(calls(obj))
local bigObj = build(400, "f")
bigObj.base = 1
setmetatable(bigObj, meta)
print(calls(bigObj))
print(field(bigObj))
-- A small metatable whose __index is big, and a small subclass of a big class.
local o2 = setmetatable({ base = 3 }, { __index = Class })
print(calls(o2))
local Sub = setmetatable({ extra = function() return "extra" end }, { __index = Class })
local o3 = setmetatable({ base = 4 }, { __index = Sub })
print(o3:extra(), calls(o3))

-- __newindex and __index functions found in big metatables.
local log = {}
meta.__newindex = function(o, k, v) log[#log + 1] = k; rawset(o, k, v) end
local function put(o) o.f1 = "existing"; o.other = "new" end
put(bigObj)
print(#log, log[1], bigObj.other, bigObj.f1)
local fm = build(300, "y")
fm.__index = function(_, k) return "fn:" .. k end
print(field(setmetatable({}, fm)))

-- The array part beside a big string part.
local arr = build(300, "s")
for i = 1, 10 do arr[i] = i end
table.insert(arr, 11); table.remove(arr, 1)
print(#arr, arr[1], arr[10], table.concat(arr, ",", 1, 3))

-- __metatable and __mode read from big metatables.
local pm = build(300, "p")
pm.__metatable = "locked"
local po = setmetatable({}, pm)
print(getmetatable(po), debug.getmetatable(po) == pm)
local wm = build(300, "w")
wm.__mode = "v"
local weak = setmetatable({}, wm)
for i = 1, 300 do weak["v" .. i] = {} end
weak.keep = t
collectgarbage(); collectgarbage()
print(count(weak), weak.keep == t)
`;

// lua5.3's output for PROGRAM.
const EXPECTED = [
  "180300\t1\t600\tbig\tnil",
  "2\tfloat\tyes",
  "10\t600\tbig!\tnil",
  "300\tnil\ttrue",
  "r\t1",
  "606\t300",
  "306\tnil\t3",
  "true\tfalse\tinvalid key to 'next'",
  "back\tn",
  "5\t7\tbase5\t299\tnil\t7",
  "1\t3\tbase1\t299\tnil\t7",
  "nil\tnil\tnil\tnil",
  "3\t5\tbase3\t299\tnil\t7",
  "extra\t4\t6\tbase4\t299\tnil\t7",
  "1\tother\tnew\texisting",
  "fn:k1\tfn:k600\tfn:name\tfn:missing",
  "10\t2\t11\t2,3,4",
  "locked\ttrue",
  "1\ttrue",
  "",
].join("\n");

function runProgram(jit: boolean): string {
  let out = "";
  const G = newState({ stdout: (s) => { out += s; }, jit });
  openLibs(G);
  call(G, load(G, PROGRAM, "=big"));
  G.flush();
  return out;
}

describe("Lua code reading tables with their string keys in the hash part", () => {
  let savedCalls = 0;
  let savedLoops = 0;
  beforeAll(() => {
    savedCalls = CALL_THRESHOLD;
    savedLoops = LOOP_THRESHOLD;
  });
  afterAll(() => setJitThresholds(savedCalls, savedLoops));

  test("interpreted", () => {
    expect(runProgram(false)).toBe(EXPECTED);
  });

  test("compiled (every function on its first call)", () => {
    setJitThresholds(0, 0);
    expect(runProgram(true)).toBe(EXPECTED);
  });
});
