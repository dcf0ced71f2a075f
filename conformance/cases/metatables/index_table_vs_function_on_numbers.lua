local mt = {__index = {10, 20, 30}}
local p = setmetatable({}, mt)
print(p[1], p[2], p[4], #p)
mt.__index = function(_, k) return k * 2 end
print(p[1], p[21])
