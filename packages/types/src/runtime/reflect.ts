// What type values answer (types.md §5.2-5.3): validation by call, `:is`,
// reflection methods and record fields, generic instantiation, structural
// `==` and subtyping `<=` / `<`, `tostring`.

import { HostFunction, LuaError, LuaTable, LuaUserdata, type LuaThread, type LuaValue } from "@wippy-lua/vm/libapi";
import { isAssignable, mergeRecords } from "../subtype.js";
import { NIL, type NamedType, type RecordType, type Type, type ValidatorSpec, expandNamed, union } from "../types.js";
import { checkConstraints } from "./build.js";
import { luaTypeOf, render, validate } from "./validate.js";
import { type RType, TypeBox, type TypesState, stateOf, unwrap, wrap } from "./values.js";

// ---------------------------------------------------------------- structure

/** An alias with type parameters, not instantiated. */
function genericOf(t: RType): NamedType | undefined {
  return t.kind === "named" && t.args.length === 0 && t.def.params.length > 0 ? t : undefined;
}

function isGeneric(t: RType): boolean {
  return genericOf(t) !== undefined;
}

/** t with aliases expanded and validators dropped (a generic stays itself). */
function structural(t: RType): RType {
  for (let i = 0; i < 100; i++) {
    if (t.kind === "named" && !isGeneric(t)) t = expandNamed(t);
    else if (t.kind === "validated") t = t.type;
    else return t;
  }
  return t;
}

export function kindOf(t: RType): string {
  if (isGeneric(t)) return "generic";
  const r = structural(t);
  switch (r.kind) {
    case "union":
      return r.types.some((m) => m.kind === "nil") ? "optional" : "union";
    case "typeparam":
    case "typevalue":
      return "any";
    case "named":
      return "generic";
    default:
      return r.kind;
  }
}

const PRIMITIVE_NAMES: ReadonlySet<string> = new Set([
  "nil", "boolean", "number", "integer", "string", "any", "unknown", "never", "table", "error", "thread", "userdata",
]);

export function nameOf(t: RType): string | undefined {
  if (PRIMITIVE_NAMES.has(t.kind)) return t.kind;
  if (t.kind === "named") return t.args.length === 0 ? t.def.name : render(t);
  return undefined;
}

function recordOf(t: RType): RecordType | undefined {
  const r = structural(t);
  if (r.kind === "record") return r;
  if (r.kind === "intersection") return mergeRecords(r.types);
  return undefined;
}

function fieldType(f: { type: Type; optional: boolean }): Type {
  return f.optional ? union([f.type, NIL]) : f.type;
}

// ---------------------------------------------------------------- equality and subtyping

/** Pairs of named types assumed equal while comparing (recursive types compare coinductively). */
const assumed: [RType, RType][] = [];

function sameValidators(a: ValidatorSpec[], b: ValidatorSpec[]): boolean {
  return a.length === b.length && a.every((v, i) => v.name === b[i]!.name && v.args[0] === b[i]!.args[0]);
}

function sameMembers(a: readonly Type[], b: readonly Type[]): boolean {
  return a.every((m) => b.some((n) => typeEquals(m, n))) && b.every((n) => a.some((m) => typeEquals(m, n)));
}

