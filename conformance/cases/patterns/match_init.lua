print(("abcabc"):match("b", 3), ("abcabc"):find("b", 3), ("abc"):match(".", -1))
print(("abc"):match("a", 10), ("abc"):find("", 10), ("abc"):find("", 4))
print(("abc"):match("^b", 2), ("abc"):find("^c", -1))
print(("hello"):gmatch("l")(), ("x"):match("()", 2))
