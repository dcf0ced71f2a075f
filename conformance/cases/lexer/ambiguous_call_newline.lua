local a = print
local b = 1
local t = {}
t.x = (a)
print(type(t.x))
local r = (function() return 5 end)()
print(r)
