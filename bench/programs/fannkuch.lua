-- fannkuch-redux: array element shuffling; for every permutation of 1..n,
-- count the prefix reversals ("pancake flips") until 1 comes first.
local SIZES = { tiny = 6, small = 8, default = 9 }
local size = (arg and arg[1]) or ... or "default"
local n = SIZES[size] or tonumber(size) or error("unknown size: " .. tostring(size))

local function fannkuch(N)
  local perm, perm1, count = {}, {}, {}
  local maxflips, checksum, permcount = 0, 0, 0
  for i = 1, N do perm1[i] = i end
  local r = N
  while true do
    -- count[k] says how many more rotations of the first k+1 elements remain.
    while r ~= 1 do count[r - 1] = r; r = r - 1 end
    for i = 1, N do perm[i] = perm1[i] end
    local flips = 0
    local k = perm[1]
    while k ~= 1 do
      local i, j = 1, k
      while i < j do
        perm[i], perm[j] = perm[j], perm[i]
        i = i + 1
        j = j - 1
      end
      flips = flips + 1
      k = perm[1]
    end
    if flips > maxflips then maxflips = flips end
    if permcount % 2 == 0 then checksum = checksum + flips else checksum = checksum - flips end
    -- Next permutation: rotate the first r+1 elements until a count is left.
    while true do
      if r == N then return checksum, maxflips end
      local first = perm1[1]
      for i = 1, r do perm1[i] = perm1[i + 1] end
      perm1[r + 1] = first
      count[r] = count[r] - 1
      if count[r] > 0 then break end
      r = r + 1
    end
    permcount = permcount + 1
  end
end

local checksum, maxflips = fannkuch(n)
print(string.format("fannkuch %d checksum %d maxflips %d", n, checksum, maxflips))
