// The `errors` global and error objects (runtime spec §6): userdata with
// message/kind/retryable/details/stack methods, raised with error() and
// returned as the second value of operations that fail for operational
// reasons.

import {
  HostFunction, LuaError, LuaTable, LuaUserdata, argError, arg, checkString, numberToStringOrNull,
  traceback, typeError, type HostFn, type LuaThread, type LuaValue,
} from "./vm.js";
import { metaSpec, newObject, procOf } from "./meta.js";
import type { Process } from "./runtime.js";
import { transfer } from "./transfer.js";

export const KINDS = [
  "UNKNOWN", "INVALID", "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED", "TIMEOUT", "CANCELED",
  "UNAVAILABLE", "INTERNAL", "CONFLICT", "RATE_LIMITED",
] as const;
export type Kind = (typeof KINDS)[number];

export class ErrorValue {
  constructor(
    readonly message: string,
    readonly kind: string,
    readonly retryable: boolean | undefined,
    readonly details: LuaTable | undefined,
    readonly stack: string,
    /** Made from a plain raised value (a string): process.exec reports it as INTERNAL. */
    readonly kindless = false,
  ) {}
}

/** The error object (Lua value) for `ev` in process `p`. */
export function errorObject(p: Process, ev: ErrorValue): LuaUserdata {
  return newObject(p, ERROR_META, ev);
}

/** A new error object of `kind` in the process running L. */
export function newError(L: LuaThread, kind: Kind, message: string, retryable?: boolean): LuaUserdata {
  return errorObject(procOf(L), new ErrorValue(message, kind, retryable, undefined, ""));
}

/** Pushes `nil, err` and returns 2: the operational-failure result. */
export function failWith(L: LuaThread, kind: Kind, message: string, first: LuaValue = undefined): number {
  L.stack[L.top++] = first;
  L.stack[L.top++] = newError(L, kind, message);
  return 2;
}

/** Raises an error object (a programming error that still carries a kind). */
export function raiseKind(L: LuaThread, kind: Kind, message: string): never {
  throw new LuaError(newError(L, kind, message));
}

export function isErrorObject(v: LuaValue): v is LuaUserdata {
  return v instanceof LuaUserdata && v.value instanceof ErrorValue;
}

/** An ErrorValue for any raised or returned error value (strings keep their text). */
export function toErrorValue(v: LuaValue, stack = ""): ErrorValue {
  if (v instanceof LuaUserdata && v.value instanceof ErrorValue) return v.value;
  let msg: string;
  if (typeof v === "string") msg = v;
  else if (v === undefined) msg = "nil";
  else msg = numberToStringOrNull(v) ?? `(error object is a ${typeof v === "boolean" ? "boolean" : "non-string"} value)`;
  return new ErrorValue(msg, "UNKNOWN", undefined, undefined, stack, true);
}

function self(L: LuaThread): ErrorValue {
  const v = arg(L, 1);
  if (v instanceof LuaUserdata && v.value instanceof ErrorValue) return v.value;
  return typeError(L, 1, "error");
}

function push1(L: LuaThread, v: LuaValue): number {
  L.stack[L.top++] = v;
  return 1;
}

const methods: HostFunction[] = [
  new HostFunction("message", (L) => push1(L, self(L).message)),
  new HostFunction("kind", (L) => push1(L, self(L).kind)),
  new HostFunction("retryable", (L) => push1(L, self(L).retryable)),
  new HostFunction("details", (L) => push1(L, self(L).details)),
  new HostFunction("stack", (L) => push1(L, self(L).stack)),
];

/** Text of one operand of `..` next to an error object. */
function concatText(L: LuaThread, v: LuaValue): string {
  if (v instanceof LuaUserdata && v.value instanceof ErrorValue) return v.value.message;
  if (typeof v === "string") return v;
  const n = numberToStringOrNull(v);
  if (n !== null) return n;
  throw new LuaError(`attempt to concatenate a ${v instanceof LuaTable ? "table" : typeof v === "boolean" ? "boolean" : v === undefined ? "nil" : "userdata"} value`, true);
}

const ERROR_META = metaSpec("error", methods, [
  ["__tostring", new HostFunction("tostring", (L) => push1(L, self(L).message))],
  ["__concat", new HostFunction("concat", (L) => push1(L, concatText(L, arg(L, 1)) + concatText(L, arg(L, 2))))],
]);

function stackOf(L: LuaThread): string {
  return traceback(L, null, 1);
}

const errNew: HostFn = (L) => {
  const a = arg(L, 1);
  const p = procOf(L);
  if (typeof a === "string") return push1(L, errorObject(p, new ErrorValue(a, "UNKNOWN", undefined, undefined, stackOf(L))));
  if (!(a instanceof LuaTable)) return argError(L, 1, "string or table expected");
  const message = a.get("message");
  if (typeof message !== "string") return argError(L, 1, "field 'message' must be a string");
  const kind = a.get("kind");
  if (kind !== undefined && typeof kind !== "string") return argError(L, 1, "field 'kind' must be a string");
  const retryable = a.get("retryable");
  if (retryable !== undefined && typeof retryable !== "boolean") return argError(L, 1, "field 'retryable' must be a boolean");
  const details = a.get("details");
  if (details !== undefined && !(details instanceof LuaTable)) return argError(L, 1, "field 'details' must be a table");
  const copied = details === undefined ? undefined : transfer(details, p) as LuaTable;
  return push1(L, errorObject(p, new ErrorValue(message, kind ?? "UNKNOWN", retryable, copied, stackOf(L))));
};

const errWrap: HostFn = (L) => {
  const e = arg(L, 1);
  let inner: ErrorValue;
  if (e instanceof LuaUserdata && e.value instanceof ErrorValue) inner = e.value;
  else if (typeof e === "string") inner = new ErrorValue(e, "UNKNOWN", undefined, undefined, "");
  else return typeError(L, 1, "error or string");
  const c = arg(L, 2);
  let context: string;
  if (c instanceof LuaUserdata && c.value instanceof ErrorValue) context = c.value.message;
  else context = checkString(L, 2);
  const ev = new ErrorValue(`${context}: ${inner.message}`, inner.kind, inner.retryable, inner.details, stackOf(L));
  return push1(L, errorObject(procOf(L), ev));
};

const errIs: HostFn = (L) => {
  const kind = arg(L, 2);
  if (typeof kind !== "string") return typeError(L, 2, "string");
  const e = arg(L, 1);
  return push1(L, e instanceof LuaUserdata && e.value instanceof ErrorValue && e.value.kind === kind);
};

/** The entries of the `errors` global (shared by every process's copy-on-write table). */
export const ERRORS_ENTRIES: [LuaValue, LuaValue][] = [
  ["new", new HostFunction("new", errNew)],
  ["wrap", new HostFunction("wrap", errWrap)],
  ["is", new HostFunction("is", errIs)],
  ...KINDS.map((k): [LuaValue, LuaValue] => [k, k]),
];
