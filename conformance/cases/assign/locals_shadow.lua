local x = 1
do
  local x = x + 1
  print(x)
  do local x = x * 10; print(x) end
  print(x)
end
print(x)
local y = 5
local y = y + 1
print(y)
