local Emitter = {}
Emitter.__index = Emitter
function Emitter.new() return setmetatable({handlers = {}}, Emitter) end
function Emitter:on(name, fn)
  local list = self.handlers[name] or {}
  self.handlers[name] = list
  list[#list + 1] = fn
end
function Emitter:emit(name, ...)
  local n = 0
  for _, fn in ipairs(self.handlers[name] or {}) do fn(...); n = n + 1 end
  return n
end
local e = Emitter.new()
local log = {}
e:on("data", function(x) log[#log + 1] = "a" .. x end)
e:on("data", function(x) log[#log + 1] = "b" .. x end)
print(e:emit("data", 1), e:emit("none"), table.concat(log, " "))
