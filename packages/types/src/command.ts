// What the `wippy-lua check FILE...` command and `wippy-lua --check file.lua`
// do: read files as byte strings, resolve `require` of local modules
// relative to the requiring file (and a `?.lua` path list), print sorted
// diagnostics, and return the exit status.

import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { type SourceFile, check } from "./check.js";
import { type Diagnostic, formatDiagnostics } from "./diagnostics.js";

export interface CheckCommandOptions {
  /** Where the diagnostics go (default: process.stdout.write). */
  write?: (text: string) => void;
  /** Colour and source excerpts with carets (default: whether stdout is a terminal). */
  color?: boolean;
  /** Extra `?`-templates for require, e.g. ["./?.lua", "lib/?/init.lua"] (relative to the cwd). */
  path?: string[];
}

/** Reads a file as a byte string, as the VM sees Lua sources. */
function readSource(path: string): string {
  return readFileSync(path, "latin1");
}

/** Module resolution: relative to the requiring file's directory, then the path list. */
export function fileModuleResolver(path: readonly string[] = ["./?.lua", "./?/init.lua"]): (name: string, fromFile: string) => SourceFile | undefined {
  return (name, fromFile) => {
    const rel = name.replace(/\./g, "/");
    const candidates = [join(dirname(fromFile), rel + ".lua"), join(dirname(fromFile), rel, "init.lua")];
    for (const template of path) candidates.push(template.replace(/\?/g, rel));
    for (const c of candidates) {
      if (existsSync(c)) {
        try {
          return { name: c, source: readSource(c) };
        } catch {
          continue;
        }
      }
    }
    return undefined;
  };
}

/** Checks files by path. A file that cannot be read gives a P001 diagnostic naming the problem. */
export function checkFiles(paths: readonly string[], options?: { path?: string[] }): { diagnostics: Diagnostic[]; sources: Map<string, string> } {
  const files: SourceFile[] = [];
  const unreadable: Diagnostic[] = [];
  for (const p of paths) {
    try {
      files.push({ name: p, source: readSource(p) });
    } catch (err) {
      const reason = (err as NodeJS.ErrnoException).code === "ENOENT" ? "No such file or directory" : String((err as Error).message);
      unreadable.push({ file: p, code: "P001", message: `cannot open ${p}: ${reason}`, line: 1, column: 1, endLine: 1, endColumn: 1 });
    }
  }
  const resolver = fileModuleResolver(options?.path);
  const sources = new Map<string, string>();
  for (const f of files) sources.set(f.name, f.source);
  const diagnostics = check(files, {
    resolveModule: (name, from) => {
      const f = resolver(name, from);
      if (f) sources.set(f.name, f.source);
      return f;
    },
  });
  return { diagnostics: unreadable.concat(diagnostics), sources };
}

/**
 * `wippy-lua check FILE...`: prints `file:line:col: error CODE message` per
 * diagnostic (with the source line and a caret when colour is on) and
 * returns the exit status: 1 when there is any diagnostic, else 0.
 */
export function runCheckCommand(paths: readonly string[], options: CheckCommandOptions = {}): number {
  const write = options.write ?? ((s: string) => void process.stdout.write(s));
  const color = options.color ?? Boolean(process.stdout.isTTY);
  const { diagnostics, sources } = checkFiles(paths, { path: options.path });
  if (diagnostics.length === 0) return 0;
  write(formatDiagnostics(diagnostics, color ? { color: true, sources } : {}));
  return 1;
}

/**
 * `wippy-lua --check file.lua`: checks before running. Returns 0 when the
 * program may run, 1 when diagnostics were written (to stderr by default).
 */
export function checkBeforeRun(path: string, options: CheckCommandOptions = {}): number {
  const write = options.write ?? ((s: string) => void process.stderr.write(s));
  const color = options.color ?? Boolean(process.stderr.isTTY);
  return runCheckCommand([path], { ...options, write, color });
}
