// Statement checking: declarations and assignments, control flow with its
// flow states (branches join at merge points; exits make a state
// unreachable), loops, returns, and function bodies.

import type { Block, Expression, FunctionExpression, Statement, TypeExpr } from "@wippy-lua/parser";
import { declareTypeParams, hoistAliases, setReturns, typeFromAnnotation } from "./annotations.js";
import {
  type Tuple,
  checkCall,
  checkExpr,
  checkExprList,
  memberType,
  requireAssignable,
  setCastConverter,
  show,
} from "./expressions.js";
import { checkCondition, localVar } from "./narrowing.js";
import {
  type Checker,
  type FlowState,
  type FunctionContext,
  type Variable,
  copyState,
  currentType,
  joinStates,
  lookupValue,
  newScope,
  report,
  setType,
} from "./scope.js";
import { isAssignable } from "./subtype.js";
import {
  ANY,
  type FuncParam,
  type FunctionType,
  INTEGER,
  NIL,
  NUMBER,
  type RecordType,
  type Type,
  includesNil,
  removeNil,
  resolve,
  union,
  widen,
} from "./types.js";

setCastConverter((c, t) => typeFromAnnotation(c, t, c.scope));

/** States at `break` statements of the loops being checked (innermost last). */
const breakStates: FlowState[][] = [];

export function checkBlock(c: Checker, block: Block, fresh = true): void {
  const saved = c.scope;
  if (fresh) c.scope = newScope(saved);
  hoistAliases(c, block.body, c.scope);
  for (const s of block.body) checkStatement(c, s);
  if (fresh) dropScope(c);
  c.scope = saved;
}

/** Forgets the narrowings of the variables of a scope being left: states stay small. */
function dropScope(c: Checker): void {
  const st = c.state;
  if (st === null || st.size === 0) return;
  for (const v of c.scope.values.values()) st.delete(v);
}

function declare(c: Checker, name: string, declared: Type | undefined, type: Type): Variable {
  const v: Variable = { name, declared, type: declared ?? type, depth: c.fn.depth, pairValue: undefined, pairType: undefined };
  c.scope.values.set(name, v);
  return v;
}

function annotation(c: Checker, t: TypeExpr | undefined): Type | undefined {
  return t === undefined ? undefined : typeFromAnnotation(c, t, c.scope);
}

function checkStatement(c: Checker, s: Statement): void {
  switch (s.kind) {
    case "Local":
      return checkLocal(c, s);
    case "LocalFunction": {
      const v = declare(c, s.name.name, undefined, ANY);
      v.type = signatureOf(c, s.func);
      v.type = checkFunction(c, s.func, {});
      return;
    }
    case "Function":
      return checkFunctionStatement(c, s);
    case "Assign":
      return checkAssign(c, s.targets, s.exprs);
    case "CallStatement": {
      const call = s.call;
      const t = checkCall(c, call);
      if (call.kind === "Call" && call.callee.kind === "Name" && call.callee.name === "assert" && call.args.length > 0 &&
          lookupValue(c.scope, "assert") === undefined) {
        // assert(c): after the call, as in the then-branch of c.
        const saved = c.quiet;
        c.quiet++;
        const r = checkCondition(c, call.args[0]);
        c.quiet = saved;
        c.state = r.whenTrue;
      }
      if (t.types.length > 0 && resolve(t.types[0]).kind === "never") c.state = null;
      return;
    }
    case "Do":
      return checkBlock(c, s.body);
    case "While": {
      widenLoopVariables(c, s.body);
      const cond = checkCondition(c, s.condition);
      c.state = cond.whenTrue;
      const breaks = loopBody(c, s.body);
      // After the loop: the condition was false (at entry or after an iteration), or a `break`.
      c.state = joinAll([isTrue(s.condition) ? null : cond.whenFalse, ...breaks]);
      return;
    }
    case "Repeat": {
      widenLoopVariables(c, s.body);
      const saved = c.scope;
      c.scope = newScope(saved);
      breakStates.push([]);
      hoistAliases(c, s.body.body, c.scope);
      for (const st of s.body.body) checkStatement(c, st);
      const cond = checkCondition(c, s.condition);
      const breaks = breakStates.pop()!;
      c.state = joinAll([cond.whenTrue, ...breaks]);
      dropScope(c);
      c.scope = saved;
      return;
    }
    case "If": {
      const ends: FlowState[] = [];
      for (const clause of s.clauses) {
        const cond = checkCondition(c, clause.condition);
        c.state = cond.whenTrue;
        checkBlock(c, clause.body);
        ends.push(c.state);
        c.state = cond.whenFalse;
      }
      if (s.orelse) checkBlock(c, s.orelse);
      ends.push(c.state);
      c.state = joinAll(ends);
      return;
    }
    case "NumericFor": {
      const ts = [s.init, s.limit, ...(s.step ? [s.step] : [])].map((e) => {
        const t = checkExpr(c, e);
        requireAssignable(c, t, NUMBER, e, "'for' bound");
        return t;
      });
      widenLoopVariables(c, s.body);
      const entry = copyState(c.state);
      const saved = c.scope;
      c.scope = newScope(saved);
      const declared = annotation(c, s.variable.type);
      const intLoop = isAssignable(ts[0], INTEGER) && (ts.length < 3 || isAssignable(ts[2], INTEGER));
      declare(c, s.variable.name, declared, intLoop ? INTEGER : NUMBER);
      c.state = copyState(entry);
      const breaks = loopBody(c, s.body);
      dropScope(c);
      c.scope = saved;
      c.state = joinAll([entry, c.state, ...breaks]);
      return;
    }
    case "GenericFor":
      return checkGenericFor(c, s);
    case "Return":
      return checkReturn(c, s.exprs, s);
    case "Break":
      if (breakStates.length) breakStates[breakStates.length - 1].push(c.state);
      c.state = null;
      return;
    case "Goto":
      c.state = null;
      return;
    case "Label":
      if (c.state === null) c.state = new Map();
      return;
    case "TypeAlias":
      return; // hoisted by checkBlock
  }
}

