local alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
local function encode(s)
  local out = {}
  for i = 1, #s, 3 do
    local a, b, c = s:byte(i, i + 2)
    local n = (a << 16) | ((b or 0) << 8) | (c or 0)
    for j = 3, 0, -1 do
      local idx = (n >> (j * 6)) & 63
      out[#out + 1] = alphabet:sub(idx + 1, idx + 1)
    end
    if not b then out[#out] = "="; out[#out - 1] = "=" elseif not c then out[#out] = "=" end
  end
  return table.concat(out)
end
for _, s in ipairs({"", "f", "fo", "foo", "foob", "fooba", "foobar", "Lua 5.3!"}) do print(s, encode(s)) end
