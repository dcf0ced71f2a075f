-- richards: a Richards-style operating-system simulation, written as objects:
-- a task base "class" with subclasses reached through a two-level __index
-- chain, method calls on every step, packets passed along linked queues.
local SIZES = { tiny = 1, small = 10, default = 200 }
local size = (arg and arg[1]) or ... or "default"
local rounds = SIZES[size] or tonumber(size) or error("unknown size: " .. tostring(size))

local IDLE, WORKER, HANDLER_A, HANDLER_B, DEVICE_A, DEVICE_B = 1, 2, 3, 4, 5, 6
local KIND_DEVICE, KIND_WORK = 0, 1
local IDLE_COUNT = 1000

---------------------------------------------------------------- packets
local Packet = {}
Packet.__index = Packet

function Packet.new(link, id, kind)
  return setmetatable({ link = link, id = id, kind = kind, a1 = 0, a2 = { 0, 0, 0, 0 } }, Packet)
end

-- Append this packet to the end of `queue`; returns the queue's new head.
function Packet:appendTo(queue)
  self.link = nil
  if queue == nil then return self end
  local p = queue
  while p.link ~= nil do p = p.link end
  p.link = self
  return queue
end

---------------------------------------------------------------- scheduler
local Scheduler = {}
Scheduler.__index = Scheduler

function Scheduler.new()
  return setmetatable({
    list = nil, byId = {}, current = nil, currentId = 0,
    queueCount = 0, holdCount = 0,
  }, Scheduler)
end

function Scheduler:add(task)
  task.link = self.list
  self.list = task
  self.byId[task.id] = task
end

function Scheduler:run()
  local task = self.list
  while task ~= nil do
    if task:isHeldOrWaiting() then
      task = task.link
    else
      self.current = task
      self.currentId = task.id
      task = task:step()
    end
  end
end

function Scheduler:release(id)
  local task = self.byId[id]
  if task == nil then return nil end
  task.held = false
  if task.pri > self.current.pri then return task end
  return self.current
end

function Scheduler:holdCurrent()
  self.holdCount = self.holdCount + 1
  self.current.held = true
  return self.current.link
end

function Scheduler:suspendCurrent()
  self.current.waiting = true
  return self.current
end

-- Send `packet` to the task it names; the packet then records its sender.
function Scheduler:queue(packet)
  local task = self.byId[packet.id]
  if task == nil then return nil end
  self.queueCount = self.queueCount + 1
  packet.link = nil
  packet.id = self.currentId
  return task:receive(self.current, packet)
end

---------------------------------------------------------------- tasks
local Task = {}
Task.__index = Task

function Task.init(self, sched, id, pri, queue, waiting)
  self.sched, self.id, self.pri = sched, id, pri
  self.queue = queue
  self.pending = queue ~= nil
  self.waiting = waiting
  self.held = false
  sched:add(self)
  return self
end

function Task:isHeldOrWaiting()
  return self.held or (self.waiting and not self.pending)
end

-- A packet arrives from `from`; returns the task to run next.
function Task:receive(from, packet)
  if self.queue == nil then
    self.queue = packet
    self.pending = true
    if self.pri > from.pri then return self end
  else
    self.queue = packet:appendTo(self.queue)
  end
  return from
end

function Task:step()
  local packet = nil
  if self.waiting and self.pending then
    packet = self.queue
    self.queue = packet.link
    self.pending = self.queue ~= nil
    self.waiting = false
  end
  return self:work(packet)
end

local function subclass(base)
  local class = setmetatable({}, { __index = base })
  class.__index = class
  return class
end

local IdleTask = subclass(Task)

function IdleTask.new(sched, count)
  local t = setmetatable({ v1 = 1, count = count }, IdleTask)
  return t:init(sched, IDLE, 0, nil, false)
end

