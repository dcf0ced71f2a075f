local function split(s, sep)
  local out = {}
  for piece in (s .. sep):gmatch("(.-)" .. sep:gsub("%p", "%%%0")) do out[#out + 1] = piece end
  return out
end
local parts = split("a,b,,c", ",")
print(#parts, table.concat(parts, "|"))
parts = split("1.2.3", ".")
print(#parts, table.concat(parts, "+"))
print(table.concat(split("x--y--z", "--"), " "))
