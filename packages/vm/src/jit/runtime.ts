// The second execution tier's runtime: which states use it, when a Proto
// is compiled, and how the interpreter (vm.ts) enters compiled code and
// takes a frame back. See docs/decisions/0006-second-tier.md.
//
// Compiled code runs a Lua frame that already exists as a CallInfo, with
// its registers in JS locals that are written back to L.stack (at the
// frame's base) before anything that can leave the compiled code: calls,
// metamethods, errors, budget checks. So whenever compiled code cannot go
// on (a callee yields, parks on a host promise, runs in the interpreter, a
// metamethod is a Lua function, the budget runs out), it just returns and
// the interpreter continues the same frame from ci.savedPc.

import { LuaError } from "../lua-error.js";
import { LuaFloat, type LuaValue } from "../value.js";
import type { LuaClosure } from "../function.js";
import { Pre, settle, Settle, toLuaError } from "../call.js";
import type { Proto } from "../proto.js";
import type { CallInfo, LuaState, LuaThread } from "../state.js";
import { compileProto, hooked, isCompilable, outerLoops, warmExits, type Compiled, type CompiledFn, type InlinePeek } from "./compile.js";
import { Exit, rt } from "./support.js";
import { calleesFromRegisters, LEAF_MISS_LIMIT, leafFunction, type LeafFn } from "./inline.js";

const ENV = typeof process !== "undefined" ? process.env?.WIPPY_JIT : undefined;

/**
 * Whether a state uses the tier when its maker did not say (newState's
 * `jit` option). On by default; WIPPY_JIT=0 in the environment turns it off
 * (read once, so states made without newState, such as the scheduler's
 * process states, follow it too); WIPPY_JIT=all also compiles every
 * function on its first call (to test the compiler on everything).
 */
export const JIT_FROM_ENV = ENV !== "0" && ENV !== "off";

/** Nonzero while any state may use the JIT; vm.ts looks no further while it is 0. */
export let jitStates = JIT_FROM_ENV ? 1 : 0;

/** Calls of a function before it is compiled. */
export let CALL_THRESHOLD = ENV === "all" ? 0 : 8;
/** Loop iterations (backward jumps) in one function before it is compiled. */
export let LOOP_THRESHOLD = ENV === "all" ? 0 : 50;

/** jitEnter results (how vm.ts goes on). */
export const enum JitResult {
  /** Nothing ran: interpret the frame. */
  None = -1,
  /** Compiled code ran and stopped: go on as after a call that did not complete at once (G.lastPre). */
  Pending = 0,
  /** The budget ran out: vm.ts's budgetHit with jitBudgetAt(). */
  Budget = 1,
  /** An error was raised: rethrow jitError() with ci.savedPc as the position. */
  Threw = 2,
  /** jitEnterFresh only: the function returned; its results are at ci.func. */
  Done = 3,
}

/** States whose maker chose (newState's `jit` option); the others follow JIT_FROM_ENV. */
const chosen = new WeakMap<LuaState, boolean>();
let lastG: LuaState | null = null;
let lastOn = false;

function isOn(G: LuaState): boolean {
  if (G !== lastG) {
    lastG = G;
    lastOn = chosen.get(G) ?? JIT_FROM_ENV;
  }
  return lastOn;
}

/** Turns the second tier on or off for state G. */
export function setJit(G: LuaState, on: boolean): void {
  if (chosen.get(G) === on) return;
  chosen.set(G, on);
  if (on) jitStates++;
  lastG = null;
}

/** Sets the compile thresholds (tests use 0 to compile everything at once). */
export function setJitThresholds(calls: number, loops: number): void {
  CALL_THRESHOLD = calls;
  LOOP_THRESHOLD = loops;
}

/** One loop of a function too big to compile whole: instructions lo..hi. */
interface Region extends Compiled {
  lo: number;
  hi: number;
}

