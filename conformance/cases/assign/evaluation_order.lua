local log = {}
local function L(name, v) log[#log + 1] = name; return v end
local t = {}
t[L("k1", 1)], t[L("k2", 2)] = L("v1", "a"), L("v2", "b")
print(t[1], t[2])
local s = {}
local a, b = 1, 2
a, b = b, a
print(a, b)
s.x, s.y, s.z = 1, 2
print(s.x, s.y, s.z)
