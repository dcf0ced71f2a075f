local max = math.maxinteger
print(max == 2^63, max < 2^63, max + 0.0 == 2^63)
print(math.mininteger == -2^63, math.mininteger < -2^63)
print(1 == 1.0, 1 < 1.5, 2 > 1.5, -1 <= -1.0)
print(max < math.huge, math.mininteger > -math.huge)
print(2^53 == 2^53 + 1, (2^53 | 0) + 1 == 2^53 + 1)
local nan = 0/0
print(nan == nan, nan < 1, nan > 1, 1 < nan, nan ~= nan)
print(max > 9007199254740993.0, 9007199254740993 < 9007199254740994.0)
