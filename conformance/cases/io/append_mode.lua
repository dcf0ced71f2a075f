local name = os.tmpname()
local f = io.open(name, "w"); f:write("first\n"); f:close()
f = io.open(name, "a"); f:write("second\n"); f:close()
f = io.open(name, "a+"); f:write("third\n"); f:seek("set"); print(f:read("a")); f:close()
f = io.open(name, "r+"); f:write("FIRST"); f:close()
for l in io.lines(name) do print(l) end
os.remove(name)
