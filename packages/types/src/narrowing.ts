// Narrowing (types.md §3.4): a condition splits the flow state into the
// state where it is true and the state where it is false.

import type { Expression } from "@wippy-lua/parser";
import { checkExpr } from "./expressions.js";
import { type Checker, type FlowState, type Variable, copyState, currentType, joinStates, lookupValue } from "./scope.js";
import { isAssignable } from "./subtype.js";
import {
  ANY_FUNCTION,
  BOOLEAN,
  type LiteralType,
  NIL,
  NUMBER,
  STRING,
  TABLE,
  THREAD,
  type Type,
  USERDATA,
  falsy,
  includesNil,
  literalTypeOf,
  luaTypeName,
  removeNil,
  resolve,
  truthy,
  union,
} from "./types.js";

export interface Branches {
  whenTrue: FlowState;
  whenFalse: FlowState;
}

/** Checks a condition and returns the states for its true and false outcomes. */
export function checkCondition(c: Checker, e: Expression): Branches {
  switch (e.kind) {
    case "Paren":
      return checkCondition(c, e.expr);
    case "Unary":
      if (e.operator === "not") {
        const r = checkCondition(c, e.operand);
        return { whenTrue: r.whenFalse, whenFalse: r.whenTrue };
      }
      break;
    case "Binary":
      if (e.operator === "and") {
        const left = checkCondition(c, e.left);
        c.state = copyState(left.whenTrue);
        const right = checkCondition(c, e.right);
        return { whenTrue: right.whenTrue, whenFalse: joinStates(left.whenFalse, right.whenFalse) };
      }
      if (e.operator === "or") {
        const left = checkCondition(c, e.left);
        c.state = copyState(left.whenFalse);
        const right = checkCondition(c, e.right);
        return { whenTrue: joinStates(left.whenTrue, right.whenTrue), whenFalse: right.whenFalse };
      }
      if (e.operator === "==" || e.operator === "~=") {
        checkExpr(c, e);
        const r = comparison(c, e.left, e.right) ?? comparison(c, e.right, e.left);
        if (r === undefined) return unchanged(c);
        return e.operator === "==" ? r : { whenTrue: r.whenFalse, whenFalse: r.whenTrue };
      }
      break;
    case "Name": {
      checkExpr(c, e);
      const v = localVar(c, e);
      if (v === undefined) return unchanged(c);
      const t = currentType(c, v);
      return split(c, v, truthy(t), falsy(t));
    }
    case "MethodCall": {
      // T:is(x) narrows x to T in the true branch.
      const objType = checkExpr(c, e);
      void objType;
      if (e.name === "is" && e.args.length === 1) {
        const v = localVar(c, e.args[0]);
        const tv = typeValueOf(c, e.object);
        if (v !== undefined && tv !== undefined) return split(c, v, tv, currentType(c, v));
      }
      return unchanged(c);
    }
  }
  checkExpr(c, e);
  return unchanged(c);
}

function unchanged(c: Checker): Branches {
  return { whenTrue: copyState(c.state), whenFalse: copyState(c.state) };
}

/** The local variable a (possibly parenthesised) name expression denotes. */
export function localVar(c: Checker, e: Expression): Variable | undefined {
  while (e.kind === "Paren") e = e.expr;
  return e.kind === "Name" ? lookupValue(c.scope, e.name) : undefined;
}

function typeValueOf(c: Checker, e: Expression): Type | undefined {
  const saved = c.quiet;
  c.quiet++;
  const t = checkExpr(c, e);
  c.quiet = saved;
  if (t.kind === "typevalue") return t.of;
  if (e.kind === "Name" && e.name === "string" && lookupValue(c.scope, "string") === undefined) return STRING;
  return undefined;
}

function split(c: Checker, v: Variable, whenTrue: Type, whenFalse: Type): Branches {
  const t = copyState(c.state);
  const f = copyState(c.state);
  refine(c, t, v, whenTrue);
  refine(c, f, v, whenFalse);
  return { whenTrue: t, whenFalse: f };
}

