local s = "añ€😀"
local parts = {}
for ch in s:gmatch(utf8.charpattern) do parts[#parts + 1] = #ch end
print(table.concat(parts, ","))
print(("héllo"):gsub(utf8.charpattern, "."))
print(("日本"):match(utf8.charpattern):byte(1, -1))
