local t = {}
t[1] = "int"; t[1.0] = "float"
print(t[1])
t[2^53] = "big"
print(t[math.tointeger(2^53)])
t["1"] = "string"
print(t[1], t["1"])
local cnt = 0
for _ in pairs(t) do cnt = cnt + 1 end
print(cnt)
