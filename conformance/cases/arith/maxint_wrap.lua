local max, min = math.maxinteger, math.mininteger
print(max, min)
print(max + 1 == min, min - 1 == max)
print(max * 2, min * 2, max * max)
print(-min, -min == min)
print(max + 1.0, min - 1.0)
print(math.type(max + 1), math.type(max + 1.0))
