// The checker's environment: lexical scopes of variables and type names,
// the flow state (narrowed types of locals along control flow), and the
// context shared by the expression and statement checkers.

import type { Diagnostic, DiagnosticCode } from "./diagnostics.js";
import type { Span } from "@wippy-lua/parser";
import { ANY, type AliasDef, type Type, type TypeParamType, union } from "./types.js";

export interface Variable {
  name: string;
  /** The annotation, when the variable has one: assignments must conform to it. */
  declared: Type | undefined;
  /** The type at declaration (declared, or inferred from the initialiser). */
  type: Type;
  /** Function nesting depth of the declaration (0 = main chunk). */
  depth: number;
  /** Error-pair idiom: narrowing this variable (the error) to nil narrows `pairValue` to `pairType`. */
  pairValue: Variable | undefined;
  pairType: Type | undefined;
}

export interface Scope {
  parent: Scope | undefined;
  values: Map<string, Variable>;
  types: Map<string, AliasDef | TypeParamType>;
}

/** Narrowed types of variables; `null` means the point is unreachable. */
export type FlowState = Map<Variable, Type> | null;

export function newScope(parent: Scope | undefined): Scope {
  return { parent, values: new Map(), types: new Map() };
}

export function lookupValue(scope: Scope, name: string): Variable | undefined {
  for (let s: Scope | undefined = scope; s; s = s.parent) {
    const v = s.values.get(name);
    if (v !== undefined) return v;
  }
  return undefined;
}

export function lookupType(scope: Scope, name: string): AliasDef | TypeParamType | undefined {
  for (let s: Scope | undefined = scope; s; s = s.parent) {
    const t = s.types.get(name);
    if (t !== undefined) return t;
  }
  return undefined;
}

/** Joins the states at a merge point: a variable's type is the union over the incoming states. */
export function joinStates(a: FlowState, b: FlowState): FlowState {
  if (a === null) return b;
  if (b === null) return a;
  if (a === b) return a;
  const out = new Map<Variable, Type>();
  for (const [v, t] of a) {
    const u = b.get(v) ?? v.type;
    out.set(v, t === u ? t : union([t, u]));
  }
  for (const [v, t] of b) {
    if (!a.has(v)) out.set(v, t === v.type ? t : union([v.type, t]));
  }
  return out;
}

export function copyState(s: FlowState): FlowState {
  return s === null ? null : new Map(s);
}

/** What the checker knows about the function whose body it is in. */
export interface FunctionContext {
  /** Declared result types, or undefined when they are inferred. */
  returns: Type[] | undefined;
  /** Result types of every `return` seen (for inference), per position. */
  inferred: Type[][];
  /** True when some return's values have an open count (a call or `...` last). */
  openReturn: boolean;
  vararg: Type | undefined;
  depth: number;
  /** True when the function (or the chunk) carries any annotation. */
  annotated: boolean;
}

export interface GlobalInfo {
  /** Builtin globals and their types. */
  builtins: ReadonlyMap<string, Type>;
  /** Names that are assigned somewhere (as plain names) in the checked file. */
  assignedNames: ReadonlySet<string>;
  /** Field names assigned somewhere with `x.name = ...` / `function x.name`. */
  assignedMembers: ReadonlySet<string>;
  /** Types of global functions defined with `function name(...)` (once). */
  functions: Map<string, Type>;
}

export interface Checker {
  file: string;
  diagnostics: Diagnostic[];
  /** Report only T006 / P001 (unannotated file: plain Lua is not type-checked). */
  nonstrict: boolean;
  /** >0 while diagnostics are suppressed (trial checks). */
  quiet: number;
  /** Diagnostics suppressed so far: trial checks compare it before and after. */
  quietErrors: number;
  state: FlowState;
  scope: Scope;
  fn: FunctionContext;
  globals: GlobalInfo;
  /** Resolves `require(name)` to a module's type, or undefined when unknown. */
  requireModule: (name: string) => Type | undefined;
}

export function report(c: Checker, code: DiagnosticCode, node: Span, message: string): void {
  if (c.quiet > 0) {
    c.quietErrors++;
    return;
  }
  if (c.nonstrict && code !== "T006" && code !== "P001") return;
  c.diagnostics.push({
    file: c.file,
    code,
    message,
    line: node.line,
    column: node.column,
    endLine: node.endLine,
    endColumn: node.endColumn,
  });
}

/** The current type of a variable at this point of the flow. */
export function currentType(c: Checker, v: Variable): Type {
  if (v.depth < c.fn.depth) {
    // Captured from an enclosing function: its narrowings do not hold here,
    // and an unannotated one may have been reassigned since.
    if (v.declared !== undefined) return v.declared;
    return c.globals.assignedNames.has(v.name) ? ANY : v.type;
  }
  const s = c.state;
  if (s === null) return v.declared ?? v.type;
  return s.get(v) ?? v.type;
}

/** Refines a variable's type in the current state (narrowing or assignment). */
export function setType(c: Checker, v: Variable, t: Type): void {
  if (c.state === null || v.depth !== c.fn.depth) return;
  c.state.set(v, t);
}
