// Which registers of a compiled range hold nothing but floats, so that the
// generated code can keep them as raw doubles (compile.ts): V8 then keeps
// them unboxed in machine registers instead of allocating a HeapNumber (or a
// LuaFloat box) for every intermediate result of a float loop. See
// docs/decisions/0006-second-tier.md, "Float registers".
//
// A register qualifies when every instruction of the range that may write
// it surely produces a float, whatever the run-time values of its number
// operands:
//   - LOADK of a float constant, MOVE from a float register, UNM of one;
//   - ADD, SUB, MUL with one operand a float (register or constant) and the
//     other a number;
//   - DIV and POW of two numbers (always floats in Lua 5.3).
// "A number" is a float register, a numeric constant, or any other
// register; the generated code checks the latter at run time and, when it
// holds something else (a table with __add, a string, an int64 beyond
// 2^53), hands the frame to the interpreter before the instruction.
//
// The analysis is flow-insensitive (one type per register for the whole
// range): an optimistic fixpoint starts from every candidate and drops
// registers that some write does not keep a float.

import { BITRK, getA, getB, getBx, getC, getOp, Op } from "../opcodes.js";
import type { Proto } from "../proto.js";
import { LuaFloat } from "../value.js";
import { has, type Liveness, mayWrite } from "./liveness.js";

/** Is constant k a float (a non-integral number, or a LuaFloat box)? */
function floatConstant(k: unknown): boolean {
  return k instanceof LuaFloat || (typeof k === "number" && !Number.isInteger(k));
}

/** Is constant k a number the generated code can use as a double (not an int64 bigint)? */
function numberConstant(k: unknown): boolean {
  return k instanceof LuaFloat || typeof k === "number";
}

/**
 * Registers of p's instructions lo..hi that can be raw doubles: 1 per such
 * register. `onStack` registers (captured by closures) never qualify.
 */
export function floatRegisters(p: Proto, lo: number, hi: number, onStack: Uint8Array, live: Liveness,
  floatAtEntry: ((r: number) => boolean) | null): Uint8Array {
  const code = p.code;
  const nregs = p.maxStackSize;
  const words = Math.max(1, (nregs + 31) >>> 5);
  const set = new Uint32Array(words);
  const isF = new Uint8Array(nregs + 1);
  for (let pc = lo; pc <= hi; pc++) {
    mayWrite(code[pc]!, nregs, set);
    for (let r = 0; r < nregs; r++) if (has(set, r)) isF[r] = 1;
  }
  for (let r = 0; r < nregs; r++) {
    // Parameters arrive from the caller, as does anything live at the
    // function's entry; captured registers live on the stack.
    if (onStack[r] === 1 || r < p.numParams || (lo === 0 && has(live.liveIn[0]!, r))) isF[r] = 0;
  }
  if (lo > 0) {
    // A loop compiled on its own: registers in use at its head got their
    // values outside the range, where nothing says they are floats (an
    // `it = it + 1` counter keeps an integer floats would not). They qualify
    // only when the frame being compiled for holds floats there now.
    let inScope = 0;
    for (const v of p.locVars) if (v.startPc <= lo && lo < v.endPc) inScope++;
    for (let r = 0; r < nregs; r++) {
      if ((has(live.liveIn[lo]!, r) || r < inScope) && (floatAtEntry === null || !floatAtEntry(r))) isF[r] = 0;
    }
  }
  // A call writes back every register in use below it (boxing a float
  // register, an allocation): a float register live or in scope across a
  // call in the range would cost more than it saves.
  for (let pc = lo; pc <= hi; pc++) {
    const op = getOp(code[pc]!);
    if (op !== Op.CALL && op !== Op.TFORCALL) continue;
    let inScope = 0;
    for (const v of p.locVars) if (v.startPc <= pc && pc < v.endPc) inScope++;
    for (let r = 0; r < nregs; r++) if (has(live.liveOut[pc]!, r) || r < inScope) isF[r] = 0;
  }
  // Numeric for loops: FORPREP rewrites the control registers on the stack
  // and FORLOOP reads them as they are there.
  for (let pc = lo; pc <= hi; pc++) {
    const i = code[pc]!;
    const op = getOp(i);
    if (op === Op.FORPREP || op === Op.FORLOOP) for (let r = getA(i); r < getA(i) + 4 && r < nregs; r++) isF[r] = 0;
  }
  for (let changed = true; changed;) {
    changed = false;
    for (let pc = lo; pc <= hi; pc++) {
      const i = code[pc]!;
      mayWrite(i, nregs, set);
      for (let r = 0; r < nregs; r++) {
        if (isF[r] === 0 || !has(set, r)) continue;
        if (r !== getA(i) || !producesFloat(p, i, isF)) {
          isF[r] = 0;
          changed = true;
        }
      }
    }
  }
  return isF;
}

/**
 * Does instruction i surely leave a float in its register A, given which
 * registers hold floats (isF)? Register operands not in isF count as
 * numbers: the generated code checks them.
 */
export function producesFloat(p: Proto, i: number, isF: Uint8Array): boolean {
  const b = getB(i);
  const c = getC(i);
  const isFloat = (x: number): boolean => (x >= BITRK ? floatConstant(p.constants[x - BITRK]) : isF[x] === 1);
  const isNumber = (x: number): boolean => (x >= BITRK ? numberConstant(p.constants[x - BITRK]) : true);
  switch (getOp(i)) {
    case Op.LOADK:
      return floatConstant(p.constants[getBx(i)]);
    case Op.MOVE:
    case Op.UNM:
      return isF[b] === 1;
    case Op.ADD:
    case Op.SUB:
    case Op.MUL:
      return (isFloat(b) || isFloat(c)) && isNumber(b) && isNumber(c);
    case Op.DIV:
    case Op.POW:
      return isNumber(b) && isNumber(c);
    default:
      return false;
  }
}
