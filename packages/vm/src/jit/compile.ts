// The second tier's compiler: one Proto's bytecode to one JS function
// (through `new Function`), for a subset of the opcodes. See
// docs/decisions/0006-second-tier.md.
//
// Shape of the generated code: registers are JS locals (r0, r1, ...),
// loaded from L.stack[base + i] on entry and written back before anything
// that can leave the compiled code. Control flow is a loop around a switch
// on `pc` with one case per entry point (jump targets, the instruction
// after each CALL, 0); straight-line code falls through. So the function
// can be entered at any of those points, which is how a frame the
// interpreter ran for a while (or took over after a yield) goes back into
// compiled code. Each opcode has the interpreter's inline fast path and
// calls the interpreter's slow path (vm-ops.ts) otherwise, with ci.savedPc
// set, so results, error messages and metamethods are the interpreter's.

import { setFlagsFromString } from "node:v8";
import { closeUpvals, ensureStack, findUpval, MINSTACK, precall, pushLuaFrame, setupLuaFrame } from "../call.js";
import { HostFunction, LuaClosure, NOT_FAST, SECOND } from "../function.js";
import { autoCollect } from "../gc.js";
import { hookedThreads, hookOf } from "../hook.js";
import { TM } from "../meta.js";
import { powFloat, unm as numUnm } from "../number.js";
import { BITRK, getA, getAx, getB, getBx, getC, getOp, getSBx, LFIELDS_PER_FLUSH, Op } from "../opcodes.js";
import type { Proto } from "../proto.js";
import { CIST, type CallInfo, type LuaThread } from "../state.js";
import { LuaTable } from "../table.js";
import { LuaFloat, type LuaValue } from "../value.js";
import { forLoopSlow, forPrep, getStrChain, rawSetExisting, strMethod } from "../vm.js";
import { arith, concat, equals, finishOp, index, length, lessEqual, lessThan, PENDING, setIndex } from "../vm-ops.js";
import { floatRegisters, producesFloat } from "./float-regs.js";
import { calleeIsParameter, inlineTargets, jumpTargets, LEAF_ABORT, LEAF_MISS_LIMIT, leafBody } from "./inline.js";
import { cleanRegisters, has, liveness, mayCallFast, writtenInLoops } from "./liveness.js";
import { Exit, MAX_JS_DEPTH, rt } from "./support.js";

/** A compiled Proto: runs Lua frame `ci` of L from instruction `pc` (an entry point). Returns an Exit. */
export type CompiledFn = (L: LuaThread, ci: CallInfo, pc: number) => number;

export interface Compiled {
  fn: CompiledFn;
  /** 1 at each instruction index where fn may be entered. */
  entries: Uint8Array;
  /** Budget exits of backward jumps (one per loop head; see warmExits). */
  jumpExits: number;
}

const SUPPORTED = new Set<Op>([
  Op.MOVE, Op.LOADK, Op.LOADBOOL, Op.LOADNIL, Op.GETUPVAL, Op.GETTABUP, Op.GETTABLE, Op.SETTABUP,
  Op.SETUPVAL, Op.SETTABLE, Op.NEWTABLE, Op.SELF, Op.ADD, Op.SUB, Op.MUL, Op.MOD, Op.POW, Op.DIV, Op.IDIV,
  Op.BAND, Op.BOR, Op.BXOR, Op.SHL, Op.SHR, Op.UNM, Op.BNOT, Op.NOT, Op.LEN, Op.CONCAT, Op.JMP, Op.EQ,
  Op.LT, Op.LE, Op.TEST, Op.TESTSET, Op.CALL, Op.TAILCALL, Op.RETURN, Op.FORLOOP, Op.FORPREP, Op.TFORCALL,
  Op.TFORLOOP, Op.SETLIST, Op.VARARG, Op.EXTRAARG, Op.CLOSURE, Op.LOADKX,
]);

/** The opcodes the compiler handles (a Proto with any other is left to the interpreter). */
export function isSupportedOp(op: Op): boolean {
  return SUPPORTED.has(op);
}

/** Is the debug hook on for L (compiled code then hands its frame to the interpreter)? */
export function hooked(L: LuaThread): boolean {
  return hookedThreads !== 0 && hookOf(L) !== null;
}

/**
 * CALL through one shared helper (the inline version is emitCall's), from
 * compact code and for callees that are the function's parameters: runs
 * the function at stack[func] with the arguments above it up to L.top;
 * Exit.Returned when it has returned, else the Exit to pass on.
 *
 * A compiled callee that is a small leaf (inline.ts) runs without a frame,
 * as an inlined one would: a comparator passed to a function that calls it
 * in a loop. The helper's call of it meets every such callee, so V8 does
 * not tie the calling code to one of them (and deoptimise it at the next).
 */
function callFromCompiled(L: LuaThread, func: number, nres: number, spendsBudget: boolean): number {
  const stack = L.stack;
  const f = stack[func];
  if (f instanceof LuaClosure) {
    const fp = f.proto;
    const jf = rt.depth < MAX_JS_DEPTH ? rt.compiledFor(fp, L, f) : null;
    const G = L.G;
    const nargs = L.top - func - 1;
    if (jf !== null && spendsBudget && nres >= 0 && nargs <= 3 && G.budget > 1) {
      const lf = rt.leafFor(L, f);
      if (lf !== null) {
        const v = lf(G, f, nargs > 0 ? stack[func + 1] : undefined, nargs > 1 ? stack[func + 2] : undefined,
          nargs > 2 ? stack[func + 3] : undefined);
        if (v !== LEAF_ABORT) {
          G.budget--;
          if (nres > 0) {
            stack[func] = v;
            for (let j = 1; j < nres; j++) stack[func + j] = undefined;
          }
          L.top = func + nres;
          return Exit.Returned;
        }
      }
    }
    pushLuaFrame(L, f, func, nres, 0);
    if (spendsBudget && --G.budget <= 0) {
      rt.budgetAt = 1;
      return Exit.Budget;
    }
    if (jf === null) {
      G.lastPre = 1;
      return Exit.Unwound;
    }
    rt.depth++;
    const x = jf(L, L.ci, 0);
    rt.depth--;
    return x;
  }
  const x = precall(L, func, nres, 0);
  if (x !== 0) {
    L.G.lastPre = x;
    return Exit.Unwound;
  }
  return Exit.Returned;
}

/**
 * After a slow path pushed a Lua metamethod frame (PENDING) for an opcode
 * whose result is the metamethod's first value (index, arithmetic, length):
 * runs that frame in compiled code at once when it can, and returns the
 * result, as the interpreter's finishOp would store it. Otherwise returns
 * PENDING with rt.metaExit the Exit to return (the interpreter then runs
 * the frame and finishes the opcode).
 */
function runMeta(L: LuaThread, ci: CallInfo): LuaValue | typeof PENDING {
  const G = L.G;
  const mci = L.ci;
  rt.metaExit = Exit.Unwound;
  if (G.lastPre !== 1 || mci.prev !== ci || mci.func !== ci.top || (mci.status & CIST.Lua) === 0) return PENDING;
  if (rt.depth >= MAX_JS_DEPTH || hooked(L)) return PENDING;
  const jf = rt.compiledFor(mci.closure!.proto, L, mci.closure);
  if (jf === null) return PENDING;
  const writes = G.localWrites;
  rt.depth++;
  const x = jf(L, mci, 0);
  rt.depth--;
  if (x !== Exit.Returned) {
    // It stopped inside (a yield, a park, the budget): the interpreter finishes it and the opcode.
    rt.metaExit = x;
    return PENDING;
  }
  L.top = ci.top;
  if (G.localWrites !== writes) {
    // debug.setlocal may have changed this frame's registers on the stack,
    // which the compiled code holds in JS locals: finish the opcode as the
    // interpreter would and let it go on from the stack.
    finishOp(L, ci, CIST.Fin);
    G.lastPre = 1;
    return PENDING;
  }
  return L.stack[ci.top];
}

/** What the generated code reaches through its factory's parameter. */
const HELPERS = () => ({
  rt, LuaTable, LuaClosure, LuaFloat, PENDING, getStrChain, rawSetExisting, index, setIndex, arith, equals,
  lessThan, lessEqual, length, concat, forPrep, forLoopSlow, closeUpvals, ensureStack, precall, pushLuaFrame,
  autoCollect, powFloat, numUnm, hooked, setupLuaFrame, findUpval, callFromCompiled, strMethod, runMeta,
  HostFunction, NOT_FAST, SECOND,
});

