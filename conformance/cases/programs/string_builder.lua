local parts = {}
for i = 1, 20 do parts[#parts + 1] = string.format("%02d", i) end
local s = table.concat(parts, ",")
print(#s, s:sub(1, 14), s:sub(-5))
local acc = ""
for i = 1, 10 do acc = acc .. i end
print(acc, #acc)
