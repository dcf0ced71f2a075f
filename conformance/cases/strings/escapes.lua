print("tab:\t|", "nl\\n", "quote\"", 'single\'')
print("\65\066\x43\u{44}\u{E9}", #"\u{E9}", #"\u{10FFFF}", #"\u{7FF}")
print("a\z
       b", "line1\
line2")
print(#"\0\00\000", "\x41\x42", "\97lo")
print([[long
string]], [==[with ]] inside]==], #[[
skip first newline]])
