// The `sql` module (runtime spec §9): sql.get, database handles and
// transactions as Lua objects over the SQLite and PostgreSQL engines.
//
// Handles belong to the process that opened them; when it exits they are
// released and their open transactions rolled back. Connections belong to
// the run (one SQLite connection per database, one PostgreSQL pool per URL)
// and are closed when it ends.

import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type pg from "pg";
import { callingTask } from "../../channel-lib.js";
import { CowTable, templateFrom } from "../../cow-table.js";
import { ErrorValue, errorObject, failWith } from "../../errors-lib.js";
import { metaSpec, newObject, objectArg, procOf } from "../../meta.js";
import { PARK, wakeTask, type Process, type Runtime } from "../../runtime.js";
import {
  HostFunction, LuaTable, arg, checkString, typeError, type HostFn, type LuaThread, type LuaValue,
} from "../../vm.js";
import { onExit, runtimeState } from "../resources.js";
import { SQL_NULL, SqlFailure, toParams, type ExecResult, type Param, type Rows } from "./common.js";
import { PgDb } from "./postgres.js";
import { BUSY_TIMEOUT_MS, SqliteDb, openSqlite } from "./sqlite.js";

type Engine = SqliteDb | PgDb;

class DbHandle {
  released = false;
  readonly txs = new Set<TxHandle>();
  constructor(readonly proc: Process, readonly engine: Engine) {}
}

class TxHandle {
  active = true;
  constructor(readonly handle: DbHandle, readonly client: pg.PoolClient | null) {}
}

interface DatabaseConfig {
  driver?: unknown;
  path?: unknown;
  url?: unknown;
}

interface SqlRuntime {
  readonly sqlite: Map<string, SqliteDb>;
  readonly postgres: Map<string, PgDb>;
  readonly handles: Map<Process, Set<DbHandle>>;
  /** wippy.json's `databases` (spec §11.3). */
  readonly configured: Map<string, DatabaseConfig>;
}

const SQL_STATE = Symbol("sql");

function readDatabases(root: string): Map<string, DatabaseConfig> {
  const m = new Map<string, DatabaseConfig>();
  const file = path.join(root, "wippy.json");
  if (!existsSync(file)) return m;
  try {
    const data = JSON.parse(readFileSync(file, "utf8")) as { databases?: Record<string, DatabaseConfig> };
    for (const [id, c] of Object.entries(data.databases ?? {})) if (c !== null && typeof c === "object") m.set(id, c);
  } catch {
    // An unreadable manifest configures nothing (as for entries, spawn.ts).
  }
  return m;
}

function sqlRuntime(rt: Runtime): SqlRuntime {
  return runtimeState(rt, SQL_STATE, () => ({
    sqlite: new Map(),
    postgres: new Map(),
    handles: new Map(),
    configured: readDatabases(rt.options.root),
  }), (s) => {
    for (const set of s.handles.values()) for (const h of set) releaseHandle(h);
    s.handles.clear();
    for (const db of s.sqlite.values()) db.close();
    for (const db of s.postgres.values()) db.close();
  });
}

// ------------------------------------------------------------ results

function errorOf(p: Process, e: unknown): LuaValue {
  const f = e instanceof SqlFailure ? e : new SqlFailure("INTERNAL", e instanceof Error ? e.message : String(e));
  return errorObject(p, new ErrorValue(f.message, f.kind, f.retryable, undefined, ""));
}

/** Rows as an array of tables keyed by column name; NULL columns are absent; a repeated name: the last wins. */
function rowsTable(r: Rows): LuaTable {
  const out = new LuaTable();
  const cols = r.columns;
  const list: LuaValue[] = new Array(r.rows.length);
  for (let i = 0; i < r.rows.length; i++) {
    const row = r.rows[i]!;
    const t = new LuaTable();
    for (let j = 0; j < cols.length; j++) t.setStr(cols[j]!, row[j]);
    list[i] = t;
  }
  out.arr = list;
  return out;
}

function execTable(r: ExecResult): LuaTable {
  const t = new LuaTable();
  t.setStr("rows_affected", r.changes);
  t.setStr("last_insert_id", r.lastId);
  return t;
}

function settle(p: Process, promise: Promise<LuaValue>): Promise<LuaValue[]> {
  return promise.then((v) => [v, undefined], (e: unknown) => [undefined, errorOf(p, e)]);
}

function push2(L: LuaThread, values: LuaValue[]): number {
  L.stack[L.top++] = values[0];
  L.stack[L.top++] = values[1];
  return 2;
}

/**
 * Sends SQLite work now, or, while another handle's transaction holds the
 * connection, parks the calling coroutine until it is released (or until
 * the busy timeout: UNAVAILABLE, retryable). Either way the coroutine
 * waits for the database thread's answer.
 */
