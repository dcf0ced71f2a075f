local t = {}
print(setmetatable(t, {}) == t)
print(getmetatable({}), getmetatable(1), getmetatable(nil), getmetatable(print))
local mt = {}
local a = setmetatable({}, mt)
print(getmetatable(a) == mt)
setmetatable(a, nil)
print(getmetatable(a))
