local function id(...) return ... end
print(id"string arg", id[[long arg]], #id{1, 2, 3})
local obj = {name = "o", greet = function(self, g) return g .. " " .. self.name end}
print(obj:greet"hi", obj:greet[[hey]])
print(type{}, tostring"x", ("x"):rep(2))
local chain = {f = function(self) return self end}
print(chain:f():f():f() == chain)
