// Lua values as JS values. See docs/decisions/0001-value-representation.md.
//
//   nil      -> undefined
//   boolean  -> boolean
//   integer  -> number (always integral and within ±(2^53-1)), or
//               bigint (only outside that range, always within int64)
//   float    -> number when not integral-valued (fractions, NaN, ±Infinity),
//               LuaFloat box when integral-valued (1.0, -0.0, 2^63, 1e300)
//   string   -> string holding one char per byte (0-255)
//   table, function, userdata, thread -> VM objects
//
// The form is canonical: a given Lua value has exactly one representation,
// so `===`/Map keys work for integers and strings without normalising.

import type { LuaTable } from "./table.js";
import type { LuaFunction } from "./function.js";
import type { LuaUserdata } from "./userdata.js";
import type { LuaThread } from "./state.js";

/** An integral-valued float (including -0.0). Non-integral floats are plain numbers. */
export class LuaFloat {
  constructor(readonly n: number) {}
}

/** Largest integer kept as a JS number (2^53 - 1). */
export const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** Is `v` a Lua integer (in either of its two forms)? */
export function isInteger(v: unknown): v is number | bigint {
  return (typeof v === "number" && Number.isInteger(v)) || typeof v === "bigint";
}

/** Is `v` a Lua float (in either of its two forms)? */
export function isFloat(v: unknown): v is number | LuaFloat {
  return (typeof v === "number" && !Number.isInteger(v)) || v instanceof LuaFloat;
}

/** Canonical Lua float for a JS double. */
export function mkFloat(d: number): number | LuaFloat {
  return Number.isInteger(d) || Object.is(d, -0) ? new LuaFloat(d) : d;
}

/** Longest string constant internString interns (longer ones are rarely keys or formats). */
const INTERN_MAX = 128;

/**
 * s as V8's internalized copy (the one a string literal in JS source is),
 * for a Proto's string constants. The same text reaches the runtime both
 * as the constant (interpreter) and as a literal in compiled code; two
 * different copies compare by content on every === (format's cache check,
 * a table key lookup), and a property lookup with a key that is not
 * internalized first searches V8's string table for it. A property key
 * of an object is always internalized: the object gives it back.
 */
export function internString(s: string): string {
  if (s.length > INTERN_MAX) return s;
  // (An array index such as "12" comes back as a new string: equal, and harmless.)
  return Object.keys({ [s]: 0 })[0]!;
}

/** Canonical Lua integer for a bigint already wrapped to int64. */
export function mkInt(b: bigint): number | bigint {
  return b >= -9007199254740991n && b <= 9007199254740991n ? Number(b) : b;
}

/**
 * Any Lua value. Tables, functions, userdata and threads are VM objects
 * (see table.ts, function.ts, userdata.ts, state.ts); only their types are
 * imported here, so this file has no run-time dependencies.
 */
export type LuaValue =
  | undefined
  | boolean
  | number
  | bigint
  | LuaFloat
  | string
  | LuaTable
  | LuaFunction
  | LuaUserdata
  | LuaThread;
