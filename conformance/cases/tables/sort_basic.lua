local t = {5, 2, 8, 1, 9, 3}
table.sort(t)
print(table.concat(t, " "))
table.sort(t, function(a, b) return a > b end)
print(table.concat(t, " "))
local w = {"pear", "Apple", "fig", "banana"}
table.sort(w)
print(table.concat(w, " "))
table.sort(w, function(a, b) return #a < #b or (#a == #b and a < b) end)
print(table.concat(w, " "))
local one = {1}; table.sort(one); print(one[1])
