// Small Lua leaf functions run without a frame (second tier; see
// docs/decisions/0006-second-tier.md, "Session 7").
//
// A call such as `a = a + x[j] * A(i, j)`, or table.sort's order function
// `function(a, b) return a.key < b.key end`, costs more in the call
// protocol (a CallInfo, arguments and results through L.stack, a float
// result boxed on the way back) than in its body. When the callee is a
// leaf (no loop, and no calls but to host functions with a pure frameless
// version: `s:sub(1, 2)`, `math.floor(x)`) whose operations this file can
// express, its body runs as JS directly:
//
//   - inline in a compiled caller (compile.ts's inlineCall), guarded by the
//     callee's Proto: closures of one Proto differ only in their upvalues,
//     which the inline code reads from the closure called;
//   - as a JS function of (closure, a, b, c) for host code that calls one
//     Lua function many times (call.ts's repeated calls: table.sort,
//     gsub's replacement function).
//
// Every operation takes its fast path only: plain numbers (the
// interpreter's exact integer and float rules), strings, tables without a
// metatable in the way. Anything else (a table with __index or __lt, an
// integer overflow, a LuaFloat or bigint where an integer rule applies,
// 0/0, an error to raise) abandons the fast code, which then makes the
// ordinary call: that does all of it again with the full semantics, so
// abandoning must leave nothing done. The only side effect allowed is
// SETUPVAL: an upvalue written before an operation that can fail gets its
// old value back when the fast code is abandoned (nothing can have seen the
// new one: no Lua code runs in between). A host call
// takes the function's frameless version (function.ts's FastFn) when it is
// marked pure (fastPure: it changes nothing, so giving up later is still
// unobservable); NOT_FAST abandons.

import { HostFunction, LuaClosure, NOT_FAST } from "../function.js";
import { BITRK, getA, getB, getBx, getC, getOp, getSBx, Op } from "../opcodes.js";
import type { Proto } from "../proto.js";
import type { LuaState } from "../state.js";
import { strMethod } from "../vm.js";
import { LuaTable } from "../table.js";
import { LuaFloat, type LuaValue } from "../value.js";
import { mayCallFast } from "./liveness.js";

/** Longest callee (instructions) that runs frameless. */
const MAX_LEAF = 24;

const MAX = "9007199254740991";

/**
 * Calls or methods a leaf could not make frameless (Proto.leafMisses) after
 * which it is no longer run as a leaf: a function that calls Lua functions
 * would otherwise try its frameless code, and give up, at every call.
 */
export const LEAF_MISS_LIMIT = 8;

/** What a frameless leaf returns when the ordinary call must be made instead. */
export const LEAF_ABORT: unique symbol = Symbol("leaf abort");

/**
 * q's body as a JS function of the state (for string methods), the closure
 * called and up to three arguments: its first result, or LEAF_ABORT.
 */
export type LeafFn = (G: LuaState, f: LuaClosure, a: LuaValue, b: LuaValue, c: LuaValue) => LuaValue | typeof LEAF_ABORT;

/** Operations that may fail (abandon the fast code). */
function mayFail(op: Op): boolean {
  switch (op) {
    case Op.MOVE:
    case Op.LOADK:
    case Op.LOADBOOL:
    case Op.LOADNIL:
    case Op.GETUPVAL:
    case Op.SETUPVAL:
    case Op.NOT:
    case Op.TEST:
    case Op.TESTSET:
    case Op.JMP:
    case Op.RETURN:
      return false;
    default:
      return true;
  }
}

