// Expression descriptors and the code they turn into: an expression is kept
// symbolic (a constant, a local's register, an indexing, a pending jump, an
// instruction whose target register is still open…) until its consumer
// decides where the value must go. This mirrors the roles of Lua's expdesc
// so the emitted code follows luac's shapes.

import { BITRK, MAXARG_Ax, MAXARG_C, MAXINDEXRK, LFIELDS_PER_FLUSH, Op, getA, getOp } from "../opcodes.js";
import {
  type FuncState,
  MULTRET,
  NO_JUMP,
  NO_REG,
  boolK,
  codeABC,
  codeExtraArg,
  codeK,
  codeNil,
  concatLists,
  fixLine,
  floatK,
  freeReg,
  getLabel,
  intK,
  jump,
  jumpControl,
  jumpTarget,
  nilK,
  patchListAux,
  patchToHere,
  removeValues,
  reserveRegs,
  setA,
  setB,
  setC,
  syntaxError,
} from "./func-state.js";
import { foldBinary, foldUnary } from "./fold.js";

export const enum EK {
  /** No value (empty expression list). */
  Void,
  Nil,
  True,
  False,
  /** Constant; info = constant index. */
  K,
  /** Float constant; nval. */
  KFlt,
  /** Integer constant; ival. */
  KInt,
  /** Value in a fixed register; info = register. */
  NonReloc,
  /** Local variable; info = register. */
  Local,
  /** Upvalue; info = upvalue index. */
  Upval,
  /** t[k]; tbl = register or upvalue of t, idx = RK of the key, vt = Local or Upval. */
  Indexed,
  /** A comparison; info = pc of its jump. */
  Jmp,
  /** Instruction at info whose target register A is still to be chosen. */
  Relocable,
  /** A call; info = pc of the CALL. */
  Call,
  /** `...`; info = pc of the VARARG. */
  Vararg,
}

export class ExpDesc {
  k: EK = EK.Void;
  info = 0;
  idx = 0;
  tbl = 0;
  vt: EK = EK.Local;
  ival: number | bigint = 0;
  nval = 0;
  /** Jumps taken when the expression is true. */
  t = NO_JUMP;
  /** Jumps taken when the expression is false. */
  f = NO_JUMP;

  init(k: EK, info: number): this {
    this.k = k;
    this.info = info;
    this.t = NO_JUMP;
    this.f = NO_JUMP;
    return this;
  }

  copyFrom(o: ExpDesc): void {
    this.k = o.k;
    this.info = o.info;
    this.idx = o.idx;
    this.tbl = o.tbl;
    this.vt = o.vt;
    this.ival = o.ival;
    this.nval = o.nval;
    this.t = o.t;
    this.f = o.f;
  }
}

export function hasJumps(e: ExpDesc): boolean {
  return e.t !== e.f;
}

export function hasMultRet(k: EK): boolean {
  return k === EK.Call || k === EK.Vararg;
}

/** A constant numeral with no pending jumps (candidate for folding). */
export function isNumeral(e: ExpDesc): boolean {
  return !hasJumps(e) && (e.k === EK.KInt || e.k === EK.KFlt);
}

export function freeExp(fs: FuncState, e: ExpDesc): void {
  if (e.k === EK.NonReloc) freeReg(fs, e.info);
}

/** Frees the registers of two operands, the higher one first. */
function freeExps(fs: FuncState, e1: ExpDesc, e2: ExpDesc): void {
  const r1 = e1.k === EK.NonReloc ? e1.info : -1;
  const r2 = e2.k === EK.NonReloc ? e2.info : -1;
  if (r1 > r2) {
    freeReg(fs, r1);
    freeReg(fs, r2);
  } else {
    freeReg(fs, r2);
    freeReg(fs, r1);
  }
}

/** Fixes how many results a call or vararg yields (MULTRET: all). */
export function setReturns(fs: FuncState, e: ExpDesc, nresults: number): void {
  if (e.k === EK.Call) {
    setC(fs, e.info, nresults + 1);
  } else if (e.k === EK.Vararg) {
    setB(fs, e.info, nresults + 1);
    setA(fs, e.info, fs.freereg);
    reserveRegs(fs, 1);
  }
}

export function setMultRet(fs: FuncState, e: ExpDesc): void {
  setReturns(fs, e, MULTRET);
}

