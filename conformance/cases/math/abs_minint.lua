print(math.abs(-5), math.abs(5), math.abs(-5.5), math.abs(math.mininteger))
print(math.abs(-0.0), math.abs(-math.huge), math.type(math.abs(-3)))
print(math.abs(math.mininteger) == math.mininteger)
print(pcall(math.abs))
