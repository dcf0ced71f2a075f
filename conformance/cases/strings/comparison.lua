local words = {"banana", "apple", "Cherry", "apple2", "", "a"}
table.sort(words)
print(table.concat(words, ","))
print("a" < "b", "abc" < "abcd", "abc" == "abc", "A" < "a")
print(("x"):rep(3) == "xxx", "\0" < "\1", "" == "")
