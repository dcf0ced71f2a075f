print(loadstring, setfenv, table.getn)  -- (unpack is kept: runtime-api.md §0.4 provides it as an alias)
print(type(load), type(loadfile), type(dofile), type(require))
print(type(package), type(package.loaded), package.loaded.string == string)
print(package.loaded._G == _G, type(package.path), type(package.preload))
