local moves = {}
local function hanoi(n, from, to, via)
  if n == 0 then return end
  hanoi(n - 1, from, via, to)
  moves[#moves + 1] = from .. to
  hanoi(n - 1, via, to, from)
end
hanoi(4, "A", "C", "B")
print(#moves, table.concat(moves, " ", 1, 7))