function isTrue(e: Expression): boolean {
  return e.kind === "True";
}

function joinAll(states: FlowState[]): FlowState {
  let out: FlowState = null;
  for (const s of states) out = joinStates(out, s);
  return out;
}

/** Checks a loop body; returns the states at its `break`s. The state after is the body's end state. */
function loopBody(c: Checker, body: Block): FlowState[] {
  breakStates.push([]);
  checkBlock(c, body);
  return breakStates.pop()!;
}

const assignedInBlock = new WeakMap<Block, Set<string>>();

/** Variables assigned in a loop body lose their narrowing at the loop head (the body may run again). */
function widenLoopVariables(c: Checker, body: Block): void {
  if (c.state === null) return;
  let names = assignedInBlock.get(body);
  if (names === undefined) {
    names = new Set();
    collectAssigned(body, names);
    assignedInBlock.set(body, names);
  }
  for (const n of names) {
    const v = lookupValue(c.scope, n);
    if (v !== undefined && v.depth === c.fn.depth) c.state.set(v, v.declared ?? ANY);
  }
}

function collectAssigned(block: Block, out: Set<string>): void {
  for (const s of block.body) {
    switch (s.kind) {
      case "Assign":
        for (const t of s.targets) if (t.kind === "Name") out.add(t.name);
        break;
      case "Do":
      case "While":
      case "Repeat":
      case "NumericFor":
      case "GenericFor":
        collectAssigned(s.body, out);
        break;
      case "If":
        for (const cl of s.clauses) collectAssigned(cl.body, out);
        if (s.orelse) collectAssigned(s.orelse, out);
        break;
      case "Local":
        // `local x = f()` inside a loop may call setmetatable(x): nothing to widen outside.
        break;
      case "CallStatement":
        if (s.call.kind === "Call" && s.call.callee.kind === "Name" && s.call.callee.name === "setmetatable" &&
            s.call.args[0]?.kind === "Name") out.add(s.call.args[0].name);
        break;
    }
  }
}

// ---------------------------------------------------------------- declarations and assignment

