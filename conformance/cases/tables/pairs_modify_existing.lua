local t = {}
for i = 1, 10 do t["k" .. i] = i end
for k, v in pairs(t) do
  if v % 2 == 0 then t[k] = nil else t[k] = v * 100 end
end
local keys = {}
for k, v in pairs(t) do keys[#keys + 1] = k .. ":" .. v end
table.sort(keys)
print(table.concat(keys, ","))
