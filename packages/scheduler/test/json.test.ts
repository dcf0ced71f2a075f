// The json module (runtime spec §8, §13 items 35 and 36).
import { describe, expect, it } from "vitest";
import { runLua } from "./helpers.js";

/** Runs a chunk with `json` required; returns its printed output. */
function lua(src: string): Promise<string> {
  return runLua(`local json = require("json")\nlocal function enc(v) return (json.encode(v)) end\nlocal function dec(v) return (json.decode(v)) end\n${src}`);
}

describe("json.encode", () => {
  it("spec §13 item 35", async () => {
    expect(await lua(`
      print(enc({b = 1, a = {1, 2, 3}, c = "x"}))
      print(enc({}))
      print(enc(dec("{}")))
      local s, e = json.encode({[1] = 1, [3] = 3}); print(s, errors.is(e, errors.INTERNAL), e:message())
      s, e = json.encode({1, x = 2}); print(s, errors.is(e, errors.INTERNAL), e:message())
      print(enc(2.0), enc(0/0))
    `)).toBe([
      '{"a":[1,2,3],"b":1,"c":"x"}', "[]", "{}",
      "nil\ttrue\tjson.encode: cannot encode sparse array",
      "nil\ttrue\tjson.encode: cannot encode table with mixed keys",
      "2\tnull", "",
    ].join("\n"));
  });

  it("returns exactly two values", async () => {
    expect(await lua(`print(select("#", json.encode(1)), select("#", json.encode({[2] = 1})))
      print(json.encode(nil))`)).toBe("2\t2\nnull\tnil\n");
  });

  it("scalars: integers, floats without exponent, infinities, booleans", async () => {
    expect(await lua(`
      print(enc(0), enc(-17), enc(math.maxinteger), enc(math.mininteger))
      print(enc(0.1), enc(1e-7), enc(-2.5e-10), enc(1/3))
      print(enc(math.huge), enc(-1/0), enc(1e21), enc(-3.0))
      print(enc(true), enc(false))
    `)).toBe([
      "0\t-17\t9223372036854775807\t-9223372036854775808",
      "0.1\t0.0000001\t-0.00000000025\t0.3333333333333333",
      "null\tnull\t1000000000000000000000\t-3",
      "true\tfalse", "",
    ].join("\n"));
  });

  it("strings: escapes, UTF-8 as is, invalid bytes replaced", async () => {
    expect(await lua(`
      print(enc("a\\"b\\\\c\\n\\t\\r\\b\\f\\1\\31/<>&"))
      print(enc("héllo €𝄞"))
      print(enc("bad \\xff byte") == '"bad \\xEF\\xBF\\xBD byte"')
      print(enc("\\127"))
    `)).toBe([
      '"a\\"b\\\\c\\n\\t\\r\\b\\f\\u0001\\u001f/<>&"',
      '"héllo €𝄞"', "true", '"\x7f"', "",
    ].join("\n"));
  });

  it("objects: key order by bytes, key conversion, nested values", async () => {
    expect(await lua(`
      print(enc({zeta = 1, Alpha = 2, ["10"] = 3, ["9"] = 4}))
      print(enc({[true] = 1, [1.5] = 2, [0] = 3, [-1] = 4}))
      print(enc({list = {{a = 1}, {}}, name = "n"}))
      local t = {1, 2}; t[2] = nil
      print(enc(t))
      print(enc({n = nil, 1}))
    `)).toBe([
      '{"10":3,"9":4,"Alpha":2,"zeta":1}',
      '{"-1":4,"0":3,"1.5":2,"true":1}',
      '{"list":[{"a":1},[]],"name":"n"}',
      "[1]", "[1]", "",
    ].join("\n"));
  });

  it("sibling objects with the same, reordered, extra or cleared keys each sort their own keys", async () => {
    expect(await lua(`
      local cleared = {b = 10, a = 11}; cleared.b = nil
      print(enc({{b = 1, a = 2}, {a = 3, b = 4}, {b = 5, a = 6, c = 7}, {b = 8, a = 9}, cleared, {b = 12, a = 13}}))
      print(enc({x = {b = 1, a = 2}, y = {{b = 3, a = 4}}, z = {b = 5, a = 6}}))
    `)).toBe([
      '[{"a":2,"b":1},{"a":3,"b":4},{"a":6,"b":5,"c":7},{"a":9,"b":8},{"a":11},{"a":13,"b":12}]',
      '{"x":{"a":2,"b":1},"y":[{"a":4,"b":3}],"z":{"a":6,"b":5}}', "",
    ].join("\n"));
  });

  it("equal tables always encode identically", async () => {
    expect(await lua(`
      local a, b = {}, {}
      for i = 1, 50 do a["k" .. i] = i end
      for i = 50, 1, -1 do b["k" .. i] = i end
      print(enc(a) == enc(b))
    `)).toBe("true\n");
  });

  it("a table with more string keys than its string part holds (they live in its hash part)", async () => {
    expect(await lua(`
      local big, small = {}, {}
      for i = 300, 1, -1 do big["k" .. i] = i; small["k" .. i] = i end
      big[true] = "t"; big[2.5] = "f"
      for i = 1, 300, 2 do big["k" .. i] = nil end
      big[true], big[2.5] = nil, nil
      for i = 2, 300, 2 do small["k" .. (i - 1)] = nil end
      print(enc(big) == enc(small), #enc(big), dec(enc(big)).k300, dec(enc(big)).k299)
      big.k1 = 1; big[1] = 1
      local s, e = json.encode(big); print(s, e:message())
      local other = {[false] = true, mixed = small}
      for i = 1, 300 do other["x" .. i] = i end
      print(enc(other):sub(1, 27))
    `)).toBe([
      "true\t1545\t300\tnil",
      "nil\tjson.encode: cannot encode table with mixed keys",
      '{"false":true,"mixed":{"k10',
      "",
    ].join("\n"));
  });

  it("functions, coroutines, channels become null; error objects their message", async () => {
    expect(await lua(`
      print(enc({print, coroutine.create(print), channel.new(), errors.new("boom")}))
    `)).toBe('[null,null,null,"boom"]\n');
  });

  it("cycles and deep nesting are errors, not crashes", async () => {
    expect(await lua(`
      local t = {}; t.self = t
      local s, e = json.encode(t); print(s, e:kind() == errors.INTERNAL, e:message())
      local deep = {}
      local cur = deep
      for i = 1, 200 do cur[1] = {}; cur = cur[1] end
      s, e = json.encode(deep); print(s, e:message())
      local ok = {}
      cur = ok
      for i = 1, 127 do cur[1] = {}; cur = cur[1] end
      print(#enc(ok))
      s, e = json.encode({[{}] = 1}); print(s, e:message())
    `)).toBe([
      "nil\ttrue\tjson.encode: cannot encode recursively nested table",
      "nil\tjson.encode: cannot encode table nested deeper than 128 levels",
      "256",
      "nil\tjson.encode: table keys must be strings, numbers or booleans", "",
    ].join("\n"));
  });
});

