local f = load("a = 1; return a")
print(f(), a)
local chunk = load("local x = 10; return function() x = x + 1; return x end")
local inc = chunk()
print(inc(), inc())
local outer = "outer"
print(load("return outer")())
