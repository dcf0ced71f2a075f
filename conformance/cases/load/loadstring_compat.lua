print(loadstring, setfenv, unpack, table.getn)
print(type(load), type(loadfile), type(dofile), type(require))
print(type(package), type(package.loaded), package.loaded.string == string)
print(package.loaded._G == _G, type(package.path), type(package.preload))
