// Assignability (types.md §3.2) and inference of generic type arguments.

import {
  ANY,
  type FunctionType,
  NIL,
  type RecordType,
  type Type,
  type TypeParamType,
  resolve,
  union,
  widen,
} from "./types.js";

/** Pairs of alias expansions under comparison: recursive types compare coinductively. */
const assumed: [Type, Type][] = [];

export function isAssignable(source: Type, target: Type): boolean {
  if (source === target) return true;
  const sNamed = source.kind === "named";
  const tNamed = target.kind === "named";
  if (sNamed || tNamed) {
    for (const [a, b] of assumed) if (a === source && b === target) return true;
    assumed.push([source, target]);
    try {
      return assignable(resolve(source), resolve(target));
    } finally {
      assumed.pop();
    }
  }
  return assignable(resolve(source), resolve(target));
}

function assignable(s: Type, t: Type): boolean {
  if (s === t) return true;
  switch (t.kind) {
    case "any":
    case "unknown":
      return true;
  }
  switch (s.kind) {
    case "any":
    case "never":
      return true;
    case "unknown":
      return false;
    case "union":
      return s.types.every((m) => isAssignable(m, t));
    case "typeparam":
      if (t.kind === "typeparam") return false;
      if (t.kind === "union" && t.types.includes(s)) return true;
      return s.constraint !== undefined && isAssignable(s.constraint, t);
    case "intersection":
      if (t.kind === "intersection") return t.types.every((m) => isAssignable(s, m));
      if (s.types.some((m) => isAssignable(m, t))) return true;
      if (t.kind === "record") {
        const merged = mergeRecords(s.types);
        return merged !== undefined && recordAssignable(merged, t);
      }
      return false;
  }
  switch (t.kind) {
    case "never":
      return false;
    case "union":
      return t.types.some((m) => isAssignable(s, m));
    case "intersection":
      return t.types.every((m) => isAssignable(s, m));
    case "typeparam":
      return false;
    case "nil":
    case "string":
    case "error":
    case "thread":
    case "userdata":
      return s.kind === t.kind || (t.kind === "string" && s.kind === "literal" && typeof s.value === "string");
    case "boolean":
      return s.kind === "boolean" || (s.kind === "literal" && typeof s.value === "boolean");
    case "number":
      return s.kind === "number" || s.kind === "integer" || (s.kind === "literal" && typeof s.value === "number");
    case "integer":
      return s.kind === "integer" || (s.kind === "literal" && typeof s.value === "number" && s.integer);
    case "literal":
      return s.kind === "literal" && s.value === t.value && (typeof s.value !== "number" || s.integer === t.integer || s.value === t.value);
    case "table":
      return s.kind === "table" || s.kind === "record" || s.kind === "array" || s.kind === "map";
    case "array":
      if (s.kind === "array") return isAssignable(s.elem, t.elem);
      if (s.kind === "table") return true;
      return s.kind === "record" && s.fields.size === 0;
    case "map":
      if (s.kind === "map") return isAssignable(s.key, t.key) && isAssignable(s.value, t.value);
      if (s.kind === "table") return true;
      if (s.kind === "array") return isAssignable({ kind: "integer" }, t.key) && isAssignable(s.elem, t.value);
      if (s.kind === "record") {
        if (s.fields.size === 0) return true;
        if (!isAssignable({ kind: "string" }, t.key)) return false;
        for (const f of s.fields.values()) if (!isAssignable(f.type, t.value)) return false;
        return true;
      }
      return false;
    case "record":
      if (s.kind === "table") return true;
      if (s.kind !== "record") return false;
      return recordAssignable(s, t);
    case "function":
      if (s.kind !== "function") return false;
      return functionAssignable(s, t);
    case "typevalue":
      return s.kind === "typevalue";
    default:
      return false;
  }
}

function recordAssignable(s: RecordType, t: RecordType): boolean {
  for (const f of t.fields.values()) {
    const g = s.fields.get(f.name);
    if (g === undefined) {
      if (!f.optional) return false;
      continue;
    }
    const target = f.optional ? union([f.type, NIL]) : f.type;
    const source = g.optional ? union([g.type, NIL]) : g.type;
    if (!isAssignable(source, target)) return false;
  }
  return true;
}

