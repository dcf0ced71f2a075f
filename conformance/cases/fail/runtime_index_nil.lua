print("before the error")
local config = nil
print(config.value)
print("never printed")
