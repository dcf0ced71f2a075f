// Reflection on type values (types.md §5.3), tostring renderings (§5.1)
// and validators (§6).

import { describe, expect, it } from "vitest";
import { errorOf, output } from "./runtime-helpers.js";

describe("reflection", () => {
  it(":kind() of every construct", () => {
    expect(output(`
      type R = {a: number}
      type A = {string}
      type M = {[string]: integer}
      type O = number?
      type U = number | string
      type I = R & {b: string}
      type F = (number) -> string
      type L = "x"
      type Box<T> = {v: T}
      type Al = R
      type V = integer @min(0)
      type Tb = table
      type E = error
      type N = nil
      for _, T in ipairs({R, A, M, O, U, I, F, L, Box, Box(number), Al, V, Tb, E, N}) do io.write(T:kind(), " ") end
      print()
    `)).toBe("record array map optional union intersection function literal generic record record integer table error nil \n");
  });

  it(":name() is the alias name, the primitive name, or nil for anonymous types", () => {
    expect(output(`
      type User = {name: string, tags: {string}}
      print(User:name(), number:name(), User.tags:name(), User.tags:elem():name())
    `)).toBe("User\tnumber\tnil\tstring\n");
  });

  it(":fields() iterates in declaration order; optional fields yield optional types", () => {
    expect(output(`
      type User = {name: string, age?: integer, email: string?, address: {city: string}}
      for name, t in User:fields() do print(name, t:kind(), tostring(t)) end
      print(number:fields(), ({}).x)
      type Both = {a: number} & {b: string}
      for name in Both:fields() do io.write(name, " ") end
      print()
    `)).toBe(
      "name\tstring\tstring\nage\toptional\tinteger?\nemail\toptional\tstring?\naddress\trecord\t{city: string}\nnil\tnil\na b \n",
    );
  });

  it("T.field gives a field's type; methods take precedence, yet T.name works for a field called name", () => {
    expect(output(`
      type User = {name: string, kind: "admin" | "user", id: integer, is: boolean}
      print(User.id:kind(), User.missing, User.name:kind(), User:name(), User.kind:kind(), User:kind())
      print(User:is({name = "a", kind = "user", id = 1, is = true}) ~= nil)
      print(User.name == User.name, User.is:kind())
      print(number.foo, type(User.kind.kind))
    `)).toBe("integer\tnil\tstring\tUser\tunion\trecord\ntrue\ntrue\tboolean\nnil\tfunction\n");
  });

  it("methods can be called with ':' or '.'", () => {
    expect(output(`
      type P = {x: number}
      print(P.kind(), P:kind(), P.name(), P.is({x = 1}) ~= nil, P:is({x = 1}) ~= nil)
      local is = P.is
      print(select(2, is({})))
    `)).toBe("record\trecord\tP\ttrue\ttrue\nx: expected number, got nil\n");
  });

  it(":elem(), :key(), :val(), :inner(), :variants(), :params(), :ret()", () => {
    expect(output(`
      type A = {integer}
      type M = {[string]: boolean}
      type O = (number | string)?
      type U = "low" | "high" | integer
      type F = (a: number, string) -> boolean
      type G = (number) -> (string, integer)
      type H = () -> ()
      print(A:elem(), A:key(), M:key(), M:val(), M:elem())
      print(O:inner(), O:inner():kind(), number:inner(), O:variants())
      for m in U:variants() do io.write(tostring(m), " ") end
      print()
      for p in F:params() do io.write(tostring(p), " ") end
      print(F:ret(), A:params(), A:ret())
      print(G:ret():kind(), tostring(G:ret()), H:ret())
      print(G:ret():is({"a", 1}) ~= nil, select(2, G:ret():is({"a", "b"})))
    `)).toBe(
      "integer\tnil\tstring\tboolean\tnil\nnumber | string\tunion\tnil\tnil\n" +
        '"low" "high" integer \nnumber string boolean\tnil\tnil\ntuple\t(string, integer)\tnil\n' +
        "true\t[2]: expected integer, got string\n",
    );
  });

  it("tostring gives the name or a canonical rendering", () => {
    expect(output(`
      type User = {x: number, y: number}
      print(tostring(User), tostring(User.x))
      type W = {p: {x: number, y: number}, o: number?, u: string | integer, l: "low", f: (number, string) -> boolean}
      for _, t in W:fields() do print(tostring(t)) end
    `)).toBe('User\tnumber\n{x: number, y: number}\nnumber?\nstring | integer\n"low"\n(number, string) -> boolean\n');
  });

  it("reflection results are type values usable with validation and comparison", () => {
    expect(output(`
      type Order = {items: {{price: number @min(0)}}}
      local Item = Order.items:elem()
      print(Item:is({price = 2}) ~= nil, select(2, Item:is({price = -1})))
      print(Item.price <= number, Order.items:elem() == Item)
    `)).toBe("true\tprice: @min(0) failed for -1\ntrue\ttrue\n");
  });
});

