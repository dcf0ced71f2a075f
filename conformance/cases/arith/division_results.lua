print(7 / 2, -7 / 2, 7 / -2, 0 / 5, -0 / 5, 0 / -5)
print(1 / 3 * 3 == 1, 2 / 0, -2 / 0, 0 / 0 ~= 0 / 0)
print(math.maxinteger / 1, math.mininteger / -1, 6 / 3)
print(3 % math.mininteger, math.mininteger % 3, math.maxinteger % -2)
