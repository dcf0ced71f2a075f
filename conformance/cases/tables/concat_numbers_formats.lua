print(table.concat({1, 2.0, -0.0, 1e100, 2^63, math.mininteger}, " "))
print(table.concat({"a", "b", "c"}, ", ", 1, 2), table.concat({}, "x", 1, 0))
print(pcall(table.concat, {1, 2}, ",", 1, 3))
