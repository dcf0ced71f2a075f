print(io.read("l"), io.read("a"), io.read("n"), io.read(1))
print(io.stdin:read(0))
for l in io.lines() do print("never", l) end
print("done")