describe("json.decode", () => {
  it("spec §13 item 36", async () => {
    expect(await lua(`
      local t = json.decode('{"a":null,"b":[1,2]}')
      print(rawget(t, "a"), math.type(t.b[1]), t.b[2])
      local v, e = json.decode("{bad"); print(v, errors.is(e, errors.INTERNAL), e:message())
      print(select("#", json.decode("null")), json.decode("null"))
    `)).toBe([
      "nil\tinteger\t2",
      "nil\ttrue\tjson.decode: unexpected 'b' at position 2",
      "2\tnil\tnil", "",
    ].join("\n"));
  });

  it("numbers: integers, floats, int64 limits", async () => {
    expect(await lua(`
      for _, s in ipairs({"1", "1.0", "-0", "1e2", "12345678901234567", "9223372036854775807",
          "-9223372036854775808", "9223372036854775808", "0.5", "-1.25E-3", "123456789012345678901234567890"}) do
        local v = json.decode(s)
        print(s, math.type(v), v)
      end
    `)).toBe([
      "1\tinteger\t1", "1.0\tfloat\t1.0", "-0\tinteger\t0", "1e2\tfloat\t100.0",
      "12345678901234567\tinteger\t12345678901234567",
      "9223372036854775807\tinteger\t9223372036854775807",
      "-9223372036854775808\tinteger\t-9223372036854775808",
      "9223372036854775808\tfloat\t9.2233720368548e+18",
      "0.5\tfloat\t0.5", "-1.25E-3\tfloat\t-0.00125",
      "123456789012345678901234567890\tfloat\t1.2345678901235e+29", "",
    ].join("\n"));
  });

  it("strings: escapes, \\u and surrogate pairs to UTF-8", async () => {
    expect(await lua(`
      print(dec([["a\\"b\\\\c\\/d\\n\\t\\r\\b\\f"]]) == "a\\"b\\\\c/d\\n\\t\\r\\b\\f")
      print(dec([["\\u0041\\u00e9\\u20AC\\ud834\\udd1e"]]))
      print(dec([["\\ud834x"]]) == "\\xEF\\xBF\\xBDx", dec([["\\udd1e"]]) == "\\xEF\\xBF\\xBD")
      print(dec('"héllo"'), dec('"\\\\u0000"') == "\\0")
    `)).toBe("true\nAé€𝄞\ntrue\ttrue\nhéllo\ttrue\n");
  });

  it("arrays, objects, nulls, duplicate keys, whitespace", async () => {
    expect(await lua(`
      local a = json.decode(' [ 1 , null , "x" , [ ] , { } ] ')
      print(a[1], a[2], a[3], #a[4], next(a[5]), enc(a[4]), enc(a[5]))
      local o = json.decode('{"k": 1, "k": 2, "1": "one", "n": null}')
      print(o.k, o["1"], o[1], rawget(o, "n"))
      print(dec('{"a":1,"a":null}').a)
      print(dec("\\t\\r\\n true \\n"), dec("false"), dec('"s"'), dec("-12"))
    `)).toBe([
      "1\tnil\tx\t0\tnil\t[]\t{}",
      "2\tone\tnil\tnil", "nil", "true\tfalse\ts\t-12", "",
    ].join("\n"));
  });

  it("bad input: kinds and positions", async () => {
    expect(await lua(`
      local function show(s)
        local v, e = json.decode(s)
        print(v, e:kind(), e:message())
      end
      show(42); show(""); show("[1,]"); show('{"a" 1}'); show("[1] x"); show("01"); show("1."); show("-")
      show('"abc'); show('"a\\tb"'); show('"\\\\q"'); show('"\\\\u12g4"'); show("nul"); show("[1")
      show('"ok \\xff bad"'); show("{\\"a\\":1,}"); show(" ")
    `)).toBe([
      "nil\tINVALID\tjson.decode: argument must be a string",
      "nil\tINVALID\tjson.decode: empty input",
      "nil\tINTERNAL\tjson.decode: unexpected ']' at position 4",
      "nil\tINTERNAL\tjson.decode: unexpected '1' at position 6",
      "nil\tINTERNAL\tjson.decode: trailing garbage after JSON value at position 5",
      "nil\tINTERNAL\tjson.decode: trailing garbage after JSON value at position 2",
      "nil\tINTERNAL\tjson.decode: invalid number at position 1",
      "nil\tINTERNAL\tjson.decode: invalid number at position 1",
      "nil\tINTERNAL\tjson.decode: unterminated string at position 1",
      "nil\tINTERNAL\tjson.decode: control character in string at position 3",
      "nil\tINTERNAL\tjson.decode: invalid escape in string at position 2",
      "nil\tINTERNAL\tjson.decode: invalid \\u escape in string at position 2",
      "nil\tINTERNAL\tjson.decode: invalid literal (expected 'null') at position 1",
      "nil\tINTERNAL\tjson.decode: unexpected end of input at position 3",
      "nil\tINTERNAL\tjson.decode: invalid UTF-8 at position 5",
      "nil\tINTERNAL\tjson.decode: unexpected '}' at position 8",
      "nil\tINTERNAL\tjson.decode: unexpected end of input at position 2",
      "",
    ].join("\n"));
  });

  it("deep nesting is an error, not a stack overflow", async () => {
    expect(await lua(`
      local v, e = json.decode(string.rep("[", 100000) .. string.rep("]", 100000))
      print(v, e:message())
      print(type(dec(string.rep("[", 1000) .. string.rep("]", 1000))))
    `)).toBe("nil\tjson.decode: nesting deeper than 1000 levels at position 1001\ntable\n");
  });

  it("round trips a document", async () => {
    const doc = '{"id":12,"items":[{"price":9.99,"qty":3,"tags":["a","b"]},{"price":0.5,"qty":1,"tags":[]}],"meta":{},"name":"caf\\u00e9 \\"x\\""}';
    expect(await lua(`
      local text = [[${doc}]]
      local v = assert(json.decode(text))
      print(enc(v))
    `)).toBe('{"id":12,"items":[{"price":9.99,"qty":3,"tags":["a","b"]},{"price":0.5,"qty":1,"tags":[]}],"meta":{},"name":"café \\"x\\""}\n');
  });
});
