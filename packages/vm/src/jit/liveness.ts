// Register liveness over a Proto's bytecode, for the compiler (compile.ts):
// which registers must be written back to L.stack before compiled code
// leaves (only those the interpreter may still read), and which must be
// read back after a call. A backward dataflow over the instructions, with
// one bitset of registers per instruction.

import { BITRK, getA, getB, getC, getOp, getSBx, Op } from "../opcodes.js";
import type { Proto } from "../proto.js";

/** Registers live before (liveIn) and after (liveOut) each instruction, as bitsets. */
export interface Liveness {
  words: number;
  liveIn: Uint32Array[];
  liveOut: Uint32Array[];
}

export function has(set: Uint32Array, r: number): boolean {
  return (set[r >>> 5]! & (1 << (r & 31))) !== 0;
}

function add(set: Uint32Array, r: number): void {
  set[r >>> 5]! |= 1 << (r & 31);
}

function addRange(set: Uint32Array, from: number, to: number, nregs: number): void {
  for (let r = from; r < to && r < nregs; r++) add(set, r);
}

/** Instructions that may run after the one at pc. */
export function successors(code: Int32Array, pc: number): number[] {
  const i = code[pc]!;
  switch (getOp(i)) {
    case Op.JMP:
    case Op.FORPREP:
      return [pc + 1 + getSBx(i)];
    case Op.FORLOOP:
    case Op.TFORLOOP:
      return [pc + 1, pc + 1 + getSBx(i)];
    case Op.EQ:
    case Op.LT:
    case Op.LE:
    case Op.TEST:
    case Op.TESTSET:
      return [pc + 1, pc + 2];
    case Op.LOADBOOL:
      return [getC(i) !== 0 ? pc + 2 : pc + 1];
    case Op.RETURN:
      return [];
    default:
      return [pc + 1];
  }
}

/**
 * Registers read (use) and surely written (def) by one instruction of the
 * compiler's subset. "Up to L.top" operands count as every register from
 * their first one.
 */
function useDef(i: number, nregs: number, use: Uint32Array, def: Uint32Array): void {
  use.fill(0);
  def.fill(0);
  const a = getA(i);
  const b = getB(i);
  const c = getC(i);
  const rk = (x: number): void => {
    if (x < BITRK) add(use, x);
  };
  switch (getOp(i)) {
    case Op.MOVE:
    case Op.UNM:
    case Op.BNOT:
    case Op.NOT:
    case Op.LEN:
      add(use, b);
      add(def, a);
      break;
    case Op.LOADK:
    case Op.LOADKX:
    case Op.LOADBOOL:
    case Op.GETUPVAL:
    case Op.NEWTABLE:
    case Op.CLOSURE:
      // CLOSURE's captured registers are kept on the stack (compile.ts), not tracked here.
      add(def, a);
      break;
    case Op.LOADNIL:
      addRange(def, a, a + b + 1, nregs);
      break;
    case Op.SETUPVAL:
    case Op.TEST:
      add(use, a);
      break;
    case Op.GETTABUP:
      rk(c);
      add(def, a);
      break;
    case Op.GETTABLE:
      add(use, b);
      rk(c);
      add(def, a);
      break;
    case Op.SETTABUP:
      rk(b);
      rk(c);
      break;
    case Op.SETTABLE:
      add(use, a);
      rk(b);
      rk(c);
      break;
    case Op.SELF:
      add(use, b);
      rk(c);
      add(def, a);
      add(def, a + 1);
      break;
    case Op.EQ:
    case Op.LT:
    case Op.LE:
      rk(b);
      rk(c);
      break;
    case Op.TESTSET:
      // A is written only when the test does not skip: not a sure def.
      add(use, b);
      break;
    case Op.CONCAT:
      addRange(use, b, c + 1, nregs);
      add(def, a);
      break;
    case Op.CALL:
      addRange(use, a, b !== 0 ? a + b : nregs, nregs);
      addRange(def, a, c !== 0 ? a + c - 1 : nregs, nregs);
      break;
    case Op.TAILCALL:
      addRange(use, a, b !== 0 ? a + b : nregs, nregs);
      break;
    case Op.TFORCALL:
      addRange(use, a, a + 3, nregs);
      addRange(def, a + 3, a + 3 + c, nregs);
      break;
    case Op.TFORLOOP:
      // A is written only when the loop goes on.
      add(use, a + 1);
      break;
    case Op.SETLIST:
      addRange(use, a, b !== 0 ? a + b + 1 : nregs, nregs);
      break;
    case Op.EXTRAARG:
      break;
    case Op.RETURN:
      addRange(use, a, b !== 0 ? a + b - 1 : nregs, nregs);
      break;
    case Op.FORPREP:
      addRange(use, a, a + 3, nregs);
      break;
    case Op.FORLOOP:
      // A+3 is written only when the loop goes on.
      addRange(use, a, a + 3, nregs);
      break;
    case Op.VARARG:
      addRange(def, a, b !== 0 ? a + b - 1 : nregs, nregs);
      break;
    case Op.JMP:
      break;
    default:
      // Arithmetic and bitwise operators: R(A) := RK(B) op RK(C).
      rk(b);
      rk(c);
      add(def, a);
  }
}

export function liveness(p: Proto): Liveness {
  const code = p.code;
  const n = code.length;
  const nregs = p.maxStackSize;
  const words = Math.max(1, (nregs + 31) >>> 5);
  const liveIn: Uint32Array[] = [];
  const liveOut: Uint32Array[] = [];
  const uses: Uint32Array[] = [];
  const defs: Uint32Array[] = [];
  const succ: number[][] = [];
  for (let pc = 0; pc < n; pc++) {
    liveIn.push(new Uint32Array(words));
    liveOut.push(new Uint32Array(words));
    const u = new Uint32Array(words);
    const d = new Uint32Array(words);
    useDef(code[pc]!, nregs, u, d);
    uses.push(u);
    defs.push(d);
    succ.push(successors(code, pc).filter((s) => s < n));
  }
  for (let changed = true; changed;) {
    changed = false;
    for (let pc = n - 1; pc >= 0; pc--) {
      const out = liveOut[pc]!;
      const inn = liveIn[pc]!;
      const u = uses[pc]!;
      const d = defs[pc]!;
      for (let w = 0; w < words; w++) {
        let o = 0;
        for (const s of succ[pc]!) o |= liveIn[s]![w]!;
        o >>>= 0;
        const x = (u[w]! | (o & ~d[w]!)) >>> 0;
        if (o !== out[w] || x !== inn[w]) {
          out[w] = o;
          inn[w] = x;
          changed = true;
        }
      }
    }
  }
  return { words, liveIn, liveOut };
}
