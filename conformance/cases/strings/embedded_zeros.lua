local s = "a\0b\0c"
print(#s, s:byte(2), s:find("\0", 1, true), s:find("%z"))
print(s:upper() == "A\0B\0C", s:rep(2) == s .. s, s:sub(3, 3))
print(("x\0y"):gsub("\0", "-"))
print(("\0"):len(), #tostring("\0"), ("%q"):format("\0") )
print(s < "a\0c", "a\0" < "a\0\0")
