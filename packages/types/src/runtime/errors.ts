// Error objects for failed validations (kind INVALID). The actor runtime
// has its own error objects (runtime-api.md §6); it hands them to openTypes
// through ErrorSupport. Plain states (a script run without the scheduler)
// get a small equivalent: a userdata with the same methods (message, kind,
// retryable, details, stack), `tostring` giving the message.

import {
  HostFunction, LuaError, LuaFloat, LuaTable, LuaUserdata, arg, numberToString, typeError, type LuaThread, type LuaValue,
} from "@wippy-lua/vm/libapi";

/** How a state makes and recognises error objects. */
export interface ErrorSupport {
  /** A new error object of `kind` (e.g. "INVALID") for the state running L. */
  newError(L: LuaThread, kind: string, message: string): LuaValue;
  /** Is v an error object (the `error` type)? */
  isError(v: LuaValue): boolean;
}

class PlainError {
  constructor(
    readonly message: string,
    readonly kind: string,
  ) {}
}

function self(L: LuaThread): PlainError {
  const v = arg(L, 1);
  if (v instanceof LuaUserdata && v.value instanceof PlainError) return v.value;
  return typeError(L, 1, "error");
}

function push1(L: LuaThread, v: LuaValue): number {
  L.stack[L.top++] = v;
  return 1;
}

function text(v: LuaValue): string {
  if (v instanceof LuaUserdata && v.value instanceof PlainError) return v.value.message;
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "bigint" || v instanceof LuaFloat) return numberToString(v);
  throw new LuaError(`attempt to concatenate a ${v === undefined ? "nil" : typeof v === "boolean" ? "boolean" : v instanceof LuaTable ? "table" : "userdata"} value`, true);
}

const METHODS: readonly HostFunction[] = [
  new HostFunction("message", (L) => push1(L, self(L).message)),
  new HostFunction("kind", (L) => push1(L, self(L).kind)),
  new HostFunction("retryable", (L) => push1(L, (self(L), undefined))),
  new HostFunction("details", (L) => push1(L, (self(L), undefined))),
  new HostFunction("stack", (L) => push1(L, (self(L), ""))),
];
const TOSTRING = new HostFunction("tostring", (L) => push1(L, self(L).message));
const CONCAT = new HostFunction("concat", (L) => push1(L, text(arg(L, 1)) + text(arg(L, 2))));

/** Per-state metatables of plain error objects (states share nothing mutable). */
const metas = new WeakMap<object, LuaTable>();

function metaFor(L: LuaThread): LuaTable {
  let mt = metas.get(L.G);
  if (mt === undefined) {
    mt = new LuaTable();
    const index = new LuaTable();
    for (const m of METHODS) index.setStr(m.name, m);
    mt.setStr("__index", index);
    mt.setStr("__name", "error");
    mt.setStr("__tostring", TOSTRING);
    mt.setStr("__concat", CONCAT);
    metas.set(L.G, mt);
  }
  return mt;
}

/** Error objects for states without the actor runtime. */
export const PLAIN_ERRORS: ErrorSupport = {
  newError: (L, kind, message) => new LuaUserdata(new PlainError(message, kind), metaFor(L)),
  isError: (v) => v instanceof LuaUserdata && v.value instanceof PlainError,
};
