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

// ------------------------------------------------------------ clean registers
//
// A register is clean where its JS local surely holds what its stack slot
// holds: compiled code then need not write it back before a slow path. The
// function starts with every local loaded from the stack (all clean); an
// instruction that may write a register's local makes it dirty; the
// write-backs that always run (before a call, at FORPREP) and the reloads
// after a call make registers clean again. A forward dataflow, intersecting
// at merges.

/** Registers whose locals an instruction's compiled code may write (over-approximated). */
export function mayWrite(i: number, nregs: number, set: Uint32Array): void {
  set.fill(0);
  const a = getA(i);
  switch (getOp(i)) {
    case Op.SETTABUP: case Op.SETUPVAL: case Op.SETTABLE: case Op.SETLIST: case Op.JMP: case Op.EQ:
    case Op.LT: case Op.LE: case Op.TEST: case Op.RETURN: case Op.TAILCALL: case Op.EXTRAARG:
      break;
    case Op.LOADNIL:
      addRange(set, a, a + getB(i) + 1, nregs);
      break;
    case Op.SELF:
      addRange(set, a, a + 2, nregs);
      break;
    case Op.CALL: case Op.VARARG:
      addRange(set, a, nregs, nregs);
      break;
    case Op.TFORCALL:
      addRange(set, a + 3, nregs, nregs);
      break;
    case Op.FORPREP:
      // Its write-back comes first, then A..A+2 are read back (see cleanRegisters).
      break;
    case Op.FORLOOP:
      addRange(set, a, a + 4, nregs);
      break;
    default:
      add(set, a);
  }
}

/**
 * For each instruction, the registers that are clean when it may write
 * back for a slow path (clean before it, minus what it may write first).
 * `active[pc]` is the number of local variables in scope (their registers
 * are 0 .. active-1), which FORPREP writes back with the live ones.
 */
export function cleanRegisters(p: Proto, live: Liveness, active: Int32Array): Uint32Array[] {
  const code = p.code;
  const n = code.length;
  const nregs = p.maxStackSize;
  const words = live.words;
  const cleanIn: Uint32Array[] = [];
  const writes: Uint32Array[] = [];
  const succ: number[][] = [];
  for (let pc = 0; pc < n; pc++) {
    cleanIn.push(new Uint32Array(words).fill(0xffffffff));
    const w = new Uint32Array(words);
    mayWrite(code[pc]!, nregs, w);
    writes.push(w);
    succ.push(successors(code, pc).filter((s) => s < n));
  }
  const out = new Uint32Array(words);
  const below = new Uint32Array(words);
  const belowFn = new Uint32Array(words);
  for (let changed = true; changed;) {
    changed = false;
    for (let pc = 0; pc < n; pc++) {
      const i = code[pc]!;
      const op = getOp(i);
      const inn = cleanIn[pc]!;
      // TFORCALL is not one of these: its frameless step (compile.ts) writes nothing back.
      if (op === Op.CALL && !mayCallFast(i)) {
        // After the call: the live registers below the results are read back.
        // The dead ones below the function count as clean too: their locals
        // are never read again before a write, and the stack is the truth
        // for them (debug.setlocal in the callee may have changed it).
        const a = getA(i);
        const c = getC(i);
        const fn = a;
        const limit = c !== 0 ? a + c - 1 : a;
        below.fill(0);
        addRange(below, 0, limit, nregs);
        belowFn.fill(0);
        addRange(belowFn, 0, fn, nregs);
        const lo = live.liveOut[pc]!;
        for (let w = 0; w < words; w++) out[w] = (lo[w]! & below[w]!) | (~lo[w]! & belowFn[w]!);
      } else if (op === Op.FORPREP) {
        // Everything live or in scope is written back, A..A+2 read back.
        const a = getA(i);
        for (let w = 0; w < words; w++) out[w] = inn[w]! | live.liveIn[pc]![w]!;
        addRange(out, 0, active[pc]!, nregs);
        addRange(out, a, a + 3, nregs);
      } else {
        const wr = writes[pc]!;
        for (let w = 0; w < words; w++) out[w] = inn[w]! & ~wr[w]!;
      }
      for (const s of succ[pc]!) {
        const t = cleanIn[s]!;
        for (let w = 0; w < words; w++) {
          const x = (t[w]! & out[w]!) >>> 0;
          if (x !== t[w]) {
            t[w] = x;
            changed = true;
          }
        }
      }
    }
  }
  // Clean when a slow path of pc may write back: before pc, minus what pc writes first.
  for (let pc = 0; pc < n; pc++) {
    const inn = cleanIn[pc]!;
    const wr = writes[pc]!;
    for (let w = 0; w < words; w++) inn[w] = (inn[w]! & ~wr[w]!) >>> 0;
  }
  return cleanIn;
}

/**
 * Whether compiled code may run CALL instruction i as a frameless host call
 * (compile.ts: a fixed number of arguments, at most 3, and at most 3 results).
 * That path writes nothing back and reads nothing back, so such a call does
 * not make registers clean.
 */
export function mayCallFast(i: number): boolean {
  const b = getB(i);
  const c = getC(i);
  return getOp(i) === Op.CALL && b !== 0 && b - 1 <= 3 && c >= 1 && c <= 4;
}

/**
 * Registers that some instruction inside a loop may write. The others
 * change only in straight-line code, so compact code (compile.ts) keeps
 * them on the stack: one load per use in a loop, and no write-back at exits.
 */
export function writtenInLoops(p: Proto): Uint8Array {
  const code = p.code;
  const nregs = p.maxStackSize;
  const inLoop = new Uint8Array(code.length);
  for (let pc = 0; pc < code.length; pc++) {
    const i = code[pc]!;
    const op = getOp(i);
    if (op === Op.JMP || op === Op.FORLOOP || op === Op.TFORLOOP) {
      const target = pc + 1 + getSBx(i);
      if (target <= pc) inLoop.fill(1, target, pc + 1);
    }
  }
  const words = Math.max(1, (nregs + 31) >>> 5);
  const set = new Uint32Array(words);
  const w = new Uint8Array(nregs + 1);
  for (let pc = 0; pc < code.length; pc++) {
    if (inLoop[pc] === 0) continue;
    const i = code[pc]!;
    mayWrite(i, nregs, set);
    // FORPREP reads its control registers back after preparing them.
    if (getOp(i) === Op.FORPREP) addRange(set, getA(i), getA(i) + 3, nregs);
    for (let r = 0; r < nregs; r++) if (has(set, r)) w[r] = 1;
  }
  return w;
}