/** Structural equality (aliases compare by their expansion). */
export function typeEquals(a: RType, b: RType): boolean {
  if (a === b) return true;
  if (a.kind === "tuple" || b.kind === "tuple") {
    return a.kind === "tuple" && b.kind === "tuple" && a.types.length === b.types.length && a.types.every((m, i) => typeEquals(m, b.types[i]!));
  }
  if (a.kind === "named" || b.kind === "named") {
    const ga = genericOf(a);
    const gb = genericOf(b);
    if (ga !== undefined || gb !== undefined) return ga !== undefined && gb !== undefined && ga.def === gb.def;
    for (const [x, y] of assumed) if (x === a && y === b) return true;
    assumed.push([a, b]);
    try {
      return typeEquals(a.kind === "named" ? expandNamed(a) : a, b.kind === "named" ? expandNamed(b) : b);
    } finally {
      assumed.pop();
    }
  }
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case "validated": {
      const vb = b as typeof a;
      return sameValidators(a.validators, vb.validators) && typeEquals(a.type, vb.type);
    }
    case "literal":
      return a.value === (b as typeof a).value;
    case "union":
    case "intersection":
      return sameMembers(a.types, (b as typeof a).types);
    case "array":
      return typeEquals(a.elem, (b as typeof a).elem);
    case "map": {
      const mb = b as typeof a;
      return typeEquals(a.key, mb.key) && typeEquals(a.value, mb.value);
    }
    case "record": {
      const rb = b as typeof a;
      if (a.fields.size !== rb.fields.size) return false;
      for (const f of a.fields.values()) {
        const g = rb.fields.get(f.name);
        if (g === undefined || g.optional !== f.optional || !typeEquals(f.type, g.type)) return false;
      }
      return true;
    }
    case "function": {
      const fb = b as typeof a;
      if (a.params.length !== fb.params.length || a.returns.length !== fb.returns.length) return false;
      if ((a.vararg === undefined) !== (fb.vararg === undefined)) return false;
      if (a.vararg !== undefined && !typeEquals(a.vararg, fb.vararg!)) return false;
      return a.params.every((p, i) => typeEquals(p.type, fb.params[i]!.type)) && a.returns.every((r, i) => typeEquals(r, fb.returns[i]!));
    }
    case "typeparam":
      return false;
    default:
      return true; // the same primitive
  }
}

/** `a <= b`: values of a are assignable to b (types.md §3.2). */
export function subtypeOf(a: RType, b: RType): boolean {
  if (a.kind === "tuple" || b.kind === "tuple") {
    return a.kind === "tuple" && b.kind === "tuple" && a.types.length === b.types.length && a.types.every((m, i) => isAssignable(m, b.types[i]!));
  }
  return isAssignable(a, b);
}

// ---------------------------------------------------------------- results and errors

function push1(L: LuaThread, v: LuaValue): number {
  L.stack[L.top++] = v;
  return 1;
}

function invalid(L: LuaThread, S: TypesState, msg: string): LuaValue {
  return S.errors.newError(L, "INVALID", msg);
}

/** An iterator function over `items` (each call gives the next one, then nil). */
function iterator(name: string, items: LuaValue[][]): HostFunction {
  let i = 0;
  return new HostFunction(name, (L) => {
    if (i >= items.length) return push1(L, undefined);
    const item = items[i++]!;
    for (const v of item) L.stack[L.top++] = v;
    return item.length;
  });
}

// ---------------------------------------------------------------- methods

/** A method: `t` is the type, `self` its value; arguments are L.stack[base .. base+nargs-1]. */
type Method = (L: LuaThread, S: TypesState, t: RType, self: LuaValue, base: number, nargs: number) => number;

