local function validate(n)
  if n < 0 then error("negative input: " .. n, 2) end
  return n
end
print(validate(1))
print(validate(-5))
