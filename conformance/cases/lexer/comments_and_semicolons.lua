local a = 1; local b = 2;;; print(a + b) -- trailing
--[[ block
comment ]] print("after block")
--[==[ another ]] still comment ]==] print("after level 2")
---[[ not a block comment
print("single line comment trick")
--]]
;;print("leading semicolons")
