local base = {deep = "found"}
local cur = base
for i = 1, 50 do cur = setmetatable({}, {__index = cur}) end
print(cur.deep, cur.missing)
local loop = {}
setmetatable(loop, {__index = loop})
print(pcall(function() return loop.x end))
