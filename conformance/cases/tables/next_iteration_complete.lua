local t = {}
for i = 1, 10 do t[i] = i end
for i = 1, 10 do t["k" .. i] = i end
local sum, n = 0, 0
local k, v = next(t)
while k ~= nil do sum = sum + v; n = n + 1; k, v = next(t, k) end
print(sum, n)
