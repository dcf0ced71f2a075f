// Validation (types.md §5.4-5.5, §6): does a value conform to a type, and
// if not, the message saying where and why. Paths are kept as a stack of
// segments and rendered only on failure, so a successful check allocates
// nothing per field or element.

import {
  HostFunction, LuaClosure, LuaError, LuaFloat, LuaTable, LuaThread, LuaUserdata, numberToString, typeName,
  type LuaNumber, type LuaValue,
} from "@wippy-lua/vm/libapi";
import { type NamedType, type Type, type ValidatorSpec, expandNamed, sameType, typeToString } from "../types.js";
import { compilePattern } from "./regex.js";
import { type RType, type TypesState, isTypeValue } from "./values.js";

/** A map key on the path, rendered as `[key]`. */
class KeySegment {
  constructor(readonly key: LuaValue) {}
}

type Segment = string | number | KeySegment;

/** Nesting (tables and alias expansions) beyond which validation gives up with an error. */
const MAX_DEPTH = 1000;

interface Ctx {
  S: TypesState;
  path: Segment[];
  /** Tables being checked against each named type: a cyclic value meets itself and is assumed to conform. */
  visiting: Map<LuaTable, NamedType[]> | null;
  depth: number;
}

/** The validation message for `v` against `t`, or null when it conforms. */
export function validate(S: TypesState, t: RType, v: LuaValue): string | null {
  const ctx: Ctx = { S, path: [], visiting: null, depth: 0 };
  try {
    return check(v, t, ctx);
  } catch (e) {
    if (e instanceof RangeError) throw new LuaError("value too deeply nested to validate", true);
    throw e;
  }
}

/** The Lua type name of a value in messages ("type" for type values). */
export function luaTypeOf(v: LuaValue): string {
  return isTypeValue(v) ? "type" : typeName(v);
}

function renderKey(k: LuaValue): string {
  if (typeof k === "string") return JSON.stringify(k);
  if (typeof k === "number" || typeof k === "bigint" || k instanceof LuaFloat) return numberToString(k);
  return typeName(k);
}

function renderPath(path: Segment[]): string {
  let s = "";
  for (const seg of path) {
    if (typeof seg === "string") s += s === "" ? seg : "." + seg;
    else if (typeof seg === "number") s += `[${seg}]`;
    else s += `[${renderKey(seg.key)}]`;
  }
  return s;
}

function message(ctx: Ctx, text: string): string {
  const p = renderPath(ctx.path);
  return p === "" ? text : `${p}: ${text}`;
}

function expected(ctx: Ctx, t: RType, v: LuaValue): string {
  return message(ctx, `expected ${render(t)}, got ${luaTypeOf(v)}`);
}

export function render(t: RType): string {
  if (t.kind === "tuple") return `(${t.types.map((m) => typeToString(m)).join(", ")})`;
  if (t.kind === "named" && t.args.length === 0 && t.def.params.length > 0) {
    return `${t.def.name}<${t.def.params.map((p) => p.name).join(", ")}>`;
  }
  return typeToString(t);
}

function isNumber(v: LuaValue): boolean {
  return typeof v === "number" || typeof v === "bigint" || v instanceof LuaFloat;
}

const TWO_63 = 2 ** 63;

/** An integer, or a float with an exact integral value that fits an integer. */
function isIntegral(v: LuaValue): boolean {
  if (typeof v === "number") return Number.isInteger(v);
  if (typeof v === "bigint") return true;
  return v instanceof LuaFloat && Number.isInteger(v.n) && v.n >= -TWO_63 && v.n < TWO_63;
}

function numberOf(v: LuaValue): number {
  return v instanceof LuaFloat ? v.n : Number(v as number | bigint);
}

/**
 * The check itself. `shown` is the type messages name at this level: the
 * alias a structure came from (`expected Order`, not its expansion).
 */
