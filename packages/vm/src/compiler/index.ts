// The bytecode compiler: AST -> Lua 5.3 function prototypes.

import type { Chunk } from "@wippy-lua/parser";
import type { Proto } from "../proto.js";
import { FuncState, newCompileCtx } from "./func-state.js";
import { mainFunc } from "./stmt.js";

/**
 * Compiles a chunk into its main function: a vararg function whose single
 * upvalue is `_ENV`. `source`, when given, is the text the chunk was parsed
 * from: it lets instructions be attributed to the exact lines of tokens the
 * AST does not keep (operators, separators) and adds Lua's `near '<token>'`
 * to limit errors. Errors are thrown as LuaSyntaxError.
 */
export function compile(chunk: Chunk, chunkName: string, source?: string): Proto {
  const ctx = newCompileCtx(chunkName, source);
  const fs = new FuncState(null, ctx, 0);
  return mainFunc(fs, chunk.body);
}

export { int2fb } from "./expr.js";
