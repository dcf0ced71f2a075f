local a = 0x100000000
print(a * a, a * a * 2, (a - 1) * (a + 1))
print(math.maxinteger * -1, math.mininteger * -1, math.mininteger * 1)
print(123456789 * 987654321, 123456789123 * 987654321987)
print(math.maxinteger // 1, math.maxinteger // -1, math.mininteger // 1)
