local d = os.date("!*t", 86400 * 365)
print(d.year, d.month, d.day, d.hour, d.min, d.sec, d.wday, d.yday, d.isdst)
local keys = {}
for k in pairs(d) do keys[#keys + 1] = k end
table.sort(keys)
print(table.concat(keys, ","))
local e = os.date("*t", 0)
print(e.year, e.month, e.day, e.hour)
