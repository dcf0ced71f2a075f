local ok, e
ok, e = pcall(function() local x; return x.field end); print(e)
ok, e = pcall(function() local x; x.field = 1 end); print(e)
ok, e = pcall(function() local x; return x[1] end); print(e)
ok, e = pcall(function() local s = "str"; return s.a.b end); print(e)
ok, e = pcall(function() local n = 5; n() end); print(e)
ok, e = pcall(function() local t = {}; t.m() end); print(e)
ok, e = pcall(function() local t = {}; t:m() end); print(e)
