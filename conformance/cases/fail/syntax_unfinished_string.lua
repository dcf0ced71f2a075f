print("ok")
local s = "unfinished
