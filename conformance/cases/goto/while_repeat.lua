local n = 0
while true do
  n = n + 1
  if n > 5 then break end
end
print(n)
local k = 0
repeat local done = k >= 3; k = k + 1 until done
print(k)
while false do print("no") end
repeat print("once") until true
for _ = 1, 0 do print("no") end
print(pcall(load, "break"))
print(load("break"))
