// Each diagnostic code of types.md §4.1 with programs that must and must not
// produce it, plus subtyping rules of §3.2 and calls/returns of §3.3.

import { describe, expect, it } from "vitest";
import { builtins, checkSource, types } from "../src/index.js";
import { output } from "./runtime-helpers.js";

function codes(src: string, name = "d.lua"): string[] {
  return checkSource(src, name).map((d) => `${d.code}@${d.line}`);
}

describe("P001 parse-error", () => {
  it("reports a syntax error at its line with Lua's message", () => {
    const ds = checkSource("local x = 1\nlocal = 2\n", "p.lua");
    expect(ds.map((d) => `${d.code}@${d.line}`)).toEqual(["P001@2"]);
    expect(ds[0].message).toContain("near '='");
  });
  it("a bad annotation is a parse error too", () => {
    expect(codes("local x: = 1")).toEqual(["P001@1"]);
  });
  it("valid annotated code parses", () => {
    expect(codes("local x: {[string]: number}? = nil")).toEqual([]);
  });
});

describe("T001 type-mismatch", () => {
  it("initialiser, assignment, argument, return, field", () => {
    expect(codes(`local a: string = 1
local b: number = 2
b = "x"
local function f(s: string): number return s end
f(3)
type R = {n: number}
local r: R = {n = "x"}`)).toEqual(["T001@1", "T001@3", "T001@4", "T001@5", "T001@7"]);
  });
  it("integer <: number, literals <: their primitive, T <: T?", () => {
    expect(codes(`local n: number = 1
local i: integer = 2
local s: string? = "a"
local t: true = true
local u: number | string = i`)).toEqual([]);
  });
  it("number is not integer; float literal is not integer", () => {
    expect(codes(`local n: number = 1.5
local i: integer = n
local j: integer = 2.5`)).toEqual(["T001@2", "T001@3"]);
  });
  it("function types: contravariant parameters, covariant results", () => {
    expect(codes(`type NumFn = (number) -> number
type IntFn = (integer) -> number
local function g(x: number): integer return 1 end
local h: NumFn = g
local k: IntFn = g
local function s(x: integer): number return x end
local m: NumFn = s`)).toEqual(["T001@7"]);
  });
  it("arrays and maps compare elements", () => {
    expect(codes(`local a: {number} = {1, 2, 3}
local b: {string} = {1}
local m: {[string]: integer} = {a = 1, b = 2}
local n: {[string]: integer} = {a = "x"}`)).toEqual(["T001@2", "T001@4"]);
  });
  it("any is assignable to everything and everything to any", () => {
    expect(codes(`local a: any = 1
local s: string = a
local b: any = "x"
local f: (number) -> number = a`)).toEqual([]);
  });
});

describe("§3.2 assignability, more rules", () => {
  it("never is assignable to every type and nothing but never to never", () => {
    expect(codes(`local function fail(msg: string): never
  error(msg)
end
local n: number = fail("x")
local s: string = fail("y")
local function g(x: never) end
g(1)`)).toEqual(["T001@7"]);
  });
  it("literal widening: an unannotated local initialised with a literal has the primitive type", () => {
    expect(codes(`local n = 1
n = 2
local s = "a"
local l: "a" = s
local m: "a" = "a"
local i: integer = n`)).toEqual(["T001@4"]);
  });
  it("table literals infer arrays and records", () => {
    expect(codes(`local a = {1, 2}
local b: {string} = a
local c: {integer} = a
local r = {a = 1, b = "x"}
local x: {a: integer, b: string} = r
local y: {a: string} = r`)).toEqual(["T001@2", "T001@6"]);
  });
  it("an intersection of records is assignable to each member and has all fields", () => {
    expect(codes(`type A = {a: integer}
type B = {b: string}
local ab: A & B = {a = 1, b = "x"}
local onlyA: A = ab
local onlyB: B = ab
local s: string = ab.b .. ab.a
local bad: {c: integer} = ab`)).toEqual(["T001@7"]);
  });
  it("a function taking fewer parameters is assignable to a type with more, not the reverse", () => {
    expect(codes(`type F2 = (number, number) -> number
local function one(x: number): number return x end
local f: F2 = one
local function three(x: number, y: number, z: number): number return x end
local g: F2 = three`)).toEqual(["T001@5"]);
  });
  it("unknown is assignable only to any and unknown", () => {
    expect(codes(`local u: unknown = 1
local a: any = u
local v: unknown = u
local s: string = u`)).toEqual(["T008@4"]);
  });
});

