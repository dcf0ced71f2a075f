local fs = {}
for i = 1, 3 do
  local function bump() i = i + 10; return i end
  fs[#fs + 1] = bump
  bump()
end
print(fs[1](), fs[2](), fs[3]())
local acc = {}
for i = 1, 3 do acc[i] = function() i = i * 2; return i end end
print(acc[1](), acc[1](), acc[2]())
