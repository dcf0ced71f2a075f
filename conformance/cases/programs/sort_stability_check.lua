local items = {}
for i = 1, 30 do items[i] = {key = i % 4, id = i} end
table.sort(items, function(a, b) if a.key ~= b.key then return a.key < b.key end return a.id < b.id end)
local out = {}
for i = 1, 30 do out[i] = items[i].key .. ":" .. items[i].id end
print(table.concat(out, " "))
