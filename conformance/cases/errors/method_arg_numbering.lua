local s = "hello"
print(pcall(s.rep, s, {}))
print(pcall(function() return s:rep({}) end))
print(pcall(function() return s:sub("x") end))
print(pcall(function() return ("x"):format() end))
print(pcall(function() return ("%d"):format("z") end))
