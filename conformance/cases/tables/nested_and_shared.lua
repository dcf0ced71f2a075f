local shared = {v = 1}
local a = {shared, shared}
a[1].v = 42
print(a[2].v, a[1] == a[2])
local grid = {}
for i = 1, 3 do grid[i] = {} for j = 1, 3 do grid[i][j] = i * j end end
print(grid[2][3], grid[3][3], #grid, #grid[1])
local t = {}; t.t = t
print(t.t.t.t == t)
