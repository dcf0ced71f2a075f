local log = {}
local store = {}
local t = setmetatable({}, {__newindex = function(tbl, k, v) log[#log + 1] = k; rawset(tbl, k, v * 2) end})
t.a = 1; t.a = 5; t.b = 2
print(t.a, t.b, table.concat(log, ","))
local proxy = setmetatable({}, {__newindex = store})
proxy.x = 10
print(rawget(proxy, "x"), store.x)
local ro = setmetatable({}, {__newindex = function(_, k) error("read-only: " .. k, 2) end})
print(pcall(function() ro.key = 1 end))
