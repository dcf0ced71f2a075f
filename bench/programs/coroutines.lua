-- coroutines: coroutine creation and switching: generators through
-- coroutine.wrap, a producer/filter/consumer pipeline, ping-pong between a
-- caller and a coroutine passing values both ways, and permutations generated
-- by recursive yields.
local SIZES = { tiny = 300, small = 20000, default = 1500000 }
local size = (arg and arg[1]) or ... or "default"
local n = SIZES[size] or tonumber(size) or error("unknown size: " .. tostring(size))

local create, resume, yield, wrap, status =
  coroutine.create, coroutine.resume, coroutine.yield, coroutine.wrap, coroutine.status
local M = 1000000007

-- 1. A generator of 1..count.
local function range(count)
  return wrap(function()
    for i = 1, count do yield(i) end
  end)
end
local s1 = 0
for v in range(n) do s1 = (s1 + v) % M end

-- 2. A pipeline: producer -> filter (multiples of 3 dropped) -> square.
local function dropMultiplesOf3(source)
  return wrap(function()
    for v in source do
      if v % 3 ~= 0 then yield(v) end
    end
  end)
end
local function squares(source)
  return wrap(function()
    for v in source do
      local r = v % 10007
      yield(r * r % 10007)
    end
  end)
end
local s2 = 0
for v in squares(dropMultiplesOf3(range(n))) do s2 = (s2 + v) % M end

-- 3. Ping-pong: values travel in both directions on every switch.
local echo = create(function(x)
  while true do x = yield(x * 3 % 65521 + 1) end
end)
local x = 1
for _ = 1, n do
  local _, v = resume(echo, x)
  x = v
end

-- 4. Many short-lived coroutines, each resumed to completion.
local s4 = 0
for i = 1, math.floor(n / 10) do
  local co = create(function(a, b)
    local c = yield(a + b)
    return a * c + b
  end)
  local _, first = resume(co, i % 100, 3)
  local _, second = resume(co, first)
  if status(co) == "dead" then s4 = (s4 + second) % M end
end

-- 5. Permutations of 1..k by recursive yields.
local function permgen(a, k)
  if k <= 1 then
    yield(a)
  else
    for i = 1, k do
      a[k], a[i] = a[i], a[k]
      permgen(a, k - 1)
      a[k], a[i] = a[i], a[k]
    end
  end
end
local function permutations(k)
  local a = {}
  for i = 1, k do a[i] = i end
  return wrap(function() permgen(a, k) end)
end
local k = 5
while k < 9 do
  local f = 1
  for i = 2, k + 1 do f = f * i end
  if f > n then break end
  k = k + 1
end
local perms, s5 = 0, 0
for p in permutations(k) do
  perms = perms + 1
  s5 = (s5 * 7 + p[1] * 3 + p[#p]) % 1000003
end

print(string.format("coroutines %d %d %d %d %d %d %d", n, s1, s2, x, s4, perms, s5))
