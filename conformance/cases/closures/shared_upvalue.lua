local function pair()
  local v = 0
  return function() v = v + 1 end, function() return v end
end
local inc, get = pair()
inc(); inc()
print(get())
local x = 1
local function setx(v) x = v end
setx(5)
print(x)
