local s = 0
for i = 1, 10 do s = s + 0.1 end
print(s, s == 1.0, string.format("%.17g", s))
print(0.1 + 0.2, 0.1 + 0.2 == 0.3)
print(1e16 + 1, 1e16 + 2)
print(3 * 1.1, 100 * 1.1)
