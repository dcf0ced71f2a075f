-- float registers in compiled code: integral floats, -0.0, inf, NaN, operands that
-- are not floats (strings, int64, metamethods), debug.setlocal, yields, errors.
-- float registers: values at exits, integral floats, -0.0, inf, nan
local function acc(n)
  local s, t = 0.0, 1.5
  for i = 1, n do
    s = s + 0.5
    t = t * 2.0 - t
    if i % 3 == 0 then print(i, s, t, s == 2.0, s < 3, -s) end
  end
  return s, t
end
for _ = 1, 12 do acc(7) end
print(acc(9))
local function edge()
  local z = 0.0
  local nz = -z
  local inf = 1.0 / z
  local ninf = -inf
  local nan = z / z
  local nnan = -nan
  local x = inf - inf
  print(z, nz, inf, ninf, nan, nnan, x, 1/nz, nan ~= nan, math.type(z), math.type(inf))
  local big = math.maxinteger + 0.5
  local p = 2.0 ^ 63
  print(big, p, p == math.maxinteger + 1.0, math.tointeger(3.0 * 1.0))
end
for _ = 1, 12 do edge() end
-- operands that are not floats: strings, tables with metamethods, int64
local mt = {__add = function(a, b) return 100.25 end, __div = function(a, b) return "div" end,
  __lt = function(a, b) return true end}
local function mixed(vals)
  local out = {}
  for i = 1, #vals do
    local v = vals[i]
    local f = 0.5
    local ok, r = pcall(function() return v + f end)
    local g = 1.25
    g = g + v
    out[#out + 1] = tostring(ok) .. ":" .. tostring(r) .. ":" .. tostring(g)
  end
  return table.concat(out, " ")
end
local T = setmetatable({}, mt)
for _ = 1, 12 do print(mixed({1, 2.5, "10", T, math.maxinteger, -0.0, 3})) end
-- a loop whose float local sometimes gets a table through a metamethod result
local function meta(n)
  local x = 0.5
  local y
  for i = 1, n do
    x = x * 1.5
    if i == 5 then y = setmetatable({}, mt) / 2.0 end
    if i > 8 then x = x / 3.0 end
  end
  return x, y
end
for _ = 1, 12 do print(meta(10)) end
local mt2 = {__add = function(a, b) return 100.25 end, __mul = function(a, b) return 2.5 end,
  __div = function(a, b) return 7.75 end, __pow = function() return 0.5 end}
local T = setmetatable({}, mt2)
local function walk(vals, n)
  local s = 0.5
  for i = 1, n do
    local v = vals[i]
    s = s + v
    s = s * 1.0
    s = v / s
    s = s ^ 1.0
  end
  return s
end
local vals = {1, 2.5, "10", 0x7fffffffffffffff, -0.0, 3, 4.5, "0x10", 5, 6}
for k = 1, 12 do print(walk(vals, 10)) end
vals[4] = T
for k = 1, 30 do print(pcall(walk, vals, 10)) end
vals[4] = {}
for k = 1, 3 do print(pcall(walk, vals, 10)) end
vals[4] = 7
for k = 1, 12 do print(walk(vals, 10)) end
local function poke(i, v) debug.setlocal(3, i, v) end
local function setter(i, v) poke(i, v) end
local function f(n)
  local x = 0.5
  for i = 1, n do
    x = x * 2.0
    if i == 3 then setter(2, 7) end
    if i == 5 then setter(2, 1.5) end
  end
  return x, math.type(x)
end
for _ = 1, 10 do print(f(7)) end
-- coroutines yielding inside a float loop
local co = coroutine.wrap(function()
  local s = 0.25
  for i = 1, 40 do
    s = s * 1.5 + 0.125
    if i % 7 == 0 then coroutine.yield(s) end
  end
  return s
end)
for _ = 1, 6 do print(co()) end
-- a float local that holds an integer at a loop head (defined outside the loop)
local function g(n)
  local x = 1
  for i = 1, n do x = x + 0.5 end
  local y = 2.0
  local k = 0
  while k < n do y = y / 2; k = k + 1 end
  return x, y
end
for _ = 1, 12 do print(g(60)) end
-- main-chunk loops with floats, integer entry
local acc = 0
for i = 1, 200 do acc = acc + i * 0.5 end
print(acc)
local acc2 = 0.0
for i = 1, 200 do acc2 = acc2 * 0.5 + i end
print(acc2)
local w = 3
for i = 1, 100 do w = w / 1.01 end
print(w)
-- error inside float arithmetic gives the same message
print(pcall(function() local a = 1.5; for i = 1, 100 do a = a + 0.5; if i == 60 then a = a + {} end end end))
print(pcall(function() local a = 1.5; local t = {}; for i = 1, 100 do a = a * 1.5; if i == 60 then a = t.x * a end end end))
-- comparisons
local c = 0
for i = 1, 100 do local v = i * 0.5; if v < 10 then c = c + 1 end; if v == 20 then c = c + 100 end; if 30.5 <= v then c = c + 1000 end end
print(c)