function checkLocal(c: Checker, s: Statement & { kind: "Local" }): void {
  const declared = s.names.map((n) => annotation(c, n.type));
  const values: Tuple = s.exprs.length ? checkExprList(c, s.exprs, declared, "initial value") : { types: [], rest: undefined };
  const vars: Variable[] = [];
  s.names.forEach((n, i) => {
    const d = declared[i];
    const value = i < values.types.length ? values.types[i] : (values.rest ?? NIL);
    const v = declare(c, n.name, d, d ?? widenLocal(value));
    vars.push(v);
    if (d !== undefined && i < s.exprs.length + (values.rest ? 1000 : values.types.length) && isAssignable(value, d) &&
        resolve(value).kind !== "any" && resolve(value).kind !== "never" && s.exprs.length > 0) {
      setType(c, v, narrowInit(value, d));
    }
  });
  // The error-pair idiom: `local v, err = f()` with f returning (T?, error?).
  if (vars.length >= 2 && s.exprs.length === 1 && values.types.length >= 2) {
    const errType = values.types[1];
    if (includesError(errType) && includesNil(values.types[0])) {
      vars[1].pairValue = vars[0];
      vars[1].pairType = removeNil(vars[0].declared ?? values.types[0]);
    }
  }
}

/** An annotated local starts with its initialiser's type when that is a literal-free refinement. */
function narrowInit(value: Type, declared: Type): Type {
  const r = resolve(value);
  if (r.kind === "literal" || r.kind === "record" || r.kind === "array" || r.kind === "map" || r.kind === "function") return declared;
  return value;
}

function widenLocal(t: Type): Type {
  const w = widen(t);
  return w;
}

function includesError(t: Type): boolean {
  const r = resolve(t);
  if (r.kind === "error") return true;
  return r.kind === "union" && r.types.some(includesError);
}

function checkAssign(c: Checker, targets: Expression[], exprs: Expression[]): void {
  // Targets are evaluated for their expected types first (their object expressions are checked here).
  const expected: (Type | undefined)[] = targets.map((t) => targetType(c, t));
  const values = checkExprList(c, exprs, expected, "assigned value");
  targets.forEach((t, i) => {
    const value = i < values.types.length ? values.types[i] : (values.rest ?? NIL);
    if (t.kind === "Name") {
      const v = lookupValue(c.scope, t.name);
      if (v === undefined) return;
      v.pairValue = undefined;
      for (const other of c.scope.values.values()) if (other.pairValue === v) other.pairValue = undefined;
      setType(c, v, v.declared !== undefined ? value : widen(value));
    } else if (t.kind === "Member") {
      widenOpenField(c, t.object, t.name, value);
    }
  });
}

/** The type a target must receive, or undefined when unchecked. Reports nil objects. */
function targetType(c: Checker, t: Expression): Type | undefined {
  if (t.kind === "Name") {
    const v = lookupValue(c.scope, t.name);
    return v?.declared;
  }
  if (t.kind === "Member") {
    const obj = checkExpr(c, t.object);
    const r = resolve(obj);
    if (r.kind === "record" && (r.open || r.library) && !r.fields.has(t.name)) return undefined;
    if (r.kind === "record" && r.open) return undefined;
    const ft = memberType(c, obj, t.name, t, t.object);
    return resolve(ft).kind === "any" ? undefined : ft;
  }
  if (t.kind === "Index") {
    const obj = checkExpr(c, t.object);
    checkExpr(c, t.key);
    const r = resolve(obj);
    if (includesNil(obj)) report(c, "T002", t.object, `value of type '${obj.kind}' may be nil (indexing)`);
    if (r.kind === "array" && !r.open) return r.elem;
    if (r.kind === "map") return r.value;
    return undefined;
  }
  return undefined;
}

/** `t.f = v` on a record inferred from a constructor: the field now holds any such value. */
function widenOpenField(c: Checker, obj: Expression, name: string, value: Type): void {
  const v = localVar(c, obj);
  if (v === undefined) return;
  const r = resolve(currentType(c, v));
  if (r.kind !== "record" || !r.open) return;
  const f = r.fields.get(name);
  if (f === undefined) (r as RecordType).fields.set(name, { name, type: ANY, optional: true });
  else if (!isAssignable(value, f.type)) f.type = ANY;
}

