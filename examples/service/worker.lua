-- One page of the catalog: fetch, decode, store in one transaction.
-- Returns the number of products stored, or nil and an error.
local http = require("http_client")
local json = require("json")
local sql = require("sql")

return function(base, page)
  local resp, err = http.get(base .. "/pages/" .. page, {timeout = 5})
  if not resp then return nil, err end
  if resp.status_code ~= 200 then
    return nil, errors.new({message = "catalog answered " .. resp.status_code, kind = errors.UNAVAILABLE})
  end
  local data, jerr = json.decode(resp.body)
  if not data then return nil, jerr end

  local db = assert(sql.get("sqlite::memory:"))
  local tx = assert(db:begin())      -- other workers' statements wait for the commit
  for _, p in ipairs(data.products) do
    local ok, e = tx:execute("INSERT INTO products (id, name, price, page) VALUES (?, ?, ?, ?)",
      {p.id, p.name, p.price, page})
    if not ok then
      tx:rollback()
      return nil, e
    end
    for _, tag in ipairs(p.tags) do
      assert(tx:execute("INSERT INTO tags (product_id, tag) VALUES (?, ?)", {p.id, tag}))
    end
  end
  assert(tx:commit())
  return #data.products
end
