for i = 1, 2 do
  do goto next end
  ::next::
  do
    goto next
    ::next::
  end
  io.write(i, " ")
end
print()
print(type(load("::x:: do ::x:: end")))