/** Makes a multi-value expression yield exactly one value. */
export function setOneRet(fs: FuncState, e: ExpDesc): void {
  if (e.k === EK.Call) {
    e.k = EK.NonReloc;
    e.info = getA(fs.code[e.info]!);
  } else if (e.k === EK.Vararg) {
    setB(fs, e.info, 2);
    e.k = EK.Relocable;
  }
}

/** Turns variables into values (loads them, target register still open). */
export function dischargeVars(fs: FuncState, e: ExpDesc): void {
  switch (e.k) {
    case EK.Local:
      e.k = EK.NonReloc;
      break;
    case EK.Upval:
      e.info = codeABC(fs, Op.GETUPVAL, 0, e.info, 0);
      e.k = EK.Relocable;
      break;
    case EK.Indexed: {
      freeReg(fs, e.idx);
      let op = Op.GETTABUP;
      if (e.vt === EK.Local) {
        freeReg(fs, e.tbl);
        op = Op.GETTABLE;
      }
      e.info = codeABC(fs, op, 0, e.tbl, e.idx);
      e.k = EK.Relocable;
      break;
    }
    case EK.Vararg:
    case EK.Call:
      setOneRet(fs, e);
      break;
    default:
      break;
  }
}

function dischargeToReg(fs: FuncState, e: ExpDesc, reg: number): void {
  dischargeVars(fs, e);
  switch (e.k) {
    case EK.Nil:
      codeNil(fs, reg, 1);
      break;
    case EK.False:
    case EK.True:
      codeABC(fs, Op.LOADBOOL, reg, e.k === EK.True ? 1 : 0, 0);
      break;
    case EK.K:
      codeK(fs, reg, e.info);
      break;
    case EK.KFlt:
      codeK(fs, reg, floatK(fs, e.nval));
      break;
    case EK.KInt:
      codeK(fs, reg, intK(fs, e.ival));
      break;
    case EK.Relocable:
      setA(fs, e.info, reg);
      break;
    case EK.NonReloc:
      if (reg !== e.info) codeABC(fs, Op.MOVE, reg, e.info, 0);
      break;
    default:
      return; // Jmp or Void: nothing to do yet
  }
  e.info = reg;
  e.k = EK.NonReloc;
}

function dischargeToAnyReg(fs: FuncState, e: ExpDesc): void {
  if (e.k !== EK.NonReloc) {
    reserveRegs(fs, 1);
    dischargeToReg(fs, e, fs.freereg - 1);
  }
}

function codeLoadBool(fs: FuncState, a: number, b: number, skip: number): number {
  getLabel(fs);
  return codeABC(fs, Op.LOADBOOL, a, b, skip);
}

/** Does some jump of the list need an actual boolean value (not a TESTSET)? */
function needValue(fs: FuncState, list: number): boolean {
  for (; list !== NO_JUMP; list = jumpTarget(fs, list)) {
    if (getOp(fs.code[jumpControl(fs, list)]!) !== Op.TESTSET) return true;
  }
  return false;
}

/** Puts the value in register `reg`, resolving pending jumps with LOADBOOLs when needed. */
function expToReg(fs: FuncState, e: ExpDesc, reg: number): void {
  dischargeToReg(fs, e, reg);
  if (e.k === EK.Jmp) e.t = concatLists(fs, e.t, e.info);
  if (hasJumps(e)) {
    let loadFalse = NO_JUMP;
    let loadTrue = NO_JUMP;
    if (needValue(fs, e.t) || needValue(fs, e.f)) {
      const skip = e.k === EK.Jmp ? NO_JUMP : jump(fs);
      loadFalse = codeLoadBool(fs, reg, 0, 1);
      loadTrue = codeLoadBool(fs, reg, 1, 0);
      patchToHere(fs, skip);
    }
    const end = getLabel(fs);
    patchListAux(fs, e.f, end, reg, loadFalse);
    patchListAux(fs, e.t, end, reg, loadTrue);
  }
  e.f = e.t = NO_JUMP;
  e.info = reg;
  e.k = EK.NonReloc;
}

/** Puts the value in the next free register. */
export function expToNextReg(fs: FuncState, e: ExpDesc): void {
  dischargeVars(fs, e);
  freeExp(fs, e);
  reserveRegs(fs, 1);
  expToReg(fs, e, fs.freereg - 1);
}

