local function mr() return 1, 2, 3 end
local t = {mr(), mr()}
print(#t)
print(mr(), "end")
print("start", mr())
print((mr()))
local a, b = (mr())
print(a, b)
print(#{mr(), nil}, #{nil, mr()} >= 0)
