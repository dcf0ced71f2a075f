local t = {name = "Lua", version = "5.3", n = 1}
print(string.gsub("$name $version $other", "%$(%w+)", t))
print(string.gsub("a b", "%w", {a = false, b = "B"}))
print(pcall(string.gsub, "a", "a", {a = {}}))
print(string.gsub("x y", "(%w)", {x = 10, y = 2.5}))
print(string.gsub("n", "n", t))
