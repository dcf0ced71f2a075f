local x = 5
print(-x, - -x, -(-x), -"2", -"2.0", -"0x10")
print(-math.mininteger, -math.maxinteger)
print(pcall(function() return -{} end))
print(pcall(function() return -"a" end))
print(not nil, not 0, not "", not not nil)
