local M = {}
local function box(v) return setmetatable({v = v}, M) end
local function val(x) return type(x) == "table" and x.v or x end
M.__band = function(a, b) return "band" .. (val(a) & val(b)) end
M.__bor = function(a, b) return "bor" .. (val(a) | val(b)) end
M.__bxor = function(a, b) return "bxor" .. (val(a) ~ val(b)) end
M.__shl = function(a, b) return "shl" .. (val(a) << val(b)) end
M.__shr = function(a, b) return "shr" .. (val(a) >> val(b)) end
M.__bnot = function(a) return "bnot" .. ~val(a) end
local x = box(12)
print(x & 10, 10 | x, x ~ 5, x << 1, 64 >> x, ~x)
print(1.5 & setmetatable({}, {__band = function() return "float ok" end}))
