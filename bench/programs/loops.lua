-- loops: integer arithmetic in tight loops (+ - * // % and the bitwise
-- operators) through numeric for, while and repeat loops. Every value stays
-- below 2^31 so that the result is the same on implementations whose
-- integers are narrower than 64 bits.
local SIZES = {
  tiny = { mix = 2000, collatz = 200, gcd = 20 },
  small = { mix = 100000, collatz = 3000, gcd = 80 },
  default = { mix = 3000000, collatz = 60000, gcd = 500 },
}
local size = (arg and arg[1]) or ... or "default"
local p = SIZES[size] or error("unknown size: " .. tostring(size))

local function mix(n)
  local acc = 0
  for i = 1, n do
    local x = i * 7 + i // 3 - i % 5
    x = x ~ (i << 3)
    x = (x & 0xFFFF) | ((i >> 2) & 0xFF00)
    acc = (acc + x) % 1000000007
  end
  return acc
end

-- Starting values below 100000 never climb above 2^31 (the peak is 1570824736).
local function collatz(limit)
  local best, bestlen, total = 1, 1, 0
  for start = 1, limit do
    local x, len = start, 1
    while x ~= 1 do
      if x & 1 == 0 then x = x // 2 else x = 3 * x + 1 end
      len = len + 1
    end
    total = total + len
    if len > bestlen then best, bestlen = start, len end
  end
  return best, bestlen, total
end

local function gcdsum(n)
  local s = 0
  for a = 1, n do
    for b = 1, n do
      local x, y = a, b
      repeat x, y = y, x % y until y == 0
      s = s + x
    end
  end
  return s
end

local best, bestlen, total = collatz(p.collatz)
print(string.format("mix %d collatz %d %d %d gcd %d",
  mix(p.mix), best, bestlen, total, gcdsum(p.gcd)))
