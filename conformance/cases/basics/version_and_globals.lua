print(_VERSION)
local names = {}
for k, v in pairs(_G) do if type(v) == "table" and k ~= "_G" and k ~= "bit32" then names[#names + 1] = k end end
table.sort(names)
print(table.concat(names, " "))
print(type(_G._G), _G._G == _G)
