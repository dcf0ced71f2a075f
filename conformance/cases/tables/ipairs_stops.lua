local t = {1, 2, nil, 4}
local n = 0
for i, v in ipairs(t) do n = i end
print(n)
for i, v in ipairs({"a", "b", "c"}) do io.write(i, v, " ") end
print()
local it, state, init = ipairs({})
print(type(it), type(state), init)
print(it({7}, 0))
print(it({7}, 1))
