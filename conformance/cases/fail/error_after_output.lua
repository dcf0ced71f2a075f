for i = 1, 3 do print("line", i) end
local t = setmetatable({}, {__index = function(_, k) error("no field " .. k) end})
print(t.missing)