/** Whether q's body is a leaf that leafBody can express. */
export function isInlinableLeaf(q: Proto): boolean {
  if (q.isVararg || q.code.length > MAX_LEAF) return false;
  const code = q.code;
  const numberOperand = (x: number): boolean => {
    if (x < BITRK) return true;
    const k = q.constants[x - BITRK];
    return typeof k === "number" || k instanceof LuaFloat;
  };
  const scalarOperand = (x: number): boolean => {
    if (x < BITRK) return true;
    const k = q.constants[x - BITRK];
    return typeof k === "number" || typeof k === "string" || k === undefined || typeof k === "boolean" || k instanceof LuaFloat;
  };
  for (let pc = 0; pc < code.length; pc++) {
    const i = code[pc]!;
    const op = getOp(i);
    switch (op) {
      case Op.MOVE:
      case Op.GETUPVAL:
      case Op.LOADBOOL:
      case Op.LOADNIL:
      case Op.NOT:
      case Op.TEST:
      case Op.TESTSET:
      case Op.LEN:
      case Op.UNM:
        break;
      case Op.RETURN:
        // One value or none (a caller wanting two gets nil for the second);
        // all values only as the dead RETURN after a tail call.
        if (getB(i) > 2 || (getB(i) === 0 && (pc === 0 || getOp(code[pc - 1]!) !== Op.TAILCALL))) return false;
        break;
      case Op.LOADK: {
        const k = q.constants[getBx(i)];
        if (typeof k !== "number" && typeof k !== "string") return false;
        break;
      }
      case Op.SETUPVAL:
        break;
      case Op.ADD:
      case Op.SUB:
      case Op.MUL:
      case Op.DIV:
      case Op.MOD:
        if (!numberOperand(getB(i)) || !numberOperand(getC(i))) return false;
        break;
      case Op.EQ:
      case Op.LT:
      case Op.LE:
        if (!scalarOperand(getB(i)) || !scalarOperand(getC(i))) return false;
        break;
      case Op.GETTABLE:
      case Op.GETTABUP: {
        const c = getC(i);
        if (c >= BITRK && typeof q.constants[c - BITRK] !== "string" && typeof q.constants[c - BITRK] !== "number") return false;
        break;
      }
      case Op.CONCAT:
        break;
      case Op.SELF: {
        const c = getC(i);
        if (c < BITRK || typeof q.constants[c - BITRK] !== "string") return false;
        break;
      }
      case Op.CALL:
        // Up to three arguments, no or one result (mayCallFast's arguments).
        if (getB(i) === 0 || getB(i) - 1 > 3 || getC(i) < 1 || getC(i) > 2) return false;
        break;
      case Op.TAILCALL:
        if (getB(i) === 0 || getB(i) - 1 > 3) return false;
        break;
      case Op.JMP:
        // Forward only (no loop), closing no upvalues (a leaf creates none).
        if (getSBx(i) < 0 || getA(i) !== 0) return false;
        break;
      default:
        return false;
    }
  }
  // Every jump lands on an instruction (leafBody's blocks close there).
  const targets = jumpTargets(q);
  for (let t = code.length; t < targets.length; t++) if (targets[t] === 1) return false;
  return true;
}

/**
 * The callees to inline at the CALLs among instructions lo..hi of p: pc ->
 * callee Proto. `peekUpval(u)` and `peekReg(r)` give the current value of
 * the compiled closure's upvalue u and of its frame's register r (null when
 * the frame is not running: a function compiled at its entry).
 */
export function inlineTargets(p: Proto, lo: number, hi: number, peekUpval: (u: number) => LuaValue,
  peekReg: ((r: number) => LuaValue) | null): Map<number, Proto> {
  const code = p.code;
  const targets = jumpTargets(p);
  const found = new Map<number, Proto>();
  for (let pc = lo; pc <= hi; pc++) {
    const i = code[pc]!;
    if (getOp(i) !== Op.CALL) continue;
    // The calls compile.ts may also make frameless (liveness.ts's mayCallFast): no write-back before, none after.
    if (!mayCallFast(i)) continue;
    // A parameter's callee may change at the next call of p: such calls go
    // through a shared helper (compile.ts), which runs leaves without frames.
    if (calleeIsParameter(p, pc, getA(i), lo, targets)) continue;
    const callee = calleeAt(p, pc, getA(i), lo, targets, peekUpval, peekReg);
    if (callee instanceof LuaClosure && callee.proto !== p && isInlinableLeaf(callee.proto)) found.set(pc, callee.proto);
  }
  return found;
}

/**
 * Whether some CALL among instructions lo..hi takes its callee from a
 * register of the frame (a local: MOVE, or a method: SELF), which
 * inlineTargets can only see while the frame runs.
 */
