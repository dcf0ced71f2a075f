// Runtime type values (types.md §5): how they are reached, validation,
// messages, error objects, generics, comparisons.

import { describe, expect, it } from "vitest";
import { LuaTable, LuaUserdata, type LuaValue } from "@wippy-lua/vm";
import { errorOf, output, run } from "./runtime-helpers.js";

describe("primitive type names as values", () => {
  it("evaluate to singleton type values of type 'type'", () => {
    expect(output(`
      print(type(number), tostring(number), tostring(integer), tostring(boolean))
      print(tostring(any), tostring(unknown), tostring(never))
      print(number == number, rawequal(integer, integer), number == integer)
      local t = {}
      t[number] = "n"; t[integer] = "i"
      print(t[number], t[integer])
      print(number:name(), integer:kind(), never:kind(), any:kind())
    `)).toBe("type\tnumber\tinteger\tboolean\nany\tunknown\tnever\ntrue\ttrue\tfalse\nn\ti\nnumber\tinteger\tnever\tany\n");
  });

  it("are compile-time resolutions: locals shadow them, globals do not change them", () => {
    expect(output(`
      local number = 5
      print(number)
      local function f() return number end
      print(f())
    `)).toBe("5\n5\n");
    expect(output(`
      number = 42
      print(type(number), rawget(_G, "number"))
      local _ENV = {print = print, type = type}
      print(type(integer))
    `)).toBe("type\t42\ntype\n");
  });

  it("keep type() working for every other value", () => {
    expect(output(`print(type(1), type("s"), type({}), type(print), type(nil), type(true), type(coroutine.create(print)))`))
      .toBe("number\tstring\ttable\tfunction\tnil\tboolean\tthread\n");
    expect(errorOf("return type()")).toMatch(/bad argument #1 to 'type' \(value expected\)/);
  });

  it("string is both the library and the string type", () => {
    expect(output(`
      print(string.format("%d-%s", 5, "x"), ("ab"):upper(), string.rep("z", 3))
      print(require("string") == string, getmetatable("").__index == string, package.loaded.string == string)
      print(string("ok"), string:is("x"), string:kind(), string:name(), tostring(string))
      local ok, err = string:is(42)
      print(ok, tostring(err), err:kind())
      print(type(string))
      local s = string
      print(s.len("abc"), s:is("q"))
    `)).toBe(
      "5-x\tAB\tzzz\ntrue\ttrue\ttrue\nok\tx\tstring\tstring\tstring\n" +
        "nil\texpected string, got number\tINVALID\ntable\n3\tq\tnil\n",
    );
  });

  it("string(42) validates instead of converting", () => {
    const r = run(`return string(42)`);
    expect(r.errorValue).toBeInstanceOf(LuaUserdata);
    expect(output(`print(pcall(string, 42))`)).toMatch(/^false\texpected string, got number\n$/);
  });

  it("without the library: primitive names raise, `string` is the plain global", () => {
    expect(run("print(require('string') == string, string.upper('a'))", { types: false }).out).toBe("true\tA\n");
    expect(run("return number", { types: false }).error).toMatch(/type values need the types library/);
  });
});

describe("type statements", () => {
  it("bind a local whose value is a named type value", () => {
    expect(output(`
      type Point = {x: number, y: number}
      print(type(Point), tostring(Point), Point:name(), Point:kind())
      local function get() return Point end
      print(get() == Point, rawequal(get(), Point))
    `)).toBe("type\tPoint\tPoint\trecord\ntrue\ttrue\n");
  });

  it("are hoisted to the start of their block: forward, mutual and self references", () => {
    expect(output(`
      local function check(v) return Tree:is(v) ~= nil end
      print(check({value = 1, children = {{value = 2, children = {}}}}))
      print(check({value = 1, children = {{value = "x", children = {}}}}))
      type Tree = {value: number, children: Forest}
      type Forest = {Tree}
      print(Forest:elem() == Tree)
    `)).toBe("true\nfalse\ntrue\n");
  });

  it("are scoped to their block and created once per execution of it", () => {
    expect(output(`
      local seen = {}
      for i = 1, 3 do
        type Item = {id: integer}
        seen[i] = Item
      end
      print(seen[1] == seen[2], rawequal(seen[1], seen[2]))
      do
        type Item = string
        print(Item:kind())
      end
      print(Item)
    `)).toBe("true\tfalse\nstring\nnil\n");
  });

  it("can use aliases of enclosing blocks and functions (through upvalues)", () => {
    expect(output(`
      type Id = integer @min(1)
      local function make()
        type Ref = {id: Id, parent: Id?}
        return Ref
      end
      local Ref = make()
      print(Ref:is({id = 3}) ~= nil, select(2, Ref:is({id = 0})))
    `)).toBe("true\tid: @min(1) failed for 0\n");
  });

  it("treat type parameters of enclosing generic functions as any", () => {
    expect(output(`
      local function wrap<T>(x: T)
        type Cell = {value: T}
        return Cell:is({value = x}) ~= nil, Cell:is({}) ~= nil
      end
      print(wrap(5))
      print(wrap("s"))
    `)).toBe("true\ttrue\ntrue\ttrue\n");
  });

  it("raise when created with an unknown type name or a wrong type argument count", () => {
    expect(errorOf("local x = 1\ntype A = {b: Bogus}\n")).toMatch(/^t:2: type 'A' \(line 2\): unknown type 'Bogus'$/);
    expect(errorOf("type Box<T> = {v: T}\ntype B = Box\n")).toMatch(/type 'B'.*expects 1 type argument\(s\), got 0/);
    expect(errorOf("type B = number<string>\n")).toMatch(/type 'number' takes no type arguments/);
    expect(errorOf("type A = A | number")).toMatch(/type 'A' \(line 1\): it refers to itself outside any table or function type/);
    expect(errorOf("type A = B\ntype B = A?")).toMatch(/type 'A'.*refers to itself/);
    expect(output("type A = {A} | number\nprint(A:is({1, {2}}) ~= nil)")).toBe("true\n");
  });

  it("generic aliases instantiate with type values", () => {
    expect(output(`
      type Box<T> = {value: T}
      type Pair<A, B> = {first: A, second: B}
      print(Box:kind(), Box:name(), tostring(Box))
      local NB = Box(number)
      print(NB:kind(), NB:name(), tostring(NB), NB.value:kind())
      print(NB:is({value = 1}) ~= nil, select(2, NB:is({value = "x"})))
      local P = Pair(string, Box(integer))
      print(P:is({first = "a", second = {value = 2}}) ~= nil, select(2, P:is({first = "a", second = {value = 2.5}})))
      print(Box(number) == Box(number), Box(number) == Box(string))
      print(select(2, Box:is({value = 1})))
    `)).toBe(
      "generic\tBox\tBox\nrecord\tBox<number>\tBox<number>\tnumber\ntrue\tvalue: expected number, got string\n" +
        "true\tsecond.value: expected integer, got number\ntrue\tfalse\n" +
        "expected Box<T> (a generic type: instantiate it first), got table\n",
    );
    expect(errorOf("type Box<T> = {value: T}\nreturn Box(number, string)")).toMatch(/expects 1 type argument\(s\), got 2/);
    expect(errorOf("type Pair<A, B> = {a: A, b: B}\nreturn Pair(number, 5)")).toMatch(/takes only type values/);
    expect(errorOf("type Named = {name: string}\ntype Greet<T: Named> = {who: T}\nreturn Greet(number)")).toMatch(
      /does not satisfy its constraint/,
    );
    expect(errorOf("type Named = {name: string}\ntype Greet<T: Named> = {who: T}\ntype Bad = {g: Greet<number>}")).toMatch(
      /type 'Bad' \(line 3\): type argument 1 of 'Greet' \(number\) does not satisfy its constraint Named/,
    );
    expect(output("type Named = {name: string}\ntype Person = {name: string, age: integer}\ntype Greet<T: Named> = {who: T}\nprint(Greet(Person):is({who = {name = 'a', age = 1}}) ~= nil)")).toBe("true\n");
  });

  it("a non-generic type called with a type value validates it (and fails)", () => {
    expect(output(`type P = {x: number}\nprint(pcall(P, number))`)).toBe("false\texpected P, got type\n");
  });
});

describe("validation: T(v) and T:is(v)", () => {
  it("returns the value itself, with the same identity", () => {
    expect(output(`
      type P = {x: number}
      local t = {x = 1, extra = true}
      print(rawequal(P(t), t), P:is(t) == t, select("#", P:is(t)), select(2, P:is(t)))
      print(number(3), integer(4.0), math.type(integer(4.0)))
    `)).toBe("true\ttrue\t2\tnil\n3\t4.0\tfloat\n");
  });

  it("raises an INVALID error object whose tostring is the path message", () => {
    const r = run(`
      type User = {name: string, age: number}
      return User({name = "x"})
    `);
    expect(r.errorValue).toBeInstanceOf(LuaUserdata);
    expect(output(`
      type User = {name: string, age: number}
      local ok, err = pcall(User, {name = "x"})
      print(ok, type(err), tostring(err), err:kind(), err:message())
      print(string.find(tostring(err), "age", 1, true) ~= nil, string.find(tostring(err), "nil", 1, true) ~= nil)
      local v, e = User:is({age = 1})
      print(v, e:kind(), tostring(e), "got: " .. e)
    `)).toBe(
      "false\tuserdata\tage: expected number, got nil\tINVALID\tage: expected number, got nil\ntrue\ttrue\n" +
        "nil\tINVALID\tname: expected string, got nil\tgot: name: expected string, got nil\n",
    );
  });

  it("paths name nested fields, array positions and map keys", () => {
    expect(output(`
      type Address = {city: string}
      type Order = {items: {{price: number}}, address: Address, tags: {[string]: integer}}
      local function msg(v) local _, e = Order:is(v); return tostring(e) end
      local ok = {items = {{price = 1}}, address = {city = "x"}, tags = {a = 1}}
      print(Order:is(ok) == ok)
      print(msg({items = {{price = 1}, {price = "2"}}, address = {city = "x"}, tags = {}}))
      print(msg({items = {}, address = {city = 5}, tags = {}}))
      print(msg({items = {}, address = {city = "c"}, tags = {a = 1.5}}))
      print(msg({items = {}, address = {city = "c"}, tags = {[1] = 1}}))
      print(msg("nope"))
      print(msg({items = 7, address = {city = "c"}, tags = {}}))
    `)).toBe(
      "true\nitems[2].price: expected number, got string\naddress.city: expected string, got number\n" +
        'tags["a"]: expected integer, got number\ntags[1]: key expected string, got number\n' +
        "expected Order, got string\nitems: expected {{price: number}}, got number\n",
    );
  });

  it("follows the conformance rules of §5.4", () => {
    expect(output(`
      local function ok(T, v) return (T:is(v)) ~= nil or v == nil and select(2, T:is(v)) == nil end
      print(ok(integer, 3), ok(integer, 3.0), ok(integer, 3.5), ok(integer, 2^63), ok(integer, -0.0))
      print(ok(number, 1), ok(number, "1"), ok(boolean, false), ok(boolean, 0), ok(string, 1))
      print(ok(any, nil), ok(unknown, {}), ok(never, 1), ok(never, nil))
      type Lit = 1 | "a" | true
      print(ok(Lit, 1.0), ok(Lit, "a"), ok(Lit, true), ok(Lit, 2), ok(Lit, false))
      type Arr = {integer}
      print(ok(Arr, {}), ok(Arr, {1, 2, nil, 4}), ok(Arr, {1, "x"}), ok(Arr, {1, n = "x"}), ok(Arr, 5))
      type M = {[string]: number}
      print(ok(M, {a = 1}), ok(M, {1}), ok(M, {a = "x"}))
      type F = (number) -> string
      print(ok(F, print), ok(F, function() end), ok(F, {}))
      type T2 = {tbl: table, err: error?}
      print(ok(T2, {tbl = {}}), ok(T2, {tbl = 1}), ok(T2, {tbl = {}, err = "s"}))
    `)).toBe(
      "true\ttrue\tfalse\tfalse\ttrue\ntrue\tfalse\ttrue\tfalse\tfalse\ntrue\ttrue\tfalse\tfalse\n" +
        "true\ttrue\ttrue\tfalse\tfalse\ntrue\ttrue\tfalse\ttrue\tfalse\ntrue\tfalse\tfalse\ntrue\ttrue\tfalse\n" +
        "true\tfalse\tfalse\n",
    );
  });

  it("records read raw fields: metatables and extra keys are ignored", () => {
    expect(output(`
      type P = {x: number}
      local proxy = setmetatable({}, {__index = function() return 1 end})
      print(proxy.x, select(2, P:is(proxy)))
      print(P:is({x = 1, y = 2}) ~= nil)
    `)).toBe("1\tx: expected number, got nil\ntrue\n");
  });

  it("optionals, unions and intersections", () => {
    expect(output(`
      type MaybeCount = integer?
      print(MaybeCount:is(nil))
      print(MaybeCount:is(2))
      print(select(2, MaybeCount:is("x")))
      type U = {kind: "a", n: number} | {kind: "b", s: string}
      print(U:is({kind = "a", n = 1}) ~= nil, U:is({kind = "b", s = "x"}) ~= nil, select(2, U:is(5)))
      type HasId = {id: integer}
      type HasTitle = {title: string}
      type Doc = HasId & HasTitle
      print(Doc:is({id = 1, title = "t"}) ~= nil, select(2, Doc:is({id = 1})))
      type Cfg = {addr: {city: string}?}
      print(select(2, Cfg:is({addr = {city = 1}})))
    `)).toBe(
      "nil\tnil\n2\tnil\nexpected MaybeCount, got string\ntrue\ttrue\texpected U, got number\n" +
        "true\ttitle: expected string, got nil\naddr.city: expected string, got number\n",
    );
  });

  it("rejects calls with no value or several values", () => {
    expect(errorOf("return number()")).toMatch(/called with one value/);
    expect(errorOf("return number(1, 2)")).toMatch(/validates one value, got 2/);
    // An explicit nil is one value: validated (and refused by number).
    expect(run("return number(nil)").errorValue).toBeInstanceOf(LuaUserdata);
    expect(output("print(select('#', (number:is(nil))), select(2, number:is(nil)))")).toBe("1\texpected number, got nil\n");
  });

  it("terminates on cyclic values validated against recursive types", () => {
    expect(output(`
      type Node = {value: number, next: Node?}
      local a = {value = 1}
      local b = {value = 2, next = a}
      a.next = b
      print(Node:is(a) == a)
      b.value = "x"
      print(select(2, Node:is(a)))
      type List<T> = {head: T, tail: List<T>?}
      local l = {head = 1}
      l.tail = l
      print(List(number):is(l) == l, select(2, List(string):is(l)))
      type G = {edges: {G}}
      local g = {edges = {}}
      g.edges[1] = g
      g.edges[2] = {edges = {g}}
      print(G:is(g) == g)
    `)).toBe("true\nnext.value: expected number, got string\ntrue\thead: expected string, got number\ntrue\n");
  });

  it("gives a Lua error, not a crash, for values nested beyond its limit", () => {
    expect(errorOf(`
      type Node = {next: Node?}
      local head = {}
      local cur = head
      for i = 1, 5000 do cur.next = {}; cur = cur.next end
      return Node(head)
    `)).toMatch(/too deeply nested to validate/);
  });

  it("uses the error objects the embedder supplies", () => {
    const made: [string, string][] = [];
    const marker = new LuaTable();
    const r = run(
      `local ok, e = pcall(number, "x")
       local ok2, e2 = pcall(error, "boom")
       type T = {e: error}
       return e, T:is({e = e}) ~= nil, T:is({e = "str"}) ~= nil`,
      {
        errors: {
          newError: (_L, kind, message) => {
            made.push([kind, message]);
            return marker;
          },
          isError: (v: LuaValue) => v === marker,
        },
      },
    );
    expect(r.error).toBeUndefined();
    expect(made).toEqual([["INVALID", "expected number, got string"], ["INVALID", "e: expected error, got string"]]);
  });
});

describe("comparisons", () => {
  it("== is structural equality; <= and < are subtyping", () => {
    expect(output(`
      print(integer <= number, integer < number, number < number, number <= number, number <= integer)
      print(number >= integer, number > integer)
      type A = {x: number, y: number}
      type B = {y: number, x: number}
      type C = {x: number}
      print(A == B, A == C, A <= C, A < C, C <= A)
      type N = number
      print(N == number, N <= number, N < number)
      type L1 = {next: L1?}
      type L2 = {next: L2?}
      print(L1 == L2)
      type S1 = "a" | "b"
      type S2 = "b" | "a"
      print(S1 == S2, S1 <= string, string <= S1)
      type V1 = number @min(0)
      type V2 = number @min(1)
      print(V1 == V2, V1 == V1, V1 == number)
    `)).toBe(
      "true\ttrue\tfalse\ttrue\tfalse\ntrue\ttrue\ntrue\tfalse\ttrue\ttrue\tfalse\ntrue\ttrue\tfalse\ntrue\ntrue\ttrue\tfalse\nfalse\ttrue\tfalse\n",
    );
  });

  it("comparing a type with another value raises", () => {
    expect(errorOf("return number <= 5")).toMatch(/attempt to compare type with number/);
    expect(output("print(number == 5, number ~= {})")).toBe("false\ttrue\n");
  });
});
