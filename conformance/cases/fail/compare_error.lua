local a, b = {}, 5
if a < b then print("no") end
