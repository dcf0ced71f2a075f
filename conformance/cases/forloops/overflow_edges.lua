-- Lua 5.3 does not guard the loop counter against wrap-around: near the
-- integer limits the counter wraps, so each loop is cut off after 5 steps.
local function run(first, limit, step)
  local seen = {}
  for i = first, limit, step do
    seen[#seen + 1] = i
    if #seen == 5 then break end
  end
  print(#seen, table.concat(seen, " "))
end
run(math.maxinteger - 2, math.maxinteger, 1)
run(math.mininteger + 2, math.mininteger, -1)
run(1, math.maxinteger, math.maxinteger)
run(math.maxinteger - 1, math.huge, 1)
run(math.mininteger, math.mininteger + 2, 1)
run(0, 3.5, 1)