export function calleesFromRegisters(p: Proto, lo: number, hi: number): boolean {
  let seen = false;
  const note = (): LuaValue => {
    seen = true;
    return undefined;
  };
  const targets = jumpTargets(p);
  for (let pc = lo; pc <= hi && !seen; pc++) {
    const i = p.code[pc]!;
    if (getOp(i) === Op.CALL && mayCallFast(i)) calleeAt(p, pc, getA(i), lo, targets, () => undefined, note);
  }
  return seen;
}

/**
 * Whether the CALL at pc (calling register a) takes its callee from one of
 * p's parameters (a MOVE from it, in the straight line of code from lo):
 * `f(x)` in a function given f, whose callee may differ from one call of p
 * to the next (compile.ts calls it through a shared helper). A method of a
 * parameter (`self:m()`) is not one: its callee usually stays the same.
 */
export function calleeIsParameter(p: Proto, pc: number, a: number, lo: number, targets: Uint8Array): boolean {
  const at = calleeLoad(p, pc, a, lo, targets);
  return at >= 0 && getOp(p.code[at]!) === Op.MOVE && getB(p.code[at]!) < p.numParams;
}

/**
 * The instruction that loads register `a` for the CALL at pc, in the
 * straight line of code before it from lo; -1 when there is none (control
 * can reach the call from elsewhere first, or `a` is written otherwise).
 */
function calleeLoad(p: Proto, pc: number, a: number, lo: number, targets: Uint8Array): number {
  if (targets[pc] === 1) return -1;
  for (let q = pc - 1; q >= lo; q--) {
    const i = p.code[q]!;
    const op = getOp(i);
    if (getA(i) === a) return q;
    // Anything that may write `a` other than through its A field, or that
    // control can reach from elsewhere, ends the straight line.
    if (mayWriteRange(op) || isJump(op) || targets[q] === 1) return -1;
  }
  return -1;
}

/**
 * What register `a` holds when the CALL at pc runs, as far as the straight
 * line of code before it shows: an upvalue's value (GETUPVAL), or a local's
 * (MOVE from a register the running frame holds); else undefined.
 */
function calleeAt(p: Proto, pc: number, a: number, lo: number, targets: Uint8Array,
  peekUpval: (u: number) => LuaValue, peekReg: ((r: number) => LuaValue) | null): LuaValue {
  const at = calleeLoad(p, pc, a, lo, targets);
  if (at < 0) return undefined;
  const i = p.code[at]!;
  const op = getOp(i);
  if (op === Op.GETUPVAL) return peekUpval(getB(i));
  if (op === Op.MOVE && peekReg !== null) return peekReg(getB(i));
  if (op === Op.SELF && peekReg !== null && getC(i) >= BITRK) {
    // obj:method(): the method the object in the register finds now.
    const name = p.constants[getC(i) - BITRK];
    return typeof name === "string" ? methodOf(peekReg(getB(i)), name) : undefined;
  }
  return undefined;
}

/**
 * obj[name] through plain tables and __index tables only (no metamethod
 * call, no copy-on-write view): what a SELF would find; else undefined.
 */
function methodOf(obj: LuaValue, name: string): LuaValue {
  let t = obj;
  for (let depth = 0; depth < 8; depth++) {
    if (!(t instanceof LuaTable) || t.constructor !== LuaTable) return undefined;
    const v = t.getStr(name);
    if (v !== undefined) return v;
    const mt = t.metatable;
    if (mt === null || mt.constructor !== LuaTable) return undefined;
    t = mt.getStr("__index");
  }
  return undefined;
}

/** Opcodes that write registers other than A alone (calls, loops, SELF, LOADNIL, VARARG). */
function mayWriteRange(op: Op): boolean {
  return op === Op.CALL || op === Op.TFORCALL || op === Op.SELF || op === Op.LOADNIL || op === Op.VARARG ||
    op === Op.FORLOOP || op === Op.FORPREP || op === Op.TFORLOOP || op === Op.TAILCALL;
}

