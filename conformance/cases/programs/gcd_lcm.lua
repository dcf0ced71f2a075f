local function gcd(a, b) while b ~= 0 do a, b = b, a % b end return math.abs(a) end
local function lcm(a, b) return a // gcd(a, b) * b end
print(gcd(48, 18), gcd(17, 5), gcd(0, 9), gcd(-12, 18), lcm(4, 6), lcm(21, 6))
print(gcd(math.maxinteger, 7), gcd(2^40 | 0, 2^20 | 0))
