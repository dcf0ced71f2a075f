local calls = 0
local real = tostring
tostring = function(v) calls = calls + 1; return "<" .. real(v) .. ">" end
print(1, "a", nil)
tostring = real
print(calls, "restored")
print()
print(nil, false)
