// Expression checking: the type of each expression, contextual checking of
// table constructors and function literals against an expected type,
// operators (§3.5), field access and calls (§3.3).

import type { CallExpression, Expression, MethodCallExpression, Span, TableExpression } from "@wippy-lua/parser";
import { checkCondition, localVar } from "./narrowing.js";
import { type Checker, copyState, currentType, joinStates, lookupType, lookupValue, report, setType } from "./scope.js";
import { checkFunction } from "./statements.js";
import { chooseBinding, inferBindings, isAssignable, mergeRecords } from "./subtype.js";
import {
  ANY,
  BOOLEAN,
  FALSE,
  type FunctionType,
  INTEGER,
  NIL,
  NUMBER,
  PRIMITIVES,
  type RecordField,
  type RecordType,
  STRING,
  TABLE,
  TRUE,
  type Type,
  type TypeParamType,
  UNKNOWN,
  arrayOf,
  falsy,
  includesNil,
  literal,
  record,
  removeNil,
  resolve,
  substitute,
  truthy,
  typeToString,
  union,
  widen,
} from "./types.js";

/** A list of values: fixed types, then any number of `rest` values when the count is open. */
export interface Tuple {
  types: Type[];
  rest: Type | undefined;
}

const TYPE_VALUE_NAMES = new Set(["boolean", "number", "integer", "any", "unknown", "never", "nil", "table", "error"]);

export function show(t: Type): string {
  return typeToString(t);
}

// ---------------------------------------------------------------- entry points

/** The type of an expression's first value. `expected` guides table constructors and function literals. */
export function checkExpr(c: Checker, e: Expression, expected?: Type): Type {
  switch (e.kind) {
    case "Nil":
      return NIL;
    case "True":
      return TRUE;
    case "False":
      return FALSE;
    case "Integer":
      return literal(Number(e.value), true);
    case "Float":
      return literal(e.value, false);
    case "String":
      return literal(e.value);
    case "Vararg":
      return c.fn.vararg ?? ANY;
    case "FunctionExpr": {
      const r = expected && resolve(removeNil(expected));
      return checkFunction(c, e, { expected: r?.kind === "function" ? r : undefined });
    }
    case "Table":
      return expected !== undefined ? checkTableAgainst(c, e, expected) : inferTable(c, e);
    case "Binary":
      return checkBinary(c, e.operator, e, expected);
    case "Unary":
      return checkUnary(c, e);
    case "Name":
      return nameType(c, e.name, e);
    case "Index": {
      const obj = checkExpr(c, e.object);
      const key = checkExpr(c, e.key);
      return indexType(c, obj, key, e.key, e);
    }
    case "Member": {
      const obj = checkExpr(c, e.object);
      return memberType(c, obj, e.name, e, e.object);
    }
    case "Call":
    case "MethodCall":
      return first(checkCall(c, e));
    case "Paren":
      return checkExpr(c, e.expr, expected);
    case "Cast":
      checkExpr(c, e.expr);
      return castType(c, e.type);
    case "NonNil":
      return removeNil(checkExpr(c, e.expr, expected));
  }
}

let castConverter: ((c: Checker, t: import("@wippy-lua/parser").TypeExpr) => Type) | undefined;
/** Set by statements.ts (which owns annotation resolution in scope) to avoid an import cycle at load. */
export function setCastConverter(f: (c: Checker, t: import("@wippy-lua/parser").TypeExpr) => Type): void {
  castConverter = f;
}
function castType(c: Checker, t: import("@wippy-lua/parser").TypeExpr): Type {
  return castConverter ? castConverter(c, t) : ANY;
}

export function first(t: Tuple): Type {
  return t.types.length > 0 ? t.types[0] : (t.rest ?? NIL);
}

/** All values of an expression (several for calls and `...`). */
export function checkMulti(c: Checker, e: Expression): Tuple {
  if (e.kind === "Call" || e.kind === "MethodCall") return checkCall(c, e);
  if (e.kind === "Vararg") return { types: [], rest: c.fn.vararg ?? ANY };
  return { types: [checkExpr(c, e)], rest: undefined };
}

