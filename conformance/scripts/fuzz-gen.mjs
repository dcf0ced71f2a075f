// Random Lua program generator for the differential fuzzer. A program is a
// list of statements; statement 0 is a fixed prelude and every other
// statement is self-contained (its own `do ... end` block guarded by pcall),
// so any of them can be deleted without breaking the rest — which is what
// the shrinker relies on.

// Small, fast, seedable PRNG (xorshift32 seeded through a hash of seed and
// program number) so a seed always yields the same programs.
function makeRng(seed, n) {
  let s = (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(n + 1, 0xc2b2ae35)) >>> 0;
  if (s === 0) s = 0x1234567;
  const next = () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s;
  };
  const int = (lo, hi) => lo + (next() % (hi - lo + 1));
  const pick = (arr) => arr[next() % arr.length];
  const chance = (p) => next() / 0x100000000 < p;
  return { int, pick, chance };
}

// show() prints any value deterministically: NaN's sign is platform-specific
// in C's printf, and tables/functions would print addresses.
const PRELUDE = `local function show(v)
  local t = type(v)
  if t == "number" then
    if v ~= v then return "nan" end
    return tostring(v) .. ":" .. math.type(v)
  elseif t == "string" then return string.format("%q", v)
  elseif t == "table" or t == "function" or t == "thread" or t == "userdata" then return t
  end
  return tostring(v)
end
local function try(tag, f, ...)
  local r = table.pack(pcall(f, ...))
  local parts = {}
  for i = 2, r.n do parts[#parts + 1] = show(r[i]) end
  print(tag, r[1], table.concat(parts, " "))
end`;

const INT_ATOMS = [
  "0", "1", "-1", "2", "3", "7", "-7", "10", "255", "2147483648", "math.maxinteger", "math.mininteger",
  "9007199254740993", "0x7fffffffffffffff", "0xffffffffffffffff", "(math.maxinteger - 1)", "(math.mininteger + 1)",
];
const FLOAT_ATOMS = [
  "0.0", "-0.0", "0.5", "-1.5", "1e308", "2^53", "2^63", "-2^63", "math.huge", "-math.huge", "0.1", "3.0",
  "1e15", "1e16", "(0/0)", "2.5", "-2.5", "1e-300",
];
const STRING_ATOMS = [`"10"`, `"0x10"`, `"1e2"`, `" 5 "`, `"3.0"`, `"abc"`, `""`, `"-0"`, `"9223372036854775808"`, `"1.5"`, `"a,b,,c"`, `"Hello World"`];
const ARITH_OPS = ["+", "-", "*", "/", "//", "%", "^"];
const BIT_OPS = ["&", "|", "~", "<<", ">>"];
const CMP_OPS = ["==", "~=", "<", "<=", ">", ">="];

function numberAtom(r) {
  const k = r.int(0, 9);
  if (k < 4) return r.pick(INT_ATOMS);
  if (k < 7) return r.pick(FLOAT_ATOMS);
  if (k < 8) return String(r.int(-1000, 1000));
  return `${r.int(-99, 99)}.${r.int(0, 99)}`;
}

function atom(r) {
  return r.chance(0.2) ? r.pick(STRING_ATOMS) : numberAtom(r);
}

function expr(r, depth) {
  if (depth <= 0 || r.chance(0.3)) return atom(r);
  const k = r.int(0, 11);
  const a = () => expr(r, depth - 1);
  switch (k) {
    case 0: case 1: case 2: return `(${a()} ${r.pick(ARITH_OPS)} ${a()})`;
    case 3: return `(${a()} ${r.pick(BIT_OPS)} ${a()})`;
    case 4: return `(${a()} ${r.pick(CMP_OPS)} ${a()})`;
    case 5: return `(${a()} .. ${a()})`;
    case 6: return `(${r.pick(["- ", "~ ", "not "])}${a()})`;
    case 7: return `${r.pick(["math.floor", "math.ceil", "math.abs", "math.tointeger", "math.type", "tostring", "tonumber", "math.sqrt"])}(${a()})`;
    case 8: return `${r.pick(["math.fmod", "math.max", "math.min", "math.ult"])}(${a()}, ${a()})`;
    case 9: return `string.format(${r.pick([`"%d"`, `"%5.2f"`, `"%g"`, `"%x"`, `"%s"`, `"%q"`, `"%.3e"`, `"%i|%s"`, `"%a"`, `"%10.4s"`])}, ${a()}, ${a()})`;
    case 10: return `tonumber(${r.pick(STRING_ATOMS.concat([`"ff"`, `"zz"`, `"777"`, `"-101"`]))}, ${r.int(2, 36)})`;
    default: return `(${a()} ${r.pick(ARITH_OPS)} ${numberAtom(r)})`;
  }
}

