print(nil or false, false or nil, nil and nil, 1 or error("not evaluated"))
print(false and error("not evaluated"), "a" and "b", nil or "c")
local function f() return nil, "second" end
print(f() or "x", (f()))
print(not not 0, not not nil)
