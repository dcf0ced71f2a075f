// Runtime type values (shared/spec/types.md §5): what compiled code does for
// `type` statements and for the primitive type names used as values.
//
// The VM knows nothing about types. Compiled code reaches the runtime type
// library through one host function, TYPE_HOOK, loaded as a constant (it is
// state-independent, so Protos stay shareable between states). The hook
// forwards its call to the library that the embedder opened in the state:
// the HostFunction stored in the registry under TYPES_REGISTRY_KEY
// (@wippy-lua/types's openTypes puts it there). Calls the hook receives:
//
//   hook("number")                    -> the primitive type value `number`
//                                        (boolean, number, integer, any,
//                                        unknown, never)
//   hook("string", v)                 -> `string` as a value: v is the global
//                                        `string` (normally the library
//                                        table, which the library makes act
//                                        as the string type)
//   hook(descriptor, o1, ..., ok)     -> the values of the aliases of one
//                                        block, in declaration order
//
// A descriptor is a JSON string:
//
//   { "aliases": [{ "name", "at", "params": [{ "name", "constraint"? }], "type" }],
//     "outer": [names], "erased": [names] }
//
// where "type" and "constraint" are the parser's TypeExpr nodes without
// their position fields (integer literals beyond 2^53 as decimal strings).
// A type name inside an alias resolves, in order, to: a type parameter of
// that alias, an alias of the same block, one of the "outer" aliases (its
// value is the matching extra argument o1..ok), an "erased" name (a type
// parameter of an enclosing generic function: `any` at run time), a
// built-in type name; anything else is an error raised when the block runs.

import type { TypeAliasStatement, TypeExpr } from "@wippy-lua/parser";
import { Op } from "../opcodes.js";
import { EK, ExpDesc, expToNextReg } from "./code.js";
import { type FuncState, adjustLocalVars, codeABC, codeK, fixLine, hookK, newLocalVar, reserveRegs, searchVar, stringK } from "./func-state.js";

/** Names that evaluate to primitive type values when no local of that name is visible. */
const PRIMITIVE_VALUE_NAMES: ReadonlySet<string> = new Set(["boolean", "number", "integer", "any", "unknown", "never"]);

export function isPrimitiveValueName(name: string): boolean {
  return PRIMITIVE_VALUE_NAMES.has(name);
}

/** Loads the hook and its first argument into fresh registers; returns the base register. */
function hookCallStart(fs: FuncState, first: string): number {
  const base = fs.freereg;
  codeK(fs, base, hookK(fs));
  reserveRegs(fs, 1);
  codeK(fs, base + 1, stringK(fs, first));
  reserveRegs(fs, 1);
  return base;
}

/**
 * A primitive type name as a value: `hook(name)`, one result left in a
 * register (like a parenthesised call). `global` holds the global `string`
 * for the name `string`.
 */
export function primitiveTypeValue(fs: FuncState, name: string, line: number, e: ExpDesc, global?: ExpDesc): void {
  const base = hookCallStart(fs, name);
  let nargs = 1;
  if (global !== undefined) {
    expToNextReg(fs, global);
    nargs = 2;
  }
  codeABC(fs, Op.CALL, base, nargs + 1, 2);
  fixLine(fs, line);
  fs.freereg = base + 1;
  e.init(EK.NonReloc, base);
}

// ---------------------------------------------------------------- type statements

