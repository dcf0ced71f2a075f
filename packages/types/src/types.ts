// The representation of static types: plain objects with a `kind`
// discriminant. The same shapes are meant to back runtime type values later
// (types.md §5): every construct a type value can reflect on is a node here
// (records keep declaration order, named aliases keep their name and
// arguments, validators wrap the type they constrain), so a runtime `T:kind()`
// / `:fields()` / `:variants()` can be answered from these nodes directly.

export type PrimitiveKind =
  | "nil"
  | "boolean"
  | "number"
  | "integer"
  | "string"
  | "any"
  | "unknown"
  | "never"
  | "table"
  | "error"
  | "thread"
  | "userdata";

export interface PrimitiveType {
  kind: PrimitiveKind;
}

/** A literal type: `"low"`, `42`, `1.5`, `true`. */
export interface LiteralType {
  kind: "literal";
  value: string | number | boolean;
  /** For numbers: true when the literal is an integer numeral. */
  integer: boolean;
}

export interface UnionType {
  kind: "union";
  types: Type[];
}

export interface IntersectionType {
  kind: "intersection";
  types: Type[];
}

export interface ArrayType {
  kind: "array";
  elem: Type;
  /**
   * Inferred from a table constructor in unannotated code: a Lua program
   * may still grow it with any values, so writes widen it instead of
   * being reported.
   */
  open: boolean;
}

export interface MapType {
  kind: "map";
  key: Type;
  value: Type;
}

export interface RecordField {
  name: string;
  type: Type;
  optional: boolean;
}

export interface RecordType {
  kind: "record";
  /** Fields in declaration order (a Map keeps insertion order). */
  fields: Map<string, RecordField>;
  /** Inferred from a constructor in unannotated code (see ArrayType.open). */
  open: boolean;
  /** A library table (string, math, ...): programs may add fields to it. */
  library: boolean;
}

export interface FuncParam {
  name: string | undefined;
  type: Type;
}

export interface FunctionType {
  kind: "function";
  params: FuncParam[];
  /** Type of each extra argument when the function takes `...`. */
  vararg: Type | undefined;
  /** Fixed results. */
  returns: Type[];
  /** Type of every further result when the count is open (`...` results). */
  returnsRest: Type | undefined;
  typeParams: TypeParamType[] | undefined;
  /**
   * False for functions without any annotation: they are Lua functions the
   * gradual checker does not check calls to (arity included).
   */
  checked: boolean;
  /** Builtins whose result depends on their arguments (see calls in expressions.ts). */
  special: string | undefined;
}

/** A reference to a type alias, possibly generic (`Box<number>`). */
export interface NamedType {
  kind: "named";
  def: AliasDef;
  args: Type[];
  /** The expansion, computed on first use (aliases may be recursive). */
  expanded: Type | undefined;
}

export interface AliasDef {
  kind: "alias";
  name: string;
  params: TypeParamType[];
  /** Set once the alias's right-hand side is resolved (aliases are hoisted). */
  body: Type | undefined;
}

export interface TypeParamType {
  kind: "typeparam";
  name: string;
  constraint: Type | undefined;
}

/** A validated type: `number @min(0)`. The checker only carries validators. */
export interface ValidatedType {
  kind: "validated";
  type: Type;
  validators: ValidatorSpec[];
}

export interface ValidatorSpec {
  name: string;
  args: (string | number | boolean | null)[];
}

/** The static type of a type *value* in expression position (`Point`, `number`). */
export interface TypeValueType {
  kind: "typevalue";
  of: Type;
}

export type Type =
  | PrimitiveType
  | LiteralType
  | UnionType
  | IntersectionType
  | ArrayType
  | MapType
  | RecordType
  | FunctionType
  | NamedType
  | TypeParamType
  | ValidatedType
  | TypeValueType;

// ---------------------------------------------------------------- primitives (singletons)

export const NIL: PrimitiveType = { kind: "nil" };
export const BOOLEAN: PrimitiveType = { kind: "boolean" };
export const NUMBER: PrimitiveType = { kind: "number" };
export const INTEGER: PrimitiveType = { kind: "integer" };
export const STRING: PrimitiveType = { kind: "string" };
export const ANY: PrimitiveType = { kind: "any" };
export const UNKNOWN: PrimitiveType = { kind: "unknown" };
export const NEVER: PrimitiveType = { kind: "never" };
export const TABLE: PrimitiveType = { kind: "table" };
export const ERROR: PrimitiveType = { kind: "error" };
export const THREAD: PrimitiveType = { kind: "thread" };
export const USERDATA: PrimitiveType = { kind: "userdata" };
export const TRUE: LiteralType = { kind: "literal", value: true, integer: false };
export const FALSE: LiteralType = { kind: "literal", value: false, integer: false };

