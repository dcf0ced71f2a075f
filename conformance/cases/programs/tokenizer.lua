local function tokens(src)
  local out, i = {}, 1
  while i <= #src do
    local s, e = src:find("^%s+", i)
    if s then i = e + 1 else
      local num = src:match("^%d+%.?%d*", i)
      local id = src:match("^[%a_][%w_]*", i)
      local tok = num or id or src:sub(i, i)
      out[#out + 1] = (num and "N:" or id and "I:" or "P:") .. tok
      i = i + #tok
    end
  end
  return out
end
print(table.concat(tokens("x = 3.14 * (radius_2 + 10)"), " "))
