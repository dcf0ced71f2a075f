print(load("\27Lua garbage"))
print(load("\27"))
local d = string.dump(function() end)
print(load(d:sub(1, 10)))
