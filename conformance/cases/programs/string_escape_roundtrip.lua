local samples = {"plain", "with \"quotes\"", "new\nline", "tab\tand\\slash", "\0\1\2", "high\200\255"}
for _, s in ipairs(samples) do
  local q = string.format("%q", s)
  local back = load("return " .. q)()
  io.write(tostring(back == s), " ")
end
print()
