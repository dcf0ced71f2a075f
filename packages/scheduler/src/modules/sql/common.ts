// What the SQL engines share: failures with their error kinds, statement
// results, and the conversions between Lua values (byte strings) and the
// JS values the drivers take and give.

import { isUtf8 } from "node:buffer";
import { LuaFloat, LuaUserdata, type LuaValue } from "../../vm.js";
import type { Kind } from "../../errors-lib.js";

/** An operational failure: becomes `nil, err` with this kind (spec §9.4). */
export class SqlFailure extends Error {
  constructor(readonly kind: Kind, message: string, readonly retryable?: boolean) {
    super(message);
  }
}

/** Rows of a query: column names (byte strings) and values already converted to Lua values. */
export interface Rows {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly LuaValue[])[];
}

/** What `execute` reports. */
export interface ExecResult {
  readonly changes: LuaValue;
  readonly lastId: LuaValue;
}

/** `sql.NULL`: one value shared by every process (a userdata without metatable, so it cannot be changed). */
export const SQL_NULL = new LuaUserdata(Symbol("sql.NULL"));

const ASCII = /^[\x00-\x7f]*$/;

/** A JS string from a driver (UTF-16) as a Lua byte string (its UTF-8 bytes). */
export function fromDriverText(s: string): string {
  return ASCII.test(s) ? s : Buffer.from(s, "utf8").toString("latin1");
}

/** Bytes (a BLOB) as a Lua byte string. */
export function fromDriverBytes(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("latin1");
}

/**
 * A Lua string as a driver parameter: valid UTF-8 becomes text; other
 * bytes cannot be text without damage, so they are bound as a BLOB.
 */
export function toDriverString(s: string): string | Buffer {
  if (ASCII.test(s)) return s;
  const bytes = Buffer.from(s, "latin1");
  return isUtf8(bytes) ? bytes.toString("utf8") : bytes;
}

/** A parameter value the engine binds. */
export type Param = null | number | bigint | string | Buffer;

/** Lua parameters (spec §9.2) to driver values; throws SqlFailure(INVALID) for tables and other values. */
export function toParams(list: readonly LuaValue[]): Param[] {
  const out: Param[] = new Array(list.length);
  for (let i = 0; i < list.length; i++) {
    const v = list[i];
    if (v === undefined || v === SQL_NULL) out[i] = null;
    else if (typeof v === "boolean") out[i] = v ? 1 : 0;
    else if (typeof v === "number" || typeof v === "bigint") out[i] = v;
    else if (v instanceof LuaFloat) out[i] = v.n;
    else if (typeof v === "string") out[i] = toDriverString(v);
    else throw new SqlFailure("INVALID", `parameter ${i + 1}: cannot bind a ${v instanceof LuaUserdata ? "userdata" : typeof v === "object" ? "non-scalar" : typeof v} value`);
  }
  return out;
}

/**
 * Positions of the `?` placeholders of a statement, skipping string
 * literals, quoted identifiers, comments and dollar-quoted strings.
 */
export function placeholders(sql: string): number[] {
  const at: number[] = [];
  const n = sql.length;
  for (let i = 0; i < n; i++) {
    const c = sql[i];
    if (c === "?") {
      at.push(i);
    } else if (c === "'" || c === '"' || c === "`") {
      const end = sql.indexOf(c, i + 1);
      i = end < 0 ? n : end; // a doubled quote closes and reopens: same effect
    } else if (c === "-" && sql[i + 1] === "-") {
      const end = sql.indexOf("\n", i);
      i = end < 0 ? n : end;
    } else if (c === "/" && sql[i + 1] === "*") {
      const end = sql.indexOf("*/", i + 2);
      i = end < 0 ? n : end + 1;
    } else if (c === "$") {
      const m = /^\$([A-Za-z_]\w*)?\$/.exec(sql.slice(i, i + 64));
      if (m !== null && !/\w/.test(sql[i - 1] ?? "")) {
        const end = sql.indexOf(m[0], i + m[0].length);
        i = end < 0 ? n : end + m[0].length - 1;
      }
    }
  }
  return at;
}
