local t = setmetatable({}, {__index = function() return "meta" end, __newindex = function() end, __len = function() return 99 end, __eq = function() return true end})
print(t.x, rawget(t, "x"))
t.y = 1
print(rawget(t, "y"))
rawset(t, "y", 2)
print(t.y, #t, rawlen(t), rawlen("abc"))
print(t == setmetatable({}, getmetatable(t)), rawequal(t, t), rawequal(t, {}))
print(pcall(rawlen, 5))
print(pcall(rawset, {}, nil, 1))
