local count = 0
local function inc() count = count + 1 end
for _ = 1, 5 do inc() end
print(count)
local function make()
  local v = 0
  local function get() return v end
  local function set(n) v = n end
  return get, set
end
local get, set = make()
set(42)
print(get())