export const PRIMITIVES: ReadonlyMap<string, PrimitiveType> = new Map(
  [NIL, BOOLEAN, NUMBER, INTEGER, STRING, ANY, UNKNOWN, NEVER, TABLE, ERROR, THREAD, USERDATA].map((t) => [t.kind, t]),
);

// ---------------------------------------------------------------- constructors

export function literal(value: string | number | boolean, integer = false): LiteralType {
  if (value === true) return TRUE;
  if (value === false) return FALSE;
  return { kind: "literal", value, integer };
}

/** The type of a literal expression (nil, true, false, a string or a numeral); undefined for anything else. */
export function literalTypeOf(e: { kind: string; value?: unknown }): Type | undefined {
  switch (e.kind) {
    case "Nil":
      return NIL;
    case "True":
      return literal(true);
    case "False":
      return literal(false);
    case "String":
      return literal(e.value as string);
    case "Integer":
      return literal(Number(e.value), true);
    case "Float":
      return literal(Number(e.value), false);
    default:
      return undefined;
  }
}

export function arrayOf(elem: Type, open = false): ArrayType {
  return { kind: "array", elem, open };
}

export function mapOf(key: Type, value: Type): MapType {
  return { kind: "map", key, value };
}

export function record(fields: RecordField[], open = false, library = false): RecordType {
  const m = new Map<string, RecordField>();
  for (const f of fields) m.set(f.name, f);
  return { kind: "record", fields: m, open, library };
}

export function func(
  params: Type[],
  returns: Type[],
  opts?: { vararg?: Type; returnsRest?: Type; checked?: boolean; special?: string; typeParams?: TypeParamType[] },
): FunctionType {
  return {
    kind: "function",
    params: params.map((type) => ({ name: undefined, type })),
    vararg: opts?.vararg,
    returns,
    returnsRest: opts?.returnsRest,
    typeParams: opts?.typeParams,
    checked: opts?.checked ?? true,
    special: opts?.special,
  };
}

/** An unchecked Lua function: any arguments, any results. */
export const ANY_FUNCTION: FunctionType = func([], [], { vararg: ANY, returnsRest: ANY, checked: false });

// ---------------------------------------------------------------- resolution

/** Expands aliases and drops validators: the structural type underneath. */
export function resolve(t: Type): Type {
  for (;;) {
    if (t.kind === "named") t = expandNamed(t);
    else if (t.kind === "validated") t = t.type;
    else return t;
  }
}

export function expandNamed(n: NamedType): Type {
  if (n.expanded !== undefined) return n.expanded;
  const body = n.def.body;
  if (body === undefined) return ANY; // used before its definition resolved (cycle through a bad alias)
  if (n.def.params.length === 0) {
    n.expanded = body;
  } else {
    const subst = new Map<TypeParamType, Type>();
    n.def.params.forEach((p, i) => subst.set(p, n.args[i] ?? ANY));
    n.expanded = substitute(body, subst);
  }
  return n.expanded;
}

/** Replaces type parameters by their bindings (structure-sharing when unchanged). */
export function substitute(t: Type, subst: ReadonlyMap<TypeParamType, Type>): Type {
  switch (t.kind) {
    case "typeparam":
      return subst.get(t) ?? t;
    case "union": {
      const ts = substList(t.types, subst);
      return ts === t.types ? t : union(ts);
    }
    case "intersection": {
      const ts = substList(t.types, subst);
      return ts === t.types ? t : { kind: "intersection", types: ts };
    }
    case "array": {
      const e = substitute(t.elem, subst);
      return e === t.elem ? t : arrayOf(e, t.open);
    }
    case "map": {
      const k = substitute(t.key, subst);
      const v = substitute(t.value, subst);
      return k === t.key && v === t.value ? t : mapOf(k, v);
    }
    case "record": {
      let changed = false;
      const fields: RecordField[] = [];
      for (const f of t.fields.values()) {
        const ft = substitute(f.type, subst);
        if (ft !== f.type) changed = true;
        fields.push(ft === f.type ? f : { name: f.name, type: ft, optional: f.optional });
      }
      return changed ? record(fields, t.open, t.library) : t;
    }
    case "function": {
      let changed = false;
      const params = t.params.map((p) => {
        const pt = substitute(p.type, subst);
        if (pt !== p.type) changed = true;
        return pt === p.type ? p : { name: p.name, type: pt };
      });
      const returns = substList(t.returns, subst);
      const va = t.vararg && substitute(t.vararg, subst);
      const rr = t.returnsRest && substitute(t.returnsRest, subst);
      if (!changed && returns === t.returns && va === t.vararg && rr === t.returnsRest) return t;
      return { ...t, params, returns, vararg: va, returnsRest: rr };
    }
    case "named": {
      if (t.args.length === 0) return t;
      const args = substList(t.args, subst);
      return args === t.args ? t : { kind: "named", def: t.def, args, expanded: undefined };
    }
    case "validated": {
      const inner = substitute(t.type, subst);
      return inner === t.type ? t : { kind: "validated", type: inner, validators: t.validators };
    }
    case "typevalue": {
      const inner = substitute(t.of, subst);
      return inner === t.of ? t : { kind: "typevalue", of: inner };
    }
    default:
      return t;
  }
}

