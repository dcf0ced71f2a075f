local function wrap(...) return ... end
print(wrap(1, nil, 3))
print(select("#", wrap(nil, nil, nil)))
local function count(...) return select("#", ...) end
print(count(wrap()), count(wrap(nil)), count(wrap(), nil))
local function tail(...) return select(2, ...) end
print(tail("a", "b", "c"))
