local env = {y = 10}
local f = load("y = y + 1; return y", "chunk", "t", env)
print(f(), env.y, y)
local g = load("return print", "c", "t", {})
print(g())
local h = load("return _ENV", "c", "t", env)
print(h() == env)
print(pcall(load("return x", "c", "t", nil)))
