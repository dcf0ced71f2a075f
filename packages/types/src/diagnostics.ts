// Diagnostics: codes of types.md §4.1, ordering, and rendering as
// `file:line:col: error CODE message`, optionally followed (on a terminal)
// by the source line with a caret under the offending span.

import { Chalk } from "chalk";

export type DiagnosticCode =
  | "P001"
  | "T001"
  | "T002"
  | "T003"
  | "T004"
  | "T005"
  | "T006"
  | "T007"
  | "T008"
  | "T009"
  | "T010";

export interface Diagnostic {
  file: string;
  code: DiagnosticCode;
  message: string;
  /** 1-based start line and column (columns count bytes). */
  line: number;
  column: number;
  /** End of the offending span (exclusive column); equal to the start when unknown. */
  endLine: number;
  endColumn: number;
}

/** Sorts by file, then position, then code (stable for equal keys). */
export function sortDiagnostics(diags: Diagnostic[]): Diagnostic[] {
  return diags.sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.line - b.line ||
      a.column - b.column ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
}

export interface FormatOptions {
  /** Colour the output with ANSI escapes (default false). */
  color?: boolean;
  /**
   * Source text per file name: when given, each diagnostic is followed by the
   * source line and a caret line under the offending span.
   */
  sources?: ReadonlyMap<string, string> | Record<string, string>;
}

/** One diagnostic in the plain one-line form. */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column}: error ${d.code} ${d.message}`;
}

/** Renders diagnostics (in the given order), one per line, with optional source excerpts. */
export function formatDiagnostics(diags: readonly Diagnostic[], options?: FormatOptions): string {
  const chalk = new Chalk({ level: options?.color ? 1 : 0 });
  const sources = options?.sources;
  const lineCache = new Map<string, string[]>();
  const out: string[] = [];
  for (const d of diags) {
    if (!options?.color && sources === undefined) {
      out.push(formatDiagnostic(d));
      continue;
    }
    out.push(
      `${chalk.bold(`${d.file}:${d.line}:${d.column}:`)} ${chalk.red.bold("error")} ${chalk.bold(d.code)} ${d.message}`,
    );
    const src = sources instanceof Map ? sources.get(d.file) : (sources as Record<string, string> | undefined)?.[d.file];
    if (src === undefined) continue;
    let lines = lineCache.get(d.file);
    if (lines === undefined) {
      const split: string[] = src.split(/\r\n|\n\r|\n|\r/);
      lineCache.set(d.file, split);
      lines = split;
    }
    const text = lines[d.line - 1];
    if (text === undefined) continue;
    const gutter = String(d.line);
    const pad = " ".repeat(gutter.length);
    // Tabs are kept in the caret line's prefix so the caret lines up.
    const shown = text.replace(/[^\t\x20-\x7e\x80-\xff]/g, " ");
    const startCol = Math.min(d.column, shown.length + 1);
    const endCol = d.endLine === d.line ? Math.max(d.endColumn, startCol + 1) : shown.length + 1;
    const prefix = shown.slice(0, startCol - 1).replace(/[^\t]/g, " ");
    const caret = "^".repeat(Math.max(1, Math.min(endCol, shown.length + 1) - startCol));
    out.push(`${chalk.blue(`${pad} |`)}`);
    out.push(`${chalk.blue(`${gutter} |`)} ${shown}`);
    out.push(`${chalk.blue(`${pad} |`)} ${prefix}${chalk.red.bold(caret)}`);
  }
  return out.length ? out.join("\n") + "\n" : "";
}
