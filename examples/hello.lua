-- A tour of what wippy-lua runs: exact 64-bit integers, floats, byte strings,
-- closures, metatables and coroutines. Run: pnpm wippy-lua examples/hello.lua

print("Hello from " .. _VERSION)

-- Integers are exact 64-bit values that wrap around; floats are IEEE doubles.
print(math.maxinteger, math.maxinteger + 1 == math.mininteger)
print(7 // 2, 7 / 2, 7.0 // 2, 2^53, math.type(1), math.type(1.0))

-- Strings are byte strings; patterns and formatting work as in C Lua.
local s = "wippy-lua runs Lua 5.3"
print(#s, s:upper(), s:match("(%a+)%-(%a+)"))
print(string.format("%5.2f|%-6s|%x", math.pi, "ok", 255))

-- Closures keep their own upvalues.
local function counter()
  local n = 0
  return function() n = n + 1; return n end
end
local c = counter()
c(); c()
print("counter:", c())

-- Metatables give tables operators.
local Vec = {}
Vec.__index = Vec
Vec.__add = function(a, b) return setmetatable({x = a.x + b.x, y = a.y + b.y}, Vec) end
Vec.__tostring = function(v) return "(" .. v.x .. ", " .. v.y .. ")" end
local v = setmetatable({x = 1, y = 2}, Vec) + setmetatable({x = 10, y = 20}, Vec)
print("vector:", tostring(v))

-- Coroutines yield values, even across pcall.
local gen = coroutine.wrap(function()
  for i = 1, 3 do
    pcall(coroutine.yield, i * i)
  end
end)
print("squares:", gen(), gen(), gen())

-- Errors carry Lua's own messages.
print(pcall(function() local t = nil; return t.x end))
