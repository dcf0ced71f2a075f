local proxy = setmetatable({}, {__index = function(_, i) if i <= 3 then return i * 10 end end})
for i, v in ipairs(proxy) do io.write(i, ":", v, " ") end
print()
local counted = 0
local p2 = setmetatable({1, 2}, {__index = function(_, i) counted = counted + 1 end})
for _ in ipairs(p2) do end
print(counted)
