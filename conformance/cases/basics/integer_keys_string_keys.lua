local t = {}
t[1] = "one"; t["1"] = "string one"; t[1.0] = "float one"
print(t[1], t["1"])
t[2^53] = "big"
print(t[2^53], t[9007199254740992])
local n = 0
for _ in pairs(t) do n = n + 1 end
print(n)