/** The values of an expression list, each checked against `expected[i]` when given. */
export function checkExprList(c: Checker, exprs: readonly Expression[], expected?: readonly (Type | undefined)[], what = "value"): Tuple {
  const types: Type[] = [];
  for (let i = 0; i < exprs.length; i++) {
    const e = exprs[i];
    const want = expected?.[i];
    if (i === exprs.length - 1 && (e.kind === "Call" || e.kind === "MethodCall" || e.kind === "Vararg")) {
      const t = checkMulti(c, e);
      for (let j = 0; j < t.types.length; j++) {
        const w = expected?.[i + j];
        if (w !== undefined) requireAssignable(c, t.types[j], w, e, what);
        types.push(t.types[j]);
      }
      if (t.rest !== undefined && expected) {
        for (let j = i + t.types.length; j < expected.length; j++) {
          const w = expected[j];
          if (w !== undefined) requireAssignable(c, t.rest, w, e, what);
        }
      }
      return { types, rest: t.rest };
    }
    types.push(want !== undefined ? checkAgainst(c, e, want, what) : checkExpr(c, e));
  }
  return { types, rest: undefined };
}

/** Checks `e` against an expected type, reporting T001 (or T008 for `unknown`). */
export function checkAgainst(c: Checker, e: Expression, expected: Type, what = "value"): Type {
  let inner = e;
  while (inner.kind === "Paren") inner = inner.expr;
  const t = checkExpr(c, e, expected);
  if (inner.kind === "Table") return t; // checked field by field
  requireAssignable(c, t, expected, e, what);
  return t;
}

export function requireAssignable(c: Checker, t: Type, expected: Type, node: Span, what: string): boolean {
  if (isAssignable(t, expected)) return true;
  if (resolve(t).kind === "unknown") {
    report(c, "T008", node, `${what} of type 'unknown' must be narrowed before use as '${show(expected)}'`);
  } else {
    report(c, "T001", node, `${what}: type '${show(t)}' is not assignable to '${show(expected)}'`);
  }
  return false;
}

// ---------------------------------------------------------------- names

function nameType(c: Checker, name: string, node: Span): Type {
  const v = lookupValue(c.scope, name);
  if (v !== undefined) return currentType(c, v);
  const alias = lookupType(c.scope, name);
  if (alias !== undefined) {
    if (alias.kind === "typeparam") return { kind: "typevalue", of: alias };
    return { kind: "typevalue", of: { kind: "named", def: alias, args: [], expanded: undefined } };
  }
  const g = c.globals;
  const builtin = g.builtins.get(name);
  if (builtin !== undefined && !g.assignedNames.has(name)) return builtin;
  const fn = g.functions.get(name);
  if (fn !== undefined) return fn;
  if (builtin !== undefined) return builtin;
  if (TYPE_VALUE_NAMES.has(name) && !g.assignedNames.has(name)) return { kind: "typevalue", of: PRIMITIVES.get(name)! };
  if (g.assignedNames.has(name)) return ANY;
  if (lookupValue(c.scope, "_ENV") !== undefined) return ANY;
  report(c, "T006", node, `undefined global '${name}'`);
  return ANY;
}

// ---------------------------------------------------------------- tables

function inferTable(c: Checker, e: TableExpression): Type {
  if (e.fields.length === 0) return record([], true);
  let positional = 0;
  let named = 0;
  for (const f of e.fields) {
    if (f.kind === "PositionalField") positional++;
    else if (f.kind === "NamedField" || (f.kind === "KeyedField" && f.key.kind === "String")) named++;
  }
  if (positional === e.fields.length) {
    const elems: Type[] = [];
    e.fields.forEach((f, i) => {
      const v = (f as { value: Expression }).value;
      if (i === e.fields.length - 1) {
        const t = checkMulti(c, v);
        for (const x of t.types) elems.push(widen(x));
        if (t.rest !== undefined) elems.push(widen(t.rest));
      } else elems.push(widen(checkExpr(c, v)));
    });
    return arrayOf(elems.length ? union(elems.map(removeNil)) : ANY, true);
  }
  if (named === e.fields.length) {
    const fields: RecordField[] = [];
    for (const f of e.fields) {
      const name = f.kind === "NamedField" ? f.name : ((f as { key: { value: string } }).key.value);
      if (f.kind === "KeyedField") checkExpr(c, f.key);
      const t = widen(checkExpr(c, f.value));
      fields.push({ name, type: t, optional: false });
    }
    return record(fields, true);
  }
  for (const f of e.fields) {
    if (f.kind === "KeyedField") checkExpr(c, f.key);
    if (f.kind === "PositionalField" && f === e.fields[e.fields.length - 1]) checkMulti(c, f.value);
    else checkExpr(c, f.value);
  }
  return TABLE;
}