const PATTERNS = [`"%d+"`, `"(%a+)"`, `"[aeiou]"`, `"^%s*(.-)%s*$"`, `"(%w+),?"`, `"%f[%w]%w+"`, `"%b()"`, `"(.)%1"`, `"[^,]*"`, `"."`, `""`, `"l+"`];
const SUBJECTS = [`"hello world"`, `"a,b,,c"`, `"  padded  "`, `"x(1)(2)y"`, `"aabbcc"`, `"123 abc 456"`, `""`, `"Lua 5.3"`];

function stringCall(r) {
  const s = r.pick(SUBJECTS);
  const i = () => String(r.int(-8, 12));
  switch (r.int(0, 9)) {
    case 0: return `string.sub(${s}, ${i()}, ${i()})`;
    case 1: return `string.rep(${s}, ${r.int(-1, 3)}, ${r.pick([`","`, `""`, `"--"`])})`;
    case 2: return `string.find(${s}, ${r.pick(PATTERNS)}, ${i()}, ${r.pick(["true", "false"])})`;
    case 3: return `string.match(${s}, ${r.pick(PATTERNS)}, ${i()})`;
    case 4: return `string.gsub(${s}, ${r.pick(PATTERNS)}, ${r.pick([`"<%0>"`, `"%1"`, `"x"`, `{a = "A", l = false}`, `string.upper`, `function(c) return #c end`])}, ${r.int(-1, 4)})`;
    case 5: return `string.byte(${s}, ${i()}, ${i()})`;
    case 6: return `${r.pick(["string.upper", "string.lower", "string.reverse", "string.len"])}(${s})`;
    case 7: return `string.format("%q|%5s|%-5s|", ${s}, ${s}, ${r.pick(INT_ATOMS)})`;
    case 8: return `select("#", string.gsub(${s}, ${r.pick(PATTERNS)}, "%%"))`;
    default: {
      const fmt = r.pick([`"i4"`, `"<i8"`, `">I2"`, `"b"`, `"d"`, `"s1"`, `"z"`, `"j"`]);
      return `string.unpack(${fmt}, string.pack(${fmt}, ${fmt.includes("s") || fmt.includes("z") ? s : numberAtom(r)}))`;
    }
  }
}

function tableStmt(r, tag) {
  const n = r.int(0, 6);
  const vals = Array.from({ length: n }, () => String(r.int(-20, 20)));
  const ops = [];
  for (let k = r.int(1, 5); k > 0; k--) {
    switch (r.int(0, 6)) {
      case 0: ops.push(`table.insert(t, ${r.int(-5, 30)})`); break;
      case 1: ops.push(`table.insert(t, ${r.int(0, 8)}, ${r.int(-5, 5)})`); break;
      case 2: ops.push(`table.remove(t${r.chance(0.5) ? `, ${r.int(0, 8)}` : ""})`); break;
      case 3: ops.push(`table.sort(t${r.chance(0.5) ? ", function(a, b) return a > b end" : ""})`); break;
      // Into a fresh table at index 1, so no hole is made: with holes, `#` may
      // return any border, and which one C Lua picks depends on its table layout.
      case 4: ops.push(`t = table.move(t, ${r.int(1, 3)}, ${r.int(0, 4)}, 1, {})`); break;
      case 5: ops.push(`t[#t + 1] = ${r.int(0, 9)} * 1.5`); break;
      default: ops.push(`t = {table.unpack(t, ${r.int(1, 3)}, #t)}`); break;
    }
  }
  return `do
  try("${tag}", function()
    local t = {${vals.join(", ")}}
    ${ops.join("\n    ")}
    local out = {}
    for i = 1, #t do out[i] = tostring(t[i]) end
    return #t, table.concat(out, ",")
  end)
end`;
}

const METAMETHODS = {
  __add: `function(a, b) return "add" end`,
  __sub: `function(a, b) return 10 end`,
  __concat: `function(a, b) return "cat" end`,
  __len: `function(a) return 42 end`,
  __eq: `function(a, b) return true end`,
  __lt: `function(a, b) return false end`,
  __le: `function(a, b) return true end`,
  __index: `function(t, k) return tostring(k) .. "?" end`,
  __call: `function(self, x) return x end`,
  __unm: `function(a) return "neg" end`,
  __band: `function(a, b) return "band" end`,
  __tostring: `function(a) return "OBJ" end`,
};
const META_USES = [
  "a + 1", "1 + a", "a - b", "a .. 'x'", "'x' .. a", "#a", "a == b", "a ~= b", "a < b", "a <= b", "a > 1",
  "a.field", "a[1]", "a(5)", "-a", "a & 1", "tostring(a) == 'OBJ'", "a + a", "a .. b", "rawlen(a)", "rawequal(a, b)",
];

