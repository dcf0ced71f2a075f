local t = {1, 2, 3}
print(table.remove(t, 3), #t)
print(table.remove(t, #t + 1), #t)
print(pcall(table.remove, t, 5))
local e = {}
print(table.remove(e, 0), table.remove(e, #e))
local z = {[0] = "zero"}
print(table.remove(z, 0), z[0])
