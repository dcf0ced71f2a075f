local ok, e
ok, e = pcall(function() local f = 1; f() end); print(e)
ok, e = pcall(function() ("x")() end); print(e)
ok, e = pcall(function() local t = {}; t.a.b.c = 1 end); print(e)
ok, e = pcall(function() local t = setmetatable({}, {__index = function() return nil end}); t.f() end); print(e)
ok, e = pcall(function() return (nil)() end); print(e)
ok, e = pcall(function() local t = {1}; return t[1]() end); print(e)
