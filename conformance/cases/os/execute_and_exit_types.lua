print(type(os.execute), type(os.exit), type(os.setlocale))
print(os.setlocale(), os.setlocale("C"), os.setlocale(nil, "all"))
print(os.setlocale("no_such_locale_xyz"))
print(pcall(os.setlocale, "C", "bogus"))