function isJump(op: Op): boolean {
  return op === Op.JMP || op === Op.EQ || op === Op.LT || op === Op.LE || op === Op.TEST || op === Op.TESTSET ||
    op === Op.LOADBOOL;
}

/** 1 at each instruction some jump, skip or loop can go to (two slots past the end, for skips off the last instructions). */
export function jumpTargets(p: Proto): Uint8Array {
  const code = p.code;
  const t = new Uint8Array(code.length + 2);
  for (let pc = 0; pc < code.length; pc++) {
    const i = code[pc]!;
    switch (getOp(i)) {
      case Op.JMP:
      case Op.FORLOOP:
      case Op.FORPREP:
      case Op.TFORLOOP:
        t[pc + 1 + getSBx(i)] = 1;
        break;
      case Op.EQ:
      case Op.LT:
      case Op.LE:
      case Op.TEST:
      case Op.TESTSET:
        t[pc + 2] = 1;
        break;
      case Op.LOADBOOL:
        if (getC(i) !== 0) t[pc + 2] = 1;
        break;
      default:
        break;
    }
  }
  return t;
}

/**
 * JS statements running q's body on `args` (JS expressions, evaluated
 * once) with `fn` the closure called. They end with `done(expr)` (which
 * must leave: a return, or a break out of the caller's block) for the
 * first returned value (undefined for none), or `break exit` to make the
 * real call. `uid` keeps the locals apart from the caller's. The code
 * reads the state as `G`, and calls `strMethod`, `HostFunction` and
 * `NOT_FAST` by those names; `proto` is an expression for q, whose
 * leafMisses it counts. q must satisfy isInlinableLeaf.
 *
 * In straight-line code each register is, at each point, a Lua value or a
 * raw double known to be a Lua float (the result of an operation with a
 * float operand, or of a division): floats stay unboxed until they leave
 * (RETURN, SETUPVAL), where an integral one becomes a LuaFloat as
 * everywhere else. With jumps, every register is a Lua value.
 */