function IdleTask:work(_)
  self.count = self.count - 1
  if self.count == 0 then return self.sched:holdCurrent() end
  if self.v1 & 1 == 0 then
    self.v1 = self.v1 >> 1
    return self.sched:release(DEVICE_A)
  end
  self.v1 = (self.v1 >> 1) ~ 0xD008
  return self.sched:release(DEVICE_B)
end

local WorkerTask = subclass(Task)

function WorkerTask.new(sched, queue)
  local t = setmetatable({ dest = HANDLER_A, letter = 0 }, WorkerTask)
  return t:init(sched, WORKER, 1000, queue, true)
end

function WorkerTask:work(packet)
  if packet == nil then return self.sched:suspendCurrent() end
  self.dest = (self.dest == HANDLER_A) and HANDLER_B or HANDLER_A
  packet.id = self.dest
  packet.a1 = 0
  local data = packet.a2
  for i = 1, 4 do
    local letter = self.letter + 1
    if letter > 26 then letter = 1 end
    self.letter = letter
    data[i] = letter
  end
  return self.sched:queue(packet)
end

local HandlerTask = subclass(Task)

function HandlerTask.new(sched, id, pri, queue)
  local t = setmetatable({ jobs = nil, devices = nil }, HandlerTask)
  return t:init(sched, id, pri, queue, true)
end

function HandlerTask:work(packet)
  if packet ~= nil then
    if packet.kind == KIND_WORK then
      self.jobs = packet:appendTo(self.jobs)
    else
      self.devices = packet:appendTo(self.devices)
    end
  end
  local work = self.jobs
  if work ~= nil then
    local index = work.a1
    if index < 4 then
      local device = self.devices
      if device ~= nil then
        self.devices = device.link
        device.a1 = work.a2[index + 1]
        work.a1 = index + 1
        return self.sched:queue(device)
      end
    else
      self.jobs = work.link
      return self.sched:queue(work)
    end
  end
  return self.sched:suspendCurrent()
end

local DeviceTask = subclass(Task)

function DeviceTask.new(sched, id, pri)
  local t = setmetatable({ holding = nil, checksum = 0 }, DeviceTask)
  return t:init(sched, id, pri, nil, true)
end

function DeviceTask:work(packet)
  if packet == nil then
    local p = self.holding
    if p == nil then return self.sched:suspendCurrent() end
    self.holding = nil
    return self.sched:queue(p)
  end
  self.holding = packet
  self.checksum = (self.checksum + packet.a1) % 65521
  return self.sched:holdCurrent()
end

---------------------------------------------------------------- main
local function runOnce()
  local s = Scheduler.new()
  IdleTask.new(s, IDLE_COUNT)
  local wq = Packet.new(nil, 0, KIND_WORK)
  wq = Packet.new(wq, 0, KIND_WORK)
  WorkerTask.new(s, wq)
  local qa = Packet.new(nil, DEVICE_A, KIND_DEVICE)
  qa = Packet.new(qa, DEVICE_A, KIND_DEVICE)
  qa = Packet.new(qa, DEVICE_A, KIND_DEVICE)
  HandlerTask.new(s, HANDLER_A, 2000, qa)
  local qb = Packet.new(nil, DEVICE_B, KIND_DEVICE)
  qb = Packet.new(qb, DEVICE_B, KIND_DEVICE)
  qb = Packet.new(qb, DEVICE_B, KIND_DEVICE)
  HandlerTask.new(s, HANDLER_B, 3000, qb)
  local da = DeviceTask.new(s, DEVICE_A, 4000)
  local db = DeviceTask.new(s, DEVICE_B, 5000)
  s:run()
  return s.queueCount, s.holdCount, da.checksum + db.checksum
end

local queued, held, sum = 0, 0, 0
for _ = 1, rounds do
  local q, h, c = runOnce()
  queued, held, sum = queued + q, held + h, (sum + c) % 65521
end
print(string.format("richards %d queued %d held %d data %d", rounds, queued, held, sum))
