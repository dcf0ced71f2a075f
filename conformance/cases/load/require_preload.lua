package.preload["mymod"] = function(name, extra)
  return {name = name, loaded = true}
end
local m = require("mymod")
print(m.name, m.loaded, package.loaded.mymod == m, require("mymod") == m)
package.loaded["other"] = "cached value"
print(require("other"))
local ok, e = pcall(require, "definitely_missing_module_xyz")
print(ok, (e:match("^[^\n]*")))
