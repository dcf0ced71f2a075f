local s = ""
for i = 0, 255 do s = s .. string.char(i) end
for _, c in ipairs({"%a", "%c", "%d", "%l", "%p", "%s", "%u", "%w", "%x", "%g"}) do
  local _, n = s:gsub(c, "")
  io.write(c, "=", n, " ")
end
print()
print(("\xe9\xC9"):upper() == "\xe9\xC9", ("ABC\xC9"):lower():byte(1, -1))
