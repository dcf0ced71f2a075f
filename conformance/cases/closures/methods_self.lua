local obj = {n = 0}
function obj:add(k) self.n = self.n + k; return self end
function obj.static(x) return x * 2 end
obj:add(1):add(2):add(3)
print(obj.n, obj.static(4), obj.add(obj, 10).n)
local a = {b = {c = {}}}
function a.b.c:m() return self == a.b.c end
print(a.b.c:m())
