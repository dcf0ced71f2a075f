local function sum(...)
  local s = 0
  local p = table.pack(...)
  for i = 1, p.n do s = s + (p[i] or 0) end
  return s, p.n
end
print(sum(1, 2, 3), sum(), sum(nil, 5))
print(table.unpack({1, 2, 3}, -1, 1))
local function apply(f, ...) return f(...) end
print(apply(math.max, 3, 9, 2), apply(string.rep, "ab", 2))