function checkFunctionStatement(c: Checker, s: Statement & { kind: "Function" }): void {
  const path = s.path;
  const isPlainGlobal = path.length === 0 && s.method === undefined && lookupValue(c.scope, s.base.name) === undefined;
  let selfType: Type | undefined;
  let target: Type | undefined;
  let openRecord: RecordType | undefined;
  if (path.length > 0 || s.method !== undefined) {
    let obj = checkExpr(c, s.base);
    const names = s.method !== undefined ? path : path.slice(0, -1);
    for (const n of names) obj = memberType(c, obj, n, s.base, s.base);
    const last = s.method ?? path[path.length - 1];
    const r = resolve(obj);
    if (r.kind === "record" && r.open) openRecord = r;
    if (r.kind === "record" && !r.open && !r.library) {
      if (!r.fields.has(last)) report(c, "T004", s.base, `unknown field '${last}' on '${r.kind}'`);
      else target = r.fields.get(last)!.type;
    }
    if (s.method !== undefined) selfType = obj;
  } else {
    const v = lookupValue(c.scope, s.base.name);
    target = v?.declared;
  }
  const sig = signatureOf(c, s.func, selfType);
  if (isPlainGlobal) c.globals.functions.set(s.base.name, sig);
  const t = checkFunction(c, s.func, { self: selfType, expected: target && resolve(target).kind === "function" ? (resolve(target) as FunctionType) : undefined });
  if (openRecord !== undefined) {
    // `function M.f()` on a table built in this chunk: M now has f.
    const last = s.method ?? path[path.length - 1];
    const f = openRecord.fields.get(last);
    if (f === undefined) openRecord.fields.set(last, { name: last, type: t, optional: false });
    else if (!isAssignable(t, f.type)) f.type = ANY;
  }
  if (isPlainGlobal) c.globals.functions.set(s.base.name, t);
  else if (path.length === 0 && s.method === undefined) {
    const v = lookupValue(c.scope, s.base.name);
    if (v && target !== undefined) requireAssignable(c, t, target, s.base, "function");
    else if (v) setType(c, v, t);
  } else if (target !== undefined) requireAssignable(c, t, target, s.base, "function");
}

// ---------------------------------------------------------------- loops

function checkGenericFor(c: Checker, s: Statement & { kind: "GenericFor" }): void {
  const it = checkExprList(c, s.exprs);
  const f = it.types.length ? it.types[0] : (it.rest ?? ANY);
  const r = resolve(f);
  let values: Type[] = [];
  let rest: Type | undefined = ANY;
  if (r.kind === "function") {
    values = r.returns;
    rest = r.returnsRest;
  } else if (r.kind === "nil" || (r.kind === "union" && includesNil(r))) {
    report(c, "T002", s.exprs[0], "the 'for' iterator may be nil");
  } else if (r.kind !== "any" && r.kind !== "table" && r.kind !== "record" && r.kind !== "unknown" && r.kind !== "userdata") {
    report(c, "T007", s.exprs[0], `cannot iterate over a value of type '${r.kind}'`);
  }
  widenLoopVariables(c, s.body);
  const entry = copyState(c.state);
  const saved = c.scope;
  c.scope = newScope(saved);
  s.names.forEach((n, i) => {
    const d = annotation(c, n.type);
    let t = i < values.length ? values[i] : (rest ?? NIL);
    if (i === 0) t = removeNil(t);
    if (d !== undefined) requireAssignable(c, t, d, n, "loop variable");
    declare(c, n.name, d, d ?? t);
  });
  c.state = copyState(entry);
  const breaks = loopBody(c, s.body);
  dropScope(c);
  c.scope = saved;
  c.state = joinAll([entry, c.state, ...breaks]);
}

// ---------------------------------------------------------------- returns and functions

function checkReturn(c: Checker, exprs: Expression[], node: Statement): void {
  const fn = c.fn;
  const declared = fn.returns;
  if (declared !== undefined) {
    const t = checkExprList(c, exprs, declared, "return value");
    if (t.types.length > declared.length) {
      report(c, "T005", exprs[Math.min(declared.length, exprs.length - 1)], `too many return values: expected ${declared.length}, got ${t.types.length}`);
    } else if (t.rest === undefined) {
      for (let i = t.types.length; i < declared.length; i++) {
        if (!isAssignable(NIL, declared[i])) {
          report(c, "T001", node, `missing return value ${i + 1} of type '${show(declared[i])}'`);
          break;
        }
      }
    }
  } else {
    const t = checkExprList(c, exprs);
    fn.inferred.push(t.types.map(widen));
    if (t.rest !== undefined) fn.openReturn = true;
  }
  c.state = null;
}

