-- binary-trees: allocation of many short-lived small tables next to one
-- long-lived tree; measures table creation and the garbage collector.
local SIZES = { tiny = 6, small = 10, default = 14 }
local size = (arg and arg[1]) or ... or "default"
local maxdepth = SIZES[size] or tonumber(size) or error("unknown size: " .. tostring(size))
local MINDEPTH = 4
if maxdepth < MINDEPTH + 2 then maxdepth = MINDEPTH + 2 end

local function bottomUp(depth)
  if depth == 0 then return {} end
  depth = depth - 1
  return { bottomUp(depth), bottomUp(depth) }
end

local function check(tree)
  local left = tree[1]
  if left then return 1 + check(left) + check(tree[2]) end
  return 1
end

local total = check(bottomUp(maxdepth + 1))
local longLived = bottomUp(maxdepth)
for depth = MINDEPTH, maxdepth, 2 do
  local iterations = 1
  for _ = 1, maxdepth - depth + MINDEPTH do iterations = iterations * 2 end
  local sum = 0
  for _ = 1, iterations do sum = sum + check(bottomUp(depth)) end
  total = total + sum
end
total = total + check(longLived)
print(string.format("binary-trees %d check %d", maxdepth, total))