function substList(ts: Type[], subst: ReadonlyMap<TypeParamType, Type>): Type[] {
  let out: Type[] | undefined;
  for (let i = 0; i < ts.length; i++) {
    const s = substitute(ts[i], subst);
    if (s !== ts[i] && out === undefined) out = ts.slice(0, i);
    if (out !== undefined) out.push(s);
  }
  return out ?? ts;
}

// ---------------------------------------------------------------- unions

/** Builds a normalised union: flattened, deduplicated, `never` dropped, `any` absorbing. */
export function union(types: readonly Type[]): Type {
  const out: Type[] = [];
  for (const t of types) addMember(out, t);
  if (out.length === 0) return NEVER;
  if (out.length === 1) return out[0];
  for (const t of out) if (t.kind === "any") return ANY;
  for (const t of out) if (t.kind === "unknown") return UNKNOWN;
  // A literal or integer next to its widened primitive adds nothing.
  const hasString = out.includes(STRING);
  const hasNumber = out.includes(NUMBER);
  const hasBoolean = out.includes(BOOLEAN);
  const hasTable = out.includes(TABLE);
  const kept = out.filter((t) => {
    if (t.kind === "literal") {
      if (typeof t.value === "string") return !hasString;
      if (typeof t.value === "number") return !hasNumber && !(t.integer && out.includes(INTEGER));
      return !hasBoolean;
    }
    if (t.kind === "integer") return !hasNumber;
    if (hasTable && (t.kind === "record" || t.kind === "array" || t.kind === "map")) return false;
    return true;
  });
  if (kept.length === 1) return kept[0];
  // true | false is boolean
  if (!hasBoolean && kept.includes(TRUE) && kept.includes(FALSE)) {
    return union(kept.filter((t) => t !== TRUE && t !== FALSE).concat([BOOLEAN]));
  }
  return { kind: "union", types: kept };
}

function addMember(out: Type[], t: Type): void {
  if (t.kind === "union") {
    for (const m of t.types) addMember(out, m);
    return;
  }
  if (t.kind === "never") return;
  for (const o of out) if (sameType(o, t)) return;
  out.push(t);
}

/** Cheap structural identity used to deduplicate union members. */
export function sameType(a: Type, b: Type): boolean {
  if (a === b) return true;
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case "literal":
      return a.value === (b as LiteralType).value && a.integer === (b as LiteralType).integer;
    case "array":
      return sameType(a.elem, (b as ArrayType).elem);
    case "map":
      return sameType(a.key, (b as MapType).key) && sameType(a.value, (b as MapType).value);
    case "named": {
      const nb = b as NamedType;
      return a.def === nb.def && a.args.length === nb.args.length && a.args.every((x, i) => sameType(x, nb.args[i]));
    }
    case "record": {
      const rb = b as RecordType;
      if (a.fields.size !== rb.fields.size) return false;
      for (const [k, f] of a.fields) {
        const g = rb.fields.get(k);
        if (g === undefined || g.optional !== f.optional || !sameType(f.type, g.type)) return false;
      }
      return true;
    }
    default:
      return a.kind !== "union" && a.kind !== "intersection" && a.kind !== "function" && a.kind !== "typeparam" &&
        a.kind !== "validated" && a.kind !== "typevalue";
  }
}

export function optional(t: Type): Type {
  return union([t, NIL]);
}

/** The members of a (resolved) union, or the type itself. */
export function members(t: Type): readonly Type[] {
  const r = resolve(t);
  return r.kind === "union" ? r.types : [t];
}

/** True when `nil` is a possible value of t (any/unknown excluded: they are unchecked). */
export function includesNil(t: Type): boolean {
  const r = resolve(t);
  if (r.kind === "nil") return true;
  if (r.kind === "union") return r.types.some(includesNil);
  if (r.kind === "typeparam") return r.constraint !== undefined && includesNil(r.constraint);
  return false;
}

/** t without nil. */
export function removeNil(t: Type): Type {
  const r = resolve(t);
  if (r.kind === "nil") return NEVER;
  if (r.kind !== "union") return t;
  if (!r.types.some(includesNil)) return t;
  return union(r.types.filter((m) => !includesNil(m)).concat(r.types.filter((m) => resolve(m).kind === "union").map(removeNil)));
}

