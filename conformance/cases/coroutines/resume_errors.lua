print(coroutine.resume(coroutine.running()))
print(pcall(coroutine.resume, 1))
print(pcall(coroutine.create, 1))
-- (yield from the main chunk is a scheduling point in the actor runtime, runtime-api.md §1.3, so not tested here)
local co
co = coroutine.create(function() return coroutine.resume(co) end)
print(coroutine.resume(co))
print(pcall(coroutine.status, nil))
