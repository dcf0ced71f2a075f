print(pcall(string.rep, "ab", math.maxinteger))
print(pcall(table.concat, {}, "", 1, 0))
local ok, e = pcall(function() return ("x"):rep(-5) end)
print(ok, e == "")
