for p, c in utf8.codes("aä€😀") do io.write(p, ":", c, " ") end
print()
for p, c in utf8.codes("") do print("never") end
print(pcall(function() for p, c in utf8.codes("a\xffb") do io.write(p, " ") end end))
local n = 0
for _ in utf8.codes("日本語") do n = n + 1 end
print(n)
