print("1" == 1, "abc" == "abc", 1 == 1.0, math.maxinteger == math.maxinteger + 0.0)
print(0.0 == -0.0, 1/0 == math.huge, "1.0" == "1")
local t = {}
t["10"] = "s"; t[10] = "n"
print(t["10"], t[10], t[10.0])
