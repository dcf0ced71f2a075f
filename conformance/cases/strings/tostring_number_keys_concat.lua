local t = {}
t[1.5] = "a"
t[2.0] = "b"
local keys = {}
for k in pairs(t) do keys[#keys + 1] = tostring(k) .. ":" .. math.type(k) end
table.sort(keys)
print(table.concat(keys, " "))
print(1.5 .. "", 2.0 .. "", 10 // 3 .. "", 10 / 2 .. "")
