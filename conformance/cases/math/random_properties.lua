math.randomseed(42)
local ok = true
for i = 1, 1000 do
  local r = math.random()
  if r < 0 or r >= 1 then ok = false end
  local n = math.random(10)
  if n < 1 or n > 10 or math.type(n) ~= "integer" then ok = false end
  local m = math.random(-5, 5)
  if m < -5 or m > 5 then ok = false end
end
print(ok)
print(math.random(3, 3), math.random(math.mininteger, math.mininteger))
print(pcall(math.random, 2, 1))
print(pcall(math.random, 1, 2, 3))
print(pcall(math.random, 0))