/** What the JIT knows about one Proto (Proto.jit). */
class ProtoJit {
  calls = 0;
  loops = 0;
  fn: CompiledFn | null = null;
  /** Instruction indexes where compiled code can be entered. */
  entries: Uint8Array | null = null;
  failed = false;
  /** True when the function has opcodes outside the subset (no loop of it can compile either). */
  unsupported = false;
  /**
   * Loops compiled on their own because the whole function was too big,
   * outermost first; and the loop heads already tried without success.
   */
  regions: Region[] | null = null;
  failedHeads: Set<number> | null = null;
  /** Loop heads whose backward jump has run once (jitBackEdge compiles a loop at the second). */
  seenHeads: Set<number> | null = null;
  /** Times compiled code met a value its float registers could not take (float-regs.ts). */
  typeMisses = 0;
  /** Compile without float registers (after too many misses). */
  untyped = false;
  /** How many loops of the function are not inside another (compile.ts's outerLoops); -1 until asked. */
  outerLoops = -1;
  /** The function as a frameless leaf (leafFor), null when it is not one; undefined until asked. */
  leaf: LeafFn | null | undefined = undefined;
}

function jitOf(p: Proto): ProtoJit {
  let pj = p.jit as ProtoJit | null;
  if (pj === null) pj = p.jit = new ProtoJit();
  return pj;
}

/**
 * Compiles p whole. `cl` is the closure called (whose upvalues inline.ts
 * reads to choose callees to inline), `running` whether cl's frame is L's
 * running one, stopped at a loop head (its registers are read too).
 */
function compile(p: Proto, pj: ProtoJit, L: LuaThread, cl: LuaClosure | null, running = false): boolean {
  let c: ReturnType<typeof compileProto>;
  if (!isCompilable(p)) {
    pj.failed = pj.unsupported = true;
    return false;
  }
  if (p.lineDefined === 0) {
    // A main chunk usually runs once, in phases (set-up, one loop, another):
    // compiled whole, V8 would deoptimise it at each new phase for missing
    // type feedback and recompile all of it. Its loops are compiled one by
    // one instead (jitBackEdge).
    pj.failed = true;
    return false;
  }
  try {
    c = compileProto(p, 0, p.code.length - 1, !pj.untyped, null,
      cl === null ? null : peekAt(cl, running ? L.stack : null, L.ci.base));
  } catch {
    // A function the generator cannot express (a bug, or a limit of new Function) stays interpreted.
    pj.unsupported = true;
    c = null;
  }
  if (c === null) {
    pj.failed = true;
    return false;
  }
  warmExits(c, L, p.maxStackSize, true);
  pj.fn = c.fn;
  pj.entries = c.entries;
  return true;
}

/** Compiled code of `p` for a call from compiled code, counting the call; null to run it otherwise. */
function compiledFor(p: Proto, L: LuaThread, cl: LuaClosure | null): CompiledFn | null {
  const pj = jitOf(p);
  if (pj.fn !== null) return pj.fn;
  if (pj.failed || ++pj.calls < CALL_THRESHOLD) return null;
  return compile(p, pj, L, cl) ? pj.fn : null;
}

/**
 * What closure cl holds now (compile.ts's InlinePeek): its upvalues, and
 * the registers of its running frame at `base` on `stack` (null: not running).
 */
function peekAt(cl: LuaClosure, stack: LuaValue[] | null, base: number): InlinePeek {
  return {
    upval: (u) => {
      const uv = cl.upvals[u];
      if (uv === undefined) return undefined;
      return uv.stack !== null ? uv.stack[uv.index] : uv.value;
    },
    reg: stack === null ? null : (r) => stack[base + r],
  };
}
rt.compiledFor = compiledFor;

/** The budget left to a slice in which a loop was compiled on its own (jitBackEdge). */
const WARM_BUDGET = 300;

/** Misses after which a function's float registers are given up. */
const TYPE_MISS_LIMIT = 10;

/**
 * Compiled code of p met a value its float registers cannot hold (an
 * integer where floats were expected, a table with metamethods): past a few
 * times, p's code is dropped and later compiled without float registers.
 */
function typeMiss(p: Proto): void {
  const pj = jitOf(p);
  if (++pj.typeMisses < TYPE_MISS_LIMIT || pj.untyped) return;
  pj.untyped = true;
  pj.fn = null;
  pj.entries = null;
  pj.regions = null;
  pj.failedHeads = null;
}
rt.typeMiss = typeMiss;

/**
 * A backward jump in the interpreter (a loop iteration) of a function
 * running on L: true when the frame should be continued in compiled code
 * (vm.ts then re-enters the frame through jitEnter).
 */
