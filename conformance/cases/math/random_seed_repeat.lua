math.randomseed(123)
local a = {}
for i = 1, 10 do a[i] = math.random(1000) end
math.randomseed(123)
local same = true
for i = 1, 10 do if math.random(1000) ~= a[i] then same = false end end
print(same)
local counts = {0, 0, 0}
for i = 1, 3000 do local k = math.random(3); counts[k] = counts[k] + 1 end
print(counts[1] > 800, counts[2] > 800, counts[3] > 800)
print(math.type(math.random(math.maxinteger)), math.random(1) == 1)
