// The embedded engine: SQLite through better-sqlite3, one connection per
// database file (or the run's one in-memory database) shared by every
// handle of a run.
//
// better-sqlite3 is synchronous, so the connection lives in a worker thread
// of its own (sqlite-worker.ts): a statement is a request the calling
// coroutine parks on, and a slow query never stalls other processes or
// Node's event loop. The thread answers requests in order, one at a time.
//
// Handles share the connection, so a transaction is a lock on it: while
// one is open, statements of other handles wait (their coroutine parks,
// see sql-lib.ts) until it ends, and never see its uncommitted rows. The
// lock is taken when BEGIN is sent and given back when COMMIT or ROLLBACK
// is sent: requests sent later run after it, in order.

import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import type { Kind } from "../../errors-lib.js";
import { mkFloat, mkInt, type LuaValue } from "../../vm.js";
import { SqlFailure, fromDriverBytes, fromDriverText, type ExecResult, type Param, type Rows } from "./common.js";
import { SQLITE_WORKER_SOURCE } from "./sqlite-worker.js";

/** How long a statement waits for another handle's transaction before failing UNAVAILABLE (ms). */
export const BUSY_TIMEOUT_MS = 5000;

interface Reply {
  id: number;
  ok: boolean;
  value?: unknown;
  error?: { kind: Kind; message: string; retryable?: boolean };
}

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: SqlFailure) => void;
}

// Resolved, not loaded: the driver is loaded by each database's thread.
let driverPath: string | null = null;
function sqliteDriver(): string {
  return (driverPath ??= createRequire(import.meta.url).resolve("better-sqlite3"));
}

export class SqliteDb {
  /** The transaction holding the connection, if any (an opaque owner). */
  owner: object | null = null;
  /** Calls waiting for the connection, in arrival order. */
  readonly waiters: { run: () => void; drop: () => void }[] = [];
  /** Settles when the database is open (rejects with UNAVAILABLE when it cannot be). */
  readonly opened: Promise<void>;
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private closed = false;

  constructor(file: string, readonly name: string) {
    this.worker = new Worker(SQLITE_WORKER_SOURCE, { eval: true, workerData: { driver: sqliteDriver() } });
    // The thread keeps the run alive only while a request is in flight.
    this.worker.unref();
    this.worker.on("message", (r: Reply) => this.answer(r));
    this.worker.on("error", (e) => this.fail(`database ${name} failed: ${e.message}`));
    this.worker.on("exit", () => this.fail(`database ${name} is closed`));
    this.opened = this.request({ op: "open", file, timeout: BUSY_TIMEOUT_MS }).then(
      () => undefined,
      (e: SqlFailure) => {
        this.close();
        throw new SqlFailure("UNAVAILABLE", `cannot open database ${name}: ${e.message}`);
      },
    );
  }

  private request(message: Record<string, unknown>): Promise<unknown> {
    if (this.closed) return Promise.reject(new SqlFailure("UNAVAILABLE", `database ${this.name} is closed`));
    const id = this.nextId++;
    if (this.pending.size === 0) this.worker.ref();
    const p = new Promise<unknown>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    this.worker.postMessage({ ...message, id });
    return p;
  }

  private answer(r: Reply): void {
    const p = this.pending.get(r.id);
    if (p === undefined) return;
    this.pending.delete(r.id);
    if (this.pending.size === 0) this.worker.unref();
    if (r.ok) p.resolve(r.value);
    else p.reject(new SqlFailure(r.error!.kind, fromDriverText(r.error!.message), r.error!.retryable));
  }

  /** The thread is gone: every request in flight fails. */
  private fail(message: string): void {
    this.closed = true;
    for (const p of this.pending.values()) p.reject(new SqlFailure("UNAVAILABLE", message, true));
    this.pending.clear();
  }

  /** Runs a statement and returns its rows (none for statements that return no data). */
  async query(sql: string, params: Param[]): Promise<Rows> {
    const r = (await this.request({ op: "query", sql, params })) as { columns: string[]; rows: unknown[][] };
    return { columns: r.columns.map(fromDriverText), rows: r.rows.map(rowValues) };
  }

  /** Runs a statement (or, without parameters, a script of several) and reports its changes. */
  async execute(sql: string, params: Param[]): Promise<ExecResult> {
    const r = (await this.request({ op: "execute", sql, params })) as { changes: bigint; lastId: bigint };
    return { changes: mkInt(r.changes), lastId: mkInt(r.lastId) };
  }

  begin(): Promise<unknown> {
    return this.request({ op: "exec", sql: "BEGIN" });
  }

  /** COMMIT (rolled back when it fails) or ROLLBACK (quiet when SQLite already rolled back). */
  finish(command: "COMMIT" | "ROLLBACK"): Promise<unknown> {
    return this.request({ op: "finish", command });
  }

  /** Gives the connection to the next waiters until one of them takes it for a transaction. */
  release(): void {
    this.owner = null;
    while (this.owner === null && this.waiters.length > 0) this.waiters.shift()!.run();
  }

  /** Closes the connection after the requests already sent; later ones fail. */
  close(): void {
    for (const w of this.waiters.splice(0)) w.drop();
    if (this.closed) return;
    this.worker.postMessage({ op: "close", id: -1 });
    this.closed = true;
    this.worker.unref();
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

/** Starts the thread of a database file or ":memory:"; `opened` says whether it could be opened. */
export function openSqlite(file: string, name: string): SqliteDb {
  return new SqliteDb(file, name);
}
