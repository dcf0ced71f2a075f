for i = 1, 3 do
  do
    if i == 2 then goto skip end
    io.write("body", i, " ")
  end
  ::skip::
end
print()
local function f(n)
  if n > 0 then goto positive end
  do return "non-positive" end
  ::positive::
  return "positive"
end
print(f(1), f(0))
