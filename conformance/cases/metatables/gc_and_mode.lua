local weak = setmetatable({}, {__mode = "k"})
local key = {}
weak[key] = "value"
print(weak[key], getmetatable(weak).__mode)
print(collectgarbage("count") > 0, type(collectgarbage("step")), collectgarbage("isrunning"))
print(collectgarbage(), collectgarbage("collect"))
print(pcall(collectgarbage, "bogus"))
