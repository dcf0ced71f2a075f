// The sql module (runtime spec §9, §13 item 38): one suite run against
// real SQLite (in memory and a file) and a real PostgreSQL server
// (WIPPY_TEST_PG_URL, set up by .ci/run; without it those tests skip and
// their names say so).
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runLua, runProject } from "./helpers.js";

const PG_URL = process.env.WIPPY_TEST_PG_URL ?? "";
const fileDb = path.join(mkdtempSync(path.join(tmpdir(), "wippy-sql-")), "test.db");

interface EngineCase {
  name: string;
  id: string;
  skip: string | null;
  types: { blob: string; real: string; big: string };
}

const SQLITE_TYPES = { blob: "BLOB", real: "REAL", big: "INTEGER" };
const ENGINES: EngineCase[] = [
  { name: "sqlite (memory)", id: "sqlite::memory:", skip: null, types: SQLITE_TYPES },
  { name: "sqlite (file)", id: `sqlite:${fileDb}`, skip: null, types: SQLITE_TYPES },
  {
    name: "postgres",
    id: PG_URL,
    skip: PG_URL === "" ? "WIPPY_TEST_PG_URL is not set (.ci/run starts a PostgreSQL server and sets it)" : null,
    types: { blob: "BYTEA", real: "DOUBLE PRECISION", big: "BIGINT" },
  },
];

let tableCounter = 0;

