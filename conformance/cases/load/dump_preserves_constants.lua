local function consts()
  return 1, 2.5, "str", true, nil, math.maxinteger, -0.0, 1/0
end
local f = load(string.dump(consts))
print(f())
local function closure_maker()
  local t = {}
  for i = 1, 3 do t[i] = function() return i * 10 end end
  return t[1]() + t[3]()
end
print(load(string.dump(closure_maker))())
