-- Timeouts with select: wait for a reply or give up after a deadline.
-- Run: wippy-lua examples/timeouts.lua
local time = require("time")

local function slow_service(delay)
  local reply = channel.new(1)
  coroutine.spawn(function()
    time.sleep(delay)
    reply:send("reply after " .. delay)
  end)
  return reply
end

local function call_with_timeout(delay, timeout)
  local reply = slow_service(delay)
  local r = channel.select{reply:case_receive(), time.after(timeout):case_receive()}
  if r.channel == reply then return r.value end
  return nil, errors.new({message = "timed out after " .. timeout, kind = errors.TIMEOUT, retryable = true})
end

print(call_with_timeout("10ms", "200ms"))
local v, err = call_with_timeout("500ms", "50ms")
print(v, err, errors.is(err, errors.TIMEOUT), err:retryable())

-- A ticker drives periodic work until a deadline.
local ticker, deadline = time.ticker("20ms"), time.after("110ms")
local ticks = 0
while true do
  local r = channel.select{ticker:channel():case_receive(), deadline:case_receive()}
  if r.channel == deadline then break end
  ticks = ticks + 1
end
ticker:stop()
print("ticks before the deadline:", ticks >= 3)
