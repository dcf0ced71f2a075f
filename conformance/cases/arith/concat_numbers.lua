print(1 .. 2, 1.0 .. 2, 2^63 .. "", math.mininteger .. "")
print(0x7fffffffffffffff .. "!", 1e100 .. "")
local a, b = 1, 2.5
print(a .. b, a .. "-" .. b)
print(pcall(function() return "x" .. nil end))
print(pcall(function() return "x" .. {} end))
print(pcall(function() return true .. "x" end))
