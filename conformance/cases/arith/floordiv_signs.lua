for _, a in ipairs({7, -7}) do
  for _, b in ipairs({2, -2, 3, -3}) do
    print(a, b, a // b, a % b)
  end
end
print(7.0 // 2, -7.0 // 2, 7 // 2.0, -7.5 // 2)
print(7.5 % 2, -7.5 % 2, 7.5 % -2, -7.5 % -2)
