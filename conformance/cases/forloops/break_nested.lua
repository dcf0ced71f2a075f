local out = {}
for i = 1, 3 do
  for j = 1, 3 do
    if j > i then break end
    out[#out + 1] = i .. j
  end
end
print(table.concat(out, " "))
local n = 0
while true do n = n + 1; if n == 3 then break end end
repeat n = n + 1; if n > 10 then break end until false
print(n)
