-- A worker pool inside one process: coroutines share a job channel and a
-- result channel (unbuffered, so each hand-over is a rendezvous).
-- Run: wippy-lua examples/worker_pool.lua
local jobs, results = channel.new(), channel.new(4)
local WORKERS, JOBS = 3, 10

for w = 1, WORKERS do
  coroutine.spawn(function()
    while true do
      local n, ok = jobs:receive()
      if not ok then return end               -- channel closed: no more work
      results:send({worker = w, n = n, square = n * n})
    end
  end)
end

coroutine.spawn(function()
  for n = 1, JOBS do jobs:send(n) end
  jobs:close()
end)

local total = 0
for _ = 1, JOBS do
  local r = results:receive()
  total = total + r.square
end
print("sum of squares 1.." .. JOBS .. " = " .. total)
