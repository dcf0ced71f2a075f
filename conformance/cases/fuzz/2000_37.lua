local function show(v)
  local t = type(v)
  if t == "number" then
    if v ~= v then return "nan" end
    return tostring(v) .. ":" .. math.type(v)
  elseif t == "string" then return string.format("%q", v)
  elseif t == "table" or t == "function" or t == "thread" or t == "userdata" then return t
  end
  return tostring(v)
end
local function try(tag, f, ...)
  local r = table.pack(pcall(f, ...))
  local parts = {}
  for i = 2, r.n do parts[#parts + 1] = show(r[i]) end
  print(tag, r[1], table.concat(parts, " "))
end
do try("s4", function() return ((9007199254740993 ^ (-2^63 ^ 1e308)) - 2^53) end) end
