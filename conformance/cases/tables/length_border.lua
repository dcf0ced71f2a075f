local t = {1, 2, 3}
print(#t)
t[#t + 1] = 4
print(#t, t[4])
t[#t] = nil
print(#t)
print(#{}, #{nil}, #{1, 2, nil}, #{n = 1})
local s = {}
for i = 1, 100 do s[i] = i end
print(#s)
for i = 100, 51, -1 do s[i] = nil end
print(#s)