/** Puts the value in some register (a local's own register when possible); returns it. */
export function expToAnyReg(fs: FuncState, e: ExpDesc): number {
  dischargeVars(fs, e);
  if (e.k === EK.NonReloc) {
    if (!hasJumps(e)) return e.info;
    if (e.info >= fs.nactvar) {
      expToReg(fs, e, e.info);
      return e.info;
    }
  }
  expToNextReg(fs, e);
  return e.info;
}

/** Like expToAnyReg, but an upvalue may stay one (GETTABUP can index it directly). */
export function expToAnyRegUp(fs: FuncState, e: ExpDesc): void {
  if (e.k !== EK.Upval || hasJumps(e)) expToAnyReg(fs, e);
}

/** Makes the expression a value: a register or a constant. */
export function expToVal(fs: FuncState, e: ExpDesc): void {
  if (hasJumps(e)) expToAnyReg(fs, e);
  else dischargeVars(fs, e);
}

/** An RK operand: a constant index (with BITRK) when it fits, else a register. */
export function expToRK(fs: FuncState, e: ExpDesc): number {
  expToVal(fs, e);
  let k: number;
  switch (e.k) {
    case EK.True:
      k = boolK(fs, true);
      break;
    case EK.False:
      k = boolK(fs, false);
      break;
    case EK.Nil:
      k = nilK(fs);
      break;
    case EK.KInt:
      k = intK(fs, e.ival);
      break;
    case EK.KFlt:
      k = floatK(fs, e.nval);
      break;
    case EK.K:
      k = e.info;
      break;
    default:
      return expToAnyReg(fs, e);
  }
  e.k = EK.K;
  e.info = k;
  if (k <= MAXINDEXRK) return k | BITRK;
  return expToAnyReg(fs, e);
}

/** Stores `ex` into the variable `v`. */
export function storeVar(fs: FuncState, v: ExpDesc, ex: ExpDesc): void {
  switch (v.k) {
    case EK.Local:
      freeExp(fs, ex);
      expToReg(fs, ex, v.info);
      return;
    case EK.Upval: {
      const r = expToAnyReg(fs, ex);
      codeABC(fs, Op.SETUPVAL, r, v.info, 0);
      break;
    }
    case EK.Indexed: {
      const rk = expToRK(fs, ex);
      codeABC(fs, v.vt === EK.Local ? Op.SETTABLE : Op.SETTABUP, v.tbl, v.idx, rk);
      break;
    }
    default:
      throw new Error("compiler: invalid assignment target");
  }
  freeExp(fs, ex);
}

/** `e:key` — SELF puts the method in a fresh register and `e` right after it. */
export function codeSelf(fs: FuncState, e: ExpDesc, key: ExpDesc): void {
  expToAnyReg(fs, e);
  const objReg = e.info;
  freeExp(fs, e);
  e.info = fs.freereg;
  e.k = EK.NonReloc;
  reserveRegs(fs, 2);
  codeABC(fs, Op.SELF, e.info, objReg, expToRK(fs, key));
  freeExp(fs, key);
}

/** Turns `t` (a register or upvalue holding a table) into the indexing t[k]. */
export function codeIndexed(fs: FuncState, t: ExpDesc, k: ExpDesc): void {
  t.tbl = t.info;
  t.idx = expToRK(fs, k);
  t.vt = t.k === EK.Upval ? EK.Upval : EK.Local;
  t.k = EK.Indexed;
}

// ---------------------------------------------------------------- conditionals

function condJump(fs: FuncState, op: Op, a: number, b: number, c: number): number {
  codeABC(fs, op, a, b, c);
  return jump(fs);
}

function negateCondition(fs: FuncState, e: ExpDesc): void {
  const pc = jumpControl(fs, e.info);
  setA(fs, pc, getA(fs.code[pc]!) ^ 1);
}

/** Emits a jump taken when `e` has truth value `cond`. */
function jumpOnCond(fs: FuncState, e: ExpDesc, cond: number): number {
  if (e.k === EK.Relocable) {
    const ins = fs.code[e.info]!;
    if (getOp(ins) === Op.NOT) {
      // `not x` as a condition: drop the NOT and test x the other way.
      fs.code.pop();
      fs.lines.pop();
      return condJump(fs, Op.TEST, ins >>> 23, 0, cond ^ 1);
    }
  }
  dischargeToAnyReg(fs, e);
  freeExp(fs, e);
  return condJump(fs, Op.TESTSET, NO_REG, e.info, cond);
}

