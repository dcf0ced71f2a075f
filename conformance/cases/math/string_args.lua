print(math.max("3", "10"), math.floor("2.5"), math.sqrt("16"), math.abs("-2"))
print(pcall(math.sqrt, "abc"))
print(math.fmod("7", "3"), math.tointeger("7"))
print(math.type("10"), math.ult("1", 2) and "ult ok")