/** Checks a table constructor against the expected type; returns the type it is taken to have. */
function checkTableAgainst(c: Checker, e: TableExpression, expected: Type): Type {
  let want = resolve(expected);
  if (want.kind === "union") {
    const nonNil = want.types.filter((m) => resolve(m).kind !== "nil");
    if (nonNil.length === 1) return checkTableAgainst(c, e, nonNil[0]);
    // Pick the first member the constructor conforms to.
    for (const m of nonNil) {
      const r = resolve(m);
      if (r.kind === "any" || r.kind === "unknown" || r.kind === "table") return checkTableAgainst(c, e, m);
      if (r.kind !== "record" && r.kind !== "array" && r.kind !== "map" && r.kind !== "intersection") continue;
      const before = c.quietErrors;
      c.quiet++;
      checkTableAgainst(c, e, m);
      c.quiet--;
      const failed = c.quietErrors !== before;
      c.quietErrors = before;
      if (!failed) return checkTableAgainst(c, e, m);
    }
    const saved = c.quiet;
    c.quiet++;
    const t = inferTable(c, e);
    c.quiet = saved;
    report(c, "T001", e, `table of type '${show(t)}' is not assignable to '${show(expected)}'`);
    return expected;
  }
  if (want.kind === "intersection") {
    const merged = mergeRecords(want.types);
    if (merged === undefined) return checkTableAgainst(c, e, want.types[0]);
    want = merged;
  }
  switch (want.kind) {
    case "any":
    case "unknown":
    case "table":
    case "never":
    case "typeparam":
      return want.kind === "typeparam" ? inferTable(c, e) : inferTable(c, e);
    case "record":
      return checkRecordLiteral(c, e, want, expected);
    case "array": {
      e.fields.forEach((f, i) => {
        if (f.kind === "PositionalField") {
          if (i === e.fields.length - 1 && (f.value.kind === "Call" || f.value.kind === "MethodCall" || f.value.kind === "Vararg")) {
            const t = checkMulti(c, f.value);
            for (const x of t.types) requireAssignable(c, x, want.elem, f.value, "array element");
            if (t.rest !== undefined) requireAssignable(c, t.rest, want.elem, f.value, "array element");
          } else checkAgainst(c, f.value, want.elem, "array element");
        } else {
          if (f.kind === "KeyedField") {
            const k = checkExpr(c, f.key);
            if (isAssignable(k, INTEGER)) {
              checkAgainst(c, f.value, want.elem, "array element");
              return;
            }
          }
          checkExpr(c, f.value);
          report(c, "T001", f, `array type '${show(expected)}' has no named fields`);
        }
      });
      return expected;
    }
    case "map":
      e.fields.forEach((f, i) => {
        if (f.kind === "PositionalField") {
          requireAssignable(c, INTEGER, want.key, f, "map key");
          if (i === e.fields.length - 1) checkMulti(c, f.value);
          else checkAgainst(c, f.value, want.value, "map value");
        } else if (f.kind === "NamedField") {
          requireAssignable(c, literal(f.name), want.key, f, "map key");
          checkAgainst(c, f.value, want.value, "map value");
        } else {
          checkAgainst(c, f.key, want.key, "map key");
          checkAgainst(c, f.value, want.value, "map value");
        }
      });
      return expected;
    default: {
      const saved = c.quiet;
      c.quiet++;
      const t = inferTable(c, e);
      c.quiet = saved;
      report(c, "T001", e, `table of type '${show(t)}' is not assignable to '${show(expected)}'`);
      return expected;
    }
  }
}

