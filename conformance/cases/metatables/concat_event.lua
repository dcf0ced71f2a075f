local C = {__concat = function(a, b)
  local av = type(a) == "table" and a.s or a
  local bv = type(b) == "table" and b.s or b
  return av .. "+" .. bv
end}
local o = setmetatable({s = "obj"}, C)
print(o .. "x", "x" .. o, o .. o, 1 .. o)
print("a" .. "b" .. o .. "c")
print(pcall(function() return o .. nil end))