for (const engine of ENGINES) {
  const title = engine.skip === null ? engine.name : `${engine.name} — skipped: ${engine.skip}`;
  describe.skipIf(engine.skip !== null)(title, () => {
    /** Runs Lua with `sql`, `db` (a fresh handle) and `T` (a fresh table name) defined. */
    function lua(src: string, extra: Record<string, string> = {}): Promise<string> {
      const table = `t_${process.pid}_${Date.now() % 100000}_${++tableCounter}`;
      const ty = engine.types;
      return runLua(`local sql = require("sql")
local DB_ID, T, BLOB, REAL, BIG = ${JSON.stringify(engine.id)}, "${table}", "${ty.blob}", "${ty.real}", "${ty.big}"
local db = assert(sql.get(DB_ID))
${src}`, extra);
    }

    it("spec §13 item 38", async () => {
      expect(await lua(`
        assert(db:execute("CREATE TABLE " .. T .. " (id INTEGER PRIMARY KEY, name TEXT)"))
        local r, err = db:execute("INSERT INTO " .. T .. " (id, name) VALUES (?, ?)", {1, sql.NULL})
        print(err, r.rows_affected)
        local rows = assert(db:query("SELECT id, name FROM " .. T))
        print(#rows, rows[1].id, rows[1].name, rawget(rows[1], "name") == nil)
        local tx = assert(db:begin())
        assert(tx:execute("INSERT INTO " .. T .. " (id, name) VALUES (?, ?)", {2, "two"}))
        print(tx:rollback())
        print(#assert(db:query("SELECT * FROM " .. T .. " WHERE id = 2")))
        tx = assert(db:begin())
        print(tx:commit())
        local ok, e = tx:commit()
        print(ok, errors.is(e, errors.INVALID), e:message())
        ok, e = db:execute("INSERT INTO " .. T .. " (id, name) VALUES (?, ?)", {1, "dup"})
        print(ok, errors.is(e, errors.CONFLICT))
      `)).toBe([
        "nil\t1", "1\t1\tnil\ttrue", "true\tnil", "0", "true\tnil",
        "nil\ttrue\ttransaction not active", "nil\ttrue", "",
      ].join("\n"));
    });

    it("maps integers, floats, text, blobs, NULL and booleans faithfully", async () => {
      expect(await lua(`
        assert(db:execute("CREATE TABLE " .. T .. " (i " .. BIG .. ", f " .. REAL .. ", s TEXT, b " .. BLOB .. ", n INTEGER)"))
        local blob = "\\0\\1\\2\\255\\254 binary"
        assert(db:execute("INSERT INTO " .. T .. " VALUES (?, ?, ?, ?, ?)", {4611686018427387904, 2.5, "héllo €", blob, sql.NULL}))
        assert(db:execute("INSERT INTO " .. T .. " VALUES (?, ?, ?, ?, ?)", {-7, 2.0, "", "", true}))
        assert(db:execute("INSERT INTO " .. T .. " (i, n) VALUES (?, ?)", {0, false}))
        local rows = assert(db:query("SELECT i, f, s, b, n FROM " .. T .. " ORDER BY i DESC"))
        local r = rows[1]
        print(math.type(r.i), r.i, math.type(r.f), r.f, r.s, r.b == blob, #r.b, r.n)
        r = rows[3]
        print(math.type(r.i), r.i, math.type(r.f), r.f, r.s == "", r.n)
        r = rows[2]
        print(r.i, r.f, r.s, r.b, r.n)
        print(#assert(db:query("SELECT * FROM " .. T .. " WHERE s = ?", {"héllo €"})))
        local holes = {5, nil, "x"}
        local res = assert(db:execute("INSERT INTO " .. T .. " (i, f, s) VALUES (?, ?, ?)", holes))
        print(res.rows_affected, #assert(db:query("SELECT * FROM " .. T .. " WHERE i = 5 AND f IS NULL")))
      `)).toBe([
        "integer\t4611686018427387904\tfloat\t2.5\théllo €\ttrue\t12\tnil",
        "integer\t-7\tfloat\t2.0\ttrue\t1",
        "0\tnil\tnil\tnil\t0",
        "1", "1\t1", "",
      ].join("\n"));
    });

    it("empty results, repeated column names, queries that change rows", async () => {
      expect(await lua(`
        assert(db:execute("CREATE TABLE " .. T .. " (a INTEGER, b INTEGER)"))
        local rows = assert(db:query("SELECT * FROM " .. T))
        print(type(rows), #rows, next(rows))
        assert(db:execute("INSERT INTO " .. T .. " VALUES (1, 2)"))
        local r = assert(db:query("SELECT a AS x, b AS x FROM " .. T))[1]
        print(r.x)
        print(#assert(db:query("UPDATE " .. T .. " SET a = 3")))
        print(assert(db:query("SELECT a FROM " .. T))[1].a)
        print(select("#", db:query("SELECT 1 AS one")), (db:type()))
      `)).toBe(`table\t0\tnil\n2\n0\n3\n2\t${engine.id.startsWith("postgres") ? "postgres" : "sqlite"}\n`);
    });

    it("bad SQL, bad parameters and constraint violations are errors of the right kind", async () => {
      expect(await lua(`
        assert(db:execute("CREATE TABLE " .. T .. " (id INTEGER PRIMARY KEY, name TEXT NOT NULL, n INTEGER CHECK (n > 0))"))
        local function show(label, v, e)
          print(label, v, e and e:kind(), e and #e:message() > 0)
        end
        show("syntax", db:query("SELEC nonsense"))
        show("no table", db:query("SELECT * FROM no_such_table_x"))
        show("no column", db:query("SELECT nope FROM " .. T))
        show("too few", db:execute("INSERT INTO " .. T .. " VALUES (?, ?, ?)", {1, "a"}))
        show("too many", db:execute("INSERT INTO " .. T .. " VALUES (?, ?, ?)", {1, "a", 1, 2}))
        show("params type", db:query("SELECT 1", "x"))
        show("table param", db:query("SELECT ?", {{}}))
        show("function param", db:query("SELECT ?", {print}))
        show("not null", db:execute("INSERT INTO " .. T .. " (id, name, n) VALUES (?, ?, ?)", {1, sql.NULL, 1}))
        show("check", db:execute("INSERT INTO " .. T .. " (id, name, n) VALUES (?, ?, ?)", {1, "a", -1}))
        print(pcall(db.query, db, nil))
        print(pcall(db.query, {}, "SELECT 1"))
      `)).toMatch(new RegExp([
        "syntax\tnil\tINVALID\ttrue", "no table\tnil\tINVALID\ttrue", "no column\tnil\tINVALID\ttrue",
        "too few\tnil\tINVALID\ttrue", "too many\tnil\tINVALID\ttrue", "params type\tnil\tINVALID\ttrue",
        "table param\tnil\tINVALID\ttrue", "function param\tnil\tINVALID\ttrue",
        "not null\tnil\tCONFLICT\ttrue", "check\tnil\tCONFLICT\ttrue",
        "false\tbad argument #2 to '\\?' \\(string expected, got nil\\)",
        "false\tbad argument #1 to '\\?' \\(sql.db expected, got table\\)\n$",
      ].join("\n")));
    });

    it("released handles and finished transactions", async () => {
      expect(await lua(`
        assert(db:execute("CREATE TABLE " .. T .. " (id INTEGER)"))
        local tx = assert(db:begin())
        assert(tx:execute("INSERT INTO " .. T .. " VALUES (1)"))
        print(db:release())
        print(db:release())
        local v, e = db:query("SELECT 1"); print(v, e:kind(), e:message())
        v, e = tx:query("SELECT 1"); print(v, e:kind(), e:message())
        v, e = db:begin(); print(v, e:kind())
        local db2 = assert(sql.get(DB_ID))
        print(#assert(db2:query("SELECT * FROM " .. T)))
        tx = assert(db2:begin())
        assert(tx:commit())
        v, e = tx:rollback(); print(v, e:message())
        v, e = tx:execute("SELECT 1"); print(v, e:message())
      `)).toBe([
        "true\tnil", "true\tnil",
        "nil\tINVALID\tdatabase handle is released",
        "nil\tINVALID\ttransaction not active",
        "nil\tINVALID", "0",
        "nil\ttransaction not active", "nil\ttransaction not active", "",
      ].join("\n"));
    });

    it("a transaction sees its own rows; others see them only after commit", async () => {
      // SQLite: the other handle's query waits for the commit (one connection, a lock).
      // PostgreSQL: it runs at once and does not see the uncommitted row.
      const pg = engine.id.startsWith("postgres");
      expect(await lua(`
        local time = require("time")
        assert(db:execute("CREATE TABLE " .. T .. " (id INTEGER PRIMARY KEY, v TEXT)"))
        local tx = assert(db:begin())
        local r = assert(tx:execute("INSERT INTO " .. T .. " (id, v) VALUES (?, ?)", {10, "a"}))
        print(r.rows_affected, #assert(tx:query("SELECT * FROM " .. T)))
        local seen = channel.new(1)
        coroutine.spawn(function()
          local other = assert(sql.get(DB_ID))
          seen:send(#assert(other:query("SELECT * FROM " .. T)))
        end)
        local n
        if ${pg} then n = seen:receive() else time.sleep("30ms") end
        assert(tx:commit())
        print(n or seen:receive())
        print(#assert(db:query("SELECT * FROM " .. T)))
      `)).toBe(pg ? "1\t1\n0\n1\n" : "1\t1\n1\n1\n");
    });

    it("a transaction left open when its process exits is rolled back", async () => {
      expect(await lua(`
        assert(db:execute("CREATE TABLE " .. T .. " (id INTEGER)"))
        local pid = process.spawn_monitored("child.lua", nil, DB_ID, T)
        local ev = process.events():receive()
        print(ev.kind == process.event.EXIT, ev.result.error)
        print(#assert(db:query("SELECT * FROM " .. T)))
        print(assert(db:execute("INSERT INTO " .. T .. " VALUES (2)")).rows_affected)
      `, {
        "child.lua": `local sql = require("sql")
          local id, T = ...
          local db = assert(sql.get(id))
          local tx = assert(db:begin())
          assert(tx:execute("INSERT INTO " .. T .. " VALUES (1)"))
          return "left open"`,
      })).toBe("true\tnil\n0\n1\n");
    });

    it("execute reports the last insert id", async () => {
      const pg = engine.id.startsWith("postgres");
      const create = pg ? "id BIGSERIAL PRIMARY KEY, v TEXT" : "id INTEGER PRIMARY KEY, v TEXT";
      const insert = pg ? "INSERT INTO \" .. T .. \" (v) VALUES (?) RETURNING id" : "INSERT INTO \" .. T .. \" (v) VALUES (?)";
      expect(await lua(`
        assert(db:execute("CREATE TABLE " .. T .. " (${create})"))
        for i = 1, 3 do
          local r = assert(db:execute("${insert}", {"v" .. i}))
          print(r.last_insert_id, math.type(r.last_insert_id), r.rows_affected)
        end
      `)).toBe("1\tinteger\t1\n2\tinteger\t1\n3\tinteger\t1\n");
    });
  });
}

