// @wippy-lua/parser: Lua 5.3 (+ type annotations) to AST, static checks, printer.
//
// parse() uses the hand-written fast parser by default. The Ohm grammar of
// record (parser: "ohm") produces the identical AST; it is loaded on demand
// with loadOhmParser() so that ohm-js is never loaded on the fast path.

import type { Chunk } from "./ast.js";
import { checkChunk } from "./checks.js";
import { LuaSyntaxError, chunkId } from "./errors.js";
import { parseFast } from "./parser.js";

export type * from "./ast.js";
export { LuaSyntaxError, chunkId } from "./errors.js";
export { checkChunk } from "./checks.js";
export { printLua } from "./printer.js";

export interface ParseOptions {
  /**
   * The chunk name as given to `load`: "@file.lua", "=stdin", or the source
   * text itself. Used for error messages (see chunkId). Default "=?".
   */
  chunkName?: string;
  /** Which parser to use (default "fast"). "ohm" needs loadOhmParser() first. */
  parser?: "fast" | "ohm";
  /**
   * Skip a first line starting with '#' (a Unix "#!" line), as C Lua's
   * luaL_loadfile does for files and stdin. Default: true when chunkName
   * starts with "@" or "=" (files, "=stdin", host-named chunks), false when
   * it is source text, as `load(s)` names chunks: C Lua's `load` does not
   * skip the line, and such a chunk is "unexpected symbol near '#'".
   */
  skipShebang?: boolean;
}

type OhmParse = (source: string, chunkName: string) => Chunk;
let ohmParse: OhmParse | undefined;

/**
 * Parses a chunk and runs the static checks. `source` is a byte string (one
 * char per byte). Throws LuaSyntaxError with Lua's message.
 */
export function parse(source: string, options?: ParseOptions): Chunk {
  const chunkName = options?.chunkName ?? "=?";
  if (source.charCodeAt(0) === 35 /* # */) {
    const c = chunkName.charCodeAt(0);
    const skip = options?.skipShebang ?? (c === 64 /* @ */ || c === 61) /* = */;
    // Both parsers skip the line; without skipping, '#' can only be the
    // length operator at the start of a statement: always this error.
    if (!skip) throw new LuaSyntaxError(`${chunkId(chunkName)}:1: unexpected symbol near '#'`, 1, false);
  }
  let chunk: Chunk;
  if ((options?.parser ?? defaultParser) === "ohm") {
    if (ohmParse === undefined) {
      throw new Error('the Ohm parser is not loaded: call loadOhmParser() before parse(src, { parser: "ohm" })');
    }
    chunk = ohmParse(source, chunkName);
  } else {
    chunk = parseFast(source, chunkName);
  }
  checkChunk(chunk, chunkName, source);
  return chunk;
}

let defaultParser: "fast" | "ohm" = "fast";

/**
 * Chooses the parser used when `parse` is not told which (for embedders that
 * parse indirectly, such as `wippy-lua --parser=ohm` through `load`).
 * "ohm" needs loadOhmParser() first.
 */
export function setDefaultParser(kind: "fast" | "ohm"): void {
  if (kind === "ohm" && ohmParse === undefined) {
    throw new Error("the Ohm parser is not loaded: call loadOhmParser() first");
  }
  defaultParser = kind;
}

/** Loads the Ohm grammar of record (and ohm-js) so that `parser: "ohm"` works. */
export async function loadOhmParser(): Promise<void> {
  if (ohmParse !== undefined) return;
  const specifier = "./ohm/index.js";
  const mod = (await import(specifier)) as { parseOhm: OhmParse };
  ohmParse = mod.parseOhm;
}
