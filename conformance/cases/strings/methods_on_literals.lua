local s = "Hello"
print(s:upper(), s:len(), ("x"):rep(3), s:sub(2, 3), (s):byte(1))
print(#s, s .. s, s:lower():upper())
local mt = getmetatable("")
print(type(mt), type(mt.__index), mt.__index == string)
print(("%d-%d"):format(1, 2))
print(pcall(function() local n = 5; return n:upper() end))
