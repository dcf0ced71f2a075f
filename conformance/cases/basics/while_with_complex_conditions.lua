local i, found = 0, nil
while i < 100 and not found do
  i = i + 1
  if i * i > 50 then found = i end
end
print(i, found)
local x = nil
print(x and x.y or "default", false or nil, nil and 1, 0 and "zero is true", "" or "x")
print(1 and 2 or 3, nil and 2 or 3, false ~= nil)
