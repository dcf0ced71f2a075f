local a, b, c = 1, 2, 3
a, b, c = c, a, b
print(a, b, c)
local t = {1, 2, 3}
t[1], t[2], t[3] = t[3], t[1], t[2]
print(t[1], t[2], t[3])
local x, y = 1
x, y = y, x
print(x, y)
