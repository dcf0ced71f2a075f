local vals = {3, 3.0, -3, 2^31, "7"}
for _, v in ipairs(vals) do
  print(v, math.type(v * 1), math.type(v / 1), math.type(v // 1), math.type(v % 2), math.type(v ^ 1))
end