/** A function's type from its annotations alone (unannotated results: any). */
function signatureOf(c: Checker, f: FunctionExpression, self?: Type): FunctionType {
  const saved = c.scope;
  c.scope = newScope(saved);
  const typeParams = declareTypeParams(c, f.typeParams, c.scope);
  const params: FuncParam[] = f.params.map((p) => ({ name: p.name, type: annotation(c, p.type) ?? ANY }));
  if (self !== undefined) params.unshift({ name: "self", type: self });
  const ft: FunctionType = {
    kind: "function",
    params,
    vararg: f.isVararg ? (annotation(c, f.varargType) ?? ANY) : undefined,
    returns: [],
    returnsRest: undefined,
    typeParams: typeParams.length ? typeParams : undefined,
    checked: isAnnotated(f),
    special: undefined,
  };
  const quiet = c.quiet;
  c.quiet++; // the body check reports annotation problems once
  if (f.returnTypes !== undefined) setReturns(c, ft, f.returnTypes, c.scope);
  else ft.returnsRest = ANY;
  c.quiet = quiet;
  c.scope = saved;
  return ft;
}

export function isAnnotated(f: FunctionExpression): boolean {
  return f.returnTypes !== undefined || f.typeParams !== undefined || f.varargType !== undefined || f.params.some((p) => p.type !== undefined);
}

export interface FunctionOptions {
  self?: Type;
  expected?: FunctionType;
}

/** Checks a function body and returns the function's type (results inferred when not declared). */
export function checkFunction(c: Checker, f: FunctionExpression, opts: FunctionOptions): FunctionType {
  const savedScope = c.scope;
  const savedState = c.state;
  const savedFn = c.fn;
  c.scope = newScope(savedScope);
  const typeParams = declareTypeParams(c, f.typeParams, c.scope);
  const annotated = isAnnotated(f);
  const fn: FunctionContext = {
    returns: undefined,
    inferred: [],
    openReturn: false,
    vararg: undefined,
    depth: savedFn.depth + 1,
    annotated,
  };
  c.fn = fn;
  c.state = new Map();
  const params: FuncParam[] = [];
  const exp = opts.expected;
  const offset = opts.self !== undefined ? 1 : 0;
  if (opts.self !== undefined) {
    declare(c, "self", undefined, opts.self);
    params.push({ name: "self", type: opts.self });
  }
  f.params.forEach((p, i) => {
    const d = annotation(c, p.type);
    const fromContext = exp && exp.checked ? exp.params[i + offset]?.type : undefined;
    const t = d ?? fromContext ?? ANY;
    declare(c, p.name, d, t);
    params.push({ name: p.name, type: t });
  });
  if (f.isVararg) fn.vararg = annotation(c, f.varargType) ?? ANY;
  const ft: FunctionType = {
    kind: "function",
    params,
    vararg: f.isVararg ? fn.vararg : undefined,
    returns: [],
    returnsRest: undefined,
    typeParams: typeParams.length ? typeParams : undefined,
    checked: annotated,
    special: undefined,
  };
  if (f.returnTypes !== undefined) {
    setReturns(c, ft, f.returnTypes, c.scope);
    fn.returns = ft.returns;
  }
  checkBlock(c, f.body, false);
  const fallsOff = c.state !== null;
  if (fn.returns !== undefined) {
    if (fallsOff && fn.returns.some((r) => !isAssignable(NIL, r))) {
      report(c, "T001", f, "function may end without returning a value of the declared type");
    }
  } else {
    inferReturns(ft, fn, fallsOff);
  }
  c.scope = savedScope;
  c.state = savedState;
  c.fn = savedFn;
  return ft;
}

function inferReturns(ft: FunctionType, fn: FunctionContext, fallsOff: boolean): void {
  const all = fn.inferred;
  if (fallsOff) all.push([]);
  if (fn.openReturn) {
    ft.returnsRest = ANY;
  }
  let n = 0;
  for (const r of all) n = Math.max(n, r.length);
  const out: Type[] = [];
  for (let i = 0; i < n; i++) out.push(union(all.map((r) => (i < r.length ? r[i] : fn.openReturn ? ANY : NIL))));
  ft.returns = out;
}
