local sum = 0
for i = 1, 100000 do sum = sum + i end
print(sum)
local fsum = 0
for i = 1, 1000 do fsum = fsum + 1 / i end
print(string.format("%.10f", fsum))