export function jitBackEdge(L: LuaThread, p: Proto, target: number, from: number): boolean {
  if (!isOn(L.G)) return false;
  const pj = jitOf(p);
  if (pj.fn !== null) return true;
  if (++pj.loops < LOOP_THRESHOLD) return false;
  // A function with one outer loop is compiled whole when that loop gets
  // hot. One with several in a row (phases: sort.lua's summarize checks an
  // order, then hashes) has each loop, from `target` to the backward jump at
  // `from`, compiled on its own, as a main chunk has (compile() refuses
  // those): compiled whole, V8 would meet each later loop without type
  // feedback and deoptimise all of it, at every call. It is compiled whole
  // once it has been called often (jitEnter, compiledFor).
  if (!pj.failed) {
    if (pj.outerLoops < 0) pj.outerLoops = outerLoops(p);
    if (pj.outerLoops < 2 && compile(p, pj, L, L.ci.closure, true)) return true;
  }
  if (pj.unsupported) return false;
  if (regionAt(pj, target) !== null) return true;
  if (pj.failedHeads?.has(target) === true) return false;
  // A for loop's first backward jump comes before its body ran (FORPREP
  // jumps to the FORLOOP): the body's registers would still hold what the
  // code before left there. A loop whose calls take their function from a
  // register (inline.ts reads it to choose callees to inline) is compiled
  // at its second backward jump. (Not every loop: the float registers would
  // then be chosen on other values, which cost hash.lua 4%.)
  if (!(pj.seenHeads ??= new Set()).has(target) && calleesFromRegisters(p, target, from)) {
    pj.seenHeads.add(target);
    return false;
  }
  if (!isCompilable(p)) {
    pj.failed = pj.unsupported = true;
    return false;
  }
  let c: Compiled | null = null;
  try {
    // The frame is L's running one, stopped at this loop's head.
    const stack = L.stack;
    const base = L.ci.base;
    const cl = L.ci.closure;
    c = compileProto(p, target, from, !pj.untyped, (r) => {
      const v = stack[base + r];
      return (typeof v === "number" && !Number.isInteger(v)) || v instanceof LuaFloat;
    }, cl === null ? null : peekAt(cl, stack, base));
  } catch {
    c = null;
  }
  if (c === null) {
    (pj.failedHeads ??= new Set()).add(target);
    return false;
  }
  // A function's loop warms its exits with a feedback vector, as a function
  // compiled whole does (fannkuch.lua: TurboFan compiled its outer loop 6
  // times, with deopts at exits, instead of 2); a main chunk's loops do not
  // (see warmExits).
  warmExits(c, L, p.maxStackSize, p.lineDefined !== 0);
  // A main chunk's loop has no feedback from warmExits (it ran before V8
  // gave it a feedback vector), and no loop has any for the entry that
  // continues it after a budget exit. So the exit and that entry (or only
  // the entry) would first run in optimised code, once per scheduler slice,
  // and each deoptimise it (and V8 compile it again). Ending this slice
  // soon makes both run early, while V8 still runs the loop unoptimised,
  // with a vector (strings.lua: 27 deopts -> 21, CPU time -5%). Only a
  // finite budget is lowered: a state that never parks has no budget exits
  // to warm.
  const G = L.G;
  if (G.budget > WARM_BUDGET && G.budget !== Infinity) G.budget = WARM_BUDGET;
  const r: Region = { ...c, lo: target, hi: from };
  // Widest first, so an outer loop is preferred to a loop inside it.
  (pj.regions ??= []).push(r);
  pj.regions.sort((x, y) => y.hi - y.lo - (x.hi - x.lo));
  return true;
}

/** The widest compiled loop of pj that can be entered at pc. */
function regionAt(pj: ProtoJit, pc: number): Region | null {
  const rs = pj.regions;
  if (rs === null) return null;
  for (const r of rs) if (r.entries[pc] === 1) return r;
  return null;
}

let thrown: unknown = null;
let budgetAt = 0;

/** The error that made jitEnter return JitResult.Threw. */
export function jitError(): unknown {
  const e = thrown;
  thrown = null;
  return e;
}

/** After JitResult.Budget: the pc just past the instruction that spent the budget. */
export function jitBudgetAt(): number {
  return budgetAt;
}

/**
 * Called by the interpreter on entering (or continuing) Lua frame `ci`,
 * the current frame of L, with no debug hook: runs it in compiled code
 * when there is some for ci.savedPc.
 */
