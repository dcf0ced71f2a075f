// One LuaState per process, made cheaply (runtime spec §1.1).
//
// A runtime builds one template state with the full standard library and
// the runtime globals, and never runs code in it. A process state starts as
// a handful of copy-on-write views (CowTree) of the template's registry,
// globals and string metatable; the library tables behind them are made
// for the process the first time it reads them (io is opened for real, so
// its files belong to the process), and a table is copied only when the
// process writes to it. Protos and library host functions are shared; no
// table is ever shared.

import { openIo, openLibs } from "@wippy-lua/stdlib";
import { CowTree, Rebinder, templateOf, type TableTemplate } from "./cow-table.js";
import type { ProcessBound } from "./meta.js";
import type { Process } from "./runtime.js";
import { LuaState, LuaTable, initState, newState, type LuaValue, type Writer } from "./vm.js";

export class ProcessState extends LuaState implements ProcessBound {
  constructor(stdout: Writer, stderr: Writer, readonly proc: Process) {
    super(stdout, stderr);
  }
}

export interface StateTemplate {
  readonly TG: LuaState;
  /** Opens the libraries and runtime globals on a state, as the template has them. */
  readonly open: (G: LuaState) => void;
  readonly factories: Map<object, (rb: Rebinder) => LuaValue>;
  readonly registry: TableTemplate;
  readonly globals: TableTemplate;
  readonly stringMeta: TableTemplate | null;
}

/** Registry entries io creates when it is opened in a process. */
const IO_REGISTRY_KEYS = new Set(["FILE*", "_IO_input", "_IO_output"]);

/**
 * The template for a runtime: the standard library (sandboxed or not) with
 * `extend` adding the runtime's globals. `path` becomes package.path; with
 * `pathsFromEnv` (the wippy-lua command) LUA_PATH / LUA_CPATH set the paths
 * as they do for lua, ";;" in LUA_PATH standing for `path`.
 */
export function buildTemplate(sandbox: boolean, path: string, extend: (TG: LuaState) => void,
  pathsFromEnv = false): StateTemplate {
  const open = (G: LuaState): void => {
    openLibs(G, { sandbox, defaultPath: path, ignoreEnv: !pathsFromEnv });
    extend(G);
  };
  const TG = newState({ libs: [open] });

  const factories = new Map<object, (rb: Rebinder) => LuaValue>();
  const io = TG.globals.getStr("io");
  // Every table reachable from the roots gets a lazy per-process copy.
  const seen = new Set<LuaTable>([TG.globals, TG.registry]);
  const walk = (t: LuaTable): void => {
    const visit = (v: LuaValue): void => {
      if (!(v instanceof LuaTable) || seen.has(v)) return;
      seen.add(v);
      if (v === io) {
        factories.set(v, (rb) => openIo(rb.state));
        return;
      }
      walk(v);
      const tpl = templateOf(v);
      factories.set(v, (rb) => new CowTree(tpl, rb));
    };
    for (const v of t.arr) visit(v);
    const strs = t.strs;
    if (strs !== null) {
      for (const k in strs) {
        if (t === TG.registry && IO_REGISTRY_KEYS.has(k)) continue;
        visit(strs[k]);
      }
    }
    if (t.hash !== null) for (const v of t.hash.values()) visit(v);
  };
  walk(TG.registry);
  walk(TG.globals);
  if (TG.stringMeta !== null) walk(TG.stringMeta);
  // The roots are bound per process when the state is made (see newProcessState).
  factories.set(TG.globals, () => undefined);
  factories.set(TG.mainThread, () => undefined);
  factories.set(TG.registry, () => undefined);

  const registry = templateOf(TG.registry);
  if (registry.strs !== null) for (const k of IO_REGISTRY_KEYS) delete registry.strs[k];
  return {
    TG,
    open,
    factories,
    registry,
    globals: templateOf(TG.globals),
    stringMeta: TG.stringMeta === null ? null : templateOf(TG.stringMeta),
  };
}

/**
 * A fresh state for process `proc`. With `ownTables` its libraries and
 * globals are opened for it as plain tables instead of copy-on-write views:
 * for the one root process of the wippy-lua command, whose programs read
 * globals and library tables in their hot loops, where compiled code reads
 * plain tables inline (a CowTree's every read goes through its Rebinder).
 */
export function newProcessState(tpl: StateTemplate, proc: Process, stdout: Writer, stderr: Writer,
  ownTables = false): ProcessState {
  const G = new ProcessState(stdout, stderr, proc);
  if (ownTables) return initState(G, { libs: [tpl.open] });
  const rb = new Rebinder(tpl.factories, G);
  const globals = new CowTree(tpl.globals, rb);
  const registry = new CowTree(tpl.registry, rb);
  rb.preset(tpl.TG.globals, globals);
  rb.preset(tpl.TG.registry, registry);
  rb.preset(tpl.TG.mainThread, G.mainThread);
  G.globals = globals;
  (G as { registry: LuaTable }).registry = registry;
  if (tpl.stringMeta !== null) G.stringMeta = new CowTree(tpl.stringMeta, rb);
  return G;
}

