-- strings: string building and pattern matching: string.format,
-- table.concat, repeated `..`, gsub with function and table replacements,
-- find with captures, gmatch, rep, sub, upper/lower, byte and char.
local SIZES = { tiny = 200, small = 5000, default = 150000 }
local size = (arg and arg[1]) or ... or "default"
local n = SIZES[size] or tonumber(size) or error("unknown size: " .. tostring(size))

local format, concat = string.format, table.concat
local WORDS = { "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta",
  "iota", "kappa", "lambda", "mu" }

-- A (cheap) fingerprint of a string: its length and every 61st byte.
local function fingerprint(s)
  local h = #s
  for i = 1, #s, 61 do h = (h * 31 + s:byte(i)) % 16777213 end
  return h
end

-- Build n records with string.format and join them.
local parts = {}
for i = 1, n do
  local w = WORDS[i % #WORDS + 1]
  parts[i] = format("%05d:%s=%d;%s [%5.2f]", i, w, i * 3 % 97, w:upper(), i / 7)
end
local text = concat(parts, "\n")

-- gsub with a function replacement and captures.
local swapped, swaps = text:gsub("(%a+)=(%d+)", function(k, v)
  return v .. "#" .. k:sub(1, 2)
end)

-- gsub with a table replacement on whole words.
local ABBREV = { alpha = "A", beta = "B", gamma = "G", delta = "D" }
local abbreviated, abbrevs = text:gsub("%l+", ABBREV)

-- find with captures, walking the text.
local pos, numsum, finds = 1, 0, 0
while true do
  local s, e, num = text:find("=(%d+);", pos)
  if not s then break end
  numsum = numsum + tonumber(num)
  finds = finds + 1
  pos = e + 1
end

-- gmatch over upper-case words and over decimal numbers.
local upperlen, decimals = 0, 0
for word in swapped:gmatch("%u+") do upperlen = upperlen + #word end
for int, frac in text:gmatch("%[%s*(%d+)%.(%d+)%]") do
  decimals = (decimals + tonumber(int) * 100 + tonumber(frac)) % 1000003
end

-- Repeated concatenation of short strings, restarted every 100 pieces.
local built, total = "", 0
for i = 1, n do
  built = built .. WORDS[i % #WORDS + 1]:sub(1, 3) .. ","
  if i % 100 == 0 then
    total = total + #built
    built = ""
  end
end
total = total + #built

-- byte/char round trips, rep and lower.
local bytes = {}
for i = 1, math.floor(n / 10) do
  local s = string.rep(string.char(65 + i % 26, 97 + i % 26), 3)
  local a, b = s:byte(1, 2)
  bytes[#bytes + 1] = string.char(b, a) .. s:lower()
end
local joined = concat(bytes, "|")

print(format("strings %d text %d swaps %d abbrevs %d finds %d sum %d upper %d dec %d built %d fp %d %d %d",
  n, fingerprint(text), swaps, abbrevs, finds, numsum, upperlen, decimals, total,
  fingerprint(swapped), fingerprint(abbreviated), fingerprint(joined)))
