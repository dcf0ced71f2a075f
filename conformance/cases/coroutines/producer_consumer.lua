local function producer()
  return coroutine.create(function()
    for _, item in ipairs({"a", "b", "c"}) do coroutine.yield(item) end
  end)
end
local function consumer(p)
  local out = {}
  while true do
    local ok, item = coroutine.resume(p)
    if not item then break end
    out[#out + 1] = item
  end
  return table.concat(out)
end
print(consumer(producer()))
