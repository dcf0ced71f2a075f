// Checking whole chunks and sets of files: parse (P001), prepass, the
// statement checker over the main chunk, and `require` of local modules
// (each checked once; its result is the type of the chunk's return value).

import { LuaSyntaxError, parse } from "@wippy-lua/parser";
import { builtins } from "./builtins.js";
import { type Diagnostic, sortDiagnostics } from "./diagnostics.js";
import { prepass } from "./prepass.js";
import { type Checker, newScope } from "./scope.js";
import { checkBlock } from "./statements.js";
import { ANY, type Type, union } from "./types.js";

export interface SourceFile {
  /** The name diagnostics use (usually the path as given). */
  name: string;
  /** The source as a byte string (one char per byte, e.g. read as latin1). */
  source: string;
}

export interface CheckOptions {
  /**
   * "auto" (default): a chunk without any annotation is plain Lua and only
   * undefined globals (T006) and parse errors are reported; an annotated
   * chunk is fully checked. true: always fully check. false: never.
   */
  strict?: boolean | "auto";
  /** Finds the source of `require(name)` from `fromFile`; undefined when there is none. */
  resolveModule?: (name: string, fromFile: string) => SourceFile | undefined;
}

interface Session {
  options: CheckOptions;
  diagnostics: Diagnostic[];
  /** Module results by file name; `undefined` while the module is being checked (cycles give any). */
  modules: Map<string, Type | undefined>;
  files: Map<string, SourceFile>;
}

/** Checks the given files (and the local modules they require) and returns sorted diagnostics. */
export function check(files: SourceFile | readonly SourceFile[], options: CheckOptions = {}): Diagnostic[] {
  const list = Array.isArray(files) ? (files as readonly SourceFile[]) : [files as SourceFile];
  const session: Session = { options, diagnostics: [], modules: new Map(), files: new Map() };
  for (const f of list) session.files.set(f.name, f);
  for (const f of list) checkFile(session, f);
  return sortDiagnostics(session.diagnostics);
}

/** Convenience: checks one source string. */
export function checkSource(source: string, name = "input.lua", options?: CheckOptions): Diagnostic[] {
  return check({ name, source }, options);
}

function checkFile(session: Session, file: SourceFile): Type {
  if (session.modules.has(file.name)) return session.modules.get(file.name) ?? ANY;
  session.modules.set(file.name, undefined);
  const result = checkChunkSource(session, file);
  session.modules.set(file.name, result);
  return result;
}

function checkChunkSource(session: Session, file: SourceFile): Type {
  let chunk;
  try {
    chunk = parse(file.source, { chunkName: "@" + file.name });
  } catch (err) {
    if (!(err instanceof LuaSyntaxError)) throw err;
    // The message is Lua's "name:line: text": keep the text only.
    const m = /^.*?:(\d+): (.*)$/s.exec(err.message);
    session.diagnostics.push({
      file: file.name,
      code: "P001",
      message: m ? m[2] : err.message,
      line: err.line,
      column: 1,
      endLine: err.line,
      endColumn: 1,
    });
    return ANY;
  }
  const pre = prepass(chunk.body);
  const strict = session.options.strict ?? "auto";
  const b = builtins();
  const diagnostics: Diagnostic[] = [];
  const c: Checker = {
    file: file.name,
    diagnostics,
    nonstrict: strict === "auto" ? !pre.annotated : !strict,
    quiet: 0,
    quietErrors: 0,
    state: new Map(),
    scope: newScope(undefined),
    fn: { returns: undefined, inferred: [], openReturn: false, vararg: ANY, depth: 0, annotated: pre.annotated },
    globals: {
      builtins: b.globals,
      assignedNames: pre.assignedNames,
      assignedMembers: pre.assignedMembers,
      functions: new Map(),
    },
    requireModule: (name) => requireModule(session, name, file.name),
  };
  checkBlock(c, chunk.body);
  session.diagnostics.push(...diagnostics);
  const firsts = c.fn.inferred.map((r) => r[0] ?? ANY);
  return firsts.length ? union(firsts) : ANY;
}

/** The libraries Lua preloads into package.loaded: `require` returns them, never a file. */
const PRELOADED = new Set(["_G", "package", "coroutine", "table", "io", "os", "string", "math", "utf8", "debug"]);

function requireModule(session: Session, name: string, fromFile: string): Type | undefined {
  const b = builtins();
  const builtin = b.modules.get(name);
  if (builtin !== undefined) return builtin;
  if (PRELOADED.has(name)) return b.globals.get(name) ?? ANY;
  const byName = session.files.get(name.replace(/\./g, "/") + ".lua");
  const file = byName ?? session.options.resolveModule?.(name, fromFile);
  if (file === undefined) return undefined;
  session.files.set(file.name, file);
  return checkFile(session, file);
}
