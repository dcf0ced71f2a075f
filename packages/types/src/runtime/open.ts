// Opening the runtime type library in a state: the entry point compiled
// code reaches through the VM's type hook (registry[TYPES_REGISTRY_KEY]),
// and a `type()` that answers "type" for type values.
//
// Everything put into the state is state-independent (shared host
// functions), so a state used as a template for cheap copies (the actor
// runtime's processes) hands it on: each state's own data (metatables,
// primitive values) is made the first time it uses a type value.

import {
  HostFunction, LuaError, TYPES_REGISTRY_KEY, checkAny, checkStack, typeName, type LuaState, type LuaThread,
  type LuaValue,
} from "@wippy-lua/vm";
import { ANY, BOOLEAN, INTEGER, NEVER, NUMBER, type Type, UNKNOWN } from "../types.js";
import { buildAliases } from "./build.js";
import { type ErrorSupport, PLAIN_ERRORS } from "./errors.js";
import { stringMetatable, typeMetatable } from "./reflect.js";
import { type TypesState, findState, isTypeValue, registerState, stringTable, wrap } from "./values.js";

export interface TypesOptions {
  /** How INVALID errors are made and error objects recognised (default: plain error objects). */
  errors?: ErrorSupport;
}

const PRIMITIVE_VALUES: ReadonlyMap<string, Type> = new Map<string, Type>([
  ["boolean", BOOLEAN], ["number", NUMBER], ["integer", INTEGER], ["any", ANY], ["unknown", UNKNOWN], ["never", NEVER],
]);

function stateFor(G: LuaState, errors: ErrorSupport): TypesState {
  let S = findState(G);
  if (S === undefined) {
    S = {
      G,
      errors,
      meta: typeMetatable(),
      stringMeta: stringMetatable(),
      stringTable: undefined,
      stringBound: null,
      cache: new WeakMap(),
    };
    registerState(S);
  }
  return S;
}

/** The library's entry point: the calls listed in packages/vm/src/compiler/type-values.ts. */
function entryPoint(errors: ErrorSupport): HostFunction {
  return new HostFunction("type", (L: LuaThread, base: number, nargs: number) => {
    const S = stateFor(L.G, errors);
    const first = L.stack[base];
    if (typeof first !== "string") throw new LuaError("bad call of the type library", true);
    if (first.charCodeAt(0) === 123 /* { */) {
      const outer: LuaValue[] = [];
      for (let i = 1; i < nargs; i++) outer.push(L.stack[base + i]);
      const aliases = buildAliases(S, first, outer);
      checkStack(L, aliases.length);
      for (const a of aliases) L.stack[L.top++] = wrap(S, a);
      return aliases.length;
    }
    if (first === "string") {
      const v = nargs > 1 ? L.stack[base + 1] : undefined;
      const lib = stringTable(S);
      // A program that replaced the global `string` keeps its own value.
      L.stack[L.top++] = v === undefined || v === lib ? wrap(S, { kind: "string" }) : v;
      return 1;
    }
    const prim = PRIMITIVE_VALUES.get(first);
    if (prim === undefined) throw new LuaError(`unknown type value '${first}'`, true);
    L.stack[L.top++] = wrap(S, prim);
    return 1;
  });
}

/** `type(v)`: "type" for type values, Lua's type name otherwise. */
const typeFunction = new HostFunction("type", (L) => {
  const v = checkAny(L, 1);
  L.stack[L.top++] = isTypeValue(v) ? "type" : typeName(v);
  return 1;
});

/**
 * Opens the runtime type library in `G` (a LibOpener when called with the
 * state alone): type statements and primitive type names used as values
 * work in code the state runs, and the global `type` reports "type" for
 * type values.
 */
export function openTypes(G: LuaState, options?: TypesOptions): void {
  G.registry.setStr(TYPES_REGISTRY_KEY, entryPoint(options?.errors ?? PLAIN_ERRORS));
  G.globals.setStr("type", typeFunction);
}

/** An opener for states whose error objects come from `errors` (the actor runtime's). */
export function typesOpener(errors: ErrorSupport): (G: LuaState) => void {
  return (G) => openTypes(G, { errors });
}

/** True for the registry entry openTypes installs (for embedders that check what a state has). */
export function hasTypes(G: LuaState): boolean {
  return G.registry.getStr(TYPES_REGISTRY_KEY) instanceof HostFunction;
}
