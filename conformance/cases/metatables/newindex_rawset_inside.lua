local log = {}
local t = setmetatable({}, {__newindex = function(tbl, k, v)
  log[#log + 1] = k
  rawset(tbl, k, v)
end})
t.a = 1
t.a = 2
t.b = 3
print(t.a, t.b, table.concat(log, ","))
