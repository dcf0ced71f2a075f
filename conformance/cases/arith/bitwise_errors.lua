local t = {}
print(pcall(function() return 2^63 | 0 end))
print(pcall(function() return math.huge & 1 end))
print(pcall(function() local s = "abc"; return s << 1 end))
print(pcall(function() return 1 >> t end))
print(pcall(function() return ~nil end))
