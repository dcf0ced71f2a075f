local people = {
  {name = "Ann", age = 31}, {name = "Bob", age = 25},
  {name = "Cid", age = 31}, {name = "Dee", age = 19},
}
table.sort(people, function(a, b)
  if a.age ~= b.age then return a.age < b.age end
  return a.name < b.name
end)
for _, p in ipairs(people) do io.write(p.name, p.age, " ") end
print()