describe("validators", () => {
  it("@min and @max on numbers, applied after the structural check", () => {
    expect(output(`
      type Pct = number @min(0) @max(100)
      local function m(v) local _, e = Pct:is(v); return tostring(e) end
      print(m(0), m(100), m(-1), m(100.5), m("5"))
      type Neg = integer @max(-1)
      print((Neg:is(-3)), select(2, Neg:is(0)))
    `)).toBe("nil\tnil\t@min(0) failed for -1\t@max(100) failed for 100.5\texpected Pct, got string\n-3\t@max(-1) failed for 0\n");
  });

  it("@min_len and @max_len on strings (bytes) and arrays (elements)", () => {
    expect(output(`
      type Code = string @min_len(2) @max_len(3)
      print(Code:is("ab") ~= nil, select(2, Code:is("a")), select(2, Code:is("abcd")))
      type Tags = {string} @min_len(1)
      print(Tags:is({"a"}) ~= nil, select(2, Tags:is({})))
      print(Code:is("\\xff\\xfe") ~= nil)
    `)).toBe('true\t@min_len(2) failed for "a"\t@max_len(3) failed for "abcd"\ntrue\t@min_len(1) failed for a table of length 0\ntrue\n');
  });

  it("@pattern matches anywhere unless anchored", () => {
    expect(output(`
      type Slug = string @pattern("^[a-z0-9-]+$")
      type HasDigit = string @pattern("[0-9]")
      print(Slug:is("ab-1") ~= nil, Slug:is("Ab") ~= nil, HasDigit:is("x1y") ~= nil, HasDigit:is("xy") ~= nil)
      type Mail = string @pattern("^[^@ ]+@[^@ ]+\\\\.[a-z]{2,}$")
      print(Mail:is("a@b.io") ~= nil, Mail:is("a@b") ~= nil)
    `)).toBe("true\tfalse\ttrue\tfalse\ntrue\tfalse\n");
  });

  it("attach to record fields, array elements, union members and optionals", () => {
    expect(output(`
      type User = {age: integer @min(0) @max(150), scores: {number @min(0)}, id: integer @min(1) | string @min_len(1), nick: string @min_len(2)?}
      local function m(v) local _, e = User:is(v); return tostring(e) end
      local ok = {age = 30, scores = {1, 2}, id = 7}
      print(m(ok), m({age = 200, scores = {}, id = 1}), m({age = 1, scores = {1, -2}, id = 1}))
      print(m({age = 1, scores = {}, id = 0}), m({age = 1, scores = {}, id = ""}), m({age = 1, scores = {}, id = true}))
      print(m({age = 1, scores = {}, id = 1, nick = "x"}), m({age = 1, scores = {}, id = 1, nick = "xy"}))
    `)).toBe(
      "nil\tage: @max(150) failed for 200\tscores[2]: @min(0) failed for -2\n" +
        'id: @min(1) failed for 0\tid: @min_len(1) failed for ""\tid: expected integer @min(1) | string @min_len(1), got boolean\n' +
        'nick: @min_len(2) failed for "x"\tnil\n',
    );
  });

  it("several validators are all required, the first failure reported", () => {
    expect(output(`
      type T = integer @min(10) @max(5)
      print(select(2, T:is(7)), select(2, T:is(3)))
    `)).toBe("@min(10) failed for 7\t@min(10) failed for 3\n");
  });

  it("bad validators raise when the type is created, even if it is never used", () => {
    expect(errorOf("type T = number @between(1, 2)")).toMatch(/type 'T' \(line 1\): unknown validator '@between'/);
    expect(errorOf("type T = number @min(1, 2)")).toMatch(/'@min' takes 1 argument, got 2/);
    expect(errorOf("type T = number @min()")).toMatch(/'@min' takes 1 argument, got 0/);
    expect(errorOf('type T = number @min("1")')).toMatch(/'@min' expects a number literal argument/);
    expect(errorOf("type T = string @pattern(1)")).toMatch(/'@pattern' expects a string literal argument/);
    expect(errorOf("type T = string @min(1)")).toMatch(/'@min' does not apply to string/);
    expect(errorOf("type T = boolean @min_len(1)")).toMatch(/'@min_len' does not apply to boolean/);
    expect(errorOf("type T = {number} @pattern('x')")).toMatch(/'@pattern' does not apply/);
    expect(errorOf("print('before')\ndo\n  type T = {a: number @max(true)}\nend")).toMatch(/^t:3: type 'T'/);
  });

  it("patterns outside the RE2/ECMAScript common subset raise", () => {
    for (const p of ["(?=a)", "(?!a)", "(?<=a)b", "(a)\\\\1", "(?<n>a)", "(?i)a", "\\\\p{L}", "[[:alpha:]]", "a{2", "[]a]", "a{1001}", "\\\\Z", "(", "a**"]) {
      expect(errorOf(`type T = string @pattern("${p}")`), p).toMatch(/invalid pattern for '@pattern'/);
    }
    expect(output('type T = string @pattern("^(?:ab|c)+\\\\d{1,3}[^\\\\s\\\\]]*\\\\x41?$")\nprint(T:is("abc12A") ~= nil, T:is("abx") ~= nil)')).toBe(
      "true\tfalse\n",
    );
  });

  it("validators in plain annotations are erased", () => {
    expect(output("local x: number @min(0) = -1\nlocal code: string @min(1) = 'x'\nprint(x, code)")).toBe("-1\tx\n");
  });
});
