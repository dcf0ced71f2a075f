x = 10
print(x, _G.x, _ENV.x, _ENV == _G)
_G.y = 20
print(y)
local function set(name, v) _ENV[name] = v end
set("z", 30)
print(z, rawget(_G, "z"))
print(undefined_global)
