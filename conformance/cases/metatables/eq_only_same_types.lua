local mt = {__eq = function() return true end}
local a = setmetatable({}, mt)
print(a == 1, a == "x", a == nil, a == a)
print(a == setmetatable({}, mt), a == {})
print(rawequal(a, setmetatable({}, mt)))
