local Base = {}
Base.__index = Base
function Base.new(x) return setmetatable({x = x}, Base) end
function Base:describe() return "Base(" .. self.x .. ")" end
function Base:double() return self.x * 2 end
local Derived = setmetatable({}, {__index = Base})
Derived.__index = Derived
function Derived.new(x, y) local o = Base.new(x); o.y = y; return setmetatable(o, Derived) end
function Derived:describe() return "Derived(" .. Base.describe(self) .. ", " .. self.y .. ")" end
local d = Derived.new(3, "y")
print(d:describe(), d:double(), getmetatable(d) == Derived, rawget(Derived, "double"))
