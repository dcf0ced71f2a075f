local name = os.tmpname()
local f = io.open(name, "w")
f:write("10 -20 3.25 0x10 1e3 abc 99")
f:close()
f = io.open(name)
local vals = {}
for i = 1, 6 do vals[i] = tostring(f:read("n")) end
print(table.concat(vals, " "))
print(f:read("a"))
f:close()
os.remove(name)
