-- sort: table.sort on integers, strings and records, with and without a
-- comparison function. Keys come from a Park-Miller generator computed with
-- Schrage's method, so no intermediate value reaches 2^31.
local SIZES = { tiny = 300, small = 10000, default = 100000 }
local size = (arg and arg[1]) or ... or "default"
local n = SIZES[size] or tonumber(size) or error("unknown size: " .. tostring(size))

local floor = math.floor
local seed = 42
local function random()
  local hi = floor(seed / 127773)
  local lo = seed - hi * 127773
  seed = 16807 * lo - 2836 * hi
  if seed <= 0 then seed = seed + 2147483647 end
  return seed
end

-- Checks the order with `before` and fingerprints 1000 evenly spread keys.
local function summarize(a, before, key)
  local bad = 0
  for i = 2, #a do
    if before(a[i], a[i - 1]) then bad = bad + 1 end
  end
  local h, step = 0, floor(#a / 1000)
  if step < 1 then step = 1 end
  for i = 1, #a, step do h = (h * 31 + key(a[i]) % 1000) % 1000003 end
  return bad, h
end

local function less(x, y) return x < y end
local function greater(x, y) return x > y end
local function identity(x) return x end

local ints = {}
for i = 1, n do ints[i] = random() end
local ints2 = {}
for i = 1, n do ints2[i] = ints[i] end

table.sort(ints)
local bad1, h1 = summarize(ints, less, identity)
table.sort(ints2, greater)
local bad2, h2 = summarize(ints2, greater, identity)

local strs = {}
for i = 1, n do strs[i] = string.format("s%x", random()) end
table.sort(strs)
local bad3, h3 = summarize(strs, less, function(s) return s:byte(2) * 7 + #s end)

-- Records with repeated keys, ordered by key then by id (a total order, so
-- the result does not depend on the sort algorithm).
local recs = {}
for i = 1, n do recs[i] = { key = random() % 1000, id = i } end
local function byKeyThenId(a, b)
  if a.key ~= b.key then return a.key < b.key end
  return a.id < b.id
end
table.sort(recs, byKeyThenId)
local bad4, h4 = summarize(recs, byKeyThenId, function(r) return r.key * 3 + r.id end)

print(string.format("sort %d bad %d %d %d %d hash %d %d %d %d",
  n, bad1, bad2, bad3, bad4, h1, h2, h3, h4))
