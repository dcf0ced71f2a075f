for i = 1, 3 do
  for j = 1, 3 do
    if i * j == 4 then goto done end
    io.write(i, j, " ")
  end
end
::done::
print("out")
do
  goto skip
  print("never")
  ::skip::
end
print("after")
