print(math.huge, -math.huge)
print(1/0, -1/0)
local n = 0/0
print(n ~= n, tostring(n):find("nan") ~= nil)
print(math.huge // 1, -math.huge // 1)
print(math.huge - math.huge ~= math.huge - math.huge)
print(string.format("%.3f %g %e", math.huge, -math.huge, math.huge))
print(math.huge > math.maxinteger, -math.huge < math.mininteger)