/** Falls through when `e` is true; collects its false exits in e.f. */
export function goIfTrue(fs: FuncState, e: ExpDesc): void {
  dischargeVars(fs, e);
  let pc: number;
  switch (e.k) {
    case EK.Jmp:
      negateCondition(fs, e);
      pc = e.info;
      break;
    case EK.K:
    case EK.KFlt:
    case EK.KInt:
    case EK.True:
      pc = NO_JUMP; // always true
      break;
    default:
      pc = jumpOnCond(fs, e, 0);
      break;
  }
  e.f = concatLists(fs, e.f, pc);
  patchToHere(fs, e.t);
  e.t = NO_JUMP;
}

/** Falls through when `e` is false; collects its true exits in e.t. */
export function goIfFalse(fs: FuncState, e: ExpDesc): void {
  dischargeVars(fs, e);
  let pc: number;
  switch (e.k) {
    case EK.Jmp:
      pc = e.info;
      break;
    case EK.Nil:
    case EK.False:
      pc = NO_JUMP; // always false
      break;
    default:
      pc = jumpOnCond(fs, e, 1);
      break;
  }
  e.t = concatLists(fs, e.t, pc);
  patchToHere(fs, e.f);
  e.f = NO_JUMP;
}

function codeNot(fs: FuncState, e: ExpDesc): void {
  dischargeVars(fs, e);
  switch (e.k) {
    case EK.Nil:
    case EK.False:
      e.k = EK.True;
      break;
    case EK.K:
    case EK.KFlt:
    case EK.KInt:
    case EK.True:
      e.k = EK.False;
      break;
    case EK.Jmp:
      negateCondition(fs, e);
      break;
    case EK.Relocable:
    case EK.NonReloc: {
      dischargeToAnyReg(fs, e);
      freeExp(fs, e);
      e.info = codeABC(fs, Op.NOT, 0, e.info, 0);
      e.k = EK.Relocable;
      break;
    }
    default:
      throw new Error("compiler: cannot negate this expression");
  }
  const t = e.t;
  e.t = e.f;
  e.f = t;
  removeValues(fs, e.f);
  removeValues(fs, e.t);
}

// ---------------------------------------------------------------- operators

/** Binary operators in the order of their opcodes (arithmetic ones from ADD). */
export const enum BinOpr {
  Add, Sub, Mul, Mod, Pow, Div, IDiv,
  BAnd, BOr, BXor, Shl, Shr,
  Concat,
  Eq, Lt, Le, Ne, Gt, Ge,
  And, Or,
}

export const enum UnOpr {
  Minus, BNot, Not, Len,
}

const ARITH_OPS: readonly Op[] = [
  Op.ADD, Op.SUB, Op.MUL, Op.MOD, Op.POW, Op.DIV, Op.IDIV,
  Op.BAND, Op.BOR, Op.BXOR, Op.SHL, Op.SHR,
];

function codeUnExpVal(fs: FuncState, op: Op, e: ExpDesc, line: number): void {
  const r = expToAnyReg(fs, e);
  freeExp(fs, e);
  e.info = codeABC(fs, op, 0, r, 0);
  e.k = EK.Relocable;
  fixLine(fs, line);
}

function codeBinExpVal(fs: FuncState, op: Op, e1: ExpDesc, e2: ExpDesc, line: number): void {
  const rk2 = expToRK(fs, e2);
  const rk1 = expToRK(fs, e1);
  freeExps(fs, e1, e2);
  e1.info = codeABC(fs, op, 0, rk1, rk2);
  e1.k = EK.Relocable;
  fixLine(fs, line);
}

function codeComparison(fs: FuncState, opr: BinOpr, e1: ExpDesc, e2: ExpDesc): void {
  const rk1 = e1.k === EK.K ? e1.info | BITRK : e1.info;
  const rk2 = expToRK(fs, e2);
  freeExps(fs, e1, e2);
  switch (opr) {
    case BinOpr.Ne:
      e1.info = condJump(fs, Op.EQ, 0, rk1, rk2);
      break;
    case BinOpr.Gt: // a > b is b < a
      e1.info = condJump(fs, Op.LT, 1, rk2, rk1);
      break;
    case BinOpr.Ge:
      e1.info = condJump(fs, Op.LE, 1, rk2, rk1);
      break;
    case BinOpr.Eq:
      e1.info = condJump(fs, Op.EQ, 1, rk1, rk2);
      break;
    case BinOpr.Lt:
      e1.info = condJump(fs, Op.LT, 1, rk1, rk2);
      break;
    default:
      e1.info = condJump(fs, Op.LE, 1, rk1, rk2);
      break;
  }
  e1.k = EK.Jmp;
}