function check(v: LuaValue, t: RType, ctx: Ctx, shown: RType = t): string | null {
  switch (t.kind) {
    case "any":
    case "unknown":
      return null;
    case "never":
      return expected(ctx, shown, v);
    case "nil":
      return v === undefined ? null : expected(ctx, shown, v);
    case "boolean":
      return typeof v === "boolean" ? null : expected(ctx, shown, v);
    case "string":
      return typeof v === "string" ? null : expected(ctx, shown, v);
    case "number":
      return isNumber(v) ? null : expected(ctx, shown, v);
    case "integer":
      return isIntegral(v) ? null : expected(ctx, shown, v);
    case "table":
      return v instanceof LuaTable ? null : expected(ctx, shown, v);
    case "error":
      return ctx.S.errors.isError(v) ? null : expected(ctx, shown, v);
    case "thread":
      return v instanceof LuaThread ? null : expected(ctx, shown, v);
    case "userdata":
      return v instanceof LuaUserdata ? null : expected(ctx, shown, v);
    case "literal":
      if (typeof t.value === "number") return isNumber(v) && numberOf(v) === t.value ? null : expected(ctx, shown, v);
      return v === t.value ? null : expected(ctx, shown, v);
    case "function":
      return v instanceof LuaClosure || v instanceof HostFunction ? null : expected(ctx, shown, v);
    case "typeparam":
    case "typevalue":
      return null;
    case "union":
      return checkUnion(v, t.types, shown, ctx);
    case "intersection":
      for (const m of t.types) {
        const r = check(v, m, ctx);
        if (r !== null) return r;
      }
      return null;
    case "array":
      return v instanceof LuaTable ? checkArray(v, t.elem, ctx) : expected(ctx, shown, v);
    case "map":
      return v instanceof LuaTable ? checkMap(v, t.key, t.value, ctx) : expected(ctx, shown, v);
    case "record":
      if (!(v instanceof LuaTable)) return expected(ctx, shown, v);
      for (const f of t.fields.values()) {
        const x = v.get(f.name);
        if (x === undefined && f.optional) continue;
        ctx.path.push(f.name);
        const r = check(x, f.type, ctx);
        ctx.path.pop();
        if (r !== null) return r;
      }
      return null;
    case "tuple":
      if (!(v instanceof LuaTable)) return expected(ctx, shown, v);
      for (let i = 0; i < t.types.length; i++) {
        ctx.path.push(i + 1);
        const r = check(v.getInt(i + 1), t.types[i]!, ctx);
        ctx.path.pop();
        if (r !== null) return r;
      }
      return null;
    case "named":
      return checkNamed(v, t, ctx);
    case "validated": {
      const r = check(v, t.type, ctx, shown === t ? t.type : shown);
      if (r !== null) return r;
      for (const spec of t.validators) {
        if (!passes(spec, v)) return message(ctx, `@${spec.name}(${renderArgs(spec)}) failed for ${renderValue(v)}`);
      }
      return null;
    }
  }
}

function checkNamed(v: LuaValue, t: NamedType, ctx: Ctx): string | null {
  if (t.args.length === 0 && t.def.params.length > 0) {
    return message(ctx, `expected ${render(t)} (a generic type: instantiate it first), got ${luaTypeOf(v)}`);
  }
  if (++ctx.depth > MAX_DEPTH) throw new LuaError("value too deeply nested to validate", true);
  try {
    if (!(v instanceof LuaTable)) return check(v, expandNamed(t), ctx, t);
    let visiting = ctx.visiting;
    if (visiting === null) visiting = ctx.visiting = new Map();
    let list = visiting.get(v);
    if (list !== undefined) {
      for (const n of list) if (n === t || sameType(n, t)) return null;
    } else {
      list = [];
      visiting.set(v, list);
    }
    list.push(t);
    try {
      return check(v, expandNamed(t), ctx, t);
    } finally {
      list.pop();
    }
  } finally {
    ctx.depth--;
  }
}

