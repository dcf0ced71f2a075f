// A compiled function prototype: what the compiler produces and the VM runs.
// Immutable once built, so states (processes) share them freely.

import type { LuaClosure } from "./function.js";
import type { LuaValue } from "./value.js";

export interface UpvalueDesc {
  /** Name for debug messages ("?" when unknown). */
  name: string;
  /** True: captures register `index` of the enclosing function; false: its upvalue `index`. */
  inStack: boolean;
  index: number;
}

export interface LocVar {
  name: string;
  /** First instruction where the variable is active. */
  startPc: number;
  /** First instruction where it is dead. */
  endPc: number;
}

export interface Proto {
  code: Int32Array;
  /** Constants: nil/boolean/number/bigint/LuaFloat/string only. */
  constants: LuaValue[];
  protos: Proto[];
  upvalues: UpvalueDesc[];
  /** Source line of each instruction (same length as `code`). */
  lineInfo: Int32Array;
  locVars: LocVar[];
  numParams: number;
  isVararg: boolean;
  maxStackSize: number;
  /** 0 for the main chunk. */
  lineDefined: number;
  lastLineDefined: number;
  /** The chunk name as given to load ("@file.lua", "=stdin", or the source text). */
  source: string;
  /**
   * The last closure made from this prototype that has upvalues (lvm.c's
   * p->cache), reused while it captures the same variables. The one mutable
   * field: set by CLOSURE. Created with the Proto (null) so that every Proto
   * keeps one shape; a closure of another state never matches (its upvalue
   * cells are that state's).
   */
  cache: LuaClosure | null;
  /**
   * What the second tier knows about this prototype (jit/runtime.ts's
   * ProtoJit: call counts, compiled code), made on its first call. Also
   * created null with the Proto, for the same reason as `cache`.
   */
  jit: object | null;
  /**
   * How often this function, run as a frameless leaf (jit/inline.ts), met a
   * call or method it cannot make there (a Lua function, a method through
   * __index). Past LEAF_MISS_LIMIT it is no longer run as a leaf.
   */
  leafMisses: number;
}
