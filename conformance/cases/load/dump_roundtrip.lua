local function add(a, b) return a + b end
local dumped = string.dump(add)
print(type(dumped), #dumped > 0, dumped:sub(1, 4) == "\27Lua")
local restored = load(dumped)
print(restored(2, 3))
local stripped = load(string.dump(add, true))
print(stripped(10, 20))
print(pcall(string.dump, print))
local up = 5
local function uses_up() return up end
local r = load(string.dump(uses_up))
print(pcall(function() return type(r()) end))
