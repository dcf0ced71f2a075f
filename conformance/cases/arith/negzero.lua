local nz = -0.0
print(nz, 0.0, nz == 0.0, 1/nz, 1/0.0)
print(0.0 * -1, -0.0 + 0.0, 0 * -1)
print(math.type(-0), -0, tostring(-0.0))
print(string.format("%g %f", -0.0, -0.0))
print(math.abs(-0.0), -(0.0))