function checkRecordLiteral(c: Checker, e: TableExpression, want: RecordType, expected: Type): Type {
  const seen = new Set<string>();
  for (const f of e.fields) {
    let name: string | undefined;
    if (f.kind === "NamedField") name = f.name;
    else if (f.kind === "KeyedField") {
      checkExpr(c, f.key);
      if (f.key.kind === "String") name = f.key.value;
    }
    const field = name !== undefined ? want.fields.get(name) : undefined;
    if (field === undefined || name === undefined) {
      checkExpr(c, f.value); // extra fields are allowed (width subtyping)
      continue;
    }
    seen.add(name);
    checkAgainst(c, f.value, field.optional ? union([field.type, NIL]) : field.type, `field '${name}'`);
  }
  const missing: string[] = [];
  for (const f of want.fields.values()) if (!f.optional && !seen.has(f.name) && !includesNil(f.type) && resolve(f.type).kind !== "any") missing.push(f.name);
  if (missing.length) {
    report(c, "T003", e, `missing field${missing.length > 1 ? "s" : ""} ${missing.map((m) => `'${m}'`).join(", ")} of '${show(expected)}'`);
  }
  return expected;
}

// ---------------------------------------------------------------- operators

const ARITH = new Set(["+", "-", "*", "/", "//", "%", "^"]);
const BITWISE = new Set(["&", "|", "~", "<<", ">>"]);

function checkBinary(c: Checker, op: string, e: Expression & { left: Expression; right: Expression }, expected?: Type): Type {
  if (op === "and" || op === "or") {
    const before = c.state;
    const left = checkCondition(c, e.left);
    c.state = before;
    const leftType = lastConditionType(c, e.left);
    c.state = copyState(op === "and" ? left.whenTrue : left.whenFalse);
    const right = checkExpr(c, e.right, expected);
    c.state = joinStates(op === "and" ? left.whenFalse : left.whenTrue, c.state);
    return op === "and" ? union([falsy(leftType), right]) : union([truthy(leftType), right]);
  }
  const l = checkExpr(c, e.left);
  const r = checkExpr(c, e.right);
  if (ARITH.has(op)) {
    const okL = numericOperand(c, l, e.left, op);
    const okR = numericOperand(c, r, e.right, op);
    if (!okL || !okR) return ANY;
    const lr = resolve(l);
    const rr = resolve(r);
    if (lr.kind === "any" || rr.kind === "any") return ANY;
    if (op === "/" || op === "^") return NUMBER;
    return isAssignable(l, INTEGER) && isAssignable(r, INTEGER) ? INTEGER : NUMBER;
  }
  if (BITWISE.has(op)) {
    numericOperand(c, l, e.left, op);
    numericOperand(c, r, e.right, op);
    return INTEGER;
  }
  if (op === "..") {
    concatOperand(c, l, e.left);
    concatOperand(c, r, e.right);
    return STRING;
  }
  if (op === "<" || op === "<=" || op === ">" || op === ">=") {
    const okL = comparableOperand(c, l, e.left, op);
    const okR = comparableOperand(c, r, e.right, op);
    if (okL && okR) {
      const kl = scalarKind(l);
      const kr = scalarKind(r);
      if (kl !== undefined && kr !== undefined && kl !== kr) report(c, "T007", e, `cannot compare '${show(l)}' with '${show(r)}'`);
    }
    return BOOLEAN;
  }
  return BOOLEAN; // == and ~=
}

/** The type of the left operand of and/or, re-read after its condition was checked. */
function lastConditionType(c: Checker, e: Expression): Type {
  const saved = c.quiet;
  c.quiet++;
  const st = c.state;
  const t = checkExpr(c, e);
  c.state = st;
  c.quiet = saved;
  return t;
}

function scalarKind(t: Type): "number" | "string" | undefined {
  const r = resolve(t);
  if (r.kind === "number" || r.kind === "integer") return "number";
  if (r.kind === "string") return "string";
  if (r.kind === "literal") return typeof r.value === "number" ? "number" : typeof r.value === "string" ? "string" : undefined;
  return undefined;
}

/** Common checks of an operand: `unknown` (T008) and possible nil (T002). Returns the operand without nil, or undefined when unchecked. */
function concreteOperand(c: Checker, t: Type, node: Span, what: string): Type | undefined {
  const r = resolve(t);
  if (r.kind === "any" || r.kind === "never") return undefined;
  if (r.kind === "unknown") {
    report(c, "T008", node, `value of type 'unknown' must be narrowed before ${what}`);
    return undefined;
  }
  if (includesNil(t)) {
    report(c, "T002", node, `value of type '${show(t)}' may be nil (${what})`);
    return undefined;
  }
  return r;
}

