local function forever(n) return 1 + forever(n + 1) end
print(pcall(function() return #tostring(1) end))
local ok = pcall(forever, 1)
print("caught:", ok)
forever(1)
