local fs = {}
do
  local x = 10
  fs[1] = function() return x end
  x = 20
end
do
  local x = 30
  fs[2] = function() return x end
end
print(fs[1](), fs[2]())
