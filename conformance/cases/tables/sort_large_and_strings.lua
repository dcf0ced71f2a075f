local t = {}
for i = 1, 500 do t[i] = (i * 37) % 101 end
table.sort(t)
local ok = true
for i = 2, #t do if t[i - 1] > t[i] then ok = false end end
print(ok, t[1], t[#t])
local s = {}
for i = 1, 50 do s[i] = string.char(97 + (i * 7) % 26) .. i end
table.sort(s)
print(s[1], s[2], s[50])
