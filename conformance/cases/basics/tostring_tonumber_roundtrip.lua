for _, v in ipairs({0, -1, 1.5, 1e100, -2^63, 2^63, 123456789, 0.1}) do
  local s = tostring(v)
  local back = tonumber(s)
  io.write(s, "=", tostring(back == v), " ")
end
print()
print(tostring(1e15), tostring(1e16), tostring(-1e15), tostring(123456.789e3))