function metaStmt(r, tag) {
  const names = Object.keys(METAMETHODS).filter(() => r.chance(0.5));
  const fields = names.map((k) => `${k} = ${METAMETHODS[k]}`).join(", ");
  const uses = [];
  for (let k = r.int(1, 4); k > 0; k--) uses.push(`try("${tag}", function() return ${r.pick(META_USES)} end)`);
  return `do
  local mt = {${fields}}
  local a, b = setmetatable({}, mt), setmetatable({}, mt)
  ${uses.join("\n  ")}
end`;
}

function loopStmt(r, tag) {
  const numeric = () => r.pick(["0", "1", "-1", "3", "10", "2.5", "-0.5", "0.25", "math.maxinteger - 2", "math.mininteger + 1", `"2"`, "1e300"]);
  const step = r.pick(["1", "-1", "2", "0.5", "-0.25", "3", "math.maxinteger", "-2"]);
  switch (r.int(0, 2)) {
    case 0:
      return `do
  try("${tag}", function()
    local seen = {}
    for i = ${numeric()}, ${numeric()}, ${step} do
      seen[#seen + 1] = tostring(i) .. math.type(i):sub(1, 1)
      if #seen >= 8 then break end
    end
    return table.concat(seen, " ")
  end)
end`;
    case 1:
      return `do
  try("${tag}", function()
    local n, out = 0, {}
    while n < ${r.int(0, 12)} do
      n = n + 1
      if n % ${r.int(2, 4)} == 0 then goto continue end
      out[#out + 1] = n
      ::continue::
    end
    repeat n = n - ${r.int(1, 3)} until n <= ${r.int(-3, 3)}
    return n, table.concat(out, ",")
  end)
end`;
    default:
      return `do
  try("${tag}", function()
    local fs, shared = {}, ${r.int(0, 5)}
    for i = 1, ${r.int(1, 5)} do
      local j = i * ${r.int(1, 3)}
      fs[i] = function(x) shared = shared + i; return i + j + (x or 0) + shared end
    end
    local out = {}
    for k = #fs, 1, -1 do out[#out + 1] = fs[k](${r.int(-2, 2)}) end
    return shared, table.concat(out, " ")
  end)
end`;
  }
}

function coroutineStmt(r, tag) {
  const yields = Array.from({ length: r.int(0, 4) }, () => atom(r));
  const failAt = r.chance(0.3) ? r.int(0, yields.length) : -1;
  const body = yields.map((v, k) => `${k === failAt ? `error(${r.pick([`"boom"`, "42", "{}", "nil"])}) ` : ""}got[#got + 1] = show(coroutine.yield(${v}))`).join("\n      ");
  return `do
  try("${tag}", function()
    local got = {}
    local co = coroutine.create(function(a, b)
      got[#got + 1] = show(a) .. show(b)
      ${body}
      return "end", coroutine.isyieldable()
    end)
    local out = {}
    for k = 1, ${yields.length + 2} do
      local res = table.pack(coroutine.resume(co, k, ${atom(r)}))
      for i = 1, res.n do out[#out + 1] = show(res[i]) end
      out[#out + 1] = coroutine.status(co)
    end
    return table.concat(out, " "), table.concat(got, " ")
  end)
end`;
}

function errorStmt(r, tag) {
  const value = r.pick([`"msg"`, "42", "{}", "nil", "true", "2.5", `setmetatable({}, {__tostring = function() return "E" end})`]);
  const level = r.pick(["", ", 0", ", 1", ", 2"]);
  switch (r.int(0, 3)) {
    case 0: return `do try("${tag}", function() error(${value}${level}) end) end`;
    case 1: return `do try("${tag}", function() return pcall(error, ${value}${level}) end) end`;
    case 2: return `do try("${tag}", function() return xpcall(function() error(${value}${level}) end, function(m) return type(m) end) end) end`;
    default: return `do try("${tag}", function() local x = ${r.pick(["nil", "{}", "1", `"s"`])}; return ${r.pick(["x.y.z", "x()", "x + 1", "x .. {}", "#x", "x < x", "x[nil]"])} end) end`;
  }
}

export function generateProgram(seed, n) {
  const r = makeRng(seed, n);
  const statements = [PRELUDE];
  const count = r.int(4, 14);
  for (let k = 1; k <= count; k++) {
    const tag = `s${k}`;
    switch (r.int(0, 8)) {
      case 0: case 1: statements.push(`do try("${tag}", function() return ${expr(r, 3)} end) end`); break;
      case 2: statements.push(`do try("${tag}", function() return ${stringCall(r)} end) end`); break;
      case 3: statements.push(tableStmt(r, tag)); break;
      case 4: statements.push(metaStmt(r, tag)); break;
      case 5: statements.push(loopStmt(r, tag)); break;
      case 6: statements.push(coroutineStmt(r, tag)); break;
      case 7: statements.push(errorStmt(r, tag)); break;
      default: statements.push(`do try("${tag}", function() return ${expr(r, 2)}, ${stringCall(r)} end) end`); break;
    }
  }
  return statements;
}
