local t = {["end"] = 1, ["while"] = 2}
t["function"] = 3
print(t["end"], t["while"], t["function"])
local s = {}
s.x_1, s._y, s.Z = 1, 2, 3
print(s.x_1 + s._y + s.Z)
local goto_ = "not a keyword"
print(goto_)
