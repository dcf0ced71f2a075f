local ok, e
ok, e = pcall(function() undefined_fn() end); print(e)
ok, e = pcall(function() return undefined_tbl.x end); print(e)
ok, e = pcall(function() undefined_tbl.x = 1 end); print(e)
ok, e = pcall(function() return math.nope.x end); print(e)
ok, e = pcall(function() string.nope() end); print(e)
ok, e = pcall(function() return #undefined_v end); print(e)
ok, e = pcall(function() return -undefined_v end); print(e)
