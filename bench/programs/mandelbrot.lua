-- mandelbrot: float arithmetic in a while loop; counts the points of an
-- n x n grid over [-1.5, 0.5] x [-1, 1] that stay bounded.
local SIZES = { tiny = 40, small = 120, default = 600 }
local size = (arg and arg[1]) or ... or "default"
local n = SIZES[size] or tonumber(size) or error("unknown size: " .. tostring(size))
local MAXITER = 50

local inside, itersum = 0, 0
for py = 0, n - 1 do
  local ci = 2.0 * py / n - 1.0
  for px = 0, n - 1 do
    local cr = 2.0 * px / n - 1.5
    local zr, zi, zr2, zi2 = 0.0, 0.0, 0.0, 0.0
    local it = 0
    while it < MAXITER and zr2 + zi2 <= 4.0 do
      zi = 2.0 * zr * zi + ci
      zr = zr2 - zi2 + cr
      zr2 = zr * zr
      zi2 = zi * zi
      it = it + 1
    end
    if it == MAXITER then inside = inside + 1 end
    itersum = itersum + it
  end
end
print(string.format("mandelbrot %d inside %d iterations %d", n, inside, itersum))
