local a = {1, 2, 3, 4, 5}
table.move(a, 2, 4, 1)
print(table.concat(a, ","))
a = {1, 2, 3, 4, 5}
table.move(a, 1, 3, 3)
print(table.concat(a, ","))
local b = table.move({1, 2, 3}, 1, 3, 2, {})
print(b[1], b[2], b[3], b[4])
print(#table.move({}, 1, 0, 1, {9}))
print(pcall(table.move, {}, 1, math.maxinteger, 2))
