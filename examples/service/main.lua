-- A small service: worker processes fetch the pages of a product catalog
-- over HTTP, decode the JSON and store the products in SQLite, each page in
-- one transaction; the main process waits for them and reports from SQL.
--
-- Run (catalog.mjs starts the catalog on 127.0.0.1 and sets CATALOG_URL):
--   node examples/service/catalog.mjs wippy-lua examples/service/main.lua
local http = require("http_client")
local json = require("json")
local sql = require("sql")

local base = arg[1] or os.getenv("CATALOG_URL")
if not base then
  error("no catalog: run through examples/service/catalog.mjs, or pass the catalog URL", 0)
end

-- One in-memory database shared by every process of this run.
local db = assert(sql.get("sqlite::memory:"))
assert(db:execute([[CREATE TABLE products (
  id INTEGER PRIMARY KEY, name TEXT NOT NULL, price REAL NOT NULL, page INTEGER NOT NULL)]]))
assert(db:execute("CREATE TABLE tags (product_id INTEGER NOT NULL REFERENCES products(id), tag TEXT NOT NULL)"))

local resp = assert(http.get(base .. "/pages", {timeout = 5}))
local index = assert(json.decode(resp.body))

-- One worker process per page; each one's exit event carries its result.
local page_of = {}
for page = 1, index.pages do
  page_of[process.spawn_monitored("worker.lua", nil, base, page)] = page
end

local stored, events = 0, process.events()
for _ = 1, index.pages do
  local ev = events:receive()
  if ev.result.error then
    print(string.format("page %d failed: %s", page_of[ev.from], tostring(ev.result.error)))
  else
    stored = stored + ev.result.value
  end
end
print(string.format("%d workers stored %d products", index.pages, stored))

local s = assert(db:query("SELECT COUNT(*) AS n, ROUND(AVG(price), 2) AS avg_price FROM products"))[1]
local top = assert(db:query("SELECT name, price FROM products ORDER BY price DESC, id LIMIT 3"))
local tags = assert(db:query("SELECT tag, COUNT(*) AS n FROM tags GROUP BY tag ORDER BY n DESC, tag"))
print((json.encode({products = s.n, average_price = s.avg_price, most_expensive = top, tags = tags})))