/** Instruction indexes where the generated function can be entered: 0, jump targets, and after each call. */
export function entryPoints(p: Proto): Uint8Array {
  const code = p.code;
  const n = code.length;
  const e = jumpTargets(p);
  e[0] = 1;
  for (let pc = 0; pc < n; pc++) {
    const op = getOp(code[pc]!);
    if (op === Op.CALL || op === Op.TFORCALL) e[pc + 1] = 1;
  }
  return e.subarray(0, n);
}

/** Compiles p, or returns null when it uses an opcode outside the subset. */
/** Whether every instruction of p is in the compiler's subset. */
export function isCompilable(p: Proto): boolean {
  const code = p.code;
  for (let pc = 0; pc < code.length; pc++) if (!SUPPORTED.has(getOp(code[pc]!))) return false;
  return true;
}

/**
 * Compiles instructions lo..hi of p (the whole function by default; a loop
 * of a function too big to compile whole), or returns null when the code
 * would be too big for V8 to optimise. Control leaving lo..hi hands the
 * frame back to the interpreter at that instruction. p must be compilable.
 */
export function compileProto(p: Proto, lo = 0, hi = p.code.length - 1, typed = false,
  floatAtEntry: ((r: number) => boolean) | null = null, peek: InlinePeek | null = null): Compiled | null {
  const entries = entryPoints(p);
  entries.fill(0, 0, lo);
  entries.fill(0, hi + 1);
  entries[lo] = 1;
  const inl = peek === null ? new Map<number, Proto>() : inlineTargets(p, lo, hi, peek.upval, peek.reg);
  let src = generate(p, entries, false, lo, hi, typed, floatAtEntry, inl);
  // V8 takes longer to optimise a big function and never optimises one past
  // ~60 KB of bytecode: a big one (a main chunk, typically) keeps its
  // registers that no loop writes on the stack, which drops most write-backs.
  if (src.length > COMPACT_FROM) src = generate(p, entries, true, lo, hi, typed, floatAtEntry, inl);
  if (src.length > MAX_SOURCE) return null;
  const factory = new Function("h", "K", "P", "SELF", "IQ", src) as
    (h: ReturnType<typeof HELPERS>, K: LuaValue[], P: Proto[], SELF: Proto, IQ: Proto[]) => CompiledFn;
  return { fn: factory(HELPERS(), p.constants, p.protos, p, [...inl.values()]), entries, jumpExits: loopHeads(p, lo, hi).size };
}

/**
 * What the closure being compiled holds now, for inline.ts's choice of
 * callees: its upvalues, and its frame's registers when the frame is
 * running (a loop compiled on its own), else null.
 */
export interface InlinePeek {
  upval: (u: number) => LuaValue;
  reg: ((r: number) => LuaValue) | null;
}

const MAX = "9007199254740991";

/**
 * Pseudo-instructions of the generated switch: the budget exit after a
 * call, and those of backward jumps, BUDGET_JUMP - k for the k-th loop head.
 */
const BUDGET_CALL = -3;
const BUDGET_JUMP = -4;

/**
 * The targets of the backward jumps among instructions lo..hi (each loop
 * head once), numbered in order: the k-th has budget exit BUDGET_JUMP - k.
 */
function loopHeads(p: Proto, lo: number, hi: number): Map<number, number> {
  const heads = new Map<number, number>();
  for (let pc = lo; pc <= hi; pc++) {
    const i = p.code[pc]!;
    if (!isBackJump(i)) continue;
    const target = pc + 1 + getSBx(i);
    if (!heads.has(target)) heads.set(target, heads.size);
  }
  return heads;
}

/** Whether instruction i jumps back to a loop's head (its target: pc + 1 + sBx). */
function isBackJump(i: number): boolean {
  const op = getOp(i);
  return (op === Op.JMP && getSBx(i) < 0) || op === Op.FORLOOP || op === Op.TFORLOOP;
}

/** How many of p's loops are not inside another loop (each loop spans its backward jump's target to the jump). */
export function outerLoops(p: Proto): number {
  const spans: [number, number][] = [];
  for (let pc = 0; pc < p.code.length; pc++) {
    const i = p.code[pc]!;
    if (isBackJump(i)) spans.push([pc + 1 + getSBx(i), pc]);
  }
  // Lua's loops nest or are disjoint: by start, a loop ending past the last outer one is another outer one.
  spans.sort((x, y) => x[0] - y[0] || y[1] - x[1]);
  let count = 0;
  let end = -1;
  for (const [start, last] of spans) {
    if (start > end) {
      count++;
      end = last;
    }
  }
  return count;
}

/**
 * Runs the budget exits of a freshly compiled function once on L's running
 * Lua frame, whose registers are saved and restored around it. V8 then has
 * type feedback for them: otherwise the first budget exit of each function
 * in optimised code (once per scheduler slice, sooner or later) deoptimises
 * it and V8 compiles all of it again.
 */
export function warmExits({ fn, jumpExits }: Compiled, L: LuaThread, nregs: number, eager: boolean): void {
  const ci = L.ci;
  const stack = L.stack;
  const base = ci.base;
  if (ci.closure === null || base + nregs >= stack.length) return;
  const saved = stack.slice(base, base + nregs);
  const savedPc = ci.savedPc;
  const at = rt.budgetAt;
  // V8 gives a function its feedback vector only once it has run a while
  // (lazy feedback allocation); what runs before leaves no feedback. The
  // flag is read at a function's first call, which is this one: `eager`
  // gives the vector now. That pays for functions (richards.lua 30: 6,060M
  // -> 5,067M instructions), not for a main chunk's loops, which V8 then
  // optimises sooner on thinner feedback (strings.lua 20000: 4,014M ->
  // 4,419M); nor does turning the flag off for good (everything gets a
  // vector, V8 inlines more: strings.lua 18% dearer).
  if (eager) setFlagsFromString("--no-lazy-feedback-allocation");
  try {
    for (let k = 0; k < jumpExits; k++) fn(L, ci, BUDGET_JUMP - k);
    fn(L, ci, BUDGET_CALL);
  } catch {
    // Nothing here throws; and warming is only an optimisation.
  } finally {
    if (eager) setFlagsFromString("--lazy-feedback-allocation");
  }
  for (let r = 0; r < nregs; r++) stack[base + r] = saved[r];
  ci.savedPc = savedPc;
  rt.budgetAt = at;
}

/** Generated source length (characters) from which generate() is rerun in compact mode. */
let COMPACT_FROM = 24_000;

/** Sets COMPACT_FROM (tests use 0 to compile everything compact); returns the previous value. */
export function setCompactFrom(n: number): number {
  const old = COMPACT_FROM;
  COMPACT_FROM = n;
  return old;
}

/** Past this length the function is left to the interpreter (V8 would not optimise it). */
const MAX_SOURCE = 80_000;

/**
 * Registers that a CLOSURE captures (1 each): they live on the stack for the
 * whole function, since an open upvalue reads and writes the stack slot and a
 * JS local copy would go stale. Every other register is a JS local.
 */
export function capturedRegisters(p: Proto): Uint8Array {
  const code = p.code;
  const onStack = new Uint8Array(p.maxStackSize + 1);
  for (let pc = 0; pc < code.length; pc++) {
    if (getOp(code[pc]!) !== Op.CLOSURE) continue;
    for (const d of p.protos[getBx(code[pc]!)]!.upvalues) if (d.inStack) onStack[d.index] = 1;
  }
  return onStack;
}

