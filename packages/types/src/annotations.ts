// Annotations to types: resolves the parser's TypeExpr nodes against the
// scope's type names (aliases, type parameters, primitives), reporting
// unknown names (T006) and invalid validators (T010).

import type { TypeAliasStatement, TypeExpr, TypeParam, Validator } from "@wippy-lua/parser";
import { type Checker, type Scope, lookupType, report } from "./scope.js";
import { VALIDATORS, literalArg } from "./validator-args.js";
import {
  ANY,
  type AliasDef,
  type FuncParam,
  type FunctionType,
  NIL,
  PRIMITIVES,
  type RecordField,
  type Type,
  type TypeParamType,
  type ValidatorSpec,
  arrayOf,
  literalTypeOf,
  mapOf,
  record,
  resolve,
  union,
} from "./types.js";

/**
 * Hook for declaration files: `Rest<T>` as the last result of a function
 * means "any number of further T results". Only the signature loader sets it.
 */
export interface AnnotationOptions {
  restMarker?: boolean;
}

export const REST_MARKER: AliasDef = { kind: "alias", name: "Rest", params: [{ kind: "typeparam", name: "T", constraint: undefined }], body: ANY };

export function typeFromAnnotation(c: Checker, e: TypeExpr, scope: Scope): Type {
  switch (e.kind) {
    case "NamedType":
      return namedType(c, e.name, e.args, e, scope);
    case "LiteralType":
      return literalTypeOf(e.literal) ?? ANY;
    case "OptionalType":
      return union([typeFromAnnotation(c, e.inner, scope), NIL]);
    case "ArrayType":
      return arrayOf(typeFromAnnotation(c, e.element, scope));
    case "MapType":
      return mapOf(typeFromAnnotation(c, e.key, scope), typeFromAnnotation(c, e.value, scope));
    case "RecordType": {
      const fields: RecordField[] = e.fields.map((f) => ({
        name: f.name,
        type: typeFromAnnotation(c, f.type, scope),
        optional: f.optional,
      }));
      return record(fields);
    }
    case "FunctionType": {
      const params: FuncParam[] = e.params.map((p) => ({ name: p.name, type: typeFromAnnotation(c, p.type, scope) }));
      const ft: FunctionType = {
        kind: "function",
        params,
        vararg: e.vararg ? typeFromAnnotation(c, e.vararg, scope) : undefined,
        returns: [],
        returnsRest: undefined,
        typeParams: undefined,
        checked: true,
        special: undefined,
      };
      setReturns(c, ft, e.returns, scope);
      return ft;
    }
    case "UnionType":
      return union(e.types.map((t) => typeFromAnnotation(c, t, scope)));
    case "IntersectionType":
      return { kind: "intersection", types: e.types.map((t) => typeFromAnnotation(c, t, scope)) };
    case "ValidatedType": {
      const inner = typeFromAnnotation(c, e.type, scope);
      const validators: ValidatorSpec[] = [];
      for (const v of e.validators) {
        const spec = checkValidator(c, v, inner);
        if (spec !== undefined) validators.push(spec);
      }
      return { kind: "validated", type: inner, validators };
    }
  }
}

/** Sets a function type's results; `Rest<T>` last (declaration files) opens the count. */
export function setReturns(c: Checker, ft: FunctionType, returns: TypeExpr[], scope: Scope): void {
  const out: Type[] = [];
  for (let i = 0; i < returns.length; i++) {
    const r = returns[i];
    if (i === returns.length - 1 && r.kind === "NamedType" && r.name === "Rest" && lookupType(scope, "Rest") === REST_MARKER) {
      ft.returnsRest = r.args?.[0] ? typeFromAnnotation(c, r.args[0], scope) : ANY;
      continue;
    }
    out.push(typeFromAnnotation(c, r, scope));
  }
  ft.returns = out;
}