function functionAssignable(s: FunctionType, t: FunctionType): boolean {
  if (!s.checked || !t.checked) return true;
  const n = Math.max(s.params.length, t.params.length);
  for (let i = 0; i < n; i++) {
    const sp = i < s.params.length ? s.params[i].type : s.vararg;
    if (sp === undefined) continue; // the source ignores extra arguments
    const tp = i < t.params.length ? t.params[i].type : (t.vararg ?? NIL);
    if (!isAssignable(tp, sp)) return false;
  }
  if (t.vararg && s.params.length <= t.params.length && s.vararg && !isAssignable(t.vararg, s.vararg)) return false;
  for (let i = 0; i < t.returns.length; i++) {
    const sr = i < s.returns.length ? s.returns[i] : (s.returnsRest ?? NIL);
    if (!isAssignable(sr, t.returns[i])) return false;
  }
  return true;
}

/** One record with the fields of every member, or undefined when a member is not a record. */
export function mergeRecords(types: readonly Type[]): RecordType | undefined {
  const fields = new Map<string, { name: string; type: Type; optional: boolean }>();
  for (const m of types) {
    const r = resolve(m);
    if (r.kind === "intersection") {
      const inner = mergeRecords(r.types);
      if (inner === undefined) return undefined;
      for (const f of inner.fields.values()) fields.set(f.name, f);
      continue;
    }
    if (r.kind !== "record") return undefined;
    for (const f of r.fields.values()) {
      const prev = fields.get(f.name);
      if (prev !== undefined && !prev.optional) continue;
      fields.set(f.name, f);
    }
  }
  return { kind: "record", fields, open: false, library: false };
}

// ---------------------------------------------------------------- generics

/**
 * Collects candidate bindings for `params` by matching the parameter type
 * against an argument type. Candidates are widened (`{"a"}` binds string).
 */
export function inferBindings(param: Type, arg: Type, params: ReadonlySet<TypeParamType>, out: Map<TypeParamType, Type[]>, depth = 0): void {
  if (depth > 8) return;
  if (param.kind === "typeparam" && params.has(param)) {
    const list = out.get(param);
    const w = widen(arg);
    if (list === undefined) out.set(param, [w]);
    else list.push(w);
    return;
  }
  const p = param.kind === "named" || param.kind === "validated" ? resolve(param) : param;
  const a = resolve(arg);
  if (a.kind === "any") return;
  const d = depth + 1;
  switch (p.kind) {
    case "array":
      if (a.kind === "array") inferBindings(p.elem, a.elem, params, out, d);
      return;
    case "map":
      if (a.kind === "map") {
        inferBindings(p.key, a.key, params, out, d);
        inferBindings(p.value, a.value, params, out, d);
      } else if (a.kind === "array") {
        inferBindings(p.key, { kind: "integer" }, params, out, d);
        inferBindings(p.value, a.elem, params, out, d);
      }
      return;
    case "record":
      if (a.kind === "record") {
        for (const f of p.fields.values()) {
          const g = a.fields.get(f.name);
          if (g !== undefined) inferBindings(f.type, g.type, params, out, d);
        }
      }
      return;
    case "union": {
      // T? against a value: bind T to the value without its nil.
      const direct = p.types.filter((m) => m.kind === "typeparam" && params.has(m));
      if (direct.length === 1) {
        const rest = p.types.filter((m) => m !== direct[0]);
        const aMembers = a.kind === "union" ? a.types : [a];
        const left = aMembers.filter((m) => !rest.some((r) => isAssignable(m, r)));
        if (left.length > 0) inferBindings(direct[0], union(left), params, out, d);
      }
      return;
    }
    case "function":
      if (a.kind === "function") {
        const n = Math.min(p.params.length, a.params.length);
        for (let i = 0; i < n; i++) inferBindings(p.params[i].type, a.params[i].type, params, out, d);
        const m = Math.min(p.returns.length, a.returns.length);
        for (let i = 0; i < m; i++) inferBindings(p.returns[i], a.returns[i], params, out, d);
      }
      return;
    default:
      return;
  }
}

/** The binding chosen for a type parameter: the union of its candidates, `any` when none. */
export function chooseBinding(candidates: Type[] | undefined): Type {
  if (candidates === undefined || candidates.length === 0) return ANY;
  return union(candidates);
}