/** Lua type of the values a (resolved) member admits, for picking the member to blame. */
function admits(t: Type, v: LuaValue): boolean {
  switch (t.kind) {
    case "named":
      return admits(expandNamed(t), v);
    case "validated":
      return admits(t.type, v);
    case "array":
    case "map":
    case "record":
    case "table":
      return v instanceof LuaTable;
    case "intersection":
      return t.types.every((m) => admits(m, v));
    case "union":
      return t.types.some((m) => admits(m, v));
    case "number":
    case "integer":
      return isNumber(v);
    case "string":
      return typeof v === "string";
    case "boolean":
      return typeof v === "boolean";
    case "literal":
      return typeof t.value === "number" ? isNumber(v) : typeof v === typeof t.value;
    default:
      return false;
  }
}

function checkUnion(v: LuaValue, members: Type[], t: RType, ctx: Ctx): string | null {
  for (const m of members) if (check(v, m, ctx) === null) return null;
  // When one member only could hold a value of this Lua type, its own
  // failure (a nested field, a validator) says more than the whole union.
  let candidate: Type | undefined;
  for (const m of members) {
    if (!admits(m, v)) continue;
    if (candidate !== undefined) return expected(ctx, t, v);
    candidate = m;
  }
  return candidate !== undefined ? check(v, candidate, ctx) : expected(ctx, t, v);
}

function checkArray(v: LuaTable, elem: Type, ctx: Ctx): string | null {
  if (++ctx.depth > MAX_DEPTH) throw new LuaError("value too deeply nested to validate", true);
  try {
    const n = v.length();
    for (let i = 1; i <= n; i++) {
      const x = v.getInt(i);
      if (x === undefined) continue; // holes are skipped
      ctx.path.push(i);
      const r = check(x, elem, ctx);
      ctx.path.pop();
      if (r !== null) return r;
    }
    return null;
  } finally {
    ctx.depth--;
  }
}

function checkMap(v: LuaTable, key: Type, value: Type, ctx: Ctx): string | null {
  if (++ctx.depth > MAX_DEPTH) throw new LuaError("value too deeply nested to validate", true);
  try {
    for (let k = v.next(undefined); k !== undefined; k = v.next(k)) {
      const x = v.nextValue;
      ctx.path.push(new KeySegment(k));
      let r = check(k, key, ctx);
      if (r !== null) r = message(ctx, `key expected ${render(key)}, got ${luaTypeOf(k)}`);
      else r = check(x, value, ctx);
      ctx.path.pop();
      if (r !== null) return r;
    }
    return null;
  } finally {
    ctx.depth--;
  }
}

// ---------------------------------------------------------------- validators

function passes(spec: ValidatorSpec, v: LuaValue): boolean {
  const a = spec.args[0];
  switch (spec.name) {
    case "min":
      return !isNumber(v) || numberOf(v) >= (a as number);
    case "max":
      return !isNumber(v) || numberOf(v) <= (a as number);
    case "min_len":
    case "max_len": {
      let n: number;
      if (typeof v === "string") n = v.length;
      else if (v instanceof LuaTable) n = v.length();
      else return true;
      return spec.name === "min_len" ? n >= (a as number) : n <= (a as number);
    }
    case "pattern": {
      if (typeof v !== "string") return true;
      const re = compilePattern(a as string);
      return typeof re === "string" || re.test(v);
    }
    default:
      return true;
  }
}

function renderArgs(spec: ValidatorSpec): string {
  return spec.args.map((a) => (typeof a === "string" ? JSON.stringify(a) : String(a))).join(", ");
}

function renderValue(v: LuaValue): string {
  if (typeof v === "string") return JSON.stringify(v.length > 60 ? v.slice(0, 57) + "..." : v);
  if (isNumber(v)) return numberToString(v as LuaNumber);
  if (v instanceof LuaTable) return `a table of length ${v.length()}`;
  return luaTypeOf(v);
}
