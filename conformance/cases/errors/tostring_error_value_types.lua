for _, v in ipairs({"s", 1, 1.5, true}) do
  local ok, e = pcall(error, v)
  print(type(e), tostring(e))
end
local ok, e = pcall(error)
print(e)
local co = coroutine.create(function() error(nil) end)
print(coroutine.resume(co))
