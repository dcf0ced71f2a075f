-- math functions called from compiled code (the frameless fast versions) give the
-- interpreter's results, errors and NaN signs; each function runs 12 times so that it compiles.
local sqrt, floor, ceil, abs, max, min, tointeger, mtype, exp, log, sin =
  math.sqrt, math.floor, math.ceil, math.abs, math.max, math.min, math.tointeger, math.type, math.exp, math.log, math.sin
local function go(vals)
  local out = {}
  for i = 1, #vals do
    local v = vals[i]
    local ok, r = pcall(sqrt, v)
    out[#out + 1] = table.concat({tostring(sqrt(v)), tostring(floor(v)), tostring(ceil(v)), tostring(abs(v)),
      tostring(max(v, 1)), tostring(min(v, 1)), tostring(tointeger(v)), tostring(mtype(v)), tostring(exp(v)),
      tostring(log(v)), tostring(sin(v))}, ",")
  end
  return table.concat(out, " | ")
end
local vals = {4, 2.0, 2.5, -0.0, -3, 1e300, -1e300, 2^53, 0/0, 1/0, math.maxinteger, math.mininteger}
for _ = 1, 12 do print(go(vals)) end
local function errs()
  print(pcall(function() return sqrt({}) end))
  print(pcall(function() return floor("x") end))
  print(pcall(function() return max() end))
  print(pcall(function() return mtype() end))
  print(mtype(nil), mtype("1"), max(1, 1.0), max(1.0, 1), min(0.0, -0.0), max(0/0, 1), max(1, 0/0))
end
for _ = 1, 12 do errs() end