export function jitEnter(L: LuaThread, ci: CallInfo): JitResult {
  if (!isOn(L.G)) return JitResult.None;
  const p = ci.closure!.proto;
  const pj = jitOf(p);
  const pc = ci.savedPc;
  let fn = pj.fn;
  if (fn === null) {
    if (pc === 0 && !pj.failed && ++pj.calls >= CALL_THRESHOLD && compile(p, pj, L, ci.closure)) fn = pj.fn!;
    else {
      const r = regionAt(pj, pc);
      if (r === null) return JitResult.None;
      fn = r.fn;
    }
  }
  // A CONCAT resumed after its __concat metamethod is the interpreter's to finish.
  if ((pj.fn !== null && pj.entries![pc] === 0) || ci.extra !== 0) return JitResult.None;
  const exit = runCompiled(L, ci, fn, pc);
  if (exit === Exit.Returned) {
    // The frame returned (L.ci is its caller): finish like the interpreter's RETURN.
    L.G.lastPre = settle(L, ci.status, ci.nresults) === Settle.FreshDone ? Pre.FreshDone : Pre.Run;
    return JitResult.Pending;
  }
  return stopped(p, exit);
}

/**
 * jitEnter for a frame a host call has just set up (fresh, at instruction
 * 0), with a shortcut for a function compiled whole that runs to its
 * return: JitResult.Done, its results at ci.func. This is the path of
 * table.sort's order function and gsub's replacement function, called
 * once per comparison or match.
 */
export function jitEnterFresh(L: LuaThread, ci: CallInfo): JitResult {
  const p = ci.closure!.proto;
  const pj = p.jit as ProtoJit | null;
  const fn = pj === null ? null : pj.fn;
  if (fn === null || pj!.entries![0] === 0 || !isOn(L.G)) return jitEnter(L, ci);
  const exit = runCompiled(L, ci, fn, 0);
  if (exit === Exit.Returned) {
    L.G.running = L;
    return JitResult.Done;
  }
  return stopped(p, exit);
}

/** Calls compiled code; an error it throws is kept for jitError (EXIT_THREW). */
function runCompiled(L: LuaThread, ci: CallInfo, fn: CompiledFn, pc: number): number {
  const depth = rt.depth;
  try {
    return fn(L, ci, pc);
  } catch (e) {
    thrown = e instanceof LuaError ? e : toLuaError(e);
    return EXIT_THREW;
  } finally {
    rt.depth = depth;
  }
}

/** runCompiled's pseudo-exit for a thrown error. */
const EXIT_THREW = -1;

/** What jitEnter returns for compiled code that stopped before its frame returned. */
function stopped(p: Proto, exit: number): JitResult {
  if (exit === EXIT_THREW) return JitResult.Threw;
  if (exit === Exit.Refused) {
    typeMiss(p);
    return JitResult.None;
  }
  if (exit === Exit.Budget) {
    budgetAt = rt.budgetAt;
    return JitResult.Budget;
  }
  return JitResult.Pending;
}

/** How p is compiled (for tests): whole, only some of its loops, or not at all. */
export function compiledAs(p: Proto): "whole" | "loops" | null {
  const pj = p.jit as ProtoJit | null;
  if (pj === null) return null;
  return pj.fn !== null ? "whole" : (pj.regions?.length ?? 0) > 0 ? "loops" : null;
}

/** Whether a Proto has compiled code, whole or some of its loops (for tests and measurements). */
export function isCompiled(p: Proto): boolean {
  const pj = p.jit as ProtoJit | null;
  return pj !== null && (pj.fn !== null || (pj.regions?.length ?? 0) > 0);
}

/**
 * f's body as a frameless JS function (made once per Proto) for code that
 * calls f without knowing it beforehand: host code that calls f many times
 * (call.ts's repeated calls), compiled calls through the shared helper
 * (compile.ts's callFromCompiled). Null unless f is a leaf inline.ts can
 * express and L's state uses the second tier with no debug hook on L.
 */
export function leafFor(L: LuaThread, f: LuaClosure): LeafFn | null {
  const p = f.proto;
  if (!isOn(L.G) || hooked(L) || p.leafMisses >= LEAF_MISS_LIMIT) return null;
  const pj = jitOf(p);
  if (pj.leaf === undefined) pj.leaf = leafFunction(p);
  return pj.leaf;
}
rt.leafFor = leafFor;