describe("sql.get", () => {
  it("empty, unknown and unopenable ids", async () => {
    expect(await runLua(`local sql = require("sql")
      local function show(id)
        local db, e = sql.get(id)
        print(db, e:kind(), e:retryable())
      end
      show(""); show("nope"); show("app.db:missing"); show("sqlite:/no/such/dir/x.db")
      show("postgres://postgres@127.0.0.1:1/none")
      print(pcall(sql.get, nil))
      print(sql.NULL ~= nil, type(sql.NULL))
    `)).toMatch(/^nil\tINVALID\tnil\nnil\tNOT_FOUND\tnil\nnil\tNOT_FOUND\tnil\nnil\tUNAVAILABLE\tnil\nnil\tUNAVAILABLE\ttrue\nfalse\tbad argument #1 to 'sql.get' \(string expected, got nil\)\ntrue\tuserdata\n$/);
  });

  it("databases declared in wippy.json, paths relative to the project root", async () => {
    const r = await runProject({
      "main.lua": `local sql = require("sql")
        local db = assert(sql.get("app.db:main"))
        assert(db:execute("CREATE TABLE IF NOT EXISTS k (v TEXT)"))
        assert(db:execute("INSERT INTO k VALUES (?)", {"kept"}))
        local other = assert(sql.get("sqlite:data/main.db"))
        print(assert(other:query("SELECT v FROM k"))[1].v)
        local f = io.open(arg[0]:match("^(.*)/") .. "/data/main.db", "rb")
        print(f ~= nil)`,
      "data/.keep": "",
      "wippy.json": JSON.stringify({ databases: { "app.db:main": { driver: "sqlite", path: "data/main.db" } } }),
    });
    expect(r.err).toBe("");
    expect(r.out).toBe("kept\ntrue\n");
  });

  it("wippy.json: a PostgreSQL database by URL, a misconfigured entry, transaction options", async () => {
    const databases: Record<string, unknown> = { "app.db:broken": { driver: "mysql", path: "x" } };
    if (PG_URL !== "") databases["app.db:pg"] = { driver: "postgres", url: PG_URL };
    const r = await runProject({
      "main.lua": `local sql = require("sql")
        local v, e = sql.get("app.db:broken"); print(v, e:kind())
        local db = assert(sql.get(${PG_URL !== "" ? '"app.db:pg"' : '"sqlite::memory:"'}))
        local tx = assert(db:begin({isolation = "serializable", read_only = false}))
        print(assert(tx:query("SELECT 7 AS n"))[1].n, (tx:commit()))
        print(pcall(db.begin, db, "serializable"))`,
      "wippy.json": JSON.stringify({ databases }),
    });
    expect(r.err).toBe("");
    expect(r.out).toMatch(/^nil\tINVALID\n7\ttrue\nfalse\tbad argument #2 to '\?' \(table expected, got string\)\n$/);
  });

  it("the in-memory database is shared by the processes of a run", async () => {
    expect(await runLua(`local sql = require("sql")
      local db = assert(sql.get("sqlite::memory:"))
      assert(db:execute("CREATE TABLE shared (v INTEGER)"))
      print((process.exec("w.lua")))
      print(assert(db:query("SELECT v FROM shared"))[1].v)
    `, {
      "w.lua": `local sql = require("sql")
        local db = assert(sql.get("sqlite::memory:"))
        assert(db:execute("INSERT INTO shared VALUES (42)"))
        return "inserted"`,
    })).toBe("inserted\n42\n");
  });

  it("SQLite: a slow query parks only its coroutine (the connection has a thread of its own)", async () => {
    expect(await runLua(`local sql = require("sql")
      local db = assert(sql.get("sqlite::memory:"))
      local ch = channel.new(2)
      coroutine.spawn(function()
        local rows = assert(db:query("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 300000) SELECT count(*) AS n FROM c"))
        ch:send("query done " .. rows[1].n)
      end)
      coroutine.spawn(function() ch:send("other coroutine ran") end)
      print(ch:receive())
      print(ch:receive())
    `)).toBe("other coroutine ran\ttrue\nquery done 300000\ttrue\n");
  });

  it("SQLite: while a transaction is open, another process's statement waits for it", async () => {
    expect(await runLua(`local sql = require("sql")
      local time = require("time")
      local db = assert(sql.get("sqlite::memory:"))
      assert(db:execute("CREATE TABLE q (v INTEGER)"))
      local tx = assert(db:begin())
      assert(tx:execute("INSERT INTO q VALUES (1)"))
      local pid = process.spawn_monitored("reader.lua", nil, process.pid())
      local m = process.inbox():receive()
      print("reader started", (m:payload():data()))
      time.sleep("50ms")
      assert(tx:commit())
      local ev = process.events():receive()
      print("reader saw", ev.result.value)
    `, {
      "reader.lua": `local sql = require("sql")
        local parent = ...
        local db = assert(sql.get("sqlite::memory:"))
        process.send(parent, "started", true)
        return #assert(db:query("SELECT * FROM q"))`,
    })).toBe("reader started\ttrue\nreader saw\t1\n");
  });
});

describe.skipIf(PG_URL === "")(`postgres queries park only the calling coroutine${PG_URL === "" ? " — skipped: WIPPY_TEST_PG_URL is not set" : ""}`, () => {
  it("another coroutine runs while a slow query waits", async () => {
    expect(await runLua(`local sql = require("sql")
      local db = assert(sql.get(${JSON.stringify(PG_URL)}))
      local ch = channel.new(2)
      coroutine.spawn(function()
        local rows = assert(db:query("SELECT 1 AS slept FROM pg_sleep(0.2)"))
        ch:send("query done " .. tostring(rows[1].slept))
      end)
      coroutine.spawn(function() ch:send("other coroutine ran") end)
      print(ch:receive())
      print(ch:receive())
    `)).toBe("other coroutine ran\ttrue\nquery done 1\ttrue\n");
  });

  it("a transaction's rows are invisible to other handles until commit; placeholders in literals are not parameters", async () => {
    const T = `tp_${process.pid}_${Date.now() % 100000}`;
    expect(await runLua(`local sql = require("sql")
      local db = assert(sql.get(${JSON.stringify(PG_URL)}))
      assert(db:execute("CREATE TABLE ${T} (v TEXT)"))
      local tx = assert(db:begin())
      assert(tx:execute("INSERT INTO ${T} VALUES (?), ('what?')", {"a"}))
      print(#assert(db:query("SELECT * FROM ${T}")), #assert(tx:query("SELECT * FROM ${T} WHERE v <> '?' -- ?")))
      assert(tx:commit())
      print(#assert(db:query("SELECT * FROM ${T} WHERE v = $$?$$ OR v = ?", {"what?"})))
    `)).toBe("0\t2\n1\n");
  });
});
