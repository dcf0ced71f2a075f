// Functions: Lua closures (a Proto plus upvalue cells) and host functions
// written in TypeScript against the stack calling convention (see README).

import type { Proto } from "./proto.js";
import type { LuaThread } from "./state.js";
import type { LuaValue } from "./value.js";

/**
 * A captured variable. While the variable's frame is live the cell is open
 * and reads the thread's stack slot; when the frame ends it is closed and
 * keeps its own copy.
 */
export class UpVal {
  /** The stack the slot lives in while open; null once closed. */
  stack: LuaValue[] | null;
  index: number;
  value: LuaValue = undefined;
  /** Open and not yet seen by a collection: its value survives one cycle of a lost thread (gc.ts). */
  touched = true;
  constructor(stack: LuaValue[] | null, index: number) {
    this.stack = stack;
    this.index = index;
  }
  get(): LuaValue {
    return this.stack !== null ? this.stack[this.index] : this.value;
  }
  set(v: LuaValue): void {
    if (this.stack !== null) this.stack[this.index] = v;
    else this.value = v;
  }
}

export class LuaClosure {
  readonly proto: Proto;
  readonly upvals: UpVal[];
  id = 0;
  constructor(proto: Proto, upvals: UpVal[]) {
    this.proto = proto;
    this.upvals = upvals;
  }
}

/**
 * A host function. Arguments are `L.stack[base .. base + nargs - 1]`; the
 * function pushes its results on top of the stack (`L.stack[L.top++] = v`)
 * and returns how many it pushed. It may instead return a promise: the
 * running Lua thread is then parked until the promise settles (see api.ts);
 * the resolved value becomes the results (an array gives several).
 */
export type HostFn = (L: LuaThread, base: number, nargs: number) => number | PromiseLike<unknown>;

/** Host functions the VM runs itself because they switch frames or threads. */
export const enum Special {
  None,
  PCall,
  XPCall,
  Resume,
  Wrap,
  Yield,
}

/**
 * What a host function's `fast` version returns when it cannot give the
 * answer itself (an argument that needs a conversion, an error to raise, a
 * metamethod to run): the call then goes the ordinary way.
 */
export const NOT_FAST: unique symbol = Symbol("NOT_FAST");

/**
 * A frameless version of a host function for compiled code (jit/): given
 * one of the argument counts it was made for (withFast; `nargs` of them,
 * the others undefined), returns the function's first result, or NOT_FAST.
 * It must not touch the Lua state, call Lua code or raise errors, and may
 * change a table only once it can no longer give up, so that running it
 * instead of the function (no CallInfo pushed) is unobservable. One made
 * to give two or three results (withFast) also leaves the function's second
 * result (undefined when there is none) in SECOND.value, and the third in
 * SECOND.third, for calls that want that many.
 */
export type FastFn = (a: LuaValue, b: LuaValue, c: LuaValue, nargs: number) => LuaValue | typeof NOT_FAST;

/**
 * A generic for's iterator step without a frame, for compiled code's
 * TFORCALL (next, ipairs's iterator): given the loop's state and control
 * value, returns the first result (undefined ends the loop) and leaves the
 * second in SECOND.value; or NOT_FAST, and the ordinary call runs (and
 * raises the errors). The same rules as FastFn.
 */
export type StepFn = (s: LuaValue, c: LuaValue) => LuaValue | typeof NOT_FAST;

/** Where a StepFn or a FastFn of several results leaves its second result (and a FastFn its third). */
export const SECOND: { value: LuaValue; third: LuaValue } = { value: undefined, third: undefined };

/** Shared by every host function without upvalues (never written to). */
const NO_UPVALUES: LuaValue[] = [];

export class HostFunction {
  readonly fn: HostFn;
  /** The name used when no better one can be found (e.g. "print"). */
  readonly name: string;
  readonly special: Special;
  /**
   * The values C Lua keeps as this function's upvalues (a C closure's),
   * seen by debug.getupvalue/setupvalue/upvalueid and kept alive by the
   * collector: a string.gmatch iterator's subject and pattern, a
   * coroutine.wrap function's thread. Empty for most functions.
   */
  upvalues: LuaValue[];
  id = 0;
  /** Frameless version (see FastFn), called only with an argument count n whose bit (1 << n) is in fastArities. */
  fast: FastFn | null = null;
  fastArities = 0;
  /** How many of the function's first results `fast` gives: 1; 2 (the second in SECOND.value); 3 (the third in SECOND.third). */
  fastResults = 1;
  /**
   * Whether `fast` never changes anything, even when it gives an answer
   * (string.sub, math.floor; not table.insert): frameless leaf functions
   * (jit/inline.ts) may call it and still give up afterwards. When it gives
   * one result, its answer must also be the function's only result (a
   * leaf's `return f(x)` returns it).
   */
  fastPure = false;
  /** Frameless version as a generic for's iterator (see StepFn). */
  step: StepFn | null = null;
  constructor(name: string, fn: HostFn, special: Special = Special.None, upvalues: LuaValue[] = NO_UPVALUES) {
    this.name = name;
    this.fn = fn;
    this.special = special;
    this.upvalues = upvalues;
  }
}

/**
 * Gives host function f a frameless version for calls with `arity`
 * arguments, or any of the counts listed, that want at most `results` of
 * its results (1 to 3; see FastFn); `pure` when it changes nothing
 * (fastPure). Returns f.
 */
export function withFast(f: HostFunction, arity: number | readonly number[], fast: FastFn, results: 1 | 2 | 3 = 1,
  pure = false): HostFunction {
  f.fast = fast;
  f.fastPure = pure;
  f.fastArities = 0;
  for (const n of typeof arity === "number" ? [arity] : arity) f.fastArities |= 1 << n;
  f.fastResults = results;
  return f;
}

/** A plain host function with upvalues (lua_pushcclosure with n > 0). */
export function hostClosure(name: string, fn: HostFn, upvalues: LuaValue[]): HostFunction {
  return new HostFunction(name, fn, Special.None, upvalues);
}

export type LuaFunction = LuaClosure | HostFunction;

export function isFunction(v: unknown): v is LuaFunction {
  return v instanceof LuaClosure || v instanceof HostFunction;
}
