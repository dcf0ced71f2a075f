-- hash: tables used as hash maps: string keys built at run time, constant
-- field names, sparse integer keys, float keys, boolean and table keys;
-- insertion, lookup, update, deletion and pairs traversal.
local SIZES = { tiny = 500, small = 10000, default = 150000 }
local size = (arg and arg[1]) or ... or "default"
local n = SIZES[size] or tonumber(size) or error("unknown size: " .. tostring(size))

local M = 1000000007

-- String keys: insert, look up three times, delete half, traverse.
local byName = {}
for i = 1, n do byName["key" .. i] = i end
local found = 0
for _ = 1, 3 do
  for i = 1, n do found = (found + byName["key" .. i]) % M end
end
for i = 1, n, 2 do byName["key" .. i] = nil end
local live, liveSum = 0, 0
for _, v in pairs(byName) do
  live = live + 1
  liveSum = (liveSum + v) % M
end

-- Word counting: a small vocabulary of generated words.
local counts, seed = {}, 7
for _ = 1, n do
  seed = (seed * 75 + 74) % 65537
  local w = "w" .. (seed % 997)
  counts[w] = (counts[w] or 0) + 1
end
local distinct, maxCount = 0, 0
for _, c in pairs(counts) do
  distinct = distinct + 1
  if c > maxCount then maxCount = c end
end

-- Records with constant field names (the common "object" case).
local pointSum = 0
for i = 1, n do
  local p = { x = i, y = i % 17, z = -i, tag = "p" }
  p.x = p.x + p.y
  p.w = p.x - p.z
  pointSum = (pointSum + p.w + #p.tag) % M
end

-- Mixed keys in one table: sparse integers, floats, tables and booleans.
local mixed, objects = {}, {}
for i = 1, n do
  mixed[i * 7] = i
  mixed[i + 0.5] = -i
  local o = {}
  objects[i] = o
  mixed[o] = i % 13
end
mixed[true], mixed[false] = 1, 2
local mixedSum = mixed[true] + mixed[false]
for i = 1, n do
  mixedSum = (mixedSum + mixed[i * 7] - mixed[i + 0.5] + mixed[objects[i]]) % M
  if mixed[i * 7 + 1] ~= nil then mixedSum = mixedSum + 1 end
end
local mixedCount, intKeys, floatKeys = 0, 0, 0
for k in pairs(mixed) do
  mixedCount = mixedCount + 1
  if type(k) == "number" then
    if k == math.floor(k) then intKeys = intKeys + 1 else floatKeys = floatKeys + 1 end
  end
end

print(string.format("hash %d found %d live %d %d words %d %d points %d mixed %d %d %d %d",
  n, found, live, liveSum, distinct, maxCount, pointSum, mixedSum, mixedCount, intKeys, floatKeys))
