// Building the aliases of a block from the compiler's descriptor (see
// packages/vm/src/compiler/type-values.ts for its format): the parser's
// type-expression nodes become nodes of the checker's representation
// (types.ts). Everything wrong with a type — an unknown name, a wrong
// number of type arguments, a bad validator or pattern — raises here, when
// the block runs, as types.md §6 asks.

import type { Expression, TypeExpr } from "@wippy-lua/parser";
import { LuaError, type LuaValue } from "@wippy-lua/vm/libapi";
import { isAssignable } from "../subtype.js";
import {
  ANY,
  type AliasDef,
  BOOLEAN,
  ERROR,
  type FuncParam,
  type FunctionType,
  INTEGER,
  NEVER,
  NIL,
  NUMBER,
  type NamedType,
  STRING,
  TABLE,
  type Type,
  type TypeParamType,
  UNKNOWN,
  type ValidatorSpec,
  arrayOf,
  literalTypeOf,
  mapOf,
  record,
  resolve,
  typeToString,
  union,
} from "../types.js";
import { compilePattern } from "./regex.js";
import { VALIDATORS, literalArg } from "../validator-args.js";
import { type TypesState, unwrap } from "./values.js";

interface AliasDesc {
  name: string;
  at: number;
  params: { name: string; constraint?: TypeExpr }[];
  type: TypeExpr;
}

interface BlockDesc {
  aliases: AliasDesc[];
  outer: string[];
  erased: string[];
}

/** Built-in type names usable in type expressions. */
const BUILTINS: ReadonlyMap<string, Type> = new Map<string, Type>([
  ["nil", NIL], ["boolean", BOOLEAN], ["number", NUMBER], ["integer", INTEGER], ["string", STRING], ["any", ANY],
  ["unknown", UNKNOWN], ["never", NEVER], ["table", TABLE], ["error", ERROR],
  ["function", { kind: "function", params: [], vararg: ANY, returns: [], returnsRest: ANY, typeParams: undefined, checked: false, special: undefined }],
]);

/** Parsed descriptors, by their text (they are constants of compiled code). */
const parsed = new Map<string, BlockDesc>();

function parseDescriptor(text: string): BlockDesc {
  let d = parsed.get(text);
  if (d === undefined) {
    d = JSON.parse(text) as BlockDesc;
    if (parsed.size >= 1000) parsed.clear();
    parsed.set(text, d);
  }
  return d;
}

/** Names visible while building one alias. */
interface Scope {
  params: Map<string, TypeParamType> | null;
  block: Map<string, AliasDef>;
  outer: Map<string, LuaValue>;
  erased: ReadonlySet<string>;
  S: TypesState;
  alias: AliasDesc;
  /** Validators to check once every body of the block is known (they may look through aliases). */
  pending: [ValidatorSpec, Type, AliasDesc][];
  /** Instantiations whose constraints are checked then too. */
  instances: [NamedType, AliasDesc][];
}

function fail(a: AliasDesc, msg: string): never {
  throw new LuaError(`type '${a.name}' (line ${a.at}): ${msg}`, true);
}

/**
 * The alias values of one block (NamedType nodes, one per alias). `outer`
 * are the values of the enclosing aliases the descriptor lists.
 */