/** JS source of the factory that returns p's compiled function. */
export function generate(p: Proto, entries: Uint8Array, compact = false, lo = 0, hi = p.code.length - 1, typed = false,
  floatAtEntry: ((r: number) => boolean) | null = null, inl: Map<number, Proto> = new Map()): string {
  // Index of each inlined callee's Proto in the factory's IQ (compileProto passes inl's values in order).
  const inlIndex = new Map<number, number>();
  for (const pc of inl.keys()) inlIndex.set(pc, inlIndex.size);
  const code = p.code;
  const targets = jumpTargets(p);
  const nregs = p.maxStackSize;
  const out: string[] = [];
  const prelude: string[] = [];
  const emit = (s: string): void => {
    out.push(s);
  };

  const onStack = capturedRegisters(p);
  if (compact) {
    const w = writtenInLoops(p);
    for (let r = 0; r < nregs; r++) if (w[r] === 0) onStack[r] = 1;
  }
  const live = liveness(p);
  // Float registers (float-regs.ts) hold raw doubles; everything else that
  // reads one sees the Lua value, a LuaFloat box when it is integral.
  const isF = typed ? floatRegisters(p, lo, hi, onStack, live, floatAtEntry) : new Uint8Array(nregs + 1);
  const anyF = isF.includes(1);
  const boxF = (r: number): string => `(Number.isInteger(r${r}) ? new LuaFloat(r${r}) : r${r})`;
  const reg = (r: number): string => (onStack[r] === 1 ? `stack[base + ${r}]` : isF[r] === 1 ? boxF(r) : `r${r}`);
  /** A register's JS local as a value to store (boxed when it is a float register). */
  const regValue = (r: number): string => (isF[r] === 1 ? boxF(r) : `r${r}`);
  const kExpr = (idx: number): string => {
    const v = p.constants[idx];
    if (v === undefined) return "undefined";
    if (typeof v === "boolean") return String(v);
    if (typeof v === "string") return JSON.stringify(v);
    if (typeof v === "number" && Number.isFinite(v) && !Object.is(v, -0)) return v < 0 ? `(${v})` : String(v);
    return `K[${idx}]`;
  };
  const rk = (x: number): string => (x >= BITRK ? kExpr(x - BITRK) : reg(x));
  /** Is RK operand x a constant integral float (a LuaFloat box)? */
  const isBoxK = (x: number): boolean => x >= BITRK && p.constants[x - BITRK] instanceof LuaFloat;
  /**
   * What RK operand x is known to be when it is a constant: "int" (an
   * integer as a JS number), "num" (any other JS number: a non-integral
   * float), "box" (a LuaFloat); else "any". Arithmetic on a constant
   * operand leaves out the tests whose answer is known, which shortens
   * the code V8 runs unoptimised and the graphs TurboFan builds.
   */
  const kKind = (x: number): "int" | "num" | "box" | "any" => {
    if (x < BITRK) return "any";
    const v = p.constants[x - BITRK];
    if (typeof v === "number") return Number.isInteger(v) ? "int" : "num";
    return v instanceof LuaFloat ? "box" : "any";
  };
  /** `typeof v === "number"` for RK operand x held in JS variable v, or its known answer. */
  const isNum = (x: number, v: string): string => {
    const k = kKind(x);
    return k === "int" || k === "num" ? "true" : k === "box" ? "false" : `typeof ${v} === "number"`;
  };
  /** `Number.isInteger(v)` for a v that is a JS number (RK operand x), or its known answer. */
  const isInt = (x: number, v: string): string => {
    const k = kKind(x);
    return k === "int" ? "true" : k === "any" ? `Number.isInteger(${v})` : "false";
  };
  /** The conjunction of conditions, simplified where some are known. */
  const and = (...conds: string[]): string => {
    if (conds.includes("false")) return "false";
    const rest = conds.filter((x) => x !== "true");
    return rest.length === 0 ? "true" : rest.join(" && ");
  };
  /** The test that integer % and // take their fast path: two integers, the divisor non-zero. */
  const intDivisible = (b: number, c: number): string => {
    const k = kKind(c);
    const nonZero = k === "int" ? (p.constants[c - BITRK] !== 0 ? "true" : "false") : "c !== 0";
    return and(isNum(b, "b"), isNum(c, "c"), isInt(b, "b"), isInt(c, "c"), nonZero);
  };
  /**
   * When % and // must correct JS's truncated remainder m (Lua's takes the
   * divisor's sign): with a constant divisor, one comparison.
   */
  const remainderOff = (c: number): string => {
    const sign = kKind(c) === "int" ? Math.sign(p.constants[c - BITRK] as number) : 0;
    return sign > 0 ? "m < 0" : sign < 0 ? "m > 0" : "m !== 0 && m < 0 !== c < 0";
  };
  /** RK operand x as a double for comparisons and float arithmetic (a LuaFloat constant is its value). */
  const rkNum = (x: number): string => {
    if (!isBoxK(x)) return rk(x);
    const n = (p.constants[x - BITRK] as LuaFloat).n;
    return Object.is(n, -0) ? "(-0)" : n < 0 ? `(${n})` : String(n);
  };
  /**
   * Float arithmetic when an operand is an integral float (a LuaFloat box)
   * and the other a number: the result is a float, boxed when integral
   * (value.ts's mkFloat).
   */
  const floatPath = (lab: string, A: string, b: number, c: number, expr: (x: string, y: string) => string): string => {
    // Compact code leaves integral-float operands to the slow path (arith handles them).
    if (compact && !isBoxK(b) && !isBoxK(c)) return "";
    const anyb = kKind(b) === "any";
    const anyc = kKind(c) === "any";
    const xb = isBoxK(b) ? rkNum(b) : anyb ? `(typeof b === "number" ? b : b.n)` : "b";
    const xc = isBoxK(c) ? rkNum(c) : anyc ? `(typeof c === "number" ? c : c.n)` : "c";
    // One operand a box, both numbers. A constant's answer is known (a box
    // constant always is one, a plain number never), leaving the test on the other.
    const okVal = (v: string): string => `(typeof ${v} === "number" || ${v} instanceof LuaFloat)`;
    let cond: string;
    if (anyb && anyc) cond = `(b instanceof LuaFloat || c instanceof LuaFloat) && ${okVal("b")} && ${okVal("c")}`;
    else if (anyb || anyc) {
      const v = anyb ? "b" : "c";
      cond = isBoxK(anyb ? c : b) ? okVal(v) : `${v} instanceof LuaFloat`;
    } else if (isBoxK(b) || isBoxK(c)) cond = "true";
    else return "";
    return `if (${cond}) { const r = ${expr(xb, xc)}; ${A} = Number.isInteger(r) ? new LuaFloat(r) : r; break ${lab}; }`;
  };
  /**
   * "cond) res = x op y" comparing two numbers that are plain numbers or
   * LuaFloat boxes as doubles (exact: plain integers are within 2^53);
   * bigints are left to the slow path.
   */
  const numCmp = (b: number, c: number, sym: string): string => {
    const xb = isBoxK(b) ? rkNum(b) : `(typeof b === "number" ? b : b.n)`;
    const xc = isBoxK(c) ? rkNum(c) : `(typeof c === "number" ? c : c.n)`;
    const okb = isBoxK(b) ? "true" : `(typeof b === "number" || b instanceof LuaFloat)`;
    const okc = isBoxK(c) ? "true" : `(typeof c === "number" || c instanceof LuaFloat)`;
    return `${okb} && ${okc}) res = ${xb} ${sym} ${xc}`;
  };
  /**
   * `v == K` as a JS expression when RK operand x is a constant that no
   * metamethod can take part in comparing and that has one JS form besides
   * an integral float's box; else null.
   */
  const eqConstant = (x: number): string | null => {
    if (x < BITRK) return null;
    const k = p.constants[x - BITRK];
    if (k === undefined || typeof k === "boolean" || typeof k === "string") return `v === ${kExpr(x - BITRK)}`;
    // Integers and integral floats compare by value (1 == 1.0); past 2^53 a
    // bigint may equal a float: left to the generic code, like infinities.
    const n = typeof k === "number" ? k : k instanceof LuaFloat ? k.n : NaN;
    if (!Number.isFinite(n) || Math.abs(n) > Number.MAX_SAFE_INTEGER) return null;
    const lit = n < 0 ? `(${n})` : String(n);
    return Number.isInteger(n) ? `v === ${lit} || (v instanceof LuaFloat && v.n === ${lit})` : `v === ${lit}`;
  };
  /** Varinfo source of an RK operand, as vm-ops.ts's rkVar. */
  const rkVar = (x: number): number => (x >= BITRK ? -1 : x);
  const spillRange = (from: number, to: number): string => {
    let s = "";
    for (let r = from; r < to && r < nregs; r++) if (onStack[r] === 0) s += `stack[base + ${r}] = ${regValue(r)}; `;
    return s;
  };
  // Float registers are not read back: nothing but debug.setlocal changes
  // them on the stack meanwhile, and that sends the frame to the interpreter
  // (afterCall).
  const reloadRange = (from: number, to: number): string => {
    let s = "";
    for (let r = from; r < to && r < nregs; r++) if (onStack[r] === 0 && isF[r] === 0) s += `r${r} = stack[base + ${r}]; `;
    return s;
  };
  // Registers of the local variables in scope at each instruction (the
  // n-th active local is register n-1). They are written back even when
  // dead, so the collector and debug.getlocal see what the interpreter
  // would (a local set to nil must not keep its old value reachable).
  const activeLocals = new Int32Array(code.length);
  for (const v of p.locVars) for (let q = v.startPc; q < v.endPc && q < code.length; q++) activeLocals[q]!++;
  // Registers whose locals surely equal their stack slots at each slow path.
  const clean = cleanRegisters(p, live, activeLocals);
  let curPc = 0;
  /**
   * Writes back the registers of `set` (and the active locals) below
   * `below`, except `except` and the clean ones, plus those in [from, to).
   */
  const spillSet = (set: Uint32Array, except = -1, below = nregs, from = 0, to = 0): string => {
    const act = activeLocals[curPc]!;
    const cl = clean[curPc]!;
    let s = "";
    for (let r = 0; r < nregs; r++) {
      if (onStack[r] === 1) continue;
      if ((r < below && r !== except && (has(set, r) || r < act) && !has(cl, r)) || (r >= from && r < to)) {
        s += `stack[base + ${r}] = ${regValue(r)}; `;
      }
    }
    return s;
  };
  /** Reads back the registers of `set` from `from` below `below`. */
  const reloadSet = (set: Uint32Array, below: number, from = 0): string => {
    let s = "";
    for (let r = from; r < below && r < nregs; r++) if (has(set, r) && onStack[r] === 0 && isF[r] === 0) s += `r${r} = stack[base + ${r}]; `;
    return s;
  };
  /**
   * Before a slow path of instruction pc: the registers the interpreter may
   * read if it takes the frame over (live after pc; `except` is the one the
   * instruction itself writes) and the position for errors and metamethods.
   */
  const leave = (pc: number, except = -1): string => `${spillSet(live.liveOut[pc]!, except)}ci.savedPc = ${pc + 1};`;
  /** Leaves the compiled range: the interpreter goes on from `target`. */
  const exitTo = (target: number): string =>
    `{ ${spillSet(live.liveIn[target]!)}ci.savedPc = ${target}; G.lastPre = 1; return ${Exit.Unwound}; }`;
  const jumpTo = (target: number): string => (target >= lo && target <= hi ? `pc = ${target}; continue;` : exitTo(target));
  /**
   * A float register's operand is not a number, or a result needs the
   * interpreter's care (a NaN's sign): it runs instruction pc itself.
   */
  const typeMiss = (pc: number): string =>
    `{ ${spillSet(live.liveIn[pc]!)}ci.savedPc = ${pc}; G.lastPre = 1; rt.typeMiss(SELF); return ${Exit.Unwound}; }`;
  /**
   * After a call returned: its results (live registers from `a` below
   * `end`) are read back. The registers below `a` still hold what they held
   * on the stack, unless debug.setlocal (which counts G.localWrites) wrote
   * to the frame meanwhile. So they are read back only once a program has
   * used debug.setlocal at all (no load at entry: the common case costs one
   * test); with float registers (never read back unchecked), a write during
   * the call sends the frame to the interpreter.
   */
  const afterCall = (out: Uint32Array, a: number, end: number): string => {
    const results = reloadSet(out, end, a);
    const below = reloadSet(out, a);
    if (anyF) return `if (G.localWrites !== LW) { G.lastPre = 1; return ${Exit.Unwound}; } ${results}`;
    return `${below !== "" ? `if (G.localWrites !== 0) { ${below}}` : ""} ${results}`;
  };
  /** Numeric RK operand x as a double: { pre: statements that check it, expr }. */
  const floatOperand = (pc: number, x: number, name: string): { pre: string; expr: string } => {
    if (x >= BITRK) return { pre: "", expr: isBoxK(x) ? rkNum(x) : rk(x) };
    if (isF[x] === 1) return { pre: "", expr: `r${x}` };
    return {
      pre: `const ${name}0 = ${reg(x)}; let ${name};
        if (typeof ${name}0 === "number") ${name} = ${name}0; else if (${name}0 instanceof LuaFloat) ${name} = ${name}0.n; else ${typeMiss(pc)}`,
      expr: name,
    };
  };
  /**
   * An arithmetic instruction whose result is surely a float (float-regs.ts)
   * into a float register (or, with operands that need no check, boxed into
   * another register). False when the generic code must do it.
   */
  const emitFloatArith = (pc: number, op: Op, a: number, b: number, c: number): boolean => {
    const x = floatOperand(pc, b, "fb");
    const y = floatOperand(pc, c, "fc");
    if (isF[a] === 0 && (x.pre !== "" || y.pre !== "")) return false;
    let expr: string;
    let nanCheck = "";
    switch (op) {
      case Op.ADD: expr = `${x.expr} + ${y.expr}`; break;
      case Op.SUB: expr = `${x.expr} - ${y.expr}`; break;
      case Op.MUL: expr = `${x.expr} * ${y.expr}`; break;
      case Op.POW: expr = `powFloat(${x.expr}, ${y.expr})`; break;
      default:
        // 0/0: the interpreter gives the NaN C Lua prints as "-nan".
        expr = `${x.expr} / ${y.expr}`;
        nanCheck = `if (fr !== fr) ${typeMiss(pc)}`;
    }
    const store = isF[a] === 1 ? `r${a} = fr;` : `${reg(a)} = Number.isInteger(fr) ? new LuaFloat(fr) : fr;`;
    emit(`{ ${x.pre} ${y.pre} const fr = ${expr}; ${nanCheck} ${store} }`);
    return true;
  };
  /** Is RK operand x a float register or a numeric constant (comparable as a double)? */
  const isDoubleOperand = (x: number): boolean =>
    x >= BITRK ? typeof p.constants[x - BITRK] === "number" || isBoxK(x) : isF[x] === 1;
  // A backward jump spends budget like the interpreter's (vm.ts's budgetHit
  // decides). Budget exits share one block per loop head (cases BUDGET_JUMP - k,
  // below): each block V8 first runs in optimised code is a deoptimisation
  // for missing type feedback and a recompile of the whole function, and
  // every loop's exit runs sooner or later (once per scheduler slice).
  const jumpExits = loopHeads(p, lo, hi);
  const backJump = (pc: number, target: number): string =>
    `if (--G.budget <= 0) { ba = ${pc + 1}; pc = ${BUDGET_JUMP - jumpExits.get(target)!}; continue; } ${jumpTo(target)}`;
  /** After a call pushed a Lua frame: the budget exit with that frame running (case BUDGET_CALL). */
  const callBudget = (): string => `if (--G.budget <= 0) { pc = ${BUDGET_CALL}; continue; }`;
  /** Result of a slow path: PENDING means a Lua metamethod frame is pushed, the interpreter goes on. */
  const slowResult = (dst: string, call: string): string =>
    `{ let x = ${call}; if (x === PENDING) { x = runMeta(L, ci); if (x === PENDING) return rt.metaExit; } ${dst} = x; }`;

  for (let pc = lo; pc <= hi; pc++) {
    const i = code[pc]!;
    const op = getOp(i);
    const a = getA(i);
    const A = reg(a);
    const b = getB(i);
    const c = getC(i);
    curPc = pc;
    if (entries[pc] === 1) emit(`case ${pc}:`);
    const lab = `i${pc}`;
    if (anyF) {
      // Float registers: their own code for the instructions that write them or compare them.
      if (isF[a] === 1 && op === Op.MOVE) {
        emit(`r${a} = r${b};`);
        continue;
      }
      if (isF[a] === 1 && op === Op.LOADK) {
        emit(`r${a} = ${isBoxK(getBx(i) + BITRK) ? rkNum(getBx(i) + BITRK) : kExpr(getBx(i))};`);
        continue;
      }
      if (isF[a] === 1 && op === Op.UNM) {
        // -NaN: numUnm flips the sign bit as C does; the interpreter takes that case.
        emit(`{ const x = r${b}; if (x !== x) ${typeMiss(pc)} r${a} = -x; }`);
        continue;
      }
      if ((op === Op.ADD || op === Op.SUB || op === Op.MUL || op === Op.DIV || op === Op.POW) &&
        producesFloat(p, i, isF) && emitFloatArith(pc, op, a, b, c)) continue;
      if ((op === Op.EQ || op === Op.LT || op === Op.LE) && isDoubleOperand(b) && isDoubleOperand(c) &&
        ((b < BITRK && isF[b] === 1) || (c < BITRK && isF[c] === 1))) {
        const sym = op === Op.EQ ? "===" : op === Op.LT ? "<" : "<=";
        const xb = b >= BITRK ? rkNum(b) : `r${b}`;
        const xc = c >= BITRK ? rkNum(c) : `r${c}`;
        emit(`if ((${xb} ${sym} ${xc}) !== ${a !== 0}) { ${jumpTo(pc + 2)} }`);
        continue;
      }
    }
    switch (op) {
      case Op.MOVE:
        emit(`${A} = ${reg(b)};`);
        break;
      case Op.LOADK:
        emit(`${A} = ${kExpr(getBx(i))};`);
        break;
      case Op.LOADKX:
        emit(`${A} = ${kExpr(getAx(code[pc + 1]!))};`);
        break;
      case Op.CLOSURE:
        emitClosure(pc, a, getBx(i));
        break;
      case Op.LOADBOOL:
        emit(`${A} = ${b !== 0};`);
        if (c !== 0) emit(jumpTo(pc + 2));
        break;
      case Op.LOADNIL: {
        let s = "";
        for (let r = a; r <= a + b; r++) s += `${reg(r)} = undefined; `;
        emit(s);
        break;
      }
      case Op.GETUPVAL:
        emit(`{ const uv = upvals[${b}]; ${A} = uv.stack !== null ? uv.stack[uv.index] : uv.value; }`);
        break;
      case Op.SETUPVAL:
        emit(`{ const uv = upvals[${b}]; if (uv.stack !== null) uv.stack[uv.index] = ${A}; else uv.value = ${A}; }`);
        break;
      case Op.GETTABUP:
      case Op.GETTABLE:
      case Op.SELF: {
        const tExpr = op === Op.GETTABUP ? `(upvals[${b}].stack !== null ? upvals[${b}].stack[upvals[${b}].index] : upvals[${b}].value)` : reg(b);
        const key = rk(c);
        const constStr = c >= BITRK && typeof p.constants[c - BITRK] === "string";
        emit(`${lab}: { const t = ${tExpr}; const key = ${key};`);
        if (op === Op.SELF) emit(`${reg(a + 1)} = t;`);
        emit(`if (t instanceof LuaTable) { let v;`);
        if (constStr) {
          // A constant name is a property access V8 can cache per site
          // (table.ts's string part), here and one __index table further,
          // the usual shape of a method or class-field lookup. Copy-on-write
          // tables and longer chains take getStrChain.
          const nm = `[${JSON.stringify(p.constants[c - BITRK])}]`;
          // Methods, and in non-compact code fields too, look one __index table further inline.
          if (op === Op.SELF || !compact) {
            // Methods look one level further still: a subclass's method table,
            // then its base class's (`setmetatable(Sub, {__index = Base})`).
            const deeper = op === Op.SELF && !compact
              ? `{ const m2 = ix.metatable; const mo2 = m2.constructor === LuaTable ? m2.strs : null;
                  const ix2 = mo2 === null ? undefined : mo2.__index;
                  if (ix2 instanceof LuaTable && ix2.constructor === LuaTable) {
                    const io2 = ix2.strs; v = io2 !== null ? io2${nm} : ix2.getStr(key);
                    if (v === undefined && ix2.metatable !== null) v = getStrChain(ix2, key);
                  } else v = getStrChain(ix, key); }`
              : "v = getStrChain(ix, key);";
            emit(`if (t.constructor === LuaTable) { const o = t.strs; v = o !== null ? o${nm} : t.getStr(key);
                if (v === undefined) { const mt = t.metatable;
                  if (mt !== null) {
                    const mo = mt.constructor === LuaTable ? mt.strs : null; const ix = mo === null ? undefined : mo.__index;
                    if (ix instanceof LuaTable && ix.constructor === LuaTable) {
                      const io = ix.strs; v = io !== null ? io${nm} : ix.getStr(key);
                      if (v === undefined && ix.metatable !== null) ${deeper}
                    } else v = getStrChain(t, key);
                  } } }
              else v = getStrChain(t, key);`);
          } else {
            // A field in compact code: own fields inline, inherited ones through getStrChain (less code per site).
            emit(`if (t.constructor === LuaTable) { const o = t.strs; v = o !== null ? o${nm} : t.getStr(key);
                if (v === undefined && t.metatable !== null) v = getStrChain(t, key); }
              else v = getStrChain(t, key);`);
          }
          // getStrChain's null: the chain needs the general path.
          emit(`if (v !== null) { ${A} = v; break ${lab}; } }`);
        }
        else if (op === Op.GETTABLE && c >= BITRK && typeof p.constants[c - BITRK] === "number") {
          emit(`if (t.constructor === LuaTable) { const j = key - 1; const arr = t.arr; v = j >>> 0 === j && j < arr.length ? arr[j] : t.get(key); }
            else v = t.get(key);`);
        } else if (op === Op.GETTABLE) {
          emit(`if (typeof key === "string") v = getStrChain(t, key);
            else if (typeof key === "number" && t.constructor === LuaTable) { const j = key - 1; const arr = t.arr; v = j >>> 0 === j && j < arr.length ? arr[j] : t.get(key); }
            else v = t.get(key);`);
        } else emit(`v = typeof key === "string" ? getStrChain(t, key) : t.get(key);`);
        if (!constStr) emit(`if (v !== null && (v !== undefined || t.metatable === null || typeof key === "string")) { ${A} = v; break ${lab}; } }`);
        if (op === Op.SELF && constStr) {
          // s:method(): the string metatable's __index table (the string library), found without index().
          emit(`else if (typeof t === "string") { const v = strMethod(G, key); if (v !== undefined) { ${A} = v; break ${lab}; } }`);
        }
        const vi = op === Op.GETTABUP ? -2 - b : b;
        emit(leave(pc, a));
        emit(slowResult(A, `index(L, ci, t, key, ${vi})`));
        emit(`}`);
        break;
      }
      case Op.SETTABUP: {
        emit(`${lab}: { const uv = upvals[${a}]; const t = uv.stack !== null ? uv.stack[uv.index] : uv.value;
          const key = ${rk(b)}; const v = ${rk(c)};
          if (t instanceof LuaTable && (t.metatable === null || rawSetExisting(t, key, v))) {
            if (t.metatable === null) { ci.savedPc = ${pc + 1}; t.set(key, v); } break ${lab}; }
          ${leave(pc)} if (setIndex(L, ci, t, key, v, ${-2 - a}) === PENDING) return ${Exit.Unwound}; }`);
        break;
      }
      case Op.SETTABLE: {
        // A constant key has one type: only its fast path is generated.
        const kt = b >= BITRK ? typeof p.constants[b - BITRK] : "any";
        const nm = kt === "string" ? `[${JSON.stringify(p.constants[b - BITRK])}]` : "[key]";
        const strPath = `{ const o = t.strs; if (o !== null && v !== undefined && o${nm} !== undefined) { o${nm} = v; break ${lab}; } }`;
        const numPath = `{ const j = key - 1; const arr = t.arr; if (j >>> 0 === j && j < arr.length && arr[j] !== undefined) { arr[j] = v; break ${lab}; } }`;
        const fast = kt === "string" ? `else ${strPath}` : kt === "number" ? `else ${numPath}`
          : kt !== "any" ? "" : `else if (typeof key === "string") ${strPath}
            else if (typeof key === "number") ${numPath}`;
        emit(`${lab}: { const t = ${A}; const key = ${rk(b)}; const v = ${rk(c)};
          if (t instanceof LuaTable) {
            if (t.constructor !== LuaTable) {}
            ${fast}
            // No metatable, or one known to have no __newindex (meta.ts's fasttm): a raw set.
            const mt = t.metatable;
            if (mt === null || (mt.tmAbsent & ${1 << TM.NewIndex}) !== 0) { ci.savedPc = ${pc + 1}; t.set(key, v); break ${lab}; }
          }
          ${leave(pc)} if (setIndex(L, ci, t, key, v, ${a}) === PENDING) return ${Exit.Unwound}; }`);
        break;
      }
      case Op.NEWTABLE:
        emit(`${A} = new LuaTable(); if (--G.gcDebt <= 0) { ${leave(pc)} ${spillRange(a, a + 1)} autoCollect(L, ci.top); }`);
        break;
      case Op.ADD:
      case Op.SUB:
      case Op.MUL: {
        const sym = op === Op.ADD ? "+" : op === Op.SUB ? "-" : "*";
        const tm = op === Op.ADD ? TM.Add : op === Op.SUB ? TM.Sub : TM.Mul;
        // Integer operands: an exact result within 2^53, else the slow path
        // (which wraps); a float operand: a float, boxed when integral.
        const ints = and(isInt(b, "b"), isInt(c, "c"));
        const exact = `if (r <= ${MAX} && r >= -${MAX}) { ${A} = r + 0; break ${lab}; }`;
        const boxed = `${A} = new LuaFloat(r); break ${lab};`;
        const numPath = isBoxK(b) || isBoxK(c) ? "" : `if (${and(isNum(b, "b"), isNum(c, "c"))}) {
            const r = b ${sym} c;
            if (!Number.isInteger(r)) { ${A} = r; break ${lab}; }
            ${ints === "true" ? exact : ints === "false" ? boxed : `if (${ints}) { ${exact} } else { ${boxed} }`}
          }`;
        emit(`${lab}: { const b = ${rk(b)}, c = ${rk(c)};
          ${numPath}
          ${floatPath(lab, A, b, c, (x, y) => `${x} ${sym} ${y}`)}
          ${leave(pc, a)} ${slowResult(A, `arith(L, ci, ${tm}, b, c, ${rkVar(b)}, ${rkVar(c)})`)} }`);
        break;
      }
      case Op.MOD: {
        const cond = intDivisible(b, c);
        emit(`${lab}: { const b = ${rk(b)}, c = ${rk(c)};
          ${cond === "false" ? "" : `if (${cond}) {
            const m = b % c; ${A} = ${remainderOff(c)} ? m + c : m + 0; break ${lab}; }`}
          ${leave(pc, a)} ${slowResult(A, `arith(L, ci, ${TM.Mod}, b, c, ${rkVar(b)}, ${rkVar(c)})`)} }`);
        break;
      }
      case Op.POW:
        emit(`${lab}: { const b = ${rk(b)}, c = ${rk(c)};
          if (${and(isNum(b, "b"), isNum(c, "c"))}) { const r = powFloat(b, c); ${A} = Number.isInteger(r) ? new LuaFloat(r) : r; break ${lab}; }
          ${floatPath(lab, A, b, c, (x, y) => `powFloat(${x}, ${y})`)}
          ${leave(pc, a)} ${slowResult(A, `arith(L, ci, ${TM.Pow}, b, c, ${rkVar(b)}, ${rkVar(c)})`)} }`);
        break;
      case Op.DIV:
        emit(`${lab}: { const b = ${rk(b)}, c = ${rk(c)};
          if (${and(isNum(b, "b"), isNum(c, "c"))}) { const r = b / c; if (r === r) { ${A} = Number.isInteger(r) ? new LuaFloat(r) : r; break ${lab}; } }
          ${floatPath(lab, A, b, c, (x, y) => `${x} / ${y}`)}
          ${leave(pc, a)} ${slowResult(A, `arith(L, ci, ${TM.Div}, b, c, ${rkVar(b)}, ${rkVar(c)})`)} }`);
        break;
      case Op.IDIV: {
        const cond = intDivisible(b, c);
        emit(`${lab}: { const b = ${rk(b)}, c = ${rk(c)};
          ${cond === "false" ? "" : `if (${cond}) {
            const m = b % c; const q = (b - m) / c; ${A} = (${remainderOff(c)} ? q - 1 : q) + 0; break ${lab}; }`}
          ${leave(pc, a)} ${slowResult(A, `arith(L, ci, ${TM.IDiv}, b, c, ${rkVar(b)}, ${rkVar(c)})`)} }`);
        break;
      }
      case Op.BAND:
      case Op.BOR:
      case Op.BXOR: {
        const sym = op === Op.BAND ? "&" : op === Op.BOR ? "|" : "^";
        const tm = TM.BAnd + (op - Op.BAND);
        emit(`${lab}: { const b = ${rk(b)}, c = ${rk(c)};
          if (typeof b === "number" && typeof c === "number" && (b | 0) === b && (c | 0) === c) { ${A} = b ${sym} c; break ${lab}; }
          ${leave(pc, a)} ${slowResult(A, `arith(L, ci, ${tm}, b, c, ${rkVar(b)}, ${rkVar(c)})`)} }`);
        break;
      }
      case Op.SHL:
      case Op.SHR: {
        const fast = op === Op.SHR ? `${A} = b >>> c; break ${lab};`
          : `const r = b * 2 ** c; if (r <= ${MAX}) { ${A} = r; break ${lab}; }`;
        emit(`${lab}: { const b = ${rk(b)}, c = ${rk(c)};
          if (typeof b === "number" && typeof c === "number" && (b | 0) === b && b >= 0 && (c >>> 0) === c && c < 32) { ${fast} }
          ${leave(pc, a)} ${slowResult(A, `arith(L, ci, ${op === Op.SHL ? TM.Shl : TM.Shr}, b, c, ${rkVar(b)}, ${rkVar(c)})`)} }`);
        break;
      }
      case Op.UNM:
        emit(`${lab}: { const b = ${reg(b)};
          if (typeof b === "number" && Number.isInteger(b)) { ${A} = b === 0 ? 0 : -b; break ${lab}; }
          ${leave(pc, a)} ${slowResult(A, `typeof b === "number" ? numUnm(b) : arith(L, ci, ${TM.Unm}, b, b, ${b}, ${b})`)} }`);
        break;
      case Op.BNOT:
        emit(`${lab}: { const b = ${reg(b)};
          if (typeof b === "number" && (b | 0) === b) { ${A} = ~b; break ${lab}; }
          ${leave(pc, a)} ${slowResult(A, `arith(L, ci, ${TM.BNot}, b, b, ${b}, ${b})`)} }`);
        break;
      case Op.NOT:
        emit(`${A} = ${reg(b)} === undefined || ${reg(b)} === false;`);
        break;
      case Op.LEN:
        emit(`${lab}: { const b = ${reg(b)};
          if (typeof b === "string") { ${A} = b.length; break ${lab}; }
          if (b instanceof LuaTable && b.metatable === null) { ${A} = b.length(); break ${lab}; }
          ${leave(pc, a)} ${slowResult(A, `length(L, ci, b, ${b})`)} }`);
        break;
      case Op.CONCAT: {
        const gc = `if (--G.gcDebt <= 0) { ${leave(pc)} ${spillRange(a, a + 1)} autoCollect(L, ci.top); }`;
        emit(`${lab}: {`);
        if (c === b + 1) {
          emit(`const x = ${reg(b)}, y = ${reg(c)};
            if (typeof x === "string" && typeof y === "string") { ${A} = x + y; ${gc} break ${lab}; }`);
        }
        emit(`${spillSet(live.liveOut[pc]!, a, nregs, b, c + 1)} ci.savedPc = ${pc + 1};
          if (concat(L, ci, base + ${b}, base + ${c + 1}) === PENDING) return ${Exit.Unwound};
          ${reloadRange(b, c + 1)} ${A} = stack[base + ${b}]; ${gc} }`);
        break;
      }
      case Op.JMP: {
        const sbx = getSBx(i);
        const target = pc + 1 + sbx;
        // Captured registers are always on the stack (onStack), so what the
        // stack holds is what closing must keep.
        if (a !== 0) emit(`if (L.openUpvals.length > 0) closeUpvals(L, base + ${a - 1});`);
        emit(sbx < 0 ? backJump(pc, target) : jumpTo(target));
        break;
      }
      case Op.EQ: {
        // Against a nil, boolean, string or number constant: no metamethod
        // can apply (__eq needs two tables or two userdata).
        const kb = eqConstant(b);
        const kc = kb === null ? eqConstant(c) : null;
        if (kb !== null || kc !== null) {
          emit(`${lab}: { const v = ${rk(kb !== null ? c : b)}; if ((${kb ?? kc}) !== ${a !== 0}) { ${jumpTo(pc + 2)} } }`);
          break;
        }
        emit(`${lab}: { const b = ${rk(b)}, c = ${rk(c)}; let res;
          if (b === c) res = true;
          else if (b === undefined || c === undefined) res = false;
          else if (${numCmp(b, c, "===")};
          else if (typeof b === "object" || typeof c === "object") { ${leave(pc)}
            const x = equals(L, ci, b, c); if (x === PENDING) return ${Exit.Unwound}; res = x; }
          else res = false;
          if (res !== ${a !== 0}) { ${jumpTo(pc + 2)} } }`);
        break;
      }
      case Op.LT:
      case Op.LE: {
        const sym = op === Op.LT ? "<" : "<=";
        emit(`${lab}: { const b = ${rk(b)}, c = ${rk(c)}; let res;
          if ((typeof b === "number" && typeof c === "number") || (typeof b === "string" && typeof c === "string")) res = b ${sym} c;
          else if (${numCmp(b, c, sym)};
          else { ${leave(pc)} const x = ${op === Op.LT ? "lessThan" : "lessEqual"}(L, ci, b, c); if (x === PENDING) return ${Exit.Unwound}; res = x; }
          if (res !== ${a !== 0}) { ${jumpTo(pc + 2)} } }`);
        break;
      }
      case Op.TEST:
        emit(`if ((${A} === undefined || ${A} === false) === ${c !== 0}) { ${jumpTo(pc + 2)} }`);
        break;
      case Op.TESTSET:
        emit(`if ((${reg(b)} === undefined || ${reg(b)} === false) === ${c !== 0}) { ${jumpTo(pc + 2)} } ${A} = ${reg(b)};`);
        break;
      case Op.CALL:
        emitCall(pc, a, b, c, true);
        break;
      case Op.TFORCALL: {
        // R(A+3), ... := R(A)(R(A+1), R(A+2)): a call that spends no budget.
        // next and ipairs's iterator first try their frameless step
        // (function.ts's StepFn; like a FastFn call, it leaves no register
        // clean: liveness.ts).
        let rest = "";
        for (let j = 2; j < c; j++) rest += `${reg(a + 3 + j)} = undefined; `;
        const step = `{ const f = ${A}; if (f instanceof HostFunction && f.step !== null) {
          const k = f.step(${reg(a + 1)}, ${reg(a + 2)});
          if (k !== NOT_FAST) { ${reg(a + 3)} = k; ${c >= 2 ? `${reg(a + 4)} = k === undefined ? undefined : SECOND.value;` : ""} ${rest}break i${pc}; } } }`;
        emit(`${reg(a + 3)} = ${A}; ${reg(a + 4)} = ${reg(a + 1)}; ${reg(a + 5)} = ${reg(a + 2)};`);
        emitCall(pc, a + 3, 3, c + 1, false, step);
        break;
      }
      case Op.TFORLOOP: {
        const target = pc + 1 + getSBx(i);
        emit(`if (${reg(a + 1)} !== undefined) { ${A} = ${reg(a + 1)}; ${backJump(pc, target)} }`);
        break;
      }
      case Op.TAILCALL:
        emitTailCall(pc, a, b);
        break;
      case Op.SETLIST: {
        const cc = c !== 0 ? c : getAx(code[pc + 1]!);
        const off = (cc - 1) * LFIELDS_PER_FLUSH;
        if (b !== 0) {
          emit(`${spillRange(a + 1, a + b + 1)} ${A}.setList(${off}, stack, base + ${a + 1}, ${b});`);
        } else {
          emit(`${A}.setList(${off}, stack, base + ${a + 1}, L.top - (base + ${a}) - 1); L.top = ci.top;`);
        }
        break;
      }
      case Op.EXTRAARG:
        // Read by the SETLIST before it.
        break;
      case Op.RETURN:
        emitReturn(a, b);
        break;
      case Op.FORLOOP: {
        const target = pc + 1 + getSBx(i);
        emit(`${lab}: { const step = ${reg(a + 2)};
          if (typeof step === "number") {
            const idx = ${A} + step;
            if (step > 0 ? idx <= ${reg(a + 1)} : ${reg(a + 1)} <= idx) { ${A} = idx; ${reg(a + 3)} = idx; ${backJump(pc, target)} }
            break ${lab};
          }
          ${spillRange(a, a + 4)}
          if (forLoopSlow(stack, base + ${a})) { ${reloadRange(a, a + 4)} ${backJump(pc, target)} } }`);
        break;
      }
      case Op.FORPREP:
        emit(`${spillSet(live.liveIn[pc]!, -1, nregs, a, a + 3)} ci.savedPc = ${pc + 1}; forPrep(stack, base + ${a}); ${reloadRange(a, a + 3)} ${jumpTo(pc + 1 + getSBx(i))}`);
        break;
      case Op.VARARG: {
        emit(`{ const nvar = Math.max(0, base - ci.func - 1 - ${p.numParams});`);
        if (b !== 0) {
          for (let j = 0; j < b - 1; j++) emit(`${reg(a + j)} = ${j} < nvar ? stack[base - nvar + ${j}] : undefined;`);
        } else {
          emit(`${spillSet(live.liveOut[pc]!, -1, a)} ci.savedPc = ${pc + 1}; ensureStack(L, base + ${a} + nvar + ${MINSTACK});
            L.top = base + ${a} + nvar; for (let j = 0; j < nvar; j++) stack[base + ${a} + j] = stack[base - nvar + j];`);
        }
        emit(`}`);
        break;
      }
      default:
        throw new Error(`jit: opcode ${op} is not supported`);
    }
  }

  // Falling off the end of a compiled range continues in the interpreter.
  if (hi < code.length - 1) {
    curPc = hi;
    emit(exitTo(hi + 1));
  }

  /**
   * A CALL of a small leaf function inline (inline.ts), for the callee
   * inlineTargets chose at pc: like a frameless host call, no write-back
   * and no read-back; the results go straight to their registers. A
   * different callee, a debug hook, the budget's last unit or an operand
   * off the fast path falls through to the ordinary call.
   */
  function inlineCall(pc: number, a: number, b: number, nres: number): string {
    const k = inlIndex.get(pc);
    if (k === undefined) return "";
    for (let r = a; r < a + nres; r++) if (isF[r] === 1) return "";
    const args: string[] = [];
    for (let j = 1; j < b; j++) args.push(reg(a + j));
    const il = `il${pc}`;
    const done = (v: string): string => {
      let s = `${reg(a)} = ${v}; `;
      for (let r = a + 1; r < a + nres; r++) s += `${reg(r)} = undefined; `;
      return `${s}G.budget--; break i${pc};`;
    };
    return `${il}: { const f = ${reg(a)}; if (!(f instanceof LuaClosure) || f.proto !== IQ[${k}] || IQ[${k}].leafMisses >= ${LEAF_MISS_LIMIT} ||
        G.budget <= 1 || hooked(L)) break ${il};
      ${leafBody(inl.get(pc)!, args, "f", il, `q${pc}`, done, `IQ[${k}]`)} }`;
  }

  /** CALL (and TFORCALL, which spends no budget on Lua callees). */
  function emitCall(pc: number, a: number, b: number, c: number, spendsBudget: boolean, step = ""): void {
    const nres = c - 1;
    const lab = `i${pc}`;
    // B = 0: the arguments up to L.top are on the stack already (put there,
    // with every register below them, by the CALL or VARARG that made them).
    const out = live.liveOut[pc]!;
    // A host function with a frameless version for this many arguments
    // (function.ts's FastFn: math.sqrt, string.byte, ...): called directly,
    // no frame, no write-back, no read-back (such a call does not count as
    // making registers clean: liveness.ts's mayCallFast); NOT_FAST falls
    // through to the ordinary call.
    let fast = step;
    if (mayCallFast(code[pc]!)) {
      const vals: string[] = [];
      for (let j = 1; j < b; j++) vals.push(reg(a + j));
      while (vals.length < 3) vals.push("undefined");
      vals.push(String(b - 1));
      let results = nres >= 1 ? `${reg(a)} = v;` : "";
      if (nres >= 2) results += ` ${reg(a + 1)} = SECOND.value;`;
      if (nres === 3) results += ` ${reg(a + 2)} = SECOND.third;`;
      fast = `{ const f = ${reg(a)}; if (f instanceof HostFunction && (f.fastArities & ${1 << (b - 1)}) !== 0${nres >= 2 ? ` && f.fastResults >= ${nres}` : ""}) {
        const v = f.fast(${vals.join(", ")}); if (v !== NOT_FAST) { ${results} break ${lab}; } } }`;
      fast += inlineCall(pc, a, b, nres);
    }
    const spill = spillSet(out, -1, a, a, b !== 0 ? a + b : a);
    if (compact || calleeIsParameter(p, pc, a, lo, targets)) {
      // Compact code calls through one shared helper instead of inlining
      // the frame push; so does a call of a parameter, whose callee may
      // change from one call of this function to the next: V8 would tie
      // inline code to the first and deoptimise at the next (sort.lua's
      // summarize was compiled by V8 8 times, now 4).
      emit(`${lab}: { ${fast} ${spill} ${b !== 0 ? `L.top = base + ${a + b};` : ""} ci.savedPc = ${pc + 1};
        { const x = callFromCompiled(L, base + ${a}, ${nres}, ${spendsBudget}); if (x !== ${Exit.Returned}) return x; }
        ${nres >= 0 ? "L.top = ci.top;" : ""}
        if (hooked(L)) { G.lastPre = 1; return ${Exit.Unwound}; }
        ${afterCall(out, a, nres >= 0 ? a + nres : a)} }`);
      return;
    }
    emit(`${lab}: { ${fast} ${spill} ${b !== 0 ? `L.top = base + ${a + b};` : ""} ci.savedPc = ${pc + 1};
      const f = ${reg(a)};
      if (f instanceof LuaClosure) {
        const fp = f.proto;
        let jf = null;
        if (rt.depth < ${MAX_JS_DEPTH}) {
          const pj = fp.jit; jf = pj !== null && pj.fn !== null ? pj.fn : rt.compiledFor(fp, L, f);
        }
        const fbase = base + ${a + 1};
        const ftop = fbase + fp.maxStackSize;
        const nci = ci.next;
        if (!fp.isVararg && nci !== null && ftop + ${MINSTACK} <= stack.length && ftop + ${MINSTACK} <= L.stackLimit) {
          for (let j = L.top - fbase, np = fp.numParams; j < np; j++) stack[fbase + j] = undefined;
          nci.func = fbase - 1; nci.base = fbase; nci.top = ftop; nci.savedPc = 0; nci.closure = f; nci.extra = 0;
          nci.nresults = ${nres}; nci.status = ${CIST.Lua};
          L.ci = nci; L.top = ftop;
        } else pushLuaFrame(L, f, base + ${a}, ${nres}, 0);
        ${spendsBudget ? callBudget() : ""}
        if (jf === null) { G.lastPre = 1; return ${Exit.Unwound}; }
        rt.depth++;
        const x = jf(L, L.ci, 0);
        rt.depth--;
        if (x !== ${Exit.Returned}) return x;
      } else {
        const x = precall(L, base + ${a}, ${nres}, 0);
        if (x !== 0) { G.lastPre = x; return ${Exit.Unwound}; }
      }
      ${nres >= 0 ? "L.top = ci.top;" : ""}
      if (hooked(L)) { G.lastPre = 1; return ${Exit.Unwound}; }
      ${afterCall(out, a, nres >= 0 ? a + nres : a)} }`);
  }

  /**
   * TAILCALL: a Lua callee reuses this frame (as the interpreter does) and
   * runs in compiled code from here, or in the interpreter; either way this
   * JS function is done with the frame. A host callee runs at once and the
   * RETURN that follows hands its results on.
   */
  function emitTailCall(pc: number, a: number, b: number): void {
    const lab = `i${pc}`;
    emit(`${lab}: { ${b !== 0 ? `${spillRange(a, a + b)} L.top = base + ${a + b};` : ""} ci.savedPc = ${pc + 1};
      const f = ${reg(a)};
      if (f instanceof LuaClosure) {
        if (L.openUpvals.length > 0) closeUpvals(L, base);
        const fn = ci.func;
        const n = L.top - (base + ${a});
        for (let j = 0; j < n; j++) stack[fn + j] = stack[base + ${a} + j];
        L.top = fn + n;
        setupLuaFrame(L, ci, f, fn);
        ci.status |= ${CIST.Tail};
        ${callBudget()}
        const fp = f.proto;
        let jf = null;
        if (rt.depth < ${MAX_JS_DEPTH}) {
          const pj = fp.jit; jf = pj !== null && pj.fn !== null ? pj.fn : rt.compiledFor(fp, L, f);
        }
        if (jf === null) { G.lastPre = 1; return ${Exit.Unwound}; }
        rt.depth++;
        const x = jf(L, ci, 0);
        rt.depth--;
        return x;
      }
      const x = precall(L, base + ${a}, -1, 0);
      if (x !== 0) { G.lastPre = x; return ${Exit.Unwound}; } }`);
  }

  function emitReturn(a: number, b: number): void {
    // Nothing to write back first: captured registers are on the stack (see JMP).
    emit(`{ if (L.openUpvals.length > 0) closeUpvals(L, base);
      const res = ci.func; const wanted = ci.nresults;`);
    if (b !== 0) {
      const n = b - 1;
      let all = "";
      let some = "";
      for (let j = 0; j < n; j++) {
        all += `stack[res + ${j}] = ${reg(a + j)}; `;
        some += `if (wanted > ${j}) stack[res + ${j}] = ${reg(a + j)}; `;
      }
      emit(`if (wanted < 0) { ${all} L.top = res + ${n}; }
        else { ${some} for (let j = ${n}; j < wanted; j++) stack[res + j] = undefined; L.top = res + wanted; }`);
    } else {
      emit(`const first = base + ${a}; const n = L.top - first;
        if (wanted < 0) { for (let j = 0; j < n; j++) stack[res + j] = stack[first + j]; L.top = res + n; }
        else { let j = 0; for (; j < wanted && j < n; j++) stack[res + j] = stack[first + j];
          for (; j < wanted; j++) stack[res + j] = undefined; L.top = res + wanted; }`);
    }
    emit(`L.ci = ci.prev; return ${Exit.Returned}; }`);
  }

  /**
   * CLOSURE, as the interpreter does it: reuse the Proto's cached closure
   * while it captures the same variables, else make one (upvalue
   * descriptors are known here, so the capture list is unrolled).
   */
  function emitClosure(pc: number, a: number, bx: number): void {
    const lab = `i${pc}`;
    const descs = p.protos[bx]!.upvalues;
    const A = reg(a);
    emit(`${lab}: { const np = P[${bx}];`);
    if (descs.length > 0) {
      const same = descs.map((d, j) =>
        d.inStack ? `cu[${j}].stack === stack && cu[${j}].index === base + ${d.index}` : `cu[${j}] === upvals[${d.index}]`);
      emit(`const cached = np.cache; if (cached !== null) { const cu = cached.upvals; if (${same.join(" && ")}) { ${A} = cached; break ${lab}; } }`);
    }
    let uvs = `const uvs = new Array(${descs.length}); `;
    descs.forEach((d, j) => {
      uvs += `uvs[${j}] = ${d.inStack ? `findUpval(L, base + ${d.index})` : `upvals[${d.index}]`}; `;
    });
    emit(`${uvs} const ncl = new LuaClosure(np, uvs); ${A} = ncl; ${descs.length > 0 ? "np.cache = ncl;" : ""}
      if (--G.gcDebt <= 0) { ${leave(pc)} ${spillRange(a, a + 1)} autoCollect(L, ci.top); } }`);
  }

  // Last in the switch, so that nothing falls through into them (the code
  // above ends with a RETURN or an exit). A loop head's exit writes back
  // what the interpreter may read there: the registers live there and the
  // locals in scope.
  for (const [target, k] of jumpExits) {
    let spill = "";
    for (let r = 0; r < nregs; r++) {
      if (onStack[r] === 0 && (has(live.liveIn[target]!, r) || r < activeLocals[target]!)) spill += `stack[base + ${r}] = ${regValue(r)}; `;
    }
    out.push(`case ${BUDGET_JUMP - k}: ${spill}ci.savedPc = ${target}; rt.budgetAt = ba; return ${Exit.Budget};`);
  }
  out.push(`case ${BUDGET_CALL}: rt.budgetAt = 1; return ${Exit.Budget};`);
  let loads = "let ba = 0;\n";
  // A call enters at 0, where only the registers read before they are
  // written (the parameters) need their stack values; other entries load
  // every register.
  let elsewhere = "";
  for (let r = 0; r < nregs; r++) {
    if (onStack[r] === 1) continue;
    if (isF[r] === 1) loads += `let r${r} = 0;\n`;
    else if (lo === 0 && !has(live.liveIn[0]!, r)) {
      loads += `let r${r};\n`;
      elsewhere += `r${r} = stack[base + ${r}]; `;
    } else loads += `let r${r} = stack[base + ${r}];\n`;
  }
  if (elsewhere !== "") loads += `if (pc !== 0) { ${elsewhere}}\n`;
  if (anyF) {
    // Entered elsewhere than at the start (a loop continued, a frame taken
    // back from the interpreter): the float registers in use there must
    // hold floats, or the code refuses the frame (the interpreter runs it).
    loads += "const LW = G.localWrites;\nswitch (pc) {\n";
    for (let pc = lo; pc <= hi; pc++) {
      if (entries[pc] !== 1) continue;
      let g = "";
      for (let r = 0; r < nregs; r++) {
        if (isF[r] === 0 || !(has(live.liveIn[pc]!, r) || r < activeLocals[pc]!)) continue;
        g += `{ const v = stack[base + ${r}]; if (typeof v === "number" ? Number.isInteger(v) : !(v instanceof LuaFloat)) return ${Exit.Refused}; r${r} = typeof v === "number" ? v : v.n; }\n`;
      }
      // Compiled callers enter at 0 and know nothing of refusals (float-regs.ts keeps this empty).
      if (g !== "" && pc === 0) throw new Error("jit: float registers in use at the function's entry");
      if (g !== "") loads += `case ${pc}:\n${g}break;\n`;
    }
    loads += "}\n";
  }
  const name = `lua_${p.lineDefined}_${nregs}${lo !== 0 || hi !== code.length - 1 ? `_${lo}_${hi}` : ""}`;
  return `"use strict";
const { rt, LuaTable, LuaClosure, LuaFloat, PENDING, getStrChain, rawSetExisting, index, setIndex, arith, equals,
  lessThan, lessEqual, length, concat, forPrep, forLoopSlow, closeUpvals, ensureStack, precall, pushLuaFrame,
  autoCollect, powFloat, numUnm, hooked, setupLuaFrame, findUpval, callFromCompiled, strMethod, runMeta,
  HostFunction, NOT_FAST, SECOND } = h;
${prelude.join("\n")}
return function ${name}(L, ci, pc) {
const G = L.G;
const stack = L.stack;
const base = ci.base;
const upvals = ci.closure.upvals;
${loads}for (;;) {
switch (pc) {
${out.join("\n")}
default: throw new Error("jit: no entry at instruction " + pc);
}
}
};`;
}
