local function fact(n) if n <= 1 then return 1 end return n * fact(n - 1) end
print(fact(10), fact(20), fact(21))
local fib
fib = function(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
print(fib(20))
local f = function(n) return n end
local f = function(n) if n == 0 then return "outer" end return f(0) end
print(f(1))
