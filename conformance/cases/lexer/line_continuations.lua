local x = 1 +
  2 +
  3
print(x)
local s = "a" ..
  "b"
print(s)
print(
  "multi",
  "line",
  "call"
)
local f = function
  (a, b)
  return a
    + b
end
print(f(1, 2))
