local function handler(m) return "handled: " .. tostring(m) end
print(xpcall(function() error("oops") end, handler))
print(xpcall(function() return "fine", 2 end, handler))
print(xpcall(function(a, b) return a + b end, handler, 3, 4))
print(xpcall(function() error({}) end, function(e) return type(e) end))
print(xpcall(error, function(m) return m .. "!" end, "direct", 0))
print(pcall(xpcall))
