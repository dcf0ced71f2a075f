local function matmul(a, b)
  local n, m, p = #a, #b, #b[1]
  local c = {}
  for i = 1, n do
    c[i] = {}
    for j = 1, p do
      local s = 0
      for k = 1, m do s = s + a[i][k] * b[k][j] end
      c[i][j] = s
    end
  end
  return c
end
local A = {{1, 2}, {3, 4}}
local B = {{5, 6}, {7, 8}}
local C = matmul(A, B)
for _, row in ipairs(C) do print(table.concat(row, " ")) end
local I = matmul({{1.5, 0}, {0, 2}}, A)
for _, row in ipairs(I) do print(table.concat(row, " ")) end
