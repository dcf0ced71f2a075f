local list = nil
for i = 1, 5 do list = {value = i, next = list} end
local node, vals = list, {}
while node do vals[#vals + 1] = node.value; node = node.next end
print(table.concat(vals, "->"))
local function reverse(l) local prev = nil while l do l.next, prev, l = prev, l, l.next end return prev end
list = reverse(list)
node, vals = list, {}
while node do vals[#vals + 1] = node.value; node = node.next end
print(table.concat(vals, "->"))