export function buildAliases(S: TypesState, text: string, outer: LuaValue[]): NamedType[] {
  const d = parseDescriptor(text);
  const block = new Map<string, AliasDef>();
  const defs: AliasDef[] = [];
  for (const a of d.aliases) {
    const def: AliasDef = { kind: "alias", name: a.name, params: [], body: undefined };
    block.set(a.name, def);
    defs.push(def);
  }
  const outerMap = new Map<string, LuaValue>();
  d.outer.forEach((name, i) => outerMap.set(name, outer[i]));
  const erased = new Set(d.erased);
  const pending: [ValidatorSpec, Type, AliasDesc][] = [];
  const instances: [NamedType, AliasDesc][] = [];
  const scopes = d.aliases.map((a, i): Scope => {
    let params: Map<string, TypeParamType> | null = null;
    if (a.params.length > 0) {
      params = new Map();
      for (const p of a.params) {
        const tp: TypeParamType = { kind: "typeparam", name: p.name, constraint: undefined };
        params.set(p.name, tp);
        defs[i]!.params.push(tp);
      }
    }
    return { params, block, outer: outerMap, erased, S, alias: a, pending, instances };
  });
  // Parameters and arities first: bodies may instantiate any alias of the block.
  d.aliases.forEach((a, i) => {
    a.params.forEach((p, j) => {
      if (p.constraint) defs[i]!.params[j]!.constraint = typeOf(p.constraint, scopes[i]!);
    });
  });
  d.aliases.forEach((a, i) => {
    defs[i]!.body = typeOf(a.type, scopes[i]!);
  });
  d.aliases.forEach((a, i) => {
    if (reachesUnguarded(defs[i]!.body!, defs[i]!, new Set())) fail(a, "it refers to itself outside any table or function type");
  });
  for (const [spec, target, a] of pending) checkApplies(spec, target, a);
  for (const [n, a] of instances) {
    const problem = checkConstraints(n.def, n.args);
    if (problem !== null) fail(a, problem);
  }
  return defs.map((def) => ({ kind: "named", def, args: [], expanded: undefined }));
}

function typeOf(e: TypeExpr, sc: Scope): Type {
  switch (e.kind) {
    case "NamedType":
      return named(e.name, e.args ? e.args.map((a) => typeOf(a, sc)) : [], sc);
    case "LiteralType":
      return literalTypeOf(e.literal) ?? fail(sc.alias, "bad literal type");
    case "OptionalType":
      return union([typeOf(e.inner, sc), NIL]);
    case "ArrayType":
      return arrayOf(typeOf(e.element, sc));
    case "MapType":
      return mapOf(typeOf(e.key, sc), typeOf(e.value, sc));
    case "RecordType":
      return record(e.fields.map((f) => ({ name: f.name, type: typeOf(f.type, sc), optional: f.optional })));
    case "FunctionType": {
      const params: FuncParam[] = e.params.map((p) => ({ name: p.name, type: typeOf(p.type, sc) }));
      const ft: FunctionType = {
        kind: "function",
        params,
        vararg: e.vararg ? typeOf(e.vararg, sc) : undefined,
        returns: e.returns.map((r) => typeOf(r, sc)),
        returnsRest: undefined,
        typeParams: undefined,
        checked: true,
        special: undefined,
      };
      return ft;
    }
    case "UnionType":
      return union(e.types.map((t) => typeOf(t, sc)));
    case "IntersectionType":
      return { kind: "intersection", types: e.types.map((t) => typeOf(t, sc)) };
    case "ValidatedType": {
      const inner = typeOf(e.type, sc);
      const validators = e.validators.map((v) => validator(v.name, v.args, inner, sc));
      return { kind: "validated", type: inner, validators };
    }
  }
}

function named(name: string, args: Type[], sc: Scope): Type {
  const param = sc.params?.get(name);
  if (param !== undefined) {
    if (args.length > 0) fail(sc.alias, `type parameter '${name}' takes no type arguments`);
    return param;
  }
  const def = sc.block.get(name);
  if (def !== undefined) return instantiate(def, args, sc);
  if (sc.outer.has(name)) {
    const t = unwrap(sc.S, sc.outer.get(name));
    if (t === undefined || t.kind === "tuple") fail(sc.alias, `'${name}' is not a type`);
    if (t.kind === "named" && t.args.length === 0 && t.def.params.length > 0) return instantiate(t.def, args, sc);
    if (args.length > 0) fail(sc.alias, `type '${name}' takes no type arguments`);
    return t;
  }
  if (sc.erased.has(name)) return ANY;
  const builtin = BUILTINS.get(name);
  if (builtin !== undefined) {
    if (args.length > 0) fail(sc.alias, `type '${name}' takes no type arguments`);
    return builtin;
  }
  return fail(sc.alias, `unknown type '${name}'`);
}

