local cps = {65, 0xE9, 0x3B1, 0x4E2D, 0x1F600, 0x10FFFF}
local s = utf8.char(table.unpack(cps))
print(utf8.len(s), #s)
local back = {utf8.codepoint(s, 1, -1)}
local same = #back == #cps
for i = 1, #cps do if back[i] ~= cps[i] then same = false end end
print(same)
print(utf8.char(utf8.codepoint("Ωmega", 1, -1)))
