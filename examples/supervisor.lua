-- A supervisor: it traps links, starts workers linked to it, and restarts a
-- worker whenever one crashes (LINK_DOWN), up to a restart budget.
-- Run: wippy-lua examples/supervisor.lua
process.set_options({trap_links = true})

local MAX_RESTARTS = 3
local restarts = 0
local events = process.events()

local attempts = {}
local function start(id)
  attempts[id] = (attempts[id] or 0) + 1
  local pid, err = process.spawn_linked("supervisor/worker.lua", nil, id, attempts[id], process.pid())
  assert(pid, err)
  return pid
end

local workers = {}
for id = 1, 2 do workers[start(id)] = id end

local done = 0
local inbox = process.inbox()
while done < 2 do
  local r = channel.select{events:case_receive(), inbox:case_receive()}
  if r.channel == events and r.value.kind == process.event.LINK_DOWN then
    local id = workers[r.value.from]
    workers[r.value.from] = nil
    print(("worker %d crashed: %s"):format(id, r.value.result.error:message()))
    restarts = restarts + 1
    if restarts > MAX_RESTARTS then error("too many restarts") end
    workers[start(id)] = id
  elseif r.channel == inbox then
    print(("worker %d finished: %s"):format(workers[r.value:from()], (r.value:payload():data())))
    done = done + 1
  end
end
print("restarts:", restarts)