/** t without nil and false: the type of a value known to be truthy. */
export function truthy(t: Type): Type {
  const r = resolve(t);
  if (r.kind === "nil" || r === FALSE) return NEVER;
  if (r.kind === "boolean") return TRUE;
  if (r.kind === "union") return union(r.types.map(truthy));
  return t;
}

/** The part of t that may be falsy (nil / false), used for the else-branch of `if x`. */
export function falsy(t: Type): Type {
  const r = resolve(t);
  switch (r.kind) {
    case "any":
    case "unknown":
      return r;
    case "nil":
      return NIL;
    case "boolean":
      return FALSE;
    case "literal":
      return r.value === false ? FALSE : NEVER;
    case "union":
      return union(r.types.map(falsy));
    case "typeparam":
      return r.constraint ? falsy(r.constraint) : t;
    default:
      return NEVER;
  }
}

/** Widens literal types to their primitive (`local n = 1` is integer). */
export function widen(t: Type): Type {
  switch (t.kind) {
    case "literal":
      if (typeof t.value === "string") return STRING;
      if (typeof t.value === "boolean") return BOOLEAN;
      return t.integer ? INTEGER : NUMBER;
    case "union":
      return union(t.types.map(widen));
    default:
      return t;
  }
}

// ---------------------------------------------------------------- display

export function typeToString(t: Type, depth = 0): string {
  if (depth > 6) return "...";
  const d = depth + 1;
  switch (t.kind) {
    case "literal":
      if (typeof t.value === "string") return JSON.stringify(t.value);
      if (typeof t.value === "number" && !t.integer && Number.isInteger(t.value)) return t.value.toFixed(1);
      return String(t.value);
    case "union": {
      const nonNil = t.types.filter((m) => m.kind !== "nil");
      if (nonNil.length === t.types.length - 1) {
        const inner = nonNil.length === 1 ? nonNil[0] : { kind: "union", types: nonNil } as UnionType;
        const s = typeToString(inner, d);
        return needsParens(inner) ? `(${s})?` : `${s}?`;
      }
      return t.types.map((m) => typeToString(m, d)).join(" | ");
    }
    case "intersection":
      return t.types.map((m) => (m.kind === "union" || m.kind === "function" ? `(${typeToString(m, d)})` : typeToString(m, d))).join(" & ");
    case "array":
      return `{${typeToString(t.elem, d)}}`;
    case "map":
      return `{[${typeToString(t.key, d)}]: ${typeToString(t.value, d)}}`;
    case "record": {
      if (t.library) return "table";
      const parts: string[] = [];
      for (const f of t.fields.values()) parts.push(`${f.name}${f.optional ? "?" : ""}: ${typeToString(f.type, d)}`);
      return `{${parts.join(", ")}}`;
    }
    case "function": {
      const ps = t.params.map((p) => typeToString(p.type, d));
      if (t.vararg) ps.push(`...${typeToString(t.vararg, d)}`);
      let r: string;
      if (t.returnsRest) r = `(${t.returns.map((x) => typeToString(x, d)).concat(`...${typeToString(t.returnsRest, d)}`).join(", ")})`;
      else if (t.returns.length === 1) r = typeToString(t.returns[0], d);
      else r = `(${t.returns.map((x) => typeToString(x, d)).join(", ")})`;
      return `(${ps.join(", ")}) -> ${r}`;
    }
    case "named":
      return t.args.length ? `${t.def.name}<${t.args.map((a) => typeToString(a, d)).join(", ")}>` : t.def.name;
    case "typeparam":
      return t.name;
    case "validated":
      return typeToString(t.type, d) + t.validators.map((v) => ` @${v.name}(${v.args.map((a) => JSON.stringify(a)).join(", ")})`).join("");
    case "typevalue":
      return `type ${typeToString(t.of, d)}`;
    default:
      return t.kind;
  }
}

function needsParens(t: Type): boolean {
  return t.kind === "union" || t.kind === "intersection" || t.kind === "function";
}

/** The Lua `type()` name of values of a (resolved, non-union) type, or undefined when it varies. */
export function luaTypeName(t: Type): string | undefined {
  const r = resolve(t);
  switch (r.kind) {
    case "nil":
    case "boolean":
    case "number":
    case "string":
    case "table":
    case "thread":
    case "userdata":
      return r.kind;
    case "integer":
      return "number";
    case "error":
      return "userdata";
    case "literal":
      return typeof r.value === "string" ? "string" : typeof r.value === "number" ? "number" : "boolean";
    case "array":
    case "map":
    case "record":
      return "table";
    case "function":
      return "function";
    case "typevalue":
      return "type";
    default:
      return undefined;
  }
}
