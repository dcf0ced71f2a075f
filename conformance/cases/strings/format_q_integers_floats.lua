print(string.format("%q", 0), string.format("%q", -1), string.format("%q", math.maxinteger))
print(string.format("%q", 0.5), string.format("%q", -0.0), string.format("%q", 1e100))
print(string.format("%q", 2^63), string.format("%q", -2^63))
print(load("return " .. string.format("%q", 1/3))() == 1/3)
