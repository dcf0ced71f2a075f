local function memo(f)
  local cache = {}
  return function(n)
    local v = cache[n]
    if v == nil then v = f(n); cache[n] = v end
    return v
  end
end
local calls = 0
local sq = memo(function(n) calls = calls + 1; return n * n end)
print(sq(4), sq(4), sq(5), calls)
