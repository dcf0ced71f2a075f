local t = {a = {b = {}}}
t.a.b.c, t.a.d = 1, 2
print(t.a.b.c, t.a.d)
local k = "dyn"
t[k .. 1], t[k .. 2] = "one", "two"
print(t.dyn1, t.dyn2)
local i = 1
local arr = {}
i, arr[i] = i + 1, "set at old i"
print(i, arr[1], arr[2])