/** Sets a variable's type in a state; narrowing an error-pair's error to nil narrows its value. */
export function refine(c: Checker, s: FlowState, v: Variable, t: Type): void {
  if (s === null || v.depth !== c.fn.depth) return;
  s.set(v, t);
  const r = resolve(t);
  if (v.pairValue !== undefined && v.pairType !== undefined && (r.kind === "nil" || r.kind === "never")) {
    s.set(v.pairValue, v.pairType);
  }
}

/** `subject == other` where `other` is nil, a literal, or `type(subject) == name`. */
function comparison(c: Checker, subject: Expression, other: Expression): Branches | undefined {
  while (subject.kind === "Paren") subject = subject.expr;
  // type(x) == "name"
  if (subject.kind === "Call" && subject.callee.kind === "Name" && subject.callee.name === "type" &&
      subject.args.length === 1 && other.kind === "String" && lookupValue(c.scope, "type") === undefined) {
    const v = localVar(c, subject.args[0]);
    if (v === undefined) return undefined;
    const t = currentType(c, v);
    return split(c, v, byLuaType(t, other.value, true), byLuaType(t, other.value, false));
  }
  const lit = literalTypeOf(other);
  if (lit === undefined) return undefined;
  // x.tag == literal on a union of records
  if (subject.kind === "Member" && lit !== NIL) {
    const v = localVar(c, subject.object);
    if (v === undefined) return undefined;
    const t = currentType(c, v);
    const r = resolve(t);
    if (r.kind !== "union") return undefined;
    const yes: Type[] = [];
    const no: Type[] = [];
    for (const m of r.types) {
      const mr = resolve(m);
      const f = mr.kind === "record" ? mr.fields.get(subject.name) : undefined;
      if (f === undefined) {
        if (mr.kind === "nil") no.push(m);
        else {
          yes.push(m);
          no.push(m);
        }
        continue;
      }
      if (isAssignable(lit, f.type) || (f.optional && lit === NIL)) yes.push(m);
      const fr = resolve(f.type);
      if (!(fr.kind === "literal" && fr.value === (lit as LiteralType).value)) no.push(m);
    }
    return split(c, v, union(yes), union(no));
  }
  const v = localVar(c, subject);
  if (v === undefined) return undefined;
  const t = currentType(c, v);
  if (lit === NIL) {
    return split(c, v, includesNil(t) || isTop(t) ? NIL : resolve(t).kind === "never" ? t : NIL, removeNil(t));
  }
  const r = resolve(t);
  const l = lit as LiteralType;
  const whenTrue = isTop(t) ? lit : isAssignable(lit, t) ? lit : t;
  let whenFalse = t;
  if (r.kind === "union") whenFalse = union(r.types.filter((m) => { const mr = resolve(m); return !(mr.kind === "literal" && mr.value === l.value); }));
  else if (r.kind === "literal" && r.value === l.value) whenFalse = { kind: "never" };
  return split(c, v, whenTrue, whenFalse);
}

function isTop(t: Type): boolean {
  const k = resolve(t).kind;
  return k === "any" || k === "unknown";
}


/** The members of t whose Lua type is (keep) or is not (!keep) `name`. */
function byLuaType(t: Type, name: string, keep: boolean): Type {
  const r = resolve(t);
  if (r.kind === "any" || r.kind === "unknown" || r.kind === "typeparam") {
    if (!keep) return t;
    switch (name) {
      case "number":
        return NUMBER;
      case "string":
        return STRING;
      case "boolean":
        return BOOLEAN;
      case "nil":
        return NIL;
      case "table":
        return TABLE;
      case "function":
        return ANY_FUNCTION;
      case "thread":
        return THREAD;
      case "userdata":
        return USERDATA;
      default:
        return t;
    }
  }
  const ms = r.kind === "union" ? r.types : [t];
  const out: Type[] = [];
  for (const m of ms) {
    const n = luaTypeName(m);
    const mr = resolve(m);
    // A member whose Lua type varies (any, a type parameter) stays in both branches.
    if (n === undefined) {
      const k = mr.kind;
      out.push(keep && (k === "any" || k === "unknown" || k === "typeparam") ? byLuaType(mr, name, true) : m);
      continue;
    }
    if ((n === name) === keep) out.push(m);
  }
  return union(out);
}
