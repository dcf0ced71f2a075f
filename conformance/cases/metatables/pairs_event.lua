local t = setmetatable({}, {__pairs = function(self)
  local i = 0
  return function() i = i + 1; if i <= 3 then return i, i * i end end, self, nil
end})
for k, v in pairs(t) do io.write(k, "=", v, " ") end
print()
local plain = setmetatable({a = 1}, {})
for k, v in pairs(plain) do print(k, v) end
print(select("#", pairs(t)))
