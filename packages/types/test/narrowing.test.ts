// Narrowing rules of types.md §3.4, each with a positive case (the
// refinement makes the program check) and a negative one (without it, or in
// the other branch, the diagnostic appears).

import { describe, expect, it } from "vitest";
import { checkSource } from "../src/index.js";

function codes(src: string): string[] {
  return checkSource(src, "n.lua").map((d) => `${d.code}@${d.line}`);
}

describe("nil checks", () => {
  it("x ~= nil narrows to non-nil in the then-branch", () => {
    expect(codes(`local function f(x: number?): number
  if x ~= nil then return x + 1 end
  return 0
end`)).toEqual([]);
  });
  it("x == nil leaves x possibly nil in the else-branch only when not excluded", () => {
    expect(codes(`local function f(x: number?): number
  if x == nil then return x + 1 end
  return x
end`)).toEqual(["T002@2"]);
  });
  it("without a check, use of an optional is reported", () => {
    expect(codes(`local function f(x: string?): integer
  return #x
end`)).toEqual(["T002@2"]);
  });
});

describe("truthiness", () => {
  it("if x removes nil and false", () => {
    expect(codes(`local function f(x: string?): string
  if x then return x:upper() end
  return ""
end`)).toEqual([]);
  });
  it("if not x: the else-branch is non-nil, the then-branch is not", () => {
    expect(codes(`local function f(x: string?): string
  if not x then
    return x .. "!"
  else
    return x
  end
end`)).toEqual(["T002@3"]);
  });
});

describe("type() tests", () => {
  it("type(x) == 'number' keeps the number members, the else-branch the others", () => {
    expect(codes(`local function f(x: number | string): string
  if type(x) == "number" then
    return tostring(x + 1)
  else
    return x:upper()
  end
end`)).toEqual([]);
  });
  it("the then-branch does not admit the other members", () => {
    expect(codes(`local function f(x: number | string): number
  if type(x) == "string" then
    return x
  end
  return x
end`)).toEqual(["T001@3"]);
  });
  it("type(x) ~= 'table' is the negation", () => {
    expect(codes(`type P = {x: number}
local function f(v: P | string): number
  if type(v) ~= "table" then return #v end
  return v.x
end`)).toEqual([]);
  });
});

describe("literal and discriminant comparisons", () => {
  it("x == literal narrows to the literal type", () => {
    expect(codes(`type Level = "low" | "high"
local function f(s: string)
  if s == "low" then
    local l: Level = s
  end
end`)).toEqual([]);
  });
  it("the else-branch of x == literal removes it from a literal union", () => {
    expect(codes(`type Level = "low" | "high"
local function f(l: Level)
  if l == "low" then return end
  local h: "high" = l
  local w: "low" = l
end`)).toEqual(["T001@5"]);
  });
  it("a discriminant field selects the union members", () => {
    expect(codes(`type A = {tag: "a", x: number}
type B = {tag: "b", y: string}
local function f(v: A | B): string
  if v.tag == "a" then return tostring(v.x) end
  return v.y
end`)).toEqual([]);
  });
  it("without the discriminant test, a field of one member is unknown", () => {
    expect(codes(`type A = {tag: "a", x: number}
type B = {tag: "b", y: string}
local function f(v: A | B): string
  return v.y
end`)).toEqual(["T004@4"]);
  });
});

describe("T:is(x), assert, early exits", () => {
  it("T:is(x) narrows x to T", () => {
    expect(codes(`type P = {x: number}
local function f(v: unknown): number
  if P:is(v) then return v.x end
  return 0
end`)).toEqual([]);
  });
  it("without T:is, unknown must be narrowed", () => {
    expect(codes(`local function f(v: unknown): number
  return v
end`)).toEqual(["T008@2"]);
  });
  it("assert(x) narrows after the call", () => {
    expect(codes(`local function f(x: number?): number
  assert(x)
  return x + 1
end`)).toEqual([]);
  });
  it("assert(x ~= nil, msg) narrows too; assert on something else does not", () => {
    expect(codes(`local function f(x: number?, y: number?): number
  assert(x ~= nil, "x")
  assert(true)
  return x + y
end`)).toEqual(["T002@4"]);
  });
  it("error() in a branch is an early exit", () => {
    expect(codes(`local function f(x: number?): number
  if x == nil then error("no x") end
  return x
end`)).toEqual([]);
  });
  it("break in a loop body is an early exit for the rest of the body", () => {
    expect(codes(`local function f(xs: {number?}): number
  local total = 0
  for _, x in ipairs(xs) do
    if x == nil then break end
    total = total + x
  end
  return total
end`)).toEqual([]);
  });
  it("a call of a function returning never is an early exit", () => {
    expect(codes(`local function die(msg: string): never
  error(msg)
end
local function f(x: number?): number
  if x == nil then die("no x") end
  return x + 1
end`)).toEqual([]);
  });
  it("goto out of the branch is an early exit", () => {
    expect(codes(`local function f(xs: {number?}): number
  local total = 0
  for _, x in ipairs(xs) do
    if x == nil then goto continue end
    total = total + x
    ::continue::
  end
  return total
end`)).toEqual([]);
  });
  it("return in the else-branch narrows by the then-branch's condition", () => {
    expect(codes(`local function f(x: string?): integer
  if x then
    print("some")
  else
    return 0
  end
  return #x
end`)).toEqual([]);
  });
  it("a branch that does not exit does not narrow after the if", () => {
    expect(codes(`local function f(x: number?): number
  if x == nil then print("none") end
  return x
end`)).toEqual(["T001@3"]);
  });
});

describe("and / or, error pairs, x!", () => {
  it("in a and b, b is checked with a truthy", () => {
    expect(codes(`local function f(x: string?): boolean
  return x ~= nil and #x > 0
end`)).toEqual([]);
  });
  it("a or b has the non-nil part of a or b", () => {
    expect(codes(`local function f(x: number?): number
  local y = x or 0
  return y + 1
end`)).toEqual([]);
  });
  it("a or b with a nilable b stays nilable", () => {
    expect(codes(`local function f(x: number?, d: number?): number
  return x or d
end`)).toEqual(["T001@2"]);
  });
  it("value, err: after 'if err then return end' the value is non-nil", () => {
    expect(codes(`local json = require("json")
local function f(s: string): string
  local v, err = json.encode(s)
  if err then return "" end
  return v
end`)).toEqual([]);
  });
  it("value, err: in the else-branch of 'if err' the value is non-nil; before, it is not", () => {
    expect(codes(`local function find(id: integer): (string?, error?)
  return nil, errors.new("x")
end
local item, err = find(1)
print(#item)
if err then
  print(err:message())
else
  print(#item)
end`)).toEqual(["T002@5"]);
  });
  it("x! asserts non-nil at that point only", () => {
    expect(codes(`local function f(x: number?): number
  local a = (x!) + 1
  return x + a
end`)).toEqual(["T002@3"]);
  });
  it("an assignment replaces the narrowed type", () => {
    expect(codes(`local function f(x: number?, y: number?): number
  if x then
    x = y
    return x + 1
  end
  return 0
end`)).toEqual(["T002@4"]);
  });
});