function namedType(c: Checker, name: string, args: TypeExpr[] | undefined, node: TypeExpr, scope: Scope): Type {
  const def = lookupType(scope, name);
  if (def === undefined) {
    const prim = PRIMITIVES.get(name);
    if (prim !== undefined && name !== "thread" && name !== "userdata") {
      if (args && args.length) report(c, "T006", node, `type '${name}' takes no type arguments`);
      return prim;
    }
    if (name === "function") return { kind: "function", params: [], vararg: ANY, returns: [], returnsRest: ANY, typeParams: undefined, checked: false, special: undefined };
    report(c, "T006", node, `unknown type '${name}'`);
    return ANY;
  }
  if (def.kind === "typeparam") {
    if (args && args.length) report(c, "T006", node, `type parameter '${name}' takes no type arguments`);
    return def;
  }
  const given = args ? args.map((a) => typeFromAnnotation(c, a, scope)) : [];
  if (given.length !== def.params.length) {
    report(c, "T006", node, `type '${name}' expects ${def.params.length} type argument(s), got ${given.length}`);
    while (given.length < def.params.length) given.push(ANY);
    given.length = def.params.length;
  }
  return { kind: "named", def, args: given, expanded: undefined };
}

/** Declares type parameters in `scope` (constraints may refer to earlier ones). */
export function declareTypeParams(c: Checker, params: TypeParam[] | undefined, scope: Scope): TypeParamType[] {
  if (!params) return [];
  const out: TypeParamType[] = [];
  for (const p of params) {
    const tp: TypeParamType = { kind: "typeparam", name: p.name, constraint: undefined };
    scope.types.set(p.name, tp);
    out.push(tp);
  }
  params.forEach((p, i) => {
    if (p.constraint) out[i].constraint = typeFromAnnotation(c, p.constraint, scope);
  });
  return out;
}

/**
 * Hoists the `type` statements of a block: every alias is bound before any
 * right-hand side is resolved, so aliases may refer to each other and to
 * themselves.
 */
export function hoistAliases(c: Checker, stmts: readonly { kind: string }[], scope: Scope): void {
  const pending: [TypeAliasStatement, AliasDef, Scope][] = [];
  for (const s of stmts) {
    if (s.kind !== "TypeAlias") continue;
    const a = s as TypeAliasStatement;
    const def: AliasDef = { kind: "alias", name: a.name, params: [], body: undefined };
    scope.types.set(a.name, def);
    pending.push([a, def, scope]);
  }
  for (const [a, def] of pending) {
    const inner = a.typeParams ? { parent: scope, values: new Map(), types: new Map() } : scope;
    def.params = declareTypeParams(c, a.typeParams, inner);
    def.body = typeFromAnnotation(c, a.type, inner);
  }
}

// ---------------------------------------------------------------- validators

function checkValidator(c: Checker, v: Validator, target: Type): ValidatorSpec | undefined {
  const def = VALIDATORS[v.name];
  if (def === undefined) {
    report(c, "T010", v, `unknown validator '@${v.name}'`);
    return undefined;
  }
  const args = v.args.map(literalArg);
  if (args.length !== 1) {
    report(c, "T010", v, `validator '@${v.name}' takes 1 argument, got ${args.length}`);
    return undefined;
  }
  const arg = args[0];
  if (typeof arg !== def.arg) {
    report(c, "T010", v, `validator '@${v.name}' expects a ${def.arg} argument`);
    return undefined;
  }
  if (def.arg === "string") {
    try {
      new RegExp(arg as string);
    } catch {
      report(c, "T010", v, `validator '@${v.name}': invalid regular expression`);
      return undefined;
    }
  }
  if (!validatorApplies(def.applies, target)) {
    report(c, "T010", v, `validator '@${v.name}' does not apply to this type`);
    return undefined;
  }
  return { name: v.name, args: args as (string | number | boolean | null)[] };
}

function validatorApplies(applies: "number" | "length" | "string", t: Type): boolean {
  const r = resolve(t);
  switch (r.kind) {
    case "any":
    case "unknown":
      return true;
    case "number":
    case "integer":
      return applies === "number";
    case "string":
      return applies !== "number";
    case "array":
      return applies === "length";
    case "literal":
      return typeof r.value === "number" ? applies === "number" : typeof r.value === "string" && applies !== "number";
    case "union":
      return r.types.every((m) => m.kind === "nil" || validatorApplies(applies, m));
    default:
      return false;
  }
}
