local function helper(x) return coroutine.yield(x * 2) + 1 end
local co = coroutine.create(function(a)
  local r = helper(a)
  local s = helper(r)
  return r, s
end)
print(coroutine.resume(co, 5))
print(coroutine.resume(co, 100))
print(coroutine.resume(co, 200))
print(coroutine.resume(co))
