// The instruction set: Lua 5.3's register machine (same opcodes, operands and
// semantics as PUC-Rio's lopcodes.h describes them), packed the same way in
// 32-bit words so limits and messages match Lua's:
//
//   bits  0-5   opcode
//   bits  6-13  A   (8 bits)
//   bits 14-22  C   (9 bits)
//   bits 23-31  B   (9 bits)
//   bits 14-31  Bx  (18 bits, unsigned) / sBx = Bx - MAXARG_sBx
//   bits  6-31  Ax  (26 bits)
//
// Code is stored in an Int32Array (elements stay small integers in V8), so B
// and Bx are read with unsigned shifts. An RK operand (B or C) >= BITRK names
// constant (operand - BITRK) instead of a register.

export const enum Op {
  MOVE, //      A B     R(A) := R(B)
  LOADK, //     A Bx    R(A) := Kst(Bx)
  LOADKX, //    A       R(A) := Kst(extra arg)
  LOADBOOL, //  A B C   R(A) := (Bool)B; if (C) pc++
  LOADNIL, //   A B     R(A), R(A+1), ..., R(A+B) := nil
  GETUPVAL, //  A B     R(A) := UpValue[B]
  GETTABUP, //  A B C   R(A) := UpValue[B][RK(C)]
  GETTABLE, //  A B C   R(A) := R(B)[RK(C)]
  SETTABUP, //  A B C   UpValue[A][RK(B)] := RK(C)
  SETUPVAL, //  A B     UpValue[B] := R(A)
  SETTABLE, //  A B C   R(A)[RK(B)] := RK(C)
  NEWTABLE, //  A B C   R(A) := {} (size = B,C as floating-point byte encodings)
  SELF, //      A B C   R(A+1) := R(B); R(A) := R(B)[RK(C)]
  ADD, //       A B C   R(A) := RK(B) + RK(C)
  SUB,
  MUL,
  MOD,
  POW,
  DIV,
  IDIV,
  BAND,
  BOR,
  BXOR,
  SHL,
  SHR,
  UNM, //       A B     R(A) := -R(B)
  BNOT, //      A B     R(A) := ~R(B)
  NOT, //       A B     R(A) := not R(B)
  LEN, //       A B     R(A) := length of R(B)
  CONCAT, //    A B C   R(A) := R(B).. ... ..R(C)
  JMP, //       A sBx   pc+=sBx; if (A) close all upvalues >= R(A - 1)
  EQ, //        A B C   if ((RK(B) == RK(C)) ~= A) then pc++
  LT, //        A B C   if ((RK(B) <  RK(C)) ~= A) then pc++
  LE, //        A B C   if ((RK(B) <= RK(C)) ~= A) then pc++
  TEST, //      A C     if not (R(A) <=> C) then pc++
  TESTSET, //   A B C   if (R(B) <=> C) then R(A) := R(B) else pc++
  CALL, //      A B C   R(A), ... ,R(A+C-2) := R(A)(R(A+1), ... ,R(A+B-1))
  TAILCALL, //  A B C   return R(A)(R(A+1), ... ,R(A+B-1))
  RETURN, //    A B     return R(A), ... ,R(A+B-2)
  FORLOOP, //   A sBx   R(A)+=R(A+2); if R(A) <?= R(A+1) then { pc+=sBx; R(A+3)=R(A) }
  FORPREP, //   A sBx   R(A)-=R(A+2); pc+=sBx
  TFORCALL, //  A C     R(A+3), ... ,R(A+2+C) := R(A)(R(A+1), R(A+2))
  TFORLOOP, //  A sBx   if R(A+1) ~= nil then { R(A)=R(A+1); pc += sBx }
  SETLIST, //   A B C   R(A)[(C-1)*FPF+i] := R(A+i), 1 <= i <= B
  CLOSURE, //   A Bx    R(A) := closure(KPROTO[Bx])
  VARARG, //    A B     R(A), R(A+1), ..., R(A+B-2) = vararg
  EXTRAARG, //  Ax      extra (larger) argument for previous opcode
}

export const OP_NAMES: readonly string[] = [
  "MOVE", "LOADK", "LOADKX", "LOADBOOL", "LOADNIL", "GETUPVAL", "GETTABUP", "GETTABLE",
  "SETTABUP", "SETUPVAL", "SETTABLE", "NEWTABLE", "SELF", "ADD", "SUB", "MUL", "MOD", "POW",
  "DIV", "IDIV", "BAND", "BOR", "BXOR", "SHL", "SHR", "UNM", "BNOT", "NOT", "LEN", "CONCAT",
  "JMP", "EQ", "LT", "LE", "TEST", "TESTSET", "CALL", "TAILCALL", "RETURN", "FORLOOP",
  "FORPREP", "TFORCALL", "TFORLOOP", "SETLIST", "CLOSURE", "VARARG", "EXTRAARG",
];

export const MAXARG_A = 255;
export const MAXARG_B = 511;
export const MAXARG_C = 511;
export const MAXARG_Bx = (1 << 18) - 1;
export const MAXARG_sBx = MAXARG_Bx >> 1;
export const MAXARG_Ax = (1 << 26) - 1;
/** RK operands at or above this index constants. */
export const BITRK = 256;
export const MAXINDEXRK = BITRK - 1;
/** Registers a function may use (Lua's MAXREGS). */
export const MAXREGS = 255;
/** Table items flushed per SETLIST (Lua's LFIELDS_PER_FLUSH). */
export const LFIELDS_PER_FLUSH = 50;

export const getOp = (i: number): Op => i & 0x3f;
export const getA = (i: number): number => (i >>> 6) & 0xff;
export const getB = (i: number): number => i >>> 23;
export const getC = (i: number): number => (i >>> 14) & 0x1ff;
export const getBx = (i: number): number => i >>> 14;
export const getSBx = (i: number): number => (i >>> 14) - MAXARG_sBx;
export const getAx = (i: number): number => i >>> 6;

export const createABC = (op: Op, a: number, b: number, c: number): number =>
  op | (a << 6) | (c << 14) | (b << 23);
export const createABx = (op: Op, a: number, bx: number): number => op | (a << 6) | (bx << 14);
export const createAsBx = (op: Op, a: number, sbx: number): number => createABx(op, a, sbx + MAXARG_sBx);
export const createAx = (op: Op, ax: number): number => op | (ax << 6);
