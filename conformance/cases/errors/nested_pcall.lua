local function risky(n)
  if n == 0 then error("bottom") end
  local ok, e = pcall(risky, n - 1)
  return "level " .. n .. " caught: " .. tostring(e)
end
print(risky(3))
print(pcall(pcall, error, "x"))
