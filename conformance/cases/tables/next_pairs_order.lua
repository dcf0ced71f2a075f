local t = {10, 20, 30}
local keys = {}
for k, v in pairs(t) do keys[#keys + 1] = k .. "=" .. v end
print(table.concat(keys, " "))
print(next({}), next({5}), next({5}, 1))
print(pcall(next, {}, "nokey"))
local h = {a = 1, b = 2, c = 3}
local sum, count = 0, 0
for k, v in pairs(h) do sum = sum + v; count = count + 1 end
print(sum, count)
