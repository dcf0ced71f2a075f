print(3 // 1, 3.0 // 1, 2^2, 7 / 7, math.sqrt(4))
print(math.type(10 // 3), math.type(10.0 // 3), math.type(2^2))
print(1e15 + 0.5, 2^53 + 1.0)
print(math.floor(-2^63) == math.mininteger, math.ceil(2^63 - 1024))