describe("T002 possibly-nil", () => {
  it("index, call, arithmetic, concatenation, length, comparison", () => {
    expect(codes(`local function f(t: {x: number}?, g: (() -> ())?, n: number?, s: string?)
  print(t.x)
  g()
  print(n + 1)
  print(s .. "!")
  print(#s)
  print(n < 3)
end`)).toEqual(["T002@2", "T002@3", "T002@4", "T002@5", "T002@6", "T002@7"]);
  });
  it("non-nil values are fine", () => {
    expect(codes(`local function f(t: {x: number}, n: number, s: string)
  print(t.x, n + 1, s .. "!", #s, n < 3)
end`)).toEqual([]);
  });
});

describe("T003 missing-field and T004 unknown-field", () => {
  it("a literal missing a required field", () => {
    expect(codes(`type P = {x: number, y: number, label?: string}
local a: P = {x = 1, y = 2}
local b: P = {x = 1}`)).toEqual(["T003@3"]);
  });
  it("nested literals are checked against nested records", () => {
    expect(codes(`type Inner = {v: integer}
type Outer = {inner: Inner}
local o: Outer = {inner = {}}`)).toEqual(["T003@3"]);
  });
  it("reading an undeclared field", () => {
    expect(codes(`type P = {x: number}
local p: P = {x = 1}
print(p.x, p.y)`)).toEqual(["T004@3"]);
  });
  it("library tables: unknown functions are reported, added ones are not", () => {
    expect(codes(`local t: {string} = {}
string.trim = function(s) return s end
print(string.trim("x"), string.upper("x"))
print(math.foo)`)).toEqual(["T004@4"]);
  });
});

describe("T005 arity", () => {
  it("too many arguments and missing arguments", () => {
    expect(codes(`local function f(a: number, b: string?) end
f(1)
f(1, "x")
f(1, "x", 3)
f()`)).toEqual(["T005@4", "T005@5"]);
  });
  it("too many return values", () => {
    expect(codes(`local function f(): number
  return 1, 2
end`)).toEqual(["T005@2"]);
  });
  it("unannotated functions accept any number of arguments", () => {
    expect(codes(`local function f(a, b) return a end
local x: number = 1
print(f(), f(1, 2, 3))`)).toEqual([]);
  });
  it("varargs check every extra argument", () => {
    expect(codes(`local function f(fmt: string, ...: number) end
f("a", 1, 2, 3)
f("a", 1, "b")`)).toEqual(["T001@3"]);
  });
});

describe("T006 undefined-name", () => {
  it("unknown global reads", () => {
    expect(codes(`print(undefined_thing)`)).toEqual(["T006@1"]);
  });
  it("globals assigned anywhere in the chunk are known", () => {
    expect(codes(`local function show() print(counter) end
counter = 1
show()`)).toEqual([]);
  });
  it("globals assigned through _G or _ENV are known; fields of other tables are not globals", () => {
    expect(codes(`_G.xx = 1
_G["yy"] = 2
function _G.zz() end
_ENV.vv = 4
local t = {}
t.ww = 3
print(xx, yy, zz, vv, ww)`)).toEqual(["T006@7"]);
  });
  it("unknown type names", () => {
    expect(codes(`local x: Strng = "a"
type Box<T> = {value: T}
local b: Box<number> = {value = 1}
local c: Box = {value = 1}`)).toEqual(["T006@1", "T006@4"]);
  });
});

