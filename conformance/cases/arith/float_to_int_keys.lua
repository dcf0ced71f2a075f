local t = {}
t[1.0] = "a"; t[2] = "b"; t[2^53] = "c"
print(t[1], t[2.0], t[2^53 | 0], #t)
for k, v in pairs({[3.0] = "x"}) do print(math.type(k), k, v) end
t[-0.0] = "z"
print(t[0], t[0.0])
print(next({[1.5] = true}))