export function codePrefix(fs: FuncState, op: UnOpr, e: ExpDesc, line: number): void {
  switch (op) {
    case UnOpr.Minus:
    case UnOpr.BNot:
      if (isNumeral(e) && foldUnary(op === UnOpr.Minus ? BinOpr.Sub : BinOpr.BXor, e)) break;
      codeUnExpVal(fs, op === UnOpr.Minus ? Op.UNM : Op.BNOT, e, line);
      break;
    case UnOpr.Len:
      codeUnExpVal(fs, Op.LEN, e, line);
      break;
    case UnOpr.Not:
      codeNot(fs, e);
      break;
  }
}

/** Prepares the left operand before the right one is compiled. */
export function codeInfix(fs: FuncState, op: BinOpr, v: ExpDesc): void {
  switch (op) {
    case BinOpr.And:
      goIfTrue(fs, v);
      break;
    case BinOpr.Or:
      goIfFalse(fs, v);
      break;
    case BinOpr.Concat:
      expToNextReg(fs, v); // operands of CONCAT must be consecutive registers
      break;
    case BinOpr.Eq:
    case BinOpr.Lt:
    case BinOpr.Le:
    case BinOpr.Ne:
    case BinOpr.Gt:
    case BinOpr.Ge:
      expToRK(fs, v);
      break;
    default:
      // Numerals stay symbolic so `1 + 2` can fold.
      if (!isNumeral(v)) expToRK(fs, v);
      break;
  }
}

/** Combines the operands; `line` is the operator's line. */
export function codePostfix(fs: FuncState, op: BinOpr, e1: ExpDesc, e2: ExpDesc, line: number): void {
  switch (op) {
    case BinOpr.And:
      dischargeVars(fs, e2);
      e2.f = concatLists(fs, e2.f, e1.f);
      e1.copyFrom(e2);
      break;
    case BinOpr.Or:
      dischargeVars(fs, e2);
      e2.t = concatLists(fs, e2.t, e1.t);
      e1.copyFrom(e2);
      break;
    case BinOpr.Concat: {
      expToVal(fs, e2);
      if (e2.k === EK.Relocable && getOp(fs.code[e2.info]!) === Op.CONCAT) {
        // a .. (b .. c): widen the existing CONCAT down to a's register.
        freeExp(fs, e1);
        setB(fs, e2.info, e1.info);
        e1.k = EK.Relocable;
        e1.info = e2.info;
      } else {
        expToNextReg(fs, e2);
        codeBinExpVal(fs, Op.CONCAT, e1, e2, line);
      }
      break;
    }
    case BinOpr.Eq:
    case BinOpr.Lt:
    case BinOpr.Le:
    case BinOpr.Ne:
    case BinOpr.Gt:
    case BinOpr.Ge:
      codeComparison(fs, op, e1, e2);
      break;
    default:
      if (isNumeral(e1) && isNumeral(e2) && foldBinary(op, e1, e2)) break;
      codeBinExpVal(fs, ARITH_OPS[op]!, e1, e2, line);
      break;
  }
}

// ---------------------------------------------------------------- misc

/** Stores `tostore` pending list items (MULTRET: up to the top) of a table constructor. */
export function codeSetList(fs: FuncState, base: number, nelems: number, tostore: number): void {
  const c = Math.floor((nelems - 1) / LFIELDS_PER_FLUSH) + 1;
  const b = tostore === MULTRET ? 0 : tostore;
  if (c <= MAXARG_C) {
    codeABC(fs, Op.SETLIST, base, b, c);
  } else if (c <= MAXARG_Ax) {
    codeABC(fs, Op.SETLIST, base, b, 0);
    codeExtraArg(fs, c);
  } else {
    syntaxError(fs.ctx, "constructor too long");
  }
  fs.freereg = base + 1;
}