describe("T007 invalid-operation", () => {
  it("arithmetic on strings and tables, concatenating booleans, calling numbers, indexing numbers", () => {
    expect(codes(`local s: string = "1"
local n: number = 2
print(s + 1)
print(true .. "x")
n()
print(n.x)`)).toEqual(["T007@3", "T007@4", "T007@5", "T007@6"]);
  });
  it("valid operations", () => {
    expect(codes(`local s: string = "1"
local n: integer = 2
print(s .. n, n // 2, n % 2, -n, ~n, n << 1, #s, s < "b")`)).toEqual([]);
  });
});

describe("T008 unknown-needs-narrowing", () => {
  it("unknown used as a concrete type", () => {
    expect(codes(`local u: unknown = 1
local s: string = u
print(u + 1)`)).toEqual(["T008@2", "T008@3"]);
  });
  it("unknown passed around, or narrowed, is fine", () => {
    expect(codes(`local u: unknown = 1
local v: unknown = u
local a: any = u
if type(u) == "string" then print(u:upper()) end`)).toEqual([]);
  });
});

describe("T009 constraint-violation", () => {
  it("an inferred argument that does not satisfy the constraint", () => {
    expect(codes(`local function len<T: string | {any}>(x: T): integer return #x end
print(len("abc"))
print(len({1, 2}))
print(len(42))`)).toEqual(["T009@4"]);
  });
});

describe("T010 invalid-validator", () => {
  it("unknown names, wrong arguments, inapplicable validators", () => {
    expect(codes(`local a: number @min(0) @max(10) = 1
local b: string @min_len(1) @pattern("^a") = "a"
local c: number @between(1, 2) = 1
local d: number @min("x") = 1
local e: number @min(1, 2) = 1
local f: {number} @max_len(3) = {}
local g: boolean @min(0) = true`)).toEqual(["T010@3", "T010@4", "T010@5", "T010@7"]);
  });
});

describe("generics", () => {
  it("type parameters are inferred from arguments", () => {
    expect(codes(`local function id<T>(x: T): T return x end
local s: string = id("a")
local n: number = id("a")`)).toEqual(["T001@3"]);
  });
  it("generic aliases are instantiated", () => {
    expect(codes(`type Pair<A, B> = {first: A, second: B}
local p: Pair<number, string> = {first = 1, second = "x"}
local q: Pair<number, string> = {first = "x", second = "x"}`)).toEqual(["T001@3"]);
  });
  it("recursive aliases", () => {
    expect(codes(`type List = {value: number, next: List?}
local l: List = {value = 1, next = {value = 2}}
local bad: List = {value = 1, next = {value = "x"}}`)).toEqual(["T001@3"]);
  });
});

describe("standard library and runtime API signatures", () => {
  it("ordinary calls check", () => {
    expect(codes(`local s: string = string.format("%d", 1) .. string.rep("x", 3)
local n: integer = #s + math.floor(1.5)
local parts: {string} = {}
table.insert(parts, s)
for i, p in ipairs(parts) do print(i + 1, p:upper()) end
local ch = channel.new(1)
ch:send(1)
local v, ok = ch:receive()
local time = require("time")
time.sleep("10ms")
local pid: string = process.pid()`)).toEqual([]);
  });
  it("wrong calls are reported", () => {
    expect(codes(`local n: number = string.upper("x")
local e = errors.new(42)
local time = require("time")
time.sleep(true)
local p: string = process.spawn("a.b:c", nil)`)).toEqual(["T001@1", "T001@2", "T001@4", "T001@5"]);
  });
  it("json, sql and http_client: value, err pairs narrow; wrong uses are reported", () => {
    expect(codes(`local sql = require("sql")
local http = require("http_client")
local json = require("json")
local function load_user(id: integer): string?
  local db, err = sql.get("sqlite::memory:")
  if err then return nil end
  local rows, qerr = db:query("SELECT name FROM users WHERE id = ?", {id})
  if qerr then return nil end
  local resp, herr = http.get("http://x/", {timeout = 5})
  if herr then return nil end
  local n: string = resp.status_code
  local body, jerr = json.encode(rows)
  return body
end
local db2 = sql.get("x")
db2:query("x")
http.get("http://x", {timeout = true})`)).toEqual(["T001@11", "T002@16", "T001@17"]);
  });
  it("nilable library results need narrowing in annotated code", () => {
    expect(codes(`local n: number = tonumber("1")
local m = tonumber("2")
if m then print(m + 1) end`)).toEqual(["T001@1"]);
  });
});

