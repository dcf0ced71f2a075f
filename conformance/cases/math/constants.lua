print(math.pi, math.huge, -math.huge)
print(math.maxinteger, math.mininteger, math.type(math.maxinteger), math.type(math.pi))
print(string.format("%.15f", math.pi))
