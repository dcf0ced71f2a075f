local A = {foo = "A.foo"}
local B = setmetatable({bar = "B.bar"}, {__index = A})
local C = setmetatable({}, {__index = B})
print(C.foo, C.bar, C.baz, rawget(C, "foo"))
A.baz = "late"
print(C.baz)
