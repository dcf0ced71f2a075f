local s = "a.b.c"
print(s:find("."), s:find(".", 1, true), s:find(".", 3, true))
print(s:find("b", -3), s:find("x"), s:find("", 10), s:find("", 6), s:find("", 5))
print(("abc"):find("b", -10), ("abc"):find("c", 4))
print(("a+b"):find("+", 1, true), ("a+b"):find("%+"))
print(("hello"):find("l"), ("hello"):find("lo$"), ("hello"):find("^h"))
print(("aaa"):find("", 2), ("x"):find("x", 0))
