-- closures: closure creation, upvalue reads and writes (open and closed),
-- upvalues shared between closures, and higher-order functions.
local SIZES = { tiny = 500, small = 20000, default = 1000000 }
local size = (arg and arg[1]) or ... or "default"
local n = SIZES[size] or tonumber(size) or error("unknown size: " .. tostring(size))

local M = 1000000007

-- One counter closure per call; the state lives in a closed upvalue.
local function counter(start)
  local c = start
  return function(d)
    c = c + d
    return c
  end
end

-- Two closures sharing one upvalue.
local function account()
  local balance = 0
  local function deposit(x) balance = balance + x end
  local function get() return balance end
  return deposit, get
end

local function map(f, a)
  local r = {}
  for i = 1, #a do r[i] = f(a[i]) end
  return r
end

local function filter(p, a)
  local r = {}
  for i = 1, #a do
    local v = a[i]
    if p(v) then r[#r + 1] = v end
  end
  return r
end

local function reduce(f, acc, a)
  for i = 1, #a do acc = f(acc, a[i]) end
  return acc
end

local function compose(f, g)
  return function(x) return f(g(x)) end
end

-- 1. Fresh closures capturing the loop variable, called later (in batches
-- of 1000 so that memory stays bounded).
local adders = {}
local s1 = 0
for base = 0, n - 1, 1000 do
  for i = 1, 1000 do
    local k = base + i
    adders[i] = function(x) return x + k end
  end
  for i = 1, 1000 do s1 = (s1 + adders[i](i)) % M end
end

-- 2. Counters: many calls on a few closures.
local counters = {}
for i = 1, 16 do counters[i] = counter(i) end
local s2 = 0
for i = 1, n do
  local c = counters[i % 16 + 1]
  s2 = (s2 + c(i % 7)) % M
end

-- 3. Shared upvalues.
local deposit, balance = account()
for i = 1, n do deposit(i % 100) end

-- 4. Open upvalues written from an inner function inside a loop.
local s4 = 0
for i = 1, math.floor(n / 10) do
  local total = 0
  local function add(x) total = total + x end
  for j = 1, 10 do add(i + j) end
  s4 = (s4 + total) % M
end

-- 5. Higher-order pipelines with anonymous functions and composition.
local nums = {}
for i = 1, 100 do nums[i] = i end
local twiceThenInc = compose(function(x) return x + 1 end, function(x) return x * 2 end)
local s5 = 0
for round = 1, math.floor(n / 100) do
  local mapped = map(twiceThenInc, nums)
  local kept = filter(function(v) return v % 3 == round % 3 end, mapped)
  s5 = (s5 + reduce(function(a, b) return a + b end, 0, kept)) % M
end

-- 6. Three levels of nesting: an upvalue of an upvalue.
local function outer(a)
  return function(b)
    return function(c) return a * 100 + b * 10 + c end
  end
end
local s6 = 0
for i = 1, math.floor(n / 10) do s6 = (s6 + outer(i % 10)(i % 7)(i % 3)) % M end

print(string.format("closures %d %d %d %d %d %d %d", n, s1, s2, balance(), s4, s5, s6))
