local up
local t = {sub = {}}
local ok, e
ok, e = pcall(function() return up.x end); print(e)
ok, e = pcall(function() up() end); print(e)
ok, e = pcall(function() return t.sub.missing.x end); print(e)
ok, e = pcall(function() t.sub.missing() end); print(e)
ok, e = pcall(function() return t.sub.val + 1 end); print(e)
ok, e = pcall(function() return up .. "x" end); print(e)
ok, e = pcall(function() return t.y < 1 end); print(e)
