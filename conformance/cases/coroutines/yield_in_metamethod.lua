local mt = {__index = function(t, k) return coroutine.yield(k) end}
local co = coroutine.wrap(function()
  local t = setmetatable({}, mt)
  return "result: " .. t.foo
end)
print(co())
print(co("bar"))