function everyMember(t: Type, ok: (m: Type) => boolean): boolean {
  const r = resolve(t);
  if (r.kind === "union") return r.types.every((m) => everyMember(m, ok));
  if (r.kind === "intersection") return r.types.some((m) => everyMember(m, ok));
  if (r.kind === "typeparam") return r.constraint !== undefined && everyMember(r.constraint, ok);
  return ok(r);
}

function numericOperand(c: Checker, t: Type, node: Span, op: string): boolean {
  const r = concreteOperand(c, t, node, `arithmetic '${op}'`);
  if (r === undefined) return true;
  const ok = everyMember(r, (m) => m.kind === "number" || m.kind === "integer" || m.kind === "any" || (m.kind === "literal" && typeof m.value === "number"));
  if (!ok) report(c, "T007", node, `arithmetic '${op}' on a value of type '${show(t)}'`);
  return ok;
}

function concatOperand(c: Checker, t: Type, node: Span): void {
  const r = concreteOperand(c, t, node, "concatenation");
  if (r === undefined) return;
  const ok = everyMember(r, (m) => m.kind === "number" || m.kind === "integer" || m.kind === "string" || m.kind === "error" || m.kind === "any" ||
    (m.kind === "literal" && typeof m.value !== "boolean"));
  if (!ok) report(c, "T007", node, `cannot concatenate a value of type '${show(t)}'`);
}

function comparableOperand(c: Checker, t: Type, node: Span, op: string): boolean {
  const r = concreteOperand(c, t, node, `comparison '${op}'`);
  if (r === undefined) return false;
  const ok = everyMember(r, (m) => m.kind !== "boolean" && m.kind !== "function" && m.kind !== "nil" && !(m.kind === "literal" && typeof m.value === "boolean"));
  if (!ok) report(c, "T007", node, `comparison '${op}' on a value of type '${show(t)}'`);
  return ok;
}

function checkUnary(c: Checker, e: Expression & { operator: string; operand: Expression }): Type {
  if (e.operator === "not") {
    checkExpr(c, e.operand);
    return BOOLEAN;
  }
  const t = checkExpr(c, e.operand);
  if (e.operator === "#") {
    const r = concreteOperand(c, t, e.operand, "length '#'");
    if (r !== undefined) {
      const ok = everyMember(r, (m) => m.kind === "string" || m.kind === "table" || m.kind === "record" || m.kind === "array" ||
        m.kind === "map" || m.kind === "any" || (m.kind === "literal" && typeof m.value === "string"));
      if (!ok) report(c, "T007", e.operand, `length '#' of a value of type '${show(t)}'`);
    }
    return INTEGER;
  }
  if (e.operator === "-") {
    if (!numericOperand(c, t, e.operand, "-")) return ANY;
    const r = resolve(t);
    if (r.kind === "literal" && typeof r.value === "number") return literal(-r.value, r.integer);
    if (r.kind === "any") return ANY;
    return isAssignable(t, INTEGER) ? INTEGER : NUMBER;
  }
  numericOperand(c, t, e.operand, "~");
  return INTEGER;
}

// ---------------------------------------------------------------- field access

