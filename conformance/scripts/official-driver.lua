-- Runs one file of the official Lua 5.3 test suite in "user mode", setting up
-- the same globals the suite's all.lua sets before it runs its files.
-- Usage (from inside the suite's folder):
--   <interpreter> official-driver.lua <file> <how> <progname> <port> [expected]
-- how:      "dump"  load the file, string.dump it (stripped when "dump-strip"),
--                   load the dump and run that, as all.lua's local dofile does
--           "plain" run the file with the standard dofile
--           "direct" loadfile then call, as all.lua does for gc.lua
-- port:     "port" sets _port (skips non-portable tests, all.lua's user mode);
--           "noport" leaves it false, so main.lua exercises the stand-alone
--           interpreter through `progname`.
-- expected: the value the file must return, when all.lua checks one
--           ("truthy" means any true value).
local file, how, progname, port, expected = ...

_U = true
_soft = true
_port = (port == "port")
_nomsg = true
T = nil
debug = nil
math.randomseed(0)

-- main.lua finds the interpreter as the lowest-indexed entry of 'arg'.
local suiteArg = {[-1] = progname, [0] = "all.lua"}
arg = suiteArg
_G._ARG = suiteArg

-- all.lua's Message prints nothing when _nomsg is set.
function Message (m) end

assert(os.setlocale("C"))

local result
if how == "dump" or how == "dump-strip" then
  local f = assert(loadfile(file))
  local bytes = string.dump(f, how == "dump-strip")
  result = assert(load(bytes))()
elseif how == "plain" then
  result = dofile(file)
elseif how == "direct" then
  result = assert(loadfile(file))()
else
  error("unknown way to run a file: " .. tostring(how))
end

if expected == "truthy" then
  assert(result, file .. " should return a true value")
elseif expected ~= nil and expected ~= "" then
  assert(result == tonumber(expected),
         file .. " returned " .. tostring(result) .. ", expected " .. expected)
end

-- all.lua checks that no test file leaves a global 'debug' behind.
assert(rawget(_G, "debug") == nil, file .. " defined the global 'debug'")

io.stdout:write("\nofficial-driver: ", file, " finished OK\n")
