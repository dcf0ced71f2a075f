print((pcall(table.sort, {3, "a", 1})))
print(pcall(table.sort, {1, 2, 3}, 42))
local ok = pcall(table.sort, {5, 4, 3, 2, 1}, function(a, b) return true end)
print(type(ok))
local nums = {}
for i = 1, 200 do nums[i] = (i * 7919) % 211 end
table.sort(nums)
local sorted = true
for i = 2, #nums do if nums[i - 1] > nums[i] then sorted = false end end
print(sorted, nums[1], nums[200])
