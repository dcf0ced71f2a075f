local function f()
  local a = {}

  return a.b.c
end
print(pcall(f))
print(pcall(function()
  error("line of the error call")
end))
local t = setmetatable({}, {__index = function(t, k)
  error("in metamethod " .. k)
end})
print(pcall(function() return t.key end))
