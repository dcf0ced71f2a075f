local ok, e
local s, t, b = "abc", {}, true
ok, e = pcall(function() return s + 1 end); print(e)
ok, e = pcall(function() return 1 + t end); print(e)
ok, e = pcall(function() return b * 2 end); print(e)
ok, e = pcall(function() return {} + 1 end); print(e)
ok, e = pcall(function() return 2 ^ nil end); print(e)
ok, e = pcall(function() return t.x // 1 end); print(e)
ok, e = pcall(function() local a = "1" return a .. {} end); print(e)
