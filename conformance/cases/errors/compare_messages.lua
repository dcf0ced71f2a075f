local ok, e
ok, e = pcall(function() return 1 < "x" end); print(e)
ok, e = pcall(function() return {} < 1 end); print(e)
ok, e = pcall(function() return nil <= nil end); print(e)
ok, e = pcall(function() return "a" >= 1 end); print(e)
ok, e = pcall(function() return print < print end); print(e)
ok, e = pcall(function() return true > false end); print(e)