/** The type of `obj.name`. `objNode` is where a nil object is reported. */
export function memberType(c: Checker, obj: Type, name: string, node: Span, objNode: Span): Type {
  const r = resolve(obj);
  switch (r.kind) {
    case "any":
    case "never":
    case "table":
      return ANY;
    case "unknown":
      return UNKNOWN;
    case "nil":
      report(c, "T002", objNode, `cannot index a nil value (field '${name}')`);
      return ANY;
    case "union": {
      if (includesNil(r)) {
        report(c, "T002", objNode, `value of type '${show(obj)}' may be nil (field '${name}')`);
        return memberType(c, removeNil(r), name, node, objNode);
      }
      const out: Type[] = [];
      for (const m of r.types) {
        const mr = resolve(m);
        if (mr.kind === "record" && !mr.fields.has(name) && !mr.open && !(mr.library && c.globals.assignedMembers.has(name))) {
          report(c, "T004", node, `field '${name}' is not present on every member of '${show(obj)}'`);
          return ANY;
        }
        const saved = c.quiet;
        out.push(memberType(c, m, name, node, objNode));
        c.quiet = saved;
      }
      return union(out);
    }
    case "intersection": {
      const merged = mergeRecords(r.types);
      if (merged !== undefined) return memberType(c, merged, name, node, objNode);
      for (const m of r.types) {
        const mr = resolve(m);
        if (mr.kind === "record" && mr.fields.has(name)) return memberType(c, mr, name, node, objNode);
      }
      return ANY;
    }
    case "record": {
      const f = r.fields.get(name);
      if (f !== undefined) return f.optional ? union([f.type, NIL]) : f.type;
      if (r.open || (r.library && c.globals.assignedMembers.has(name))) return ANY;
      report(c, "T004", node, `unknown field '${name}' on '${show(obj)}'`);
      return ANY;
    }
    case "array":
      if (r.open) return ANY;
      report(c, "T004", node, `unknown field '${name}' on array '${show(obj)}'`);
      return ANY;
    case "map":
      if (!isAssignable(literal(name), r.key)) report(c, "T001", node, `key '${name}' is not assignable to '${show(r.key)}'`);
      return r.value;
    case "string":
    case "literal":
      if (r.kind === "literal" && typeof r.value !== "string") break;
      return libraryMember(c, "string", name, node);
    case "error":
      return libraryMember(c, " error", name, node);
    case "typevalue":
      return ANY;
    case "typeparam":
      return r.constraint ? memberType(c, r.constraint, name, node, objNode) : ANY;
    case "userdata":
    case "thread":
      return ANY;
  }
  report(c, "T007", objNode, `cannot index a value of type '${show(obj)}'`);
  return ANY;
}

function libraryMember(c: Checker, lib: string, name: string, node: Span): Type {
  const t = c.globals.builtins.get(lib);
  if (t === undefined) return ANY;
  return memberType(c, t, name, node, node);
}

function indexType(c: Checker, obj: Type, key: Type, keyNode: Span, node: Span): Type {
  const r = resolve(obj);
  const k = resolve(key);
  if (k.kind === "literal" && typeof k.value === "string" && (r.kind === "record" || r.kind === "union" || r.kind === "intersection")) {
    return memberType(c, obj, k.value, node, node);
  }
  switch (r.kind) {
    case "any":
    case "never":
    case "table":
    case "record":
    case "userdata":
    case "typevalue":
      return ANY;
    case "unknown":
      return UNKNOWN;
    case "array":
      if (!r.open) requireAssignable(c, key, NUMBER, keyNode, "array index");
      return r.elem;
    case "map":
      requireAssignable(c, key, r.key, keyNode, "map key");
      return r.value;
    case "string":
      return ANY;
    case "typeparam":
      return r.constraint ? indexType(c, r.constraint, key, keyNode, node) : ANY;
    case "nil":
      report(c, "T002", node, "cannot index a nil value");
      return ANY;
    case "union":
      if (includesNil(r)) {
        report(c, "T002", node, `value of type '${show(obj)}' may be nil (indexing)`);
        return indexType(c, removeNil(r), key, keyNode, node);
      }
      return union(r.types.map((m) => {
        const saved = c.quiet;
        c.quiet++;
        const t = indexType(c, m, key, keyNode, node);
        c.quiet = saved;
        return t;
      }));
    case "intersection":
      return ANY;
  }
  report(c, "T007", node, `cannot index a value of type '${show(obj)}'`);
  return ANY;
}

// ---------------------------------------------------------------- calls

export function checkCall(c: Checker, e: CallExpression | MethodCallExpression): Tuple {
  let callee: Type;
  let self: Type | undefined;
  if (e.kind === "MethodCall") {
    const objType = checkExpr(c, e.object);
    // `T:is(v)` and `string:is(v)` on type values.
    const or = resolve(objType);
    if (or.kind === "typevalue" || (e.object.kind === "Name" && e.object.name === "string" && lookupValue(c.scope, "string") === undefined && (e.name === "is"))) {
      const target = or.kind === "typevalue" ? or.of : STRING;
      checkExprList(c, e.args);
      if (e.name === "is") return { types: [union([target, NIL]), union([{ kind: "error" }, NIL])], rest: undefined };
      return { types: [], rest: ANY };
    }
    callee = memberType(c, objType, e.name, e, e.object);
    self = objType;
  } else {
    callee = checkExpr(c, e.callee);
    // Calling the string library is calling the `string` type value.
    if (e.callee.kind === "Name" && e.callee.name === "string" && callee === c.globals.builtins.get("string")) {
      callee = { kind: "typevalue", of: STRING };
    }
  }
  return callType(c, callee, e, self);
}

