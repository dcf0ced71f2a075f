print(1 << 63 >> 63, -1 << 1, -1 >> 1 == math.maxinteger)
print(0xFF << 56, (0xFF << 56) >> 56, ~0 >> 32)
print(5 & -1, 5 | -8, 5 ~ -1, ~5)
print(math.mininteger >> 1, math.mininteger << 1, 1 << 100, 1 >> -100)
