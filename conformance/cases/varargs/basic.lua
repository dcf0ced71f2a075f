local function f(...) return select("#", ...), ... end
print(f())
print(f(nil))
print(f(1, nil, nil))
local function g(a, ...) local t = {...}; return a, #t end
print(g(1, 2, 3))
print((f(1, 2, 3)))
