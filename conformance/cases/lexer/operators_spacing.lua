local a, b = 7, 2
print(a+b, a-b, a*b, a/b, a//b, a%b, a^b, -a, a&b, a|b, a~b, ~a, a<<b, a>>b)
print(a..b, a==b, a~=b, a<b, a<=b, a>b, a>=b, #"xy", not a)
print(1--[[comment]]+2, 3 - -3, 2- - -2)
local t = {1,2,3,} print(#t)
local u = {1;2;3;x=1;} print(#u)
