local Set = {}
Set.__index = Set
local function new(items) local s = setmetatable({}, Set) for _, v in ipairs(items) do s[v] = true end return s end
Set.__add = function(a, b) local r = new({}) for k in pairs(a) do r[k] = true end for k in pairs(b) do r[k] = true end return r end
Set.__mul = function(a, b) local r = new({}) for k in pairs(a) do if b[k] then r[k] = true end end return r end
Set.__le = function(a, b) for k in pairs(a) do if not b[k] then return false end end return true end
Set.__lt = function(a, b) return a <= b and not (b <= a) end
Set.__eq = function(a, b) return a <= b and b <= a end
Set.__tostring = function(s) local t = {} for k in pairs(s) do t[#t + 1] = k end table.sort(t) return "{" .. table.concat(t, ",") .. "}" end
local a, b = new({1, 2, 3}), new({2, 3, 4})
print(tostring(a + b), tostring(a * b), a <= a + b, a < a, a == new({3, 2, 1}), a ~= b)
