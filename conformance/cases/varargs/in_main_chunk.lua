print(select("#", ...))
local args = {...}
print(#args)
local function inner(...) return ... end
print(inner(1, 2), (inner(3, 4)))
