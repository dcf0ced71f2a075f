local function last(...) return (select(-1, ...)) end
print(last(1, 2, 3), last("only"))
print(pcall(select, "x"))
print(select("#", select(2, 1, nil, nil)))
print(select(2.0, "a", "b"))
print(pcall(select, 1.5, "a"))
