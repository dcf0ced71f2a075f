local parts = {"return ", "'pie", "ces'", " .. 1"}
local i = 0
local f = load(function() i = i + 1; return parts[i] end)
print(f())
local once = false
print(load(function() if not once then once = true; return "return 42" end end)())
print(type(load(function() return nil end)))
print(pcall(load, function() return {} end))
local f2, e2 = load(function() error("reader failed") end)
print(f2, (e2:match("^[^\n]*")))
