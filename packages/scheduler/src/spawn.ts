// Entries and process start-up (runtime spec §11.2, §3.2).
//
// A target is a registry-style id ("app.workers:handler": the manifest
// entry of that name, else <root>/app/workers/handler.lua) or a path
// relative to the project root ("./workers/w.lua"); either may end with
// "#method". A file is read and compiled once per runtime; each process
// gets a closure of the shared Proto bound to its own globals.
//
// The main thread of a process runs ENTRY: it calls the chunk with the
// spawn arguments, then the function the chunk returned (or its `method`
// field) with the same arguments, all under xpcall so that an error's
// traceback is taken where it was raised.

import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { LuaSyntaxError } from "@wippy-lua/parser";
import { ErrorValue, errorObject } from "./errors-lib.js";
import { procOf } from "./meta.js";
import { newProcessState } from "./process-state.js";
import { Process, Task, type Runtime } from "./runtime.js";
import { transferAll } from "./transfer.js";
import {
  HostFunction, LuaClosure, LuaError, LuaTable, UpVal, baseFunction, call, compileChunk, isFunction, load, newState,
  LuaFloat, getMetatable, objTypeName, tostring, traceback, type LuaThread, type LuaValue, type Proto,
} from "./vm.js";

export interface Entry {
  readonly file: string;
  readonly chunkName: string;
  readonly method: string;
  /** The method was named (by "#method" or the manifest): a chunk without it is an error. */
  readonly explicit: boolean;
}

export type Failure = { kind: "NOT_FOUND" | "INVALID"; message: string };

interface ManifestEntry {
  source?: unknown;
  method?: unknown;
}

/** Reads <root>/wippy.json's entries once per runtime (absent: none). */
export function readManifest(root: string): Map<string, ManifestEntry> {
  const m = new Map<string, ManifestEntry>();
  const file = path.join(root, "wippy.json");
  if (!existsSync(file)) return m;
  try {
    const data = JSON.parse(readFileSync(file, "utf8")) as { entries?: Record<string, ManifestEntry> };
    for (const [id, e] of Object.entries(data.entries ?? {})) m.set(id, e);
  } catch {
    // An unreadable manifest is the same as none; entries then resolve by file convention.
  }
  return m;
}

const REGISTRY_ID = /^[A-Za-z_][\w.-]*:[A-Za-z_][\w-]*$/;

/** Resolves a spawn target to a file and method. */
export function resolveTarget(rt: Runtime, target: string): Entry | Failure {
  const root = rt.options.root;
  let base = target;
  let method = "main";
  let explicit = false;
  const hash = target.lastIndexOf("#");
  if (hash >= 0) {
    base = target.slice(0, hash);
    method = target.slice(hash + 1);
    explicit = true;
    if (method === "") return { kind: "INVALID", message: `invalid entry target '${target}'` };
  }
  let rel: string;
  if (base.includes("/") || base.endsWith(".lua")) {
    rel = base;
  } else if (REGISTRY_ID.test(base)) {
    const m = rt.manifest.get(base);
    if (m !== undefined && typeof m.source === "string") {
      rel = m.source;
      if (!explicit && typeof m.method === "string") {
        method = m.method;
        explicit = true;
      }
    } else {
      const [ns, name] = base.split(":") as [string, string];
      rel = path.join(...ns.split("."), `${name}.lua`);
    }
  } else {
    return { kind: "NOT_FOUND", message: `entry not found: ${target}` };
  }
  const file = path.resolve(root, rel);
  const inside = path.relative(root, file);
  if (inside.startsWith("..") || path.isAbsolute(inside)) {
    return { kind: "INVALID", message: `entry '${target}' is outside the project root` };
  }
  if (!existsSync(file)) return { kind: "NOT_FOUND", message: `entry not found: ${target} (no file ${inside})` };
  return { file, chunkName: "@" + inside, method, explicit };
}

/** The compiled chunk of `entry` (cached per runtime), or a compile failure. */
export function entryProto(rt: Runtime, entry: Entry): Proto | Failure {
  const hit = rt.protos.get(entry.file);
  if (hit !== undefined) return hit;
  let r: Proto | Failure;
  try {
    const src = readFileSync(entry.file).toString("latin1");
    r = compileChunk(src.startsWith("#") ? "--" + src : src, entry.chunkName);
  } catch (e) {
    const message = e instanceof LuaSyntaxError || e instanceof LuaError ? e.message : String(e);
    r = { kind: "INVALID", message };
  }
  rt.protos.set(entry.file, r);
  return r;
}

// ------------------------------------------------------------ the entry trampoline

/** pick(method, explicit, ...chunk results): the entry function, or false (results stashed). */
const pick = new HostFunction("pick", (L, base, nargs) => {
  const method = L.stack[base] as string;
  const explicit = L.stack[base + 1] === true;
  const r1 = nargs > 2 ? L.stack[base + 2] : undefined;
  if (isFunction(r1)) return push(L, r1);
  if (r1 instanceof LuaTable) {
    const f = r1.get(method);
    if (isFunction(f)) return push(L, f);
  }
  const p = procOf(L);
  if (explicit) {
    throw new LuaError(errorObject(p, new ErrorValue(`entry method '${method}' not found`, "NOT_FOUND", undefined, undefined, "")));
  }
  p.stash = L.stack.slice(base + 2, base + nargs);
  return push(L, false);
});