function callType(c: Checker, callee: Type, e: CallExpression | MethodCallExpression, self: Type | undefined): Tuple {
  const calleeNode = e.kind === "Call" ? e.callee : e;
  const r = resolve(callee);
  switch (r.kind) {
    case "function":
      return callFunction(c, r, e, self);
    case "typevalue": {
      const args = checkExprList(c, e.args);
      const n = args.types.length;
      if (args.rest === undefined && n !== 1) report(c, "T005", e, `a type value is called with exactly one value, got ${n}`);
      return { types: [r.of], rest: undefined };
    }
    case "any":
    case "table":
    case "never":
    case "userdata":
      checkExprList(c, e.args);
      return { types: [], rest: ANY };
    case "unknown":
      report(c, "T008", calleeNode, "value of type 'unknown' must be narrowed before it is called");
      checkExprList(c, e.args);
      return { types: [], rest: ANY };
    case "record":
      if (r.open) {
        checkExprList(c, e.args);
        return { types: [], rest: ANY };
      }
      break;
    case "nil":
      report(c, "T002", calleeNode, "cannot call a nil value");
      checkExprList(c, e.args);
      return { types: [], rest: ANY };
    case "union":
      if (includesNil(r)) {
        report(c, "T002", calleeNode, `value of type '${show(callee)}' may be nil (call)`);
        return callType(c, removeNil(r), e, self);
      }
      if (r.types.every((m) => resolve(m).kind === "function")) {
        const fns = r.types.map((m) => resolve(m) as FunctionType);
        if (fns.length === 1) return callFunction(c, fns[0], e, self);
      }
      checkExprList(c, e.args);
      return { types: [], rest: ANY };
    case "typeparam":
    case "intersection":
      checkExprList(c, e.args);
      return { types: [], rest: ANY };
  }
  report(c, "T007", calleeNode, `cannot call a value of type '${show(callee)}'`);
  checkExprList(c, e.args);
  return { types: [], rest: ANY };
}

