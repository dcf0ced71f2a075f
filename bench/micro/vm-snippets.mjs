// The VM hot operations measured by micro/vm.mjs. Each snippet is Lua code:
// `setup` runs once, `body` runs once per iteration of a numeric for loop
// whose control variable is `i`. `scale` multiplies the base iteration count
// (cheap operations run more often than expensive ones). Bodies avoid
// anything the loop itself does not need, so that the measured time is the
// operation's, plus the loop's, which the runner subtracts.
export const SNIPPETS = [
  { name: "call (1 arg, 1 result)", scale: 1, setup: "local function f(a) return a end", body: "local v = f(i)" },
  { name: "call (3 args, 3 results)", scale: 1, setup: "local function f(a, b, c) return c, b, a end", body: "local x, y, z = f(i, i, i)" },
  { name: "vararg call", scale: 0.5, setup: "local function f(...) return select('#', ...) end", body: "local n = f(i, i, i)" },
  { name: "table get, integer key", scale: 2, setup: "local t = {} for k = 1, 1024 do t[k] = k end", body: "local v = t[(i & 1023) + 1]" },
  { name: "table set, integer key", scale: 2, setup: "local t = {} for k = 1, 1024 do t[k] = k end", body: "t[(i & 1023) + 1] = i" },
  { name: "table append t[#t+1]", scale: 1, setup: "local t = {}", body: "t[#t + 1] = i if i & 4095 == 0 then t = {} end" },
  { name: "field get t.x", scale: 2, setup: "local t = { x = 1, y = 2, z = 3 }", body: "local v = t.y" },
  { name: "field set t.x", scale: 2, setup: "local t = { x = 1, y = 2, z = 3 }", body: "t.y = i" },
  { name: "table get, computed string key", scale: 1, setup: "local keys, t = {}, {} for k = 1, 64 do keys[k] = 'key' .. k t['key' .. k] = k end", body: "local v = t[keys[(i & 63) + 1]]" },
  { name: "field via __index table", scale: 1, setup: "local base = { x = 1 } local o = setmetatable({}, { __index = base })", body: "local v = o.x" },
  { name: "field via __index function", scale: 0.5, setup: "local o = setmetatable({}, { __index = function(t, k) return 1 end })", body: "local v = o.x" },
  { name: "method call o:m()", scale: 1, setup: "local C = {} C.__index = C function C:m(a) return self.v + a end local o = setmetatable({ v = 1 }, C)", body: "local v = o:m(i)" },
  { name: "__add metamethod", scale: 0.5, setup: "local mt = {} mt.__add = function(a, b) return a end local o = setmetatable({}, mt)", body: "local v = o + i" },
  { name: "integer arithmetic", scale: 2, setup: "local a = 7", body: "local v = (i * a + i // 3 - i % 5) ~ (i << 2)" },
  { name: "float arithmetic", scale: 2, setup: "local a = 0.5", body: "local v = i * a + 1.25 / (i + 1.5) - a * a" },
  { name: "concat string .. string", scale: 0.5, setup: "local a, b = 'abc', 'defgh'", body: "local s = a .. b" },
  { name: "concat string .. integer", scale: 0.5, setup: "", body: "local s = 'n' .. i" },
  { name: "closure creation", scale: 0.5, setup: "", body: "local f = function() return i end" },
  { name: "pcall", scale: 0.5, setup: "local function f(x) return x end", body: "local ok, v = pcall(f, i)" },
  { name: "coroutine resume/yield", scale: 0.25, setup: "local co = coroutine.wrap(function() while true do coroutine.yield(1) end end)", body: "local v = co()" },
  { name: "coroutine create+finish", scale: 0.1, setup: "local function f(x) return x end local create, resume = coroutine.create, coroutine.resume", body: "local ok, v = resume(create(f), i)" },
];

/**
 * A whole Lua program timing `body` over `n` iterations with os.clock, minus
 * an empty loop of the same length; prints the nanoseconds per iteration.
 */
export function snippetProgram(snippet, n) {
  return `local N = ${n}
local clock = os.clock
${snippet.setup}
local t0 = clock()
for i = 1, N do end
local t1 = clock()
for i = 1, N do ${snippet.body} end
local t2 = clock()
local ns = ((t2 - t1) - (t1 - t0)) / N * 1e9
print(string.format("%.3f", ns < 0 and 0 or ns))
`;
}