const METHODS: ReadonlyMap<string, Method> = new Map<string, Method>([
  ["is", (L, S, t, _self, base, nargs) => {
    const v = nargs > 0 ? L.stack[base] : undefined;
    const msg = validate(S, t, v);
    if (msg === null) {
      L.stack[L.top++] = v;
      L.stack[L.top++] = undefined;
    } else {
      L.stack[L.top++] = undefined;
      L.stack[L.top++] = invalid(L, S, msg);
    }
    return 2;
  }],
  ["kind", (L, _S, t) => push1(L, kindOf(t))],
  ["name", (L, _S, t) => push1(L, nameOf(t))],
  ["fields", (L, S, t) => {
    const r = isGeneric(t) ? undefined : recordOf(t);
    if (r === undefined) return push1(L, undefined);
    const items: LuaValue[][] = [];
    for (const f of r.fields.values()) items.push([f.name, wrap(S, fieldType(f))]);
    return push1(L, iterator("fields", items));
  }],
  ["elem", (L, S, t) => {
    const r = structural(t);
    return push1(L, r.kind === "array" ? wrap(S, r.elem) : undefined);
  }],
  ["key", (L, S, t) => {
    const r = structural(t);
    return push1(L, r.kind === "map" ? wrap(S, r.key) : undefined);
  }],
  ["val", (L, S, t) => {
    const r = structural(t);
    return push1(L, r.kind === "map" ? wrap(S, r.value) : undefined);
  }],
  ["inner", (L, S, t) => {
    const r = structural(t);
    if (r.kind !== "union" || !r.types.some((m) => m.kind === "nil")) return push1(L, undefined);
    return push1(L, wrap(S, union(r.types.filter((m) => m.kind !== "nil"))));
  }],
  ["variants", (L, S, t) => {
    const r = structural(t);
    if (r.kind !== "union" || r.types.some((m) => m.kind === "nil")) return push1(L, undefined);
    return push1(L, iterator("variants", r.types.map((m) => [wrap(S, m)])));
  }],
  ["params", (L, S, t) => {
    const r = structural(t);
    if (r.kind !== "function") return push1(L, undefined);
    return push1(L, iterator("params", r.params.map((p) => [wrap(S, p.type)])));
  }],
  ["ret", (L, S, t) => {
    const r = structural(t);
    if (r.kind !== "function" || r.returns.length === 0) return push1(L, undefined);
    if (r.returns.length === 1) return push1(L, wrap(S, r.returns[0]!));
    return push1(L, wrap(S, { kind: "tuple", types: r.returns }));
  }],
]);

/** Method `name` bound to type value `self`: callable as `T:m(...)` and as `T.m(...)`. */
function boundMethod(S: TypesState, self: LuaValue, t: RType, name: string, m: Method): HostFunction {
  let cache: Map<string, HostFunction>;
  if (self instanceof LuaUserdata && self.value instanceof TypeBox) cache = self.value.bound ??= new Map();
  else cache = S.stringBound ??= new Map();
  let f = cache.get(name);
  if (f === undefined) {
    f = new HostFunction(name, (L, base, nargs) => {
      // `T:m(x)` passes T first; `T.m(x)` does not.
      if (nargs > 0 && L.stack[base] === self) {
        base++;
        nargs--;
      }
      return m(L, S, t, self, base, nargs);
    });
    cache.set(name, f);
  }
  return f;
}

// ---------------------------------------------------------------- metamethods

function selfType(L: LuaThread, S: TypesState, v: LuaValue): RType {
  const t = unwrap(S, v);
  if (t === undefined) throw new LuaError(`type value expected, got ${luaTypeOf(v)}`, true);
  return t;
}

const index = new HostFunction("index", (L, base) => {
  const S = stateOf(L);
  const self = L.stack[base];
  const k = L.stack[base + 1];
  const t = selfType(L, S, self);
  if (typeof k !== "string") return push1(L, undefined);
  const m = METHODS.get(k);
  const r = isGeneric(t) ? undefined : recordOf(t);
  const f = r?.fields.get(k);
  if (m !== undefined) return push1(L, f === undefined ? boundMethod(S, self, t, k, m) : methodField(S, self, k, fieldType(f)));
  return push1(L, f === undefined ? undefined : wrap(S, fieldType(f)));
});

/**
 * `T.name` for a record with a field `name`: methods take precedence
 * (types.md §5.3), yet `User.name:kind()` is the field's kind. The value is
 * the field's type; called with T as first argument (`T:name()`) it runs
 * the method instead of validating.
 */
function methodField(S: TypesState, self: LuaValue, name: string, t: Type): LuaUserdata {
  const holder = self instanceof LuaUserdata && self.value instanceof TypeBox ? self.value : null;
  const cached = holder?.methodFields?.get(name);
  if (cached !== undefined) return cached;
  const box = new TypeBox(t);
  box.owner = self;
  box.ownerMethod = name;
  const v = new LuaUserdata(box, S.meta);
  if (holder !== null) (holder.methodFields ??= new Map()).set(name, v);
  return v;
}

