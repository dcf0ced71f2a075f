-- fib: naive doubly recursive Fibonacci; measures Lua-to-Lua call and return.
local SIZES = { tiny = 12, small = 24, default = 33 }
local size = (arg and arg[1]) or ... or "default"
local n = SIZES[size] or tonumber(size) or error("unknown size: " .. tostring(size))

local function fib(k)
  if k < 2 then return k end
  return fib(k - 1) + fib(k - 2)
end

print(string.format("fib(%d) = %d", n, fib(n)))