describe("gradual mode", () => {
  it("an unannotated chunk reports only undefined globals", () => {
    expect(codes(`local t = {}
print(t + 1, ("x") + 1, nil .. "x")
print(not_defined)`)).toEqual(["T006@3"]);
  });
});

describe("casts", () => {
  it("casts are unchecked and give the cast type", () => {
    expect(codes(`local a: any = 1
local n = a :: number
local s: string = n
local t = (1 :: any) :: string
local u: string = t`)).toEqual(["T001@3"]);
  });
});

describe("signature declarations", () => {
  it("parse and resolve without problems, and cover the CORE runtime API", async () => {
    const { builtins } = await import("../src/index.js");
    const b = builtins();
    expect(b.problems).toEqual([]);
    for (const g of ["print", "string", "table", "math", "io", "os", "coroutine", "utf8", "debug", "package", "process", "channel", "errors"]) {
      expect(b.globals.has(g)).toBe(true);
    }
    expect([...b.modules.keys()].sort()).toEqual(["http_client", "json", "sql", "time"]);
  });
  it("every name of the runtime API (runtime-api.md §3–10, as the actor runtime defines them) has a signature", () => {
    const names = `channel.new channel.select coroutine.spawn errors.ALREADY_EXISTS errors.CANCELED errors.CONFLICT
      errors.INTERNAL errors.INVALID errors.NOT_FOUND errors.PERMISSION_DENIED errors.RATE_LIMITED errors.TIMEOUT
      errors.UNAVAILABLE errors.UNKNOWN errors.is errors.new errors.wrap http_client.decode_uri http_client.delete
      http_client.encode_uri http_client.get http_client.head http_client.patch http_client.post http_client.put
      http_client.request json.decode json.encode process.cancel process.event.CANCEL process.event.EXIT
      process.event.LINK_DOWN process.events process.exec process.get_options process.id process.inbox process.link
      process.listen process.monitor process.pid process.registry.CONSISTENT process.registry.EVENTUAL
      process.registry.LOCAL process.registry.STRONG process.registry.lookup process.registry.register
      process.registry.unregister process.send process.set_options process.spawn process.spawn_linked
      process.spawn_linked_monitored process.spawn_monitored process.terminate process.unlink process.unlisten
      process.unmonitor sql.NULL sql.get time.HOUR time.MICROSECOND time.MILLISECOND time.MINUTE time.NANOSECOND
      time.SECOND time.after time.now time.parse_duration time.sleep time.ticker time.timer time.unix`.split(/\s+/);
    const b = builtins();
    const missing = names.filter((n) => {
      const [g, ...path] = n.split(".");
      let t = b.globals.get(g) ?? b.modules.get(g);
      for (const f of path) {
        const r = t === undefined ? undefined : types.resolve(t);
        t = r?.kind === "record" ? r.fields.get(f)?.type : undefined;
      }
      return t === undefined;
    });
    expect(missing).toEqual([]);
  });
  it("every global and library field of the running standard library has a signature", () => {
    const names = output(`
      local names = {}
      for k, v in pairs(_G) do
        names[#names + 1] = k
        if type(v) == "table" and k ~= "_G" then
          for f in pairs(v) do names[#names + 1] = k .. "." .. tostring(f) end
        end
      end
      table.sort(names)
      print(table.concat(names, " "))`).trim().split(" ");
    expect(names.length).toBeGreaterThan(150);
    const b = builtins();
    const missing = names.filter((n) => {
      const [g, f] = n.split(".");
      const t = b.globals.get(g);
      if (t === undefined) return true;
      if (f === undefined) return false;
      const r = types.resolve(t);
      return r.kind !== "record" || !r.fields.has(f);
    });
    expect(missing).toEqual([]);
  });
});
