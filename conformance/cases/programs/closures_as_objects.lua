local function account(balance)
  local self = {}
  function self.deposit(v) balance = balance + v; return balance end
  function self.withdraw(v)
    if v > balance then error("insufficient funds", 2) end
    balance = balance - v
    return balance
  end
  function self.balance() return balance end
  return self
end
local acc = account(100)
print(acc.deposit(50), acc.withdraw(30), acc.balance())
print(pcall(acc.withdraw, 1000))