const call = new HostFunction("call", (L, base, nargs) => {
  const S = stateOf(L);
  const self = L.stack[base];
  const t = selfType(L, S, self);
  const n = nargs - 1;
  if (self instanceof LuaUserdata && self.value instanceof TypeBox && self.value.ownerMethod !== null && n >= 1 && L.stack[base + 1] === self.value.owner) {
    const box = self.value;
    return METHODS.get(box.ownerMethod!)!(L, S, selfType(L, S, box.owner), box.owner, base + 2, n - 1);
  }
  if (n === 0) throw new LuaError("a type value is called with one value to validate (or type arguments to instantiate it)", true);
  const g = genericOf(t);
  if (g !== undefined) {
    const args: Type[] = [];
    for (let i = 1; i <= n; i++) {
      const a = unwrap(S, L.stack[base + i]);
      if (a !== undefined && a.kind !== "tuple") args.push(a);
    }
    if (args.length > 0) {
      if (args.length !== n) throw new LuaError(`generic type '${g.def.name}' takes only type values as arguments`, true);
      if (n !== g.def.params.length) {
        throw new LuaError(`generic type '${g.def.name}' expects ${g.def.params.length} type argument(s), got ${n}`, true);
      }
      const problem = checkConstraints(g.def, args);
      if (problem !== null) throw new LuaError(problem, true);
      return push1(L, wrap(S, { kind: "named", def: g.def, args, expanded: undefined }));
    }
  }
  if (n !== 1) throw new LuaError(`a type value validates one value, got ${n}`, true);
  const v = L.stack[base + 1];
  const msg = validate(S, t, v);
  if (msg !== null) throw new LuaError(invalid(L, S, msg));
  return push1(L, v);
});

const eq = new HostFunction("eq", (L, base) => {
  const S = stateOf(L);
  const a = unwrap(S, L.stack[base]);
  const b = unwrap(S, L.stack[base + 1]);
  return push1(L, a !== undefined && b !== undefined && typeEquals(a, b));
});

function comparands(L: LuaThread, base: number): [RType, RType] {
  const S = stateOf(L);
  const x = L.stack[base];
  const y = L.stack[base + 1];
  const a = unwrap(S, x);
  const b = unwrap(S, y);
  if (a === undefined || b === undefined) {
    const ta = luaTypeOf(x);
    const tb = luaTypeOf(y);
    throw new LuaError(ta === tb ? `attempt to compare two ${ta} values` : `attempt to compare ${ta} with ${tb}`, true);
  }
  return [a, b];
}

const le = new HostFunction("le", (L, base) => {
  const [a, b] = comparands(L, base);
  return push1(L, subtypeOf(a, b));
});

const lt = new HostFunction("lt", (L, base) => {
  const [a, b] = comparands(L, base);
  return push1(L, subtypeOf(a, b) && !subtypeOf(b, a));
});

const tostring = new HostFunction("tostring", (L, base) => {
  const S = stateOf(L);
  const t = selfType(L, S, L.stack[base]);
  return push1(L, nameOf(t) ?? render(t));
});

/** The metatable of type values in one state. */
export function typeMetatable(): LuaTable {
  const mt = new LuaTable();
  mt.setStr("__index", index);
  mt.setStr("__call", call);
  mt.setStr("__eq", eq);
  mt.setStr("__le", le);
  mt.setStr("__lt", lt);
  mt.setStr("__tostring", tostring);
  mt.setStr("__name", "type");
  return mt;
}

/**
 * The metatable given to the string library table: the same behaviour,
 * except that the library's own fields come first (they are raw fields) and
 * `type()` / the `__name` of messages still see a table.
 */
export function stringMetatable(): LuaTable {
  const mt = new LuaTable();
  mt.setStr("__index", index);
  mt.setStr("__call", call);
  mt.setStr("__eq", eq);
  mt.setStr("__le", le);
  mt.setStr("__lt", lt);
  mt.setStr("__tostring", tostring);
  return mt;
}
