local s1 = [[
line1
line2]]
print(s1, #s1)
local s2 = [==[
]]]=]
]==]
print(s2, #s2)
print([[]] == "", [[a\nb]], #[[\t]])
local s3 = [[a
b]]
print(s3:byte(2))
