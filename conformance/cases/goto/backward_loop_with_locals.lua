local out = {}
do
  local i = 1
  ::loop::
  local sq = i * i
  out[#out + 1] = sq
  i = i + 1
  if i <= 5 then goto loop end
end
print(table.concat(out, ","))
