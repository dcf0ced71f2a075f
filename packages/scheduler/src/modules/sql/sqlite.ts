// The embedded engine: SQLite through better-sqlite3, one connection per
// database file (or the run's one in-memory database) shared by every
// handle of a run.
//
// better-sqlite3 is synchronous: a statement runs to completion inside the
// host call. That is acceptable for an embedded database (statements take
// microseconds and there is no network), but it does mean a long query
// holds the whole event loop; PostgreSQL (postgres.ts) never does.
//
// Handles share the connection, so a transaction is a lock on it: while
// one is open, statements of other handles wait (their coroutine parks,
// see sql-lib.ts) until it ends, and never see its uncommitted rows.

import { createRequire } from "node:module";
import type Database from "better-sqlite3";
import { mkFloat, mkInt, type LuaValue } from "../../vm.js";
import { SqlFailure, fromDriverBytes, fromDriverText, type ExecResult, type Param, type Rows } from "./common.js";

type Statement = Database.Statement<unknown[], unknown>;

/** How long a statement waits for another handle's transaction before failing UNAVAILABLE (ms). */
export const BUSY_TIMEOUT_MS = 5000;
const STATEMENT_CACHE = 64;

// The native addon is loaded on first use, not at every wippy-lua start-up.
const requireHere = createRequire(import.meta.url);
let sqliteModule: typeof Database | null = null;
function sqliteDriver(): typeof Database {
  return (sqliteModule ??= requireHere("better-sqlite3") as typeof Database);
}

export class SqliteDb {
  /** The transaction holding the connection, if any (an opaque owner). */
  owner: object | null = null;
  /** Calls waiting for the connection, in arrival order. */
  readonly waiters: { run: () => void; drop: () => void }[] = [];
  private readonly cache = new Map<string, Statement>();
  private changesStmt: Statement | null = null;

  constructor(readonly db: Database.Database, readonly name: string) {}

  private prepare(sql: string): Statement {
    let st = this.cache.get(sql);
    if (st !== undefined) return st;
    st = this.db.prepare(sql);
    st.safeIntegers(true);
    if (st.reader) st.raw(true);
    if (this.cache.size >= STATEMENT_CACHE) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(sql, st);
    return st;
  }

  /** Runs a statement and returns its rows (none for statements that return no data). */
  query(sql: string, params: Param[]): Rows {
    return wrap(() => {
      const st = this.prepare(sql);
      if (!st.reader) {
        st.run(...params);
        return { columns: [], rows: [] };
      }
      return { columns: st.columns().map((c) => fromDriverText(c.name)), rows: (st.all(...params) as unknown[][]).map(rowValues) };
    });
  }

  /** Runs a statement (or, without parameters, a script of several) and reports its changes. */
  execute(sql: string, params: Param[]): ExecResult {
    return wrap(() => {
      let st: Statement;
      try {
        st = this.prepare(sql);
      } catch (e) {
        if (params.length === 0 && e instanceof RangeError && /more than one statement/.test(e.message)) {
          this.db.exec(sql);
          return this.lastChanges();
        }
        throw e;
      }
      if (st.reader) {
        st.all(...params);
        return this.lastChanges();
      }
      const r = st.run(...params);
      return { changes: mkInt(BigInt(r.changes)), lastId: mkInt(BigInt(r.lastInsertRowid)) };
    });
  }

  private lastChanges(): ExecResult {
    this.changesStmt ??= this.db.prepare("SELECT changes(), last_insert_rowid()").raw(true).safeIntegers(true);
    const [changes, lastId] = this.changesStmt.get() as [bigint, bigint];
    return { changes: mkInt(changes), lastId: mkInt(lastId) };
  }

  begin(): void {
    wrap(() => this.db.exec("BEGIN"));
  }

  commit(): void {
    wrap(() => this.db.exec("COMMIT"));
  }

  /** Rolls back the open transaction; quiet when SQLite already did (after some errors it does). */
  rollback(): void {
    if (this.db.inTransaction) wrap(() => this.db.exec("ROLLBACK"));
  }

  /** Gives the connection to the next waiters until one of them takes it for a transaction. */
  release(): void {
    this.owner = null;
    while (this.owner === null && this.waiters.length > 0) this.waiters.shift()!.run();
  }

  close(): void {
    for (const w of this.waiters.splice(0)) w.drop();
    if (this.db.open) this.db.close();
  }
}

function rowValues(raw: unknown[]): LuaValue[] {
  const out: LuaValue[] = new Array(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = columnValue(raw[i]);
  return out;
}

/** INTEGER → integer, REAL → float, TEXT → string, BLOB → string, NULL → nil (spec §9.2). */
function columnValue(v: unknown): LuaValue {
  if (v === null) return undefined;
  if (typeof v === "bigint") return mkInt(v);
  if (typeof v === "number") return mkFloat(v);
  if (typeof v === "string") return fromDriverText(v);
  if (v instanceof Uint8Array) return fromDriverBytes(v);
  return undefined;
}

/** Opens (and configures) a database file or ":memory:"; throws SqlFailure(UNAVAILABLE). */
export function openSqlite(file: string, name: string): SqliteDb {
  try {
    const db = new (sqliteDriver())(file, { timeout: BUSY_TIMEOUT_MS });
    db.pragma("foreign_keys = ON");
    db.defaultSafeIntegers(true);
    return new SqliteDb(db, name);
  } catch (e) {
    throw new SqlFailure("UNAVAILABLE", `cannot open database ${name}: ${(e as Error).message}`);
  }
}

/** Engine errors to kinds (spec §9.4), with the engine's message. */
function wrap<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw sqliteFailure(e);
  }
}

function sqliteFailure(e: unknown): SqlFailure {
  if (e instanceof SqlFailure) return e;
  const err = e as { code?: unknown; message?: unknown };
  const message = fromDriverText(String(err.message ?? e));
  const code = typeof err.code === "string" ? err.code : "";
  if (code.startsWith("SQLITE_CONSTRAINT")) return new SqlFailure("CONFLICT", message);
  if (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED")) return new SqlFailure("UNAVAILABLE", message, true);
  if (code === "SQLITE_ERROR" || code === "SQLITE_RANGE" || code === "SQLITE_MISMATCH" || e instanceof RangeError || e instanceof TypeError) {
    return new SqlFailure("INVALID", message);
  }
  return new SqlFailure("INTERNAL", message);
}
