local machine = coroutine.wrap(function(input)
  local state = "idle"
  while true do
    if state == "idle" and input == "start" then state = "running"
    elseif state == "running" and input == "pause" then state = "paused"
    elseif state == "paused" and input == "start" then state = "running"
    elseif input == "stop" then state = "stopped" end
    input = coroutine.yield(state)
  end
end)
for _, ev in ipairs({"start", "pause", "noop", "start", "stop"}) do io.write(machine(ev), " ") end
print()