function sqliteCall(L: LuaThread, db: SqliteDb, tx: TxHandle | null, work: () => Promise<LuaValue>): number | PromiseLike<unknown> {
  const p = procOf(L);
  if (db.owner === null || (tx !== null && db.owner === tx)) return settle(p, work());
  const task = callingTask(L);
  const rt = p.rt;
  const waiter = {
    run: () => {
      rt.clearTimer(p, timer);
      if (!p.alive) return;
      // Outside a host call's return the runtime does not see this wait:
      // count it as external work, so that it is not taken for a deadlock.
      rt.external++;
      void settle(p, work()).then((values) => {
        rt.external--;
        if (p.alive) wakeTask(task, values);
        rt.kick();
      });
    },
    drop: () => rt.clearTimer(p, timer),
  };
  const timer = rt.setTimer(p, BUSY_TIMEOUT_MS, () => {
    const i = db.waiters.indexOf(waiter);
    if (i >= 0) db.waiters.splice(i, 1);
    const e = new SqlFailure("UNAVAILABLE", `database ${db.name} is locked by another transaction`, true);
    wakeTask(task, [undefined, errorOf(p, e)]);
  });
  db.waiters.push(waiter);
  return PARK;
}

// ------------------------------------------------------------ handles

const DB_META = metaSpec("sql.db", [
  new HostFunction("query", (L) => statement(L, false, "query")),
  new HostFunction("execute", (L) => statement(L, false, "execute")),
  new HostFunction("begin", (L) => begin(L)),
  new HostFunction("type", (L) => push2(L, [selfDb(L).engine instanceof PgDb ? "postgres" : "sqlite", undefined])),
  new HostFunction("release", (L) => {
    releaseHandle(selfDb(L));
    return push2(L, [true, undefined]);
  }),
]);

const TX_META = metaSpec("sql.tx", [
  new HostFunction("query", (L) => statement(L, true, "query")),
  new HostFunction("execute", (L) => statement(L, true, "execute")),
  new HostFunction("commit", (L) => finish(L, "COMMIT")),
  new HostFunction("rollback", (L) => finish(L, "ROLLBACK")),
]);

function selfDb(L: LuaThread): DbHandle {
  return objectArg(L, 1, DbHandle) ?? typeError(L, 1, "sql.db");
}

function selfTx(L: LuaThread): TxHandle {
  return objectArg(L, 1, TxHandle) ?? typeError(L, 1, "sql.tx");
}

/** The params argument: nil, or an array table of #t values (holes are NULL). */
function paramsArg(L: LuaThread, n: number): Param[] {
  const t = arg(L, n);
  if (t === undefined) return [];
  if (!(t instanceof LuaTable)) throw new SqlFailure("INVALID", "params must be a table");
  const len = t.length();
  const list: LuaValue[] = new Array(len);
  for (let i = 0; i < len; i++) list[i] = t.getInt(i + 1);
  return toParams(list);
}

const NOT_ACTIVE = "transaction not active";

function statement(L: LuaThread, inTx: boolean, mode: "query" | "execute"): number | PromiseLike<unknown> {
  const tx = inTx ? selfTx(L) : null;
  const h = tx !== null ? tx.handle : selfDb(L);
  const sql = checkString(L, 2);
  if (tx !== null && !tx.active) return failWith(L, "INVALID", NOT_ACTIVE);
  if (h.released) return failWith(L, "INVALID", "database handle is released");
  let params: Param[];
  try {
    params = paramsArg(L, 3);
  } catch (e) {
    return push2(L, [undefined, errorOf(procOf(L), e)]);
  }
  const engine = h.engine;
  const p = procOf(L);
  if (engine instanceof SqliteDb) {
    const work = mode === "query"
      ? () => engine.query(sql, params).then(rowsTable)
      : () => engine.execute(sql, params).then(execTable);
    return sqliteCall(L, engine, tx, work);
  }
  const client = tx?.client ?? null;
  return settle(p, mode === "query"
    ? engine.query(client, sql, params).then(rowsTable)
    : engine.execute(client, sql, params).then(execTable));
}

function txObject(p: Process, tx: TxHandle): LuaValue {
  tx.handle.txs.add(tx);
  return newObject(p, TX_META, tx);
}

function begin(L: LuaThread): number | PromiseLike<unknown> {
  const h = selfDb(L);
  const opts = arg(L, 2);
  if (opts !== undefined && !(opts instanceof LuaTable)) return typeError(L, 2, "table");
  if (h.released) return failWith(L, "INVALID", "database handle is released");
  const p = procOf(L);
  const engine = h.engine;
  if (engine instanceof SqliteDb) {
    return sqliteCall(L, engine, null, () => {
      // The lock is taken now, so that statements of other handles sent
      // from here on wait for this transaction instead of running inside it.
      const tx = new TxHandle(h, null);
      engine.owner = tx;
      return engine.begin().then(() => {
        if (h.released || !p.alive) {
          abandon(tx);
          throw new SqlFailure("INVALID", "database handle is released");
        }
        return txObject(p, tx);
      }, (e: unknown) => {
        engine.release();
        throw e;
      });
    });
  }
  return settle(p, engine.begin().then((client) => {
    const tx = new TxHandle(h, client);
    if (h.released || !p.alive) {
      void engine.finish(client, "ROLLBACK").catch(() => {});
      throw new SqlFailure("INVALID", "database handle is released");
    }
    return txObject(p, tx);
  }));
}

