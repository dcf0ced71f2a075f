-- json: a JSON encoder and decoder written in Lua, run on generated
-- records: encode, decode, encode again and compare. Exercises string
-- scanning (find, byte, sub), buffers of pieces, recursion and table traversal.
local SIZES = { tiny = 20, small = 600, default = 12000 }
local size = (arg and arg[1]) or ... or "default"
local n = SIZES[size] or tonumber(size) or error("unknown size: " .. tostring(size))

local byte, char, find, format, sub = string.byte, string.char, string.find, string.format, string.sub
local concat, sort = table.concat, table.sort
local mathtype, tointeger = math.type, math.tointeger

---------------------------------------------------------------- encoder
local ESCAPES = { ['"'] = '\\"', ["\\"] = "\\\\", ["\b"] = "\\b", ["\f"] = "\\f",
  ["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t" }
local function escapeChar(c)
  return ESCAPES[c] or format("\\u%04x", byte(c))
end

local encodeValue

local function encodeString(s, out)
  out[#out + 1] = '"' .. s:gsub('[%c"\\]', escapeChar) .. '"'
end

-- A table with t[1] ~= nil is an array; otherwise an object with sorted keys
-- (so that the encoding is deterministic).
local function encodeTable(t, out)
  if t[1] ~= nil or next(t) == nil then
    out[#out + 1] = "["
    for i = 1, #t do
      if i > 1 then out[#out + 1] = "," end
      encodeValue(t[i], out)
    end
    out[#out + 1] = "]"
    return
  end
  local keys = {}
  for k in pairs(t) do keys[#keys + 1] = k end
  sort(keys)
  out[#out + 1] = "{"
  for i = 1, #keys do
    local k = keys[i]
    if i > 1 then out[#out + 1] = "," end
    encodeString(k, out)
    out[#out + 1] = ":"
    encodeValue(t[k], out)
  end
  out[#out + 1] = "}"
end

function encodeValue(v, out)
  local tv = type(v)
  if tv == "string" then
    encodeString(v, out)
  elseif tv == "number" then
    if mathtype(v) == "integer" then out[#out + 1] = format("%d", v)
    else out[#out + 1] = format("%.14g", v) end
  elseif tv == "boolean" then
    out[#out + 1] = v and "true" or "false"
  elseif tv == "table" then
    encodeTable(v, out)
  elseif v == nil then
    out[#out + 1] = "null"
  else
    error("cannot encode a " .. tv)
  end
end

local function encode(v)
  local out = {}
  encodeValue(v, out)
  return concat(out)
end

---------------------------------------------------------------- decoder
local decodeValue

local function skipSpace(s, pos)
  local _, e = find(s, "^[ \t\r\n]*", pos)
  return e + 1
end

local function decodeError(s, pos, what)
  error(format("json: %s at position %d near '%s'", what, pos, sub(s, pos, pos + 10)), 0)
end

local UNESCAPES = { b = "\b", f = "\f", n = "\n", r = "\r", t = "\t", ['"'] = '"', ["\\"] = "\\", ["/"] = "/" }

local function decodeString(s, pos)
  -- pos is just after the opening quote.
  local pieces, start = {}, pos
  while true do
    local q = find(s, '["\\]', pos)
    if not q then decodeError(s, start, "unterminated string") end
    if byte(s, q) == 34 then -- closing quote
      pieces[#pieces + 1] = sub(s, pos, q - 1)
      return concat(pieces), q + 1
    end
    pieces[#pieces + 1] = sub(s, pos, q - 1)
    local e = sub(s, q + 1, q + 1)
    if e == "u" then
      local code = tonumber(sub(s, q + 2, q + 5), 16)
      if not code or code > 255 then decodeError(s, q, "unsupported escape") end
      pieces[#pieces + 1] = char(code)
      pos = q + 6
    else
      local c = UNESCAPES[e]
      if not c then decodeError(s, q, "bad escape") end
      pieces[#pieces + 1] = c
      pos = q + 2
    end
  end
end

local function decodeNumber(s, pos)
  local _, e = find(s, "^-?%d+%.?%d*[eE]?[-+]?%d*", pos)
  if not e then decodeError(s, pos, "bad number") end
  local text = sub(s, pos, e)
  local v = tointeger(tonumber(text))
  if v == nil or find(text, "[.eE]") then v = tonumber(text) end
  return v, e + 1
end

local function decodeArray(s, pos)
  local arr, len = {}, 0
  pos = skipSpace(s, pos)
  if byte(s, pos) == 93 then return arr, pos + 1 end -- ]
  while true do
    local v
    v, pos = decodeValue(s, pos)
    len = len + 1
    arr[len] = v
    pos = skipSpace(s, pos)
    local c = byte(s, pos)
    if c == 93 then return arr, pos + 1 end
    if c ~= 44 then decodeError(s, pos, "expected ',' or ']'") end
    pos = pos + 1
  end
end

local function decodeObject(s, pos)
  local obj = {}
  pos = skipSpace(s, pos)
  if byte(s, pos) == 125 then return obj, pos + 1 end -- }
  while true do
    if byte(s, pos) ~= 34 then decodeError(s, pos, "expected a key") end
    local k
    k, pos = decodeString(s, pos + 1)
    pos = skipSpace(s, pos)
    if byte(s, pos) ~= 58 then decodeError(s, pos, "expected ':'") end
    obj[k], pos = decodeValue(s, pos + 1)
    pos = skipSpace(s, pos)
    local c = byte(s, pos)
    if c == 125 then return obj, pos + 1 end
    if c ~= 44 then decodeError(s, pos, "expected ',' or '}'") end
    pos = skipSpace(s, pos + 1)
  end
end

function decodeValue(s, pos)
  pos = skipSpace(s, pos)
  local c = byte(s, pos)
  if c == 123 then return decodeObject(s, pos + 1)
  elseif c == 91 then return decodeArray(s, pos + 1)
  elseif c == 34 then return decodeString(s, pos + 1)
  elseif c == 116 and sub(s, pos, pos + 3) == "true" then return true, pos + 4
  elseif c == 102 and sub(s, pos, pos + 4) == "false" then return false, pos + 5
  elseif c == 110 and sub(s, pos, pos + 3) == "null" then return nil, pos + 4
  end
  return decodeNumber(s, pos)
end

local function decode(s)
  local v, pos = decodeValue(s, 1)
  pos = skipSpace(s, pos)
  if pos <= #s then decodeError(s, pos, "trailing characters") end
  return v
end

---------------------------------------------------------------- workload
local TAGS = { "red", "green", "blue", "cyan", "magenta", "yellow" }
local records = {}
for i = 1, n do
  local tags = {}
  for j = 1, i % 4 do tags[j] = TAGS[(i + j) % #TAGS + 1] end
  records[i] = {
    id = i,
    name = "user" .. i,
    active = i % 3 == 0,
    score = i * 0.25,
    ratio = i / 3,
    tags = tags,
    note = (i % 5 == 0) and 'says "hi"\n\tand\\leaves\1' or "plain",
    position = { x = i % 100, y = -(i % 37), history = { i, i + 1, i + 2 } },
  }
end

local text = encode({ count = n, records = records })
local decoded = decode(text)
local again = encode(decoded)
assert(again == text, "encoding is not stable across a decode")

local ids, tagCount, active = 0, 0, 0
for _, r in ipairs(decoded.records) do
  ids = ids + r.id
  tagCount = tagCount + #r.tags
  if r.active then active = active + 1 end
end
local h = #text
for i = 1, #text, 97 do h = (h * 31 + byte(text, i)) % 16777213 end
print(format("json %d length %d ids %d tags %d active %d hash %d", n, #text, ids, tagCount, active, h))
