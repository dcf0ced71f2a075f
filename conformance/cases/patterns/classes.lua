local s = "aB3 _.\t\n!"
for _, c in ipairs({"%a", "%d", "%l", "%u", "%s", "%w", "%p", "%c", "%x", "%g"}) do
  print(c, (s:gsub(c, "#")))
end
print(("abc123"):gsub("%A", "-"), ("abc123"):gsub("%D", "-"))
print(("a b"):gsub("%S", "x"), ("Hi!"):gsub("%W", "?"))
