local fs = {}
do
  local n = 1
  ::again::
  local v = n
  fs[#fs + 1] = function() return v end
  n = n + 1
  if n <= 3 then goto again end
end
print(fs[1](), fs[2](), fs[3]())
