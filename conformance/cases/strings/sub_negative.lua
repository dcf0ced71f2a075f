local s = "hello world"
print(s:sub(1, 5), s:sub(-5), s:sub(-5, -2), s:sub(0), s:sub(7, 100))
print(s:sub(5, 3) == "", s:sub(-100, 3), s:sub(12), s:sub(11))
print(s:sub(math.mininteger, math.maxinteger) == s)
print(s:sub(2), s:sub(-1, -1), s:sub(3, -3))
print(("abc"):sub(2.0, 3), pcall(string.sub, "abc", 1.5))
