local i = "outer"
for i = 1, 2 do end
print(i)
for i = 1, 3 do
  local j = i
  i = i * 10
  io.write(j, ":", i, " ")
end
print()
local limit = 3
for k = 1, limit do limit = 10 end
print(limit)