const stashed = new HostFunction("stashed", (L) => {
  const p = procOf(L);
  const vs = p.stash ?? [];
  p.stash = null;
  for (const v of vs) L.stack[L.top++] = v;
  return vs.length;
});

/** xpcall's handler: keeps the error value, notes the traceback for the report. */
const onError = new HostFunction("handler", (L, base) => {
  const v = L.stack[base];
  procOf(L).trace = reportText(L, v);
  return push(L, v);
});

/**
 * What the report of an uncaught error says, by lua.c's msghandler rules:
 * strings and numbers get a traceback, an object with __tostring gives
 * that text alone, anything else is described by its type.
 */
export function reportText(L: LuaThread, v: LuaValue): string {
  if (typeof v === "string" || typeof v === "number" || typeof v === "bigint" || v instanceof LuaFloat) {
    return userTraceback(traceback(L, tostring(L, v), 1));
  }
  const mt = getMetatable(L.G, v);
  if (mt !== null && mt.get("__tostring") !== undefined) {
    try {
      return tostring(L, v);
    } catch {
      // fall through to the description
    }
  }
  return userTraceback(traceback(L, `(error object is a ${objTypeName(L.G, v)} value)`, 1));
}

/** The runtime's own frames: the entry trampoline ("=entry") and the REPL's loop ("=repl"), with the xpcall above them. */
const RUNTIME_FRAMES = /\n\t(?:\[C\]: in function 'xpcall'\n\t)?(?:entry|repl):\d+:/;

/** A traceback without the runtime's frames below the program's: it ends as lua.c's, in "[C]: in ?". */
function userTraceback(tb: string): string {
  const m = RUNTIME_FRAMES.exec(tb);
  return m === null ? tb : tb.slice(0, m.index) + "\n\t[C]: in ?";
}

function push(L: { stack: LuaValue[]; top: number }, v: LuaValue): number {
  L.stack[L.top++] = v;
  return 1;
}

/** Its argument: calling a function through it leaves the call without a name (tracebacks then say "main chunk"). */
const unnamed = new HostFunction("unnamed", (L, base) => push(L, L.stack[base]));

const ENTRY_SOURCE = `
local pick, stashed, xpcall, handler, unnamed = ...
local function run(chunk, method, explicit, ...)
  local f = pick(method, explicit, unnamed(chunk)(...))
  if f then return f(...) end
  return stashed()
end
return function(...) return xpcall(run, handler, ...) end
`;

let entryFn: LuaClosure | null = null;

/** The shared trampoline (a closure over shared host functions only, so states can share it). */
function entryTrampoline(): LuaClosure {
  if (entryFn === null) {
    const S = newState();
    entryFn = call(S, load(S, ENTRY_SOURCE, "=entry"), pick, stashed, baseFunction("xpcall"), onError, unnamed)[0] as LuaClosure;
  }
  return entryFn;
}

/** A closure of `proto` whose _ENV is the process's globals. */
function instantiate(proto: Proto, p: Process): LuaClosure {
  const upvals: UpVal[] = [];
  for (let i = 0; i < proto.upvalues.length; i++) {
    const uv = new UpVal(null, 0);
    if (i === 0) uv.value = p.G.globals;
    upvals.push(uv);
  }
  return new LuaClosure(proto, upvals);
}

/**
 * Creates a process that will run `proto` as an entry with `args` (copied
 * from the caller's values, unless `hostArgs`: values made by the host for
 * this process, such as its own host functions) and queues it. `setup` runs
 * before it is queued (links and monitors that must exist before the child
 * runs). `ownTables`: the process gets plain library tables of its own
 * (newProcessState), for a runtime's root process.
 */
export function startProcess(rt: Runtime, host: string, proto: Proto, method: string, explicit: boolean,
  args: readonly LuaValue[], setup?: (p: Process) => void, hostArgs = false, ownTables = false): Process {
  const p = new Process(rt, rt.newPid(host));
  p.G = newProcessState(rt.template, p, rt.stdout, rt.stderr, ownTables);
  rt.procs.set(p.pid, p);
  const T = p.G.mainThread;
  const copied = hostArgs ? args : transferAll(args, p);
  const slots = 4 + copied.length;
  while (T.stack.length < slots + 20) T.stack.push(undefined);
  T.stack[0] = entryTrampoline();
  T.stack[1] = instantiate(proto, p);
  T.stack[2] = method;
  T.stack[3] = explicit;
  for (let i = 0; i < copied.length; i++) T.stack[4 + i] = copied[i];
  T.top = slots;
  p.main = new Task(p, T);
  setup?.(p);
  p.ready.push(p.main);
  rt.enqueue(p);
  return p;
}

/** The values the main thread finished with: [true, ...results] or [false, error] from xpcall. */
export function entryOutcome(values: LuaValue[]): { ok: true; values: LuaValue[] } | { ok: false; error: LuaValue } {
  if (values[0] === true) return { ok: true, values: values.slice(1) };
  return { ok: false, error: values[1] };
}
