local co = coroutine.create(function(...)
  print("args", select("#", ...), ...)
  while true do
    local n = select("#", coroutine.yield())
    print("resumed with", n)
    if n == 0 then break end
  end
  return "finished"
end)
coroutine.resume(co, 1, 2, 3)
coroutine.resume(co, nil, nil)
coroutine.resume(co, "a")
print(coroutine.resume(co))
