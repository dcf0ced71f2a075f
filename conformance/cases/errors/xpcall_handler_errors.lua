local ok, e = xpcall(function() error("first") end, function(m) error("in handler") end)
print(ok, type(e))
print(xpcall(function() local x = nil; return x.y end, function(m) return (m:gsub("^.-:%d+: ", "")) end))
print(xpcall(function() return nil + 1 end, debug and debug.traceback and function(m) return m:match("^[^\n]*") end or tostring))
