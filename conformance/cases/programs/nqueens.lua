local function queens(n)
  local count, cols = 0, {}
  local function ok(r, c)
    for pr = 1, r - 1 do
      local pc = cols[pr]
      if pc == c or math.abs(pc - c) == r - pr then return false end
    end
    return true
  end
  local function place(r)
    if r > n then count = count + 1; return end
    for c = 1, n do if ok(r, c) then cols[r] = c; place(r + 1) end end
  end
  place(1)
  return count
end
for n = 1, 8 do io.write(queens(n), " ") end
print()
