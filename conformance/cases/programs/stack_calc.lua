local function rpn(expr)
  local st = {}
  for tok in expr:gmatch("%S+") do
    local n = tonumber(tok)
    if n then st[#st + 1] = n else
      local b, a = table.remove(st), table.remove(st)
      if tok == "+" then st[#st + 1] = a + b elseif tok == "-" then st[#st + 1] = a - b
      elseif tok == "*" then st[#st + 1] = a * b elseif tok == "/" then st[#st + 1] = a / b
      elseif tok == "//" then st[#st + 1] = a // b elseif tok == "^" then st[#st + 1] = a ^ b end
    end
  end
  return st[1]
end
print(rpn("3 4 +"), rpn("5 1 2 + 4 * + 3 -"), rpn("2 3 ^"), rpn("7 2 /"), rpn("7 2 //"), rpn("1.5 2 *"))
