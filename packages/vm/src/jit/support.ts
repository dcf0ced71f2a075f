// State shared between the JIT's runtime (runtime.ts) and the code it
// generates (compile.ts), kept in one small object so neither module needs
// the other at load time.

import type { CompiledFn } from "./compile.js";
import type { LeafFn } from "./inline.js";
import type { LuaClosure } from "../function.js";
import type { Proto } from "../proto.js";
import type { LuaThread } from "../state.js";

/** How a compiled function stopped. */
export const enum Exit {
  /** Its frame returned: results are in place and L.ci is the caller. */
  Returned = 0,
  /** It handed its frame (and any frames above it) to the interpreter; G.lastPre says how to go on. */
  Unwound = 1,
  /** The budget ran out (rt.budgetAt is the pc for "interrupted!"); the interpreter parks or goes on. */
  Budget = 2,
  /**
   * Entered at a point where a float register's value is not a float
   * (compile.ts's entry checks): nothing ran; the interpreter runs the frame.
   * Only from jitEnter's entries (never at a function's start).
   */
  Refused = 3,
}

export interface JitShared {
  /** Compiled frames on the JS stack, nested in one another (bounded by MAX_JS_DEPTH). */
  depth: number;
  /** With Exit.Budget: the pc just past the instruction that spent the budget. */
  budgetAt: number;
  /** The Exit to return when runMeta (compile.ts) could not finish a metamethod frame. */
  metaExit: number;
  /** Compiled code for a callee, counting the call towards the threshold (set by runtime.ts). */
  compiledFor: (p: Proto, L: LuaThread, cl: LuaClosure | null) => CompiledFn | null;
  /** Compiled code of p found a value its float registers cannot hold (set by runtime.ts). */
  typeMiss: (p: Proto) => void;
  /** f as a frameless leaf, or null (runtime.ts's leafFor). */
  leafFor: (L: LuaThread, f: LuaClosure) => LeafFn | null;
}

export const rt: JitShared = {
  depth: 0,
  budgetAt: 0,
  metaExit: 1,
  compiledFor: () => null,
  typeMiss: () => {},
  leafFor: () => null,
};

/**
 * Compiled Lua frames nested in JS before a call is left to the
 * interpreter instead (which unwinds them all, so deep Lua recursion costs
 * no JS stack and ends in Lua's own "stack overflow").
 */
export const MAX_JS_DEPTH = 120;
