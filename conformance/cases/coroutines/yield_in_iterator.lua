local co = coroutine.wrap(function()
  for k in function(_, last) return coroutine.yield(last) end, nil, 0 do
    if k > 2 then return "stop" end
  end
end)
print(co(), co(1), co(2), co(3))
local sorted = coroutine.wrap(function()
  local t = {3, 1, 2}
  table.sort(t, function(a, b) return a < b end)
  return table.concat(t, ",")
end)
print(sorted())
