print(_VERSION)
local names = {}
-- The actor runtime adds process, channel and errors (runtime-api.md §2); only the standard ones are listed.
local runtime = {_G = true, bit32 = true, process = true, channel = true, errors = true}
for k, v in pairs(_G) do if type(v) == "table" and not runtime[k] then names[#names + 1] = k end end
table.sort(names)
print(table.concat(names, " "))
print(type(_G._G), _G._G == _G)
