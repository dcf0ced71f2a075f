local name = os.tmpname()
local f = io.open(name, "wb")
local bytes = {}
for i = 0, 255 do bytes[#bytes + 1] = string.char(i) end
f:write(table.concat(bytes))
f:close()
f = io.open(name, "rb")
local data = f:read("a")
f:close()
print(#data, data:byte(1), data:byte(256), data:byte(11), data:sub(66, 68))
os.remove(name)
