// Builtin globals and modules: the declaration sources of
// stdlib-signatures.ts and runtime-signatures.ts, parsed once and turned
// into types (library tables become records marked `library`).

import { parse, type Statement } from "@wippy-lua/parser";
import { REST_MARKER, declareTypeParams, hoistAliases, setReturns, typeFromAnnotation } from "./annotations.js";
import type { Diagnostic } from "./diagnostics.js";
import { RUNTIME_DECLARATIONS, RUNTIME_MODULES } from "./runtime-signatures.js";
import { type Checker, newScope } from "./scope.js";
import { STDLIB_DECLARATIONS } from "./stdlib-signatures.js";
import { ANY, type FunctionType, type RecordType, THREAD, type Type, record, resolve } from "./types.js";

export interface Builtins {
  globals: Map<string, Type>;
  modules: Map<string, Type>;
  /** Problems in the declaration sources themselves (always empty; checked by tests). */
  problems: Diagnostic[];
}

const SPECIAL = new Set(["assert", "setmetatable", "require"]);

let cached: Builtins | undefined;

export function builtins(): Builtins {
  if (cached === undefined) cached = loadBuiltins();
  return cached;
}

function loadBuiltins(): Builtins {
  const problems: Diagnostic[] = [];
  const scope = newScope(undefined);
  scope.types.set("Rest", REST_MARKER);
  // `thread` is LATER in user annotations, but the signatures need it.
  scope.types.set("thread", { kind: "alias", name: "thread", params: [], body: THREAD });
  const c: Checker = {
    file: "<builtins>",
    diagnostics: problems,
    nonstrict: false,
    quiet: 0,
    quietErrors: 0,
    state: null,
    scope,
    fn: { returns: undefined, inferred: [], openReturn: false, vararg: undefined, depth: 0, annotated: true },
    globals: { builtins: new Map(), assignedNames: new Set(), assignedMembers: new Set(), functions: new Map() },
    requireModule: () => undefined,
  };
  const globals = new Map<string, Type>();
  for (const src of [STDLIB_DECLARATIONS, RUNTIME_DECLARATIONS]) {
    const chunk = parse(src, { chunkName: "=builtins" });
    hoistAliases(c, chunk.body.body, scope);
    for (const s of chunk.body.body) declareBuiltin(c, s, globals);
  }
  globals.set("unpack", (resolve(globals.get("table")!) as RecordType).fields.get("unpack")!.type);
  const errorMethods = scope.types.get("ErrorMethods");
  if (errorMethods !== undefined && errorMethods.kind !== "typeparam") globals.set(" error", errorMethods.body ?? ANY);
  const modules = new Map<string, Type>();
  for (const m of RUNTIME_MODULES) {
    modules.set(m, globals.get(m)!);
    globals.delete(m);
  }
  return { globals, modules, problems };
}

function libraryAt(globals: Map<string, Type>, path: string[]): RecordType {
  let t = globals.get(path[0]);
  if (t === undefined || t.kind !== "record") {
    t = record([], false, true);
    globals.set(path[0], t);
  }
  let r = t as RecordType;
  for (const name of path.slice(1)) {
    let f = r.fields.get(name);
    if (f === undefined) {
      f = { name, type: record([], false, true), optional: false };
      r.fields.set(name, f);
    }
    r = f.type as RecordType;
  }
  return r;
}

function declareBuiltin(c: Checker, s: Statement, globals: Map<string, Type>): void {
  if (s.kind === "Function") {
    const saved = c.scope;
    c.scope = newScope(saved);
    const f = s.func;
    const typeParams = declareTypeParams(c, f.typeParams, c.scope);
    const name = s.path.length ? s.path[s.path.length - 1] : s.base.name;
    const ft: FunctionType = {
      kind: "function",
      params: f.params.map((p) => ({ name: p.name, type: p.type ? typeFromAnnotation(c, p.type, c.scope) : ANY })),
      vararg: f.isVararg ? (f.varargType ? typeFromAnnotation(c, f.varargType, c.scope) : ANY) : undefined,
      returns: [],
      returnsRest: undefined,
      typeParams: typeParams.length ? typeParams : undefined,
      checked: true,
      special: s.path.length === 0 && SPECIAL.has(name) ? name : undefined,
    };
    setReturns(c, ft, f.returnTypes ?? [], c.scope);
    c.scope = saved;
    if (s.path.length === 0) globals.set(name, ft);
    else libraryAt(globals, [s.base.name, ...s.path.slice(0, -1)]).fields.set(name, { name, type: ft, optional: false });
    return;
  }
  if (s.kind === "Assign" && s.exprs.length === 1 && s.exprs[0].kind === "Cast") {
    const t = typeFromAnnotation(c, s.exprs[0].type, c.scope);
    const target = s.targets[0];
    if (target.kind === "Name") globals.set(target.name, t);
    else if (target.kind === "Member") {
      const path: string[] = [];
      let o = target.object;
      while (o.kind === "Member") {
        path.unshift(o.name);
        o = o.object;
      }
      if (o.kind === "Name") libraryAt(globals, [o.name, ...path]).fields.set(target.name, { name: target.name, type: t, optional: false });
    }
  }
}
