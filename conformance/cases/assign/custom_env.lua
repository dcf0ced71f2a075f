local function run()
  local _ENV = {print = print, tostring = tostring}
  a = 5
  print(a, tostring(b))
  return _ENV
end
local env = run()
print(env.a, a)
do
  local _ENV = setmetatable({}, {__index = _G})
  newvar = "inside"
  print(newvar)
end
print(newvar)