/** Calls `visit` for every type name used in `t`. */
function eachTypeName(t: TypeExpr, visit: (name: string) => void): void {
  switch (t.kind) {
    case "NamedType":
      visit(t.name);
      if (t.args) for (const a of t.args) eachTypeName(a, visit);
      return;
    case "LiteralType":
      return;
    case "OptionalType":
      eachTypeName(t.inner, visit);
      return;
    case "ArrayType":
      eachTypeName(t.element, visit);
      return;
    case "MapType":
      eachTypeName(t.key, visit);
      eachTypeName(t.value, visit);
      return;
    case "RecordType":
      for (const f of t.fields) eachTypeName(f.type, visit);
      return;
    case "FunctionType":
      for (const p of t.params) eachTypeName(p.type, visit);
      if (t.vararg) eachTypeName(t.vararg, visit);
      for (const r of t.returns) eachTypeName(r, visit);
      return;
    case "UnionType":
    case "IntersectionType":
      for (const m of t.types) eachTypeName(m, visit);
      return;
    case "ValidatedType":
      eachTypeName(t.type, visit);
      return;
  }
}

/**
 * What a type name means at the start of the current block: an alias bound
 * by a `type` statement of an enclosing block ("alias"), a type parameter of
 * an enclosing generic function ("erased"), or neither ("none": built-in or
 * unknown, decided at run time). An ordinary local of that name hides
 * outer aliases, as it hides them in expressions.
 */
function typeNameBinding(fs: FuncState, name: string): "alias" | "erased" | "none" {
  for (let f: FuncState | null = fs; f !== null; f = f.parent) {
    const reg = searchVar(f, name);
    if (reg >= 0) return f.aliasVars !== null && f.aliasVars.has(f.actVar[reg]!) ? "alias" : "none";
    if (f.typeParams !== null && f.typeParams.includes(name)) return "erased";
  }
  return "none";
}

const POSITION_FIELDS: ReadonlySet<string> = new Set(["start", "end", "line", "endLine"]);

function descriptorJSON(value: unknown): string {
  return JSON.stringify(value, (key, v: unknown) => {
    if (POSITION_FIELDS.has(key)) return undefined;
    return typeof v === "bigint" ? v.toString() : v;
  });
}

/**
 * Hoists the `type` statements of a block to its start: their names become
 * locals there (so aliases may refer to each other and to themselves), set
 * by one hook call that builds every alias of the block. The statements
 * themselves compile to nothing.
 */
export function hoistTypeAliases(
  fs: FuncState,
  aliases: readonly TypeAliasStatement[],
  resolveVar: (fs: FuncState, name: string, e: ExpDesc) => void,
): void {
  const blockNames = new Set(aliases.map((a) => a.name));
  const outer: string[] = [];
  const erased: string[] = [];
  const seen = new Set<string>();
  const visit = (name: string): void => {
    if (seen.has(name) || blockNames.has(name)) return;
    seen.add(name);
    const b = typeNameBinding(fs, name);
    if (b === "alias") outer.push(name);
    else if (b === "erased") erased.push(name);
  };
  for (const a of aliases) {
    if (a.typeParams) for (const p of a.typeParams) if (p.constraint) eachTypeName(p.constraint, visit);
    eachTypeName(a.type, visit);
  }
  const desc = descriptorJSON({
    aliases: aliases.map((a) => ({
      name: a.name,
      at: a.line,
      params: (a.typeParams ?? []).map((p) => ({ name: p.name, constraint: p.constraint })),
      type: a.type,
    })),
    outer,
    erased,
  });
  if (fs.freereg !== fs.nactvar) throw new Error("compiler: type aliases hoisted with live temporaries");
  const firstLocal = fs.locVars.length;
  for (const a of aliases) newLocalVar(fs, a.name);
  const base = hookCallStart(fs, desc);
  for (const name of outer) {
    const v = new ExpDesc();
    resolveVar(fs, name, v);
    expToNextReg(fs, v);
  }
  codeABC(fs, Op.CALL, base, outer.length + 2, aliases.length + 1);
  fixLine(fs, aliases[0]!.line);
  fs.freereg = base;
  reserveRegs(fs, aliases.length);
  adjustLocalVars(fs, aliases.length);
  if (fs.aliasVars === null) fs.aliasVars = new Set();
  for (let i = 0; i < aliases.length; i++) fs.aliasVars.add(firstLocal + i);
}
