local t = {}
for i = 1, 250 do t[i] = i end
local function n(...) return select("#", ...) end
print(n(table.unpack(t)))
local a = {table.unpack(t)}
print(#a, a[250])
print(math.max(table.unpack(t)), string.char(table.unpack({72, 105})))
