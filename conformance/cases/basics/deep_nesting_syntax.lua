local v = ((((((((((1))))))))))
print(v)
local t = {{{{{{{{{{"deep"}}}}}}}}}}
print(t[1][1][1][1][1][1][1][1][1][1])
local s = "a" .. ("b" .. ("c" .. ("d" .. "e")))
print(s)
local f = function() return function() return function() return "inner" end end end
print(f()()())
