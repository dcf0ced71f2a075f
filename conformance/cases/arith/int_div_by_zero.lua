print(pcall(function() return 1 // 0 end))
print(pcall(function() return 1 % 0 end))
print(1 // 0.0, -1 // 0.0)
print(1.0 % 0 ~= 1.0 % 0)
local z = 0
print(pcall(function() return 10 // z end))
print(pcall(function() return 10 % z end))
