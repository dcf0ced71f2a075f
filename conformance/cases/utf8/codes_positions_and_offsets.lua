local s = "x€y😀z"
local starts = {}
for p in utf8.codes(s) do starts[#starts + 1] = p end
print(table.concat(starts, ","))
for i = 1, utf8.len(s) do io.write(utf8.offset(s, i), " ") end
print()
print(utf8.offset(s, -1), utf8.offset(s, -2), utf8.codepoint(s, utf8.offset(s, -2)))