function callFunction(c: Checker, ft: FunctionType, e: CallExpression | MethodCallExpression, self: Type | undefined): Tuple {
  if (ft.special !== undefined) {
    const r = specialCall(c, ft, e);
    if (r !== undefined) return r;
  }
  const params = ft.params.map((p) => p.type);
  let args = e.args;
  const offset = self !== undefined ? 1 : 0;
  const generic = ft.typeParams !== undefined && ft.typeParams.length > 0;
  let subst: Map<TypeParamType, Type> | undefined;
  const argTypes: Type[] = self !== undefined ? [self] : [];
  let rest: Type | undefined;
  const lastMulti = args.length > 0 && isMulti(args[args.length - 1]);
  const paramAt = (i: number): Type | undefined => (i < params.length ? params[i] : ft.vararg);

  if (generic) {
    for (let i = 0; i < args.length; i++) {
      if (i === args.length - 1 && lastMulti) {
        const t = checkMulti(c, args[i]);
        argTypes.push(...t.types);
        rest = t.rest;
      } else argTypes.push(checkExpr(c, args[i]));
    }
    const set = new Set(ft.typeParams);
    const cands = new Map<TypeParamType, Type[]>();
    argTypes.forEach((t, i) => {
      const p = paramAt(i);
      if (p !== undefined) inferBindings(p, t, set, cands);
    });
    subst = new Map();
    const violated = new Set<number>();
    for (const tp of ft.typeParams!) {
      const b = chooseBinding(cands.get(tp));
      subst.set(tp, b);
      if (tp.constraint !== undefined) {
        const constraint = substitute(tp.constraint, subst);
        if (!isAssignable(b, constraint)) {
          argTypes.forEach((_, i) => {
            const p = paramAt(i);
            if (p !== undefined && mentions(p, tp)) violated.add(i);
          });
          const at = [...violated].map((i) => args[i - offset]).find((a) => a !== undefined) ?? e;
          report(c, "T009", at, `type '${show(b)}' does not satisfy the constraint '${show(constraint)}' of '${tp.name}'`);
        }
      }
    }
    argTypes.forEach((t, i) => {
      if (i < offset || violated.has(i)) return;
      const p = paramAt(i);
      if (p !== undefined && ft.checked) requireAssignable(c, t, substitute(p, subst!), args[Math.min(i - offset, args.length - 1)], `argument ${i + 1 - offset}`);
    });
  } else {
    for (let i = 0; i < args.length; i++) {
      const p = paramAt(i + offset);
      const what = `argument ${i + 1}`;
      if (i === args.length - 1 && lastMulti) {
        const t = checkMulti(c, args[i]);
        t.types.forEach((x, j) => {
          const pj = paramAt(i + offset + j);
          if (pj !== undefined && ft.checked) requireAssignable(c, x, pj, args[i], what);
        });
        argTypes.push(...t.types);
        rest = t.rest;
      } else {
        argTypes.push(p !== undefined && ft.checked ? checkAgainst(c, args[i], p, what) : checkExpr(c, args[i], p));
      }
    }
  }
  if (ft.checked) {
    const given = argTypes.length;
    if (given > params.length && ft.vararg === undefined) {
      const extra = args[Math.min(params.length - offset, args.length - 1)] ?? e;
      report(c, "T005", extra, `too many arguments: expected at most ${params.length - offset}, got ${given - offset}`);
    } else if (rest === undefined) {
      for (let i = given; i < params.length; i++) {
        const p = subst ? substitute(params[i], subst) : params[i];
        if (!isAssignable(NIL, p)) {
          report(c, "T005", e, `missing argument ${i + 1 - offset} of type '${show(p)}'`);
          break;
        }
      }
    }
  }
  args = e.args;
  const returns = subst ? ft.returns.map((t) => substitute(t, subst!)) : ft.returns;
  const returnsRest = subst && ft.returnsRest ? substitute(ft.returnsRest, subst) : ft.returnsRest;
  return { types: returns, rest: returnsRest };
}

function isMulti(e: Expression): boolean {
  return e.kind === "Call" || e.kind === "MethodCall" || e.kind === "Vararg";
}

function mentions(t: Type, tp: TypeParamType, depth = 0): boolean {
  if (depth > 6) return false;
  if (t === tp) return true;
  switch (t.kind) {
    case "union":
    case "intersection":
      return t.types.some((m) => mentions(m, tp, depth + 1));
    case "array":
      return mentions(t.elem, tp, depth + 1);
    case "map":
      return mentions(t.key, tp, depth + 1) || mentions(t.value, tp, depth + 1);
    case "record":
      for (const f of t.fields.values()) if (mentions(f.type, tp, depth + 1)) return true;
      return false;
    case "function":
      return t.params.some((p) => mentions(p.type, tp, depth + 1)) || t.returns.some((r) => mentions(r, tp, depth + 1));
    case "named":
      return t.args.some((a) => mentions(a, tp, depth + 1));
    default:
      return false;
  }
}

/** Builtins whose result depends on their arguments. */
function specialCall(c: Checker, ft: FunctionType, e: CallExpression | MethodCallExpression): Tuple | undefined {
  switch (ft.special) {
    case "assert": {
      if (e.args.length === 0) return undefined;
      const t = checkExprList(c, e.args);
      const firstType = t.types.length ? t.types[0] : (t.rest ?? NIL);
      return { types: [truthy(firstType), ...t.types.slice(1)], rest: t.rest };
    }
    case "setmetatable": {
      // A table with a metatable may support any operation: it is `any` from here on.
      checkExprList(c, e.args);
      if (e.args.length > 0) {
        const v = localVar(c, e.args[0]);
        if (v !== undefined && v.declared === undefined) setType(c, v, ANY);
      }
      return { types: [ANY], rest: undefined };
    }
    case "require": {
      checkExprList(c, e.args);
      const a = e.args[0];
      if (e.args.length === 1 && a.kind === "String") {
        const m = c.requireModule(a.value);
        return { types: [m ?? ANY], rest: undefined };
      }
      return { types: [ANY], rest: undefined };
    }
    default:
      return undefined;
  }
}