function finish(L: LuaThread, command: "COMMIT" | "ROLLBACK"): number | Promise<LuaValue[]> {
  const tx = selfTx(L);
  if (!tx.active) return failWith(L, "INVALID", NOT_ACTIVE);
  tx.active = false;
  tx.handle.txs.delete(tx);
  const p = procOf(L);
  const engine = tx.handle.engine;
  if (engine instanceof SqliteDb) {
    // Waiting statements are sent after the COMMIT or ROLLBACK, so they run after it.
    const done = engine.finish(command);
    engine.release();
    return settle(p, done.then(() => true));
  }
  return settle(p, engine.finish(tx.client!, command).then(() => true));
}

/** Ends a transaction that nobody will finish (its handle or process went away): roll it back. */
function abandon(tx: TxHandle): void {
  if (!tx.active) return;
  tx.active = false;
  const engine = tx.handle.engine;
  if (engine instanceof SqliteDb) {
    // A failure means the connection is closing or already rolled back: the transaction is gone.
    void engine.finish("ROLLBACK").catch(() => {});
    engine.release();
  } else {
    void engine.finish(tx.client!, "ROLLBACK").catch(() => {});
  }
}

function releaseHandle(h: DbHandle): void {
  if (h.released) return;
  h.released = true;
  for (const tx of h.txs) abandon(tx);
  h.txs.clear();
  sqlRuntime(h.proc.rt).handles.get(h.proc)?.delete(h);
}

function newHandle(p: Process, engine: Engine): LuaValue {
  const s = sqlRuntime(p.rt);
  let set = s.handles.get(p);
  if (set === undefined) {
    const mine = set = new Set();
    s.handles.set(p, mine);
    onExit(p, () => {
      for (const h of mine) releaseHandle(h);
      s.handles.delete(p);
    });
  }
  const h = new DbHandle(p, engine);
  set.add(h);
  return newObject(p, DB_META, h);
}

// ------------------------------------------------------------ sql.get

type Resolved = { driver: "sqlite"; file: string } | { driver: "postgres"; url: string } | null;

function resolve(s: SqlRuntime, root: string, id: string): Resolved {
  const c = s.configured.get(id);
  if (c !== undefined) {
    if (c.driver === "postgres" && typeof c.url === "string") return { driver: "postgres", url: c.url };
    if ((c.driver === "sqlite" || c.driver === undefined) && typeof c.path === "string") {
      return { driver: "sqlite", file: c.path === ":memory:" ? ":memory:" : path.resolve(root, c.path) };
    }
    throw new SqlFailure("INVALID", `database ${id} is misconfigured in wippy.json (driver "sqlite" with "path", or "postgres" with "url")`);
  }
  if (id === "sqlite::memory:") return { driver: "sqlite", file: ":memory:" };
  if (id.startsWith("sqlite:") && id.length > 7) return { driver: "sqlite", file: path.resolve(root, id.slice(7)) };
  if (id.startsWith("postgres://") || id.startsWith("postgresql://")) return { driver: "postgres", url: id };
  return null;
}

const get: HostFn = (L) => {
  const id = checkString(L, 1);
  if (id === "") return failWith(L, "INVALID", "database id is empty");
  const p = procOf(L);
  const s = sqlRuntime(p.rt);
  let r: Resolved;
  try {
    r = resolve(s, p.rt.options.root, id);
  } catch (e) {
    return push2(L, [undefined, errorOf(p, e)]);
  }
  if (r === null) return failWith(L, "NOT_FOUND", `database not found: ${id}`);
  if (r.driver === "sqlite") {
    const file = r.file;
    let db = s.sqlite.get(file);
    if (db === undefined) {
      const opening = db = openSqlite(file, id);
      s.sqlite.set(file, opening);
      // A database that could not be opened is tried again by the next sql.get.
      opening.opened.catch(() => {
        if (s.sqlite.get(file) === opening) s.sqlite.delete(file);
      });
    }
    const engine = db;
    return settle(p, engine.opened.then(() => {
      if (!p.alive) throw new SqlFailure("CANCELED", "process exited");
      return newHandle(p, engine);
    }));
  }
  const url = r.url;
  try {
    new URL(url);
  } catch {
    return failWith(L, "INVALID", "malformed PostgreSQL URL");
  }
  let db = s.postgres.get(url);
  if (db === undefined) s.postgres.set(url, db = new PgDb(url));
  const engine = db;
  return settle(p, engine.ping().then(() => {
    if (!p.alive) throw new SqlFailure("CANCELED", "process exited");
    return newHandle(p, engine);
  }));
};

const SQL_TEMPLATE = templateFrom([
  ["get", new HostFunction("get", get)],
  ["NULL", SQL_NULL],
]);

/** The loader `require("sql")` finds. */
export const SQL_LOADER = new HostFunction("sql", (L) => {
  L.stack[L.top++] = new CowTable(SQL_TEMPLATE);
  return 1;
});
