local bad = setmetatable({}, {__tostring = function() error("tostring failed") end})
print(pcall(tostring, bad))
print(pcall(print, bad))
print(pcall(string.format, "%s", bad))
