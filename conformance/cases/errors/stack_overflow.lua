local function recurse(n) return 1 + recurse(n + 1) end
local ok, e = pcall(recurse, 1)
print(ok, type(e), e:find("stack overflow") ~= nil)
local function deep_tbl(n) return {deep_tbl(n + 1)} end
local ok2, e2 = pcall(deep_tbl, 1)
print(ok2, tostring(e2):find("stack overflow") ~= nil)
