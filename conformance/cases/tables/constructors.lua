local t = {1, 2, 3, x = 10, [20] = "twenty", "four"}
print(t[1], t[2], t[3], t[4], t.x, t[20])
local function three() return 7, 8, 9 end
local a = {three()}
local b = {three(), three()}
local c = {(three())}
local d = {three(), 0}
print(#a, #b, #c, #d, b[1], b[2], b[4])
print(#{...}, select("#", ...))
local e = {[3] = "a", [4] = "b"; "c"}
print(e[1], e[2])
