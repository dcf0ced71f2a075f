local function rle(s)
  local out, i = {}, 1
  while i <= #s do
    local ch = s:sub(i, i)
    local j = i
    while s:sub(j + 1, j + 1) == ch do j = j + 1 end
    out[#out + 1] = (j - i + 1) .. ch
    i = j + 1
  end
  return table.concat(out)
end
local function unrle(s)
  return (s:gsub("(%d+)(%D)", function(n, ch) return ch:rep(tonumber(n)) end))
end
for _, s in ipairs({"aaabccdddd", "abc", "", "zzzzzzzzzzzz"}) do
  local e = rle(s)
  print(s, e, unrle(e) == s)
end
