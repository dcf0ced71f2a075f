local mt = {__add = function(a, b) return "right handler" end}
local r = setmetatable({}, mt)
print(1 + r, r + 1, "s" + r)
local l = setmetatable({}, {__add = function() return "left" end})
print(l + r, r + l)
local mt2 = {__lt = function(a, b) return true end}
print(1 < setmetatable({}, mt2), setmetatable({}, mt2) < 1)
