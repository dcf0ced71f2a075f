local name = os.tmpname()
local f = io.open(name, "w")
f:write("1 2 3\n4 5 6\nend\n")
f:close()
for line in io.lines(name) do io.write("[", line, "]") end
print()
for a, b in io.lines(name, "n", "n") do io.write(tostring(a), ":", tostring(b), " ") if not a then break end end
print()
for chunk in io.lines(name, 4) do io.write("<", chunk, ">") end
print()
for l in io.lines(name, "L") do io.write(#l, " ") end
print()
f = io.open(name)
for l in f:lines() do io.write(l, "|") end
print(io.type(f))
f:close()
os.remove(name)
print(pcall(io.lines, "/nonexistent/file"))
