for w in ("hello hello"):gmatch("^hello") do io.write(w, "|") end
print()
local it = ("a,b,,c"):gmatch("([^,]*)")
print(it(), it(), it(), it(), it())
