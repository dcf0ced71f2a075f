local function fib_iter(n) local a, b = 0, 1 for _ = 1, n do a, b = b, a + b end return a end
local memo = {}
local function fib_memo(n) if n < 2 then return n end if memo[n] then return memo[n] end local v = fib_memo(n - 1) + fib_memo(n - 2) memo[n] = v return v end
print(fib_iter(10), fib_iter(50), fib_memo(80), fib_iter(92), fib_iter(93))
print(fib_iter(100) < 0, 0.0 + fib_iter(70))
