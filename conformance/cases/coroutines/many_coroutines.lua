local cos = {}
for i = 1, 100 do
  cos[i] = coroutine.create(function(x) local y = coroutine.yield(x * 2); return x + y end)
end
local s = 0
for i = 1, 100 do local _, v = coroutine.resume(cos[i], i); s = s + v end
for i = 1, 100 do local _, v = coroutine.resume(cos[i], 1); s = s + v end
print(s, coroutine.status(cos[1]))
