// PostgreSQL through `pg`: one connection pool per URL per run; every
// statement is a promise, so the calling coroutine parks and the event loop
// keeps running. A transaction holds one pooled client until it ends.
//
// Same API and value mapping as SQLite: `?` placeholders become $1, $2...;
// integers come back as Lua integers (int8 beyond 2^53 too), floats as
// floats, bytea as byte strings, booleans as booleans; every other type
// (numeric, dates, json, ...) as its text.

import { createRequire } from "node:module";
import type pg from "pg";
import { mkFloat, mkInt, type LuaValue } from "../../vm.js";
import { SqlFailure, fromDriverBytes, fromDriverText, placeholders, type ExecResult, type Param, type Rows } from "./common.js";

const OID = { bool: 16, bytea: 17, int8: 20, int2: 21, int4: 23, oid: 26, float4: 700, float8: 701 } as const;

// pg is loaded on first use: importing it (it pulls in Node's fetch) would
// cost every wippy-lua start-up tens of milliseconds.
const requireHere = createRequire(import.meta.url);
let pgModule: typeof pg | null = null;
function pgDriver(): typeof pg {
  return (pgModule ??= requireHere("pg") as typeof pg);
}

/** Text-format values to Lua values (binary format is never requested). */
function parserFor(oid: number): (text: string) => LuaValue {
  switch (oid) {
    case OID.int2:
    case OID.int4:
    case OID.oid:
      return Number;
    case OID.int8:
      return (s) => mkInt(BigInt(s));
    case OID.float4:
    case OID.float8:
      return (s) => mkFloat(Number(s));
    case OID.bool:
      return (s) => s === "t";
    case OID.bytea: {
      const byteaParser = pgDriver().types.getTypeParser(OID.bytea, "text") as (s: string) => Buffer;
      return (s) => fromDriverBytes(byteaParser(s));
    }
    default:
      return fromDriverText;
  }
}

const TYPES = { getTypeParser: parserFor } as unknown as pg.CustomTypesConfig;

/** `?` placeholders to `$n`; checks the parameter count (spec §9.2: wrong count → INVALID). */
export function translate(sql: string, nparams: number): string {
  const at = placeholders(sql);
  if (at.length !== nparams) {
    throw new SqlFailure("INVALID", `statement has ${at.length} placeholders but ${nparams} parameters were given`);
  }
  if (at.length === 0) return sql;
  let out = "";
  let from = 0;
  for (let i = 0; i < at.length; i++) {
    out += sql.slice(from, at[i]) + "$" + (i + 1);
    from = at[i]! + 1;
  }
  return out + sql.slice(from);
}

/** Driver parameter values: 64-bit integers as text, byte strings already converted. */
function pgParams(params: Param[]): unknown[] {
  return params.map((p) => (typeof p === "bigint" ? p.toString() : p));
}

type Queryable = pg.Pool | pg.PoolClient;

function toRows(r: pg.QueryResult<unknown[]>): Rows {
  const fields = r.fields ?? [];
  const rows = (r.rows ?? []) as (LuaValue | null)[][];
  for (const row of rows) for (let i = 0; i < row.length; i++) if (row[i] === null) row[i] = undefined; // SQL NULL
  return { columns: fields.map((f) => fromDriverText(f.name)), rows: rows as LuaValue[][] };
}

export class PgDb {
  readonly pool: pg.Pool;

  constructor(readonly url: string) {
    this.pool = new (pgDriver().Pool)({ connectionString: url, max: 10, allowExitOnIdle: true });
    // An idle client losing its connection must not crash the runtime; the next query reports it.
    this.pool.on("error", () => {});
  }

  private async run(on: Queryable, sql: string, params: Param[]): Promise<pg.QueryResult<unknown[]>> {
    const text = translate(sql, params.length);
    try {
      return await on.query({ text, values: pgParams(params), rowMode: "array", types: TYPES });
    } catch (e) {
      throw pgFailure(e);
    }
  }

  /** Checks that the server answers (sql.get does not return a handle to a dead database). */
  async ping(): Promise<void> {
    try {
      const c = await this.pool.connect();
      c.release();
    } catch (e) {
      throw new SqlFailure("UNAVAILABLE", `cannot connect to PostgreSQL: ${messageOf(e)}`, true);
    }
  }

  async query(on: Queryable | null, sql: string, params: Param[]): Promise<Rows> {
    return toRows(await this.run(on ?? this.pool, sql, params));
  }

  /** rows_affected from the command tag; last_insert_id from `RETURNING` (first column of the first row) or 0. */
  async execute(on: Queryable | null, sql: string, params: Param[]): Promise<ExecResult> {
    const r = await this.run(on ?? this.pool, sql, params);
    const first = r.rows?.[0]?.[0];
    const lastId = typeof first === "number" && Number.isInteger(first) || typeof first === "bigint" ? first : 0;
    return { changes: r.rowCount ?? 0, lastId };
  }

  /** A client holding an open transaction. */
  async begin(): Promise<pg.PoolClient> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (e) {
      throw new SqlFailure("UNAVAILABLE", `cannot connect to PostgreSQL: ${messageOf(e)}`, true);
    }
    try {
      await client.query("BEGIN");
    } catch (e) {
      client.release(true);
      throw pgFailure(e);
    }
    return client;
  }

  /** COMMIT or ROLLBACK, then the client goes back to the pool (or is dropped if broken). */
  async finish(client: pg.PoolClient, command: "COMMIT" | "ROLLBACK"): Promise<void> {
    try {
      await client.query(command);
      client.release();
    } catch (e) {
      client.release(true);
      throw pgFailure(e);
    }
  }

  close(): void {
    this.pool.end().catch(() => {});
  }
}

function messageOf(e: unknown): string {
  return fromDriverText(e instanceof Error ? e.message : String(e));
}

/** SQLSTATE classes to kinds (spec §9.4). */
function pgFailure(e: unknown): SqlFailure {
  if (e instanceof SqlFailure) return e;
  const code = (e as { code?: unknown }).code;
  const message = messageOf(e);
  if (typeof code !== "string") return new SqlFailure("UNAVAILABLE", message, true); // connection-level (ECONNRESET, ...)
  const cls = code.slice(0, 2);
  if (cls === "23") return new SqlFailure("CONFLICT", message);
  if (cls === "42" || cls === "22" || cls === "2F" || cls === "0A") return new SqlFailure("INVALID", message);
  if (cls === "08" || cls === "57" || cls === "53" || cls === "40" || code === "55P03") return new SqlFailure("UNAVAILABLE", message, true);
  if (/^E[A-Z]+$/.test(code)) return new SqlFailure("UNAVAILABLE", message, true);
  return new SqlFailure("INTERNAL", message);
}
