-- A worker that crashes on its first attempt (the supervisor sees
-- LINK_DOWN and restarts it) and succeeds on the next one.
local id, attempt, supervisor = ...
if attempt == 1 then error("transient failure") end
process.send(supervisor, "done", "result " .. id * 10)
