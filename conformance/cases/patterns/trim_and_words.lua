local function trim(s) return (s:gsub("^%s+", ""):gsub("%s+$", "")) end
print("[" .. trim("  padded text \t\n") .. "]", "[" .. trim("") .. "]")
local count = 0
for w in ("The quick brown fox, jumps!"):gmatch("%a+") do count = count + 1 end
print(count)
print(("CamelCaseString"):gsub("(%u)", " %1"))
print(("snake_case_here"):gsub("_(%a)", function(c) return c:upper() end))