export function leafBody(q: Proto, args: string[], fn: string, exit: string, uid: string,
  done: (expr: string) => string, proto: string): string {
  const code = q.code;
  const reg = (r: number): string => `${uid}_${r}`;
  const targets = jumpTargets(q);
  const jumps = targets.includes(1);
  const isFloat = new Uint8Array(q.maxStackSize + 1);
  const decl: string[] = [];
  for (let r = 0; r < q.maxStackSize; r++) decl.push(r < q.numParams && r < args.length ? `${reg(r)} = ${args[r]}` : reg(r));
  // Upvalues written before an operation that may fail: each keeps its old
  // value (saved at the first write) for the undo on the way out to `exit`.
  const undo = new Set<number>();
  let failLater = false;
  for (let pc = code.length - 1; pc >= 0; pc--) {
    const op = getOp(code[pc]!);
    if (op === Op.SETUPVAL && failLater) undo.add(getB(code[pc]!));
    if (mayFail(op)) failLater = true;
  }
  for (const u of undo) decl.push(`${uid}_w${u} = false`, `${uid}_o${u}`);
  let s = `let ${decl.join(", ")}; `;
  // With upvalues to restore, giving up leaves this block (every path
  // through the body leaves through done() otherwise) for the undo.
  const abort = undo.size > 0 ? `${uid}_u` : exit;
  if (undo.size > 0) s += `${abort}: { `;
  // Jumps go forward only: one labeled block per target, all opened here,
  // the one of the farthest target outermost, each closed just before its
  // target. A jump leaves the block of its target, which every instruction
  // before the target is inside.
  const order: number[] = [];
  for (let pc = code.length - 1; pc > 0; pc--) if (targets[pc] === 1) order.push(pc);
  for (const t of order) s += `${uid}_${t}b: { `;
  const goTo = (target: number): string => `break ${uid}_${target}b;`;
  /** Register r as a Lua value. */
  const value = (r: number): string => (isFloat[r] === 1 ? `(Number.isInteger(${reg(r)}) ? new LuaFloat(${reg(r)}) : ${reg(r)})` : reg(r));
  const kLit = (k: LuaValue): string => {
    if (k === undefined) return "undefined";
    if (typeof k === "string") return JSON.stringify(k);
    if (typeof k === "boolean") return String(k);
    const n = k instanceof LuaFloat ? k.n : (k as number);
    return Object.is(n, -0) ? "(-0)" : `(${n})`;
  };
  /** RK operand x as a Lua value (an integral float constant is only used through asDouble). */
  const rk = (x: number): string => (x >= BITRK ? kLit(q.constants[x - BITRK]) : value(x));
  let tmp = 0;
  /**
   * Operand x as a double for a float operation: [statements, expression].
   * A register must hold a number or a LuaFloat (integers convert exactly:
   * plain ones are within 2^53).
   */
  const asDouble = (x: number): [string, string] => {
    if (x >= BITRK) return ["", kLit(q.constants[x - BITRK])];
    if (isFloat[x] === 1) return ["", reg(x)];
    const t = `${uid}_d${tmp++}`;
    const v = reg(x);
    return [`let ${t}; if (typeof ${v} === "number") ${t} = ${v}; else if (${v} instanceof LuaFloat) ${t} = ${v}.n; else break ${abort}; `, t];
  };
  /** Is operand x surely a float (a float register, a float constant)? */
  const surelyFloat = (x: number): boolean => {
    if (x < BITRK) return isFloat[x] === 1;
    const k = q.constants[x - BITRK];
    return k instanceof LuaFloat || (typeof k === "number" && !Number.isInteger(k));
  };
  /** Operand x as a plain number (an integer or a non-integral float): a LuaFloat constant has none. */
  const plain = (x: number): string => (x >= BITRK ? kLit(q.constants[x - BITRK]) : reg(x));
  const truthy = (v: string): string => `(${v} !== undefined && ${v} !== false)`;
  // A constant operand answers its own type tests, which are left out: V8's
  // interpreter and baseline tiers, which run a leaf first, do not fold them.
  /** What operand x is when it is a constant: "int" (a JS number that is an integer), "num" (any other number, boxed or not), "str"; else null. */
  const kOf = (x: number): "int" | "num" | "str" | null => {
    if (x < BITRK) return null;
    const k = q.constants[x - BITRK];
    if (typeof k === "number") return Number.isInteger(k) ? "int" : "num";
    return k instanceof LuaFloat ? "num" : typeof k === "string" ? "str" : null;
  };
  /** `typeof v === "number"` for operand x (v its expression), or "true" for a number constant. */
  const numTest = (x: number, v: string): string => (kOf(x) === "int" || kOf(x) === "num" ? "true" : `typeof ${v} === "number"`);
  /** `Number.isInteger(v)` for an operand x known to be a JS number, or "true" for an integer constant. */
  const intTest = (x: number, v: string): string => (kOf(x) === "int" ? "true" : `Number.isInteger(${v})`);
  /** The conjunction of conditions, the known ones left out. */
  const and = (...conds: string[]): string => {
    const rest = conds.filter((x) => x !== "true");
    return rest.length === 0 ? "true" : rest.join(" && ");
  };
  /** Give up for a call or method the leaf can never make itself (counted: see LEAF_MISS_LIMIT). */
  const miss = `{ ${proto}.leafMisses++; break ${abort}; }`;
  for (let pc = 0; pc < code.length; pc++) {
    if (targets[pc] === 1) s += "} ";
    const i = code[pc]!;
    const op = getOp(i);
    const a = getA(i);
    const b = getB(i);
    const c = getC(i);
    const A = reg(a);
    switch (op) {
      case Op.MOVE:
        s += `${A} = ${reg(b)}; `;
        isFloat[a] = isFloat[b]!;
        break;
      case Op.LOADK:
        s += `${A} = ${kLit(q.constants[getBx(i)])}; `;
        isFloat[a] = 0;
        break;
      case Op.LOADBOOL:
        s += `${A} = ${b !== 0}; `;
        isFloat[a] = 0;
        if (c !== 0) s += goTo(pc + 2);
        break;
      case Op.LOADNIL:
        for (let r = a; r <= a + b; r++) {
          s += `${reg(r)} = undefined; `;
          isFloat[r] = 0;
        }
        break;
      case Op.GETUPVAL:
        s += `{ const uv = ${fn}.upvals[${b}]; ${A} = uv.stack !== null ? uv.stack[uv.index] : uv.value; } `;
        isFloat[a] = 0;
        break;
      case Op.SETUPVAL: {
        const save = undo.has(b)
          ? `if (!${uid}_w${b}) { ${uid}_w${b} = true; ${uid}_o${b} = uv.stack !== null ? uv.stack[uv.index] : uv.value; } `
          : "";
        s += `{ const uv = ${fn}.upvals[${b}]; const v = ${value(a)}; ${save}if (uv.stack !== null) uv.stack[uv.index] = v; else uv.value = v; } `;
        break;
      }
      case Op.NOT:
        s += `${A} = !${truthy(value(b))}; `;
        isFloat[a] = 0;
        break;
      case Op.TEST:
        s += `if (${truthy(value(a))} !== ${c !== 0}) ${goTo(pc + 2)} `;
        break;
      case Op.TESTSET:
        s += `if (${truthy(value(b))} !== ${c !== 0}) ${goTo(pc + 2)} ${A} = ${value(b)}; `;
        isFloat[a] = 0;
        break;
      case Op.JMP:
        s += goTo(pc + 1 + getSBx(i));
        break;
      case Op.ADD:
      case Op.SUB:
      case Op.MUL:
      case Op.DIV: {
        const sym = op === Op.ADD ? "+" : op === Op.SUB ? "-" : op === Op.MUL ? "*" : "/";
        if (op === Op.DIV || surelyFloat(b) || surelyFloat(c)) {
          // A float result: kept raw in straight-line code. 0/0: the interpreter makes the NaN C Lua prints as "-nan".
          const [pb, xb] = asDouble(b);
          const [pc2, xc] = asDouble(c);
          const nan = op === Op.DIV ? `if (r !== r) break ${abort}; ` : "";
          if (jumps) s += `{ ${pb}${pc2}const r = ${xb} ${sym} ${xc}; ${nan}${A} = Number.isInteger(r) ? new LuaFloat(r) : r; } `;
          else s += `{ ${pb}${pc2}const r = ${xb} ${sym} ${xc}; ${nan}${A} = r; } `;
          isFloat[a] = jumps ? 0 : 1;
          break;
        }
        // Two Lua values: integers give an integer (exact up to 2^53; past
        // it a bigint, left to the real call; r + 0 turns -0 into 0), plain
        // floats a float; a LuaFloat operand takes the float conversion.
        const xb = plain(b);
        const xc = plain(c);
        const [pb, db] = asDouble(b);
        const [pc2, dc] = asDouble(c);
        const nums = and(numTest(b, xb), numTest(c, xc));
        const ints = and(intTest(b, xb), intTest(c, xc));
        s += `if (${nums}) { const r = ${xb} ${sym} ${xc};
            ${ints === "true" ? "" : `if (${ints}) `}{ if (r > ${MAX} || r < -${MAX}) break ${abort}; ${A} = r + 0; }
            ${ints === "true" ? "" : `else ${A} = Number.isInteger(r) ? new LuaFloat(r) : r; `}}
          ${nums === "true" ? "" : `else { ${pb}${pc2}const r = ${db} ${sym} ${dc}; ${A} = Number.isInteger(r) ? new LuaFloat(r) : r; } `}`;
        isFloat[a] = 0;
        break;
      }
      case Op.MOD: {
        // Integers only (a float modulo, or a zero divisor, takes the real call).
        const xb = surelyFloat(b) ? "undefined" : plain(b);
        const xc = surelyFloat(c) ? "undefined" : plain(c);
        const divisor = kOf(c) === "int" ? (q.constants[c - BITRK] as number) : NaN;
        const ok = and(numTest(b, "x"), numTest(c, "y"), intTest(b, "x"), intTest(c, "y"), Number.isNaN(divisor) ? "y !== 0" : "true");
        // Lua's remainder takes the divisor's sign: with a constant divisor, one comparison.
        const off = divisor > 0 ? "m < 0" : divisor < 0 ? "m > 0" : "m !== 0 && (m < 0) !== (y < 0)";
        s += divisor === 0 ? `break ${abort}; ` : `{ const x = ${xb}, y = ${xc}; ${ok === "true" ? "" : `if (!(${ok})) break ${abort};`}
          const m = x % y; ${A} = ${off} ? m + y : m + 0; } `;
        isFloat[a] = 0;
        break;
      }
      case Op.UNM: {
        // An integer negates exactly within 2^53 (0 - x: no -0); a float stays a float.
        s += `{ const x = ${reg(b)}; `;
        if (isFloat[b] === 1) s += `${A} = -x; } `;
        else s += `if (typeof x !== "number") break ${abort}; ${A} = Number.isInteger(x) ? 0 - x : -x; } `;
        isFloat[a] = isFloat[b]!;
        break;
      }
      case Op.LEN:
        s += `{ const x = ${value(b)}; if (typeof x === "string") ${A} = x.length;
          else if (x instanceof LuaTable && x.constructor === LuaTable && x.metatable === null) ${A} = x.length(); else break ${abort}; } `;
        isFloat[a] = 0;
        break;
      case Op.CONCAT: {
        // Strings only (numbers need Lua's formatting: the real call).
        const parts: string[] = [];
        for (let r = b; r <= c; r++) parts.push(value(r));
        s += `{ ${parts.map((v, j) => `const s${j} = ${v}; if (typeof s${j} !== "string") break ${abort}; `).join("")}${A} = ${parts.map((_, j) => `s${j}`).join(" + ")}; } `;
        isFloat[a] = 0;
        break;
      }
      case Op.EQ: {
        // Equal primitives; a table without a metatable against anything
        // else; nil and booleans against anything else. Floats boxed or not,
        // bigints and other objects: the real call (__eq, 1 == 1.0).
        s += `{ const x = ${rk(b)}, y = ${rk(c)}; let res;
          if (x === y) res = true;
          else if (x === undefined || y === undefined || typeof x === "boolean" || typeof y === "boolean") res = false;
          else if (typeof x === "object" || typeof y === "object" || typeof x === "bigint" || typeof y === "bigint") {
            if ((x instanceof LuaTable && x.metatable === null && (typeof y !== "object" || (y instanceof LuaTable && y.metatable === null))) ||
              (y instanceof LuaTable && y.metatable === null && typeof x !== "object" && typeof x !== "bigint")) res = false;
            else break ${abort}; }
          else res = false;
          if (res !== ${a !== 0}) ${goTo(pc + 2)} } `;
        break;
      }
      case Op.LT:
      case Op.LE: {
        const sym = op === Op.LT ? "<" : "<=";
        // Two numbers or two strings; a constant says which.
        const kb = kOf(b) === "int" ? "num" : kOf(b);
        const kc = kOf(c) === "int" ? "num" : kOf(c);
        const kind = kb ?? kc;
        const same = kb !== null && kc !== null
          ? (kb === kc ? "true" : "false")
          : kind === "num" ? `typeof ${kb === null ? "x" : "y"} === "number"`
          : kind === "str" ? `typeof ${kb === null ? "x" : "y"} === "string"`
          : `(typeof x === "number" && typeof y === "number") || (typeof x === "string" && typeof y === "string")`;
        s += `{ const x = ${rk(b)}, y = ${rk(c)}; let res;
          if (${same}) res = x ${sym} y;
          else break ${abort};
          if (res !== ${a !== 0}) ${goTo(pc + 2)} } `;
        break;
      }
      case Op.GETTABLE:
      case Op.GETTABUP: {
        // A plain table (no subclass such as a copy-on-write view): its own
        // value; nil from a table with a metatable is __index's to decide.
        const key = c >= BITRK ? kLit(q.constants[c - BITRK]) : value(c);
        const constStr = c >= BITRK && typeof q.constants[c - BITRK] === "string";
        const lookup = constStr ? `(t.strs !== null ? t.strs[${key}] : t.getStr(${key}))` : "t.get(k)";
        const table = op === Op.GETTABUP
          ? `const uv = ${fn}.upvals[${b}]; const t = uv.stack !== null ? uv.stack[uv.index] : uv.value;`
          : `const t = ${value(b)};`;
        s += `{ ${table} const k = ${key}; if (!(t instanceof LuaTable) || t.constructor !== LuaTable) break ${abort};
          const v = ${lookup}; if (v === undefined && t.metatable !== null) break ${abort}; ${A} = v; } `;
        isFloat[a] = 0;
        break;
      }
      case Op.SELF: {
        // A string's method from the string metatable's __index table, or a
        // plain table's own field; R(A+1) is the receiver.
        const key = kLit(q.constants[c - BITRK]);
        s += `{ const o = ${value(b)}; let m;
          if (typeof o === "string") { m = strMethod(G, ${key}); if (m === undefined) ${miss} }
          else if (o instanceof LuaTable && o.constructor === LuaTable) {
            m = o.strs !== null ? o.strs[${key}] : o.getStr(${key}); if (m === undefined && o.metatable !== null) ${miss} }
          else break ${abort};
          ${reg(a + 1)} = o; ${A} = m; } `;
        isFloat[a] = 0;
        isFloat[a + 1] = 0;
        break;
      }
      case Op.CALL:
      case Op.TAILCALL: {
        // A host function's pure frameless version (see the top of this
        // file). As a tail call, its result is the leaf's: one that gives
        // several may have more, so it takes the real call.
        const n = b - 1;
        const argv: string[] = [];
        for (let j = 1; j <= 3; j++) argv.push(j <= n ? value(a + j) : "undefined");
        const tail = op === Op.TAILCALL;
        s += `{ const hf = ${value(a)}; if (!(hf instanceof HostFunction) || !hf.fastPure || (hf.fastArities & ${1 << n}) === 0${tail ? " || hf.fastResults !== 1" : ""}) ${miss}
          const v = hf.fast(${argv.join(", ")}, ${n}); if (v === NOT_FAST) break ${abort}; ${tail ? done("v") : c === 2 ? `${A} = v; ` : ""}} `;
        isFloat[a] = 0;
        break;
      }
      case Op.RETURN:
        // B = 0 only follows a tail call, which has left already.
        if (b !== 0) s += done(b === 2 ? value(a) : "undefined") + " ";
        break;
      default:
        throw new Error("jit: not a leaf");
    }
  }
  // Every path ends in a RETURN (the last instruction is one).
  if (undo.size > 0) {
    s += "} ";
    for (const u of undo) {
      s += `if (${uid}_w${u}) { const uv = ${fn}.upvals[${u}]; if (uv.stack !== null) uv.stack[uv.index] = ${uid}_o${u}; else uv.value = ${uid}_o${u}; } `;
    }
    s += `break ${exit}; `;
  }
  return s;
}

/** q as a LeafFn, or null when it is not an inlinable leaf (runtime.ts keeps it with q's JIT data). */
export function leafFunction(q: Proto): LeafFn | null {
  let fn: LeafFn | null = null;
  if (isInlinableLeaf(q)) {
    try {
      const body = leafBody(q, ["a0", "a1", "a2"], "f", "abort", "q", (v) => `return ${v};`, "f.proto");
      const factory = new Function("LuaTable", "LuaFloat", "ABORT", "HostFunction", "NOT_FAST", "strMethod",
        `"use strict"; return function leaf(G, f, a0, a1, a2) { abort: { ${body} } return ABORT; };`) as
        (t: typeof LuaTable, l: typeof LuaFloat, abort: typeof LEAF_ABORT, h: typeof HostFunction, nf: typeof NOT_FAST,
          sm: typeof strMethod) => LeafFn;
      fn = factory(LuaTable, LuaFloat, LEAF_ABORT, HostFunction, NOT_FAST, strMethod);
    } catch {
      // A body the generator cannot express (a bug): the ordinary calls, as for any other function.
      fn = null;
    }
  }
  return fn;
}
