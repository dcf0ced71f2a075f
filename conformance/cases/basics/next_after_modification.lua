local t = {a = 1}
local k, v = next(t)
print(k, v, next(t, k))
t.a = nil
print(next(t))
print(pcall(next, t, "zzz"))
print(type(next), next({}, nil))