/**
 * Does `t` lead back to `def` through unions, intersections, validators and
 * other aliases only (`type A = A | number`)? Such a type has no finite
 * expansion: every check of it would recurse without consuming the value.
 */
function reachesUnguarded(t: Type, def: AliasDef, seen: Set<AliasDef>): boolean {
  switch (t.kind) {
    case "named":
      if (t.def === def) return true;
      if (seen.has(t.def) || t.def.body === undefined) return false;
      seen.add(t.def);
      return reachesUnguarded(t.def.body, def, seen);
    case "union":
    case "intersection":
      return t.types.some((m) => reachesUnguarded(m, def, seen));
    case "validated":
      return reachesUnguarded(t.type, def, seen);
    default:
      return false;
  }
}

function instantiate(def: AliasDef, args: Type[], sc: Scope): NamedType {
  if (args.length !== def.params.length) {
    fail(sc.alias, `type '${def.name}' expects ${def.params.length} type argument(s), got ${args.length}`);
  }
  const n: NamedType = { kind: "named", def, args, expanded: undefined };
  if (args.length > 0) sc.instances.push([n, sc.alias]);
  return n;
}

// ---------------------------------------------------------------- validators

function validator(name: string, argNodes: Expression[], target: Type, sc: Scope): ValidatorSpec {
  const def = VALIDATORS[name];
  if (def === undefined) fail(sc.alias, `unknown validator '@${name}'`);
  const args = argNodes.map(literalArg);
  if (args.length !== 1) fail(sc.alias, `validator '@${name}' takes 1 argument, got ${args.length}`);
  const a = args[0];
  if (typeof a !== def.arg) fail(sc.alias, `validator '@${name}' expects a ${def.arg} literal argument`);
  if (typeof a === "number" && Number.isNaN(a)) fail(sc.alias, `validator '@${name}' expects a number, got nan`);
  if (name === "pattern") {
    const re = compilePattern(a as string);
    if (typeof re === "string") fail(sc.alias, `invalid pattern for '@pattern': ${re}`);
  }
  const spec: ValidatorSpec = { name, args: [a as string | number] };
  sc.pending.push([spec, target, sc.alias]);
  return spec;
}

function checkApplies(spec: ValidatorSpec, target: Type, a: AliasDesc): void {
  if (!applies(VALIDATORS[spec.name]!.applies, target, 0)) {
    fail(a, `validator '@${spec.name}' does not apply to ${typeToString(target)}`);
  }
}

function applies(kind: "number" | "length" | "string", t: Type, depth: number): boolean {
  if (depth > 20) return true;
  const r = resolve(t);
  switch (r.kind) {
    case "any":
    case "unknown":
    case "typeparam":
      return true;
    case "number":
    case "integer":
      return kind === "number";
    case "string":
      return kind !== "number";
    case "array":
      return kind === "length";
    case "literal":
      return typeof r.value === "number" ? kind === "number" : typeof r.value === "string" && kind !== "number";
    case "union":
      return r.types.every((m) => m.kind === "nil" || applies(kind, m, depth + 1));
    default:
      return false;
  }
}

/** Checks the constraints of a generic alias's parameters against instantiation arguments. */
export function checkConstraints(def: AliasDef, args: readonly Type[]): string | null {
  for (let i = 0; i < def.params.length; i++) {
    const c = def.params[i]!.constraint;
    if (c !== undefined && !isAssignable(args[i]!, c)) {
      return `type argument ${i + 1} of '${def.name}' (${typeToString(args[i]!)}) does not satisfy its constraint ${typeToString(c)}`;
    }
  }
  return null;
}
