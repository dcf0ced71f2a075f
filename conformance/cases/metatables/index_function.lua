local calls = {}
local t = setmetatable({real = 1}, {__index = function(tbl, k) calls[#calls + 1] = tostring(k); return tostring(k) .. "!" end})
print(t.real, t.virtual, t[1], t[true])
print(table.concat(calls, ","))
