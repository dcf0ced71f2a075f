local function three() return 1, 2, 3 end
local a, b, c, d = three()
print(a, b, c, d)
local x, y = three(), 10
print(x, y)
print(three(), three())
print(({three(), three()})[4])
print((three()))
local t = {three(), nil}
print(#t)
