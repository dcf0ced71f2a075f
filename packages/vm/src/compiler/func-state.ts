// Per-function compilation state: the code being emitted with its line
// numbers, the constant pool, registers, active locals, upvalues, jump lists
// and the error helpers. This is the register allocator and assembler layer;
// expression descriptors live in code.ts, the AST walk in expr.ts/stmt.ts.

import { LuaSyntaxError, chunkId } from "@wippy-lua/parser";
import {
  BITRK,
  MAXARG_A,
  MAXARG_Bx,
  MAXARG_sBx,
  MAXREGS,
  Op,
  createABC,
  createABx,
  createAx,
  getA,
  getOp,
  getSBx,
} from "../opcodes.js";
import type { LocVar, Proto, UpvalueDesc } from "../proto.js";
import { internString, LuaFloat, type LuaValue } from "../value.js";
import { lineOfOffset, nearToken, tokenEnd, tokenStart } from "./source-scan.js";
import { TYPE_HOOK } from "./type-hook.js";

/** End marker of a jump list, and "no jump" as a jump offset. */
export const NO_JUMP = -1;
/** "No register": a TESTSET whose value is not needed. */
export const NO_REG = MAXARG_A;
/** Lua's MAXVARS: active locals per function. */
export const MAX_VARS = 200;
/** Lua's MAXUPVAL. */
export const MAX_UPVAL = 255;
/** Lua's LUA_MULTRET. */
export const MULTRET = -1;

/** State shared by every function of one chunk being compiled. */
export interface CompileCtx {
  chunkName: string;
  /** The chunk name as messages show it. */
  chunkId: string;
  /** The source text, when known: gives exact token lines and `near` parts of messages. */
  source: string | undefined;
  lineStarts: number[] | null;
  /** Line of the last token the (virtual) parser consumed, as Lua's ls->lastline. */
  lastLine: number;
  /** Offset just past that token: where the lookahead token starts being searched. */
  pos: number;
}

export function newCompileCtx(chunkName: string, source: string | undefined): CompileCtx {
  return { chunkName, chunkId: chunkId(chunkName), source, lineStarts: null, lastLine: 1, pos: 0 };
}

/** A lexical block: Lua's BlockCnt. */
export interface BlockScope {
  previous: BlockScope | null;
  /** Index of the first label of this block in FuncState.labels. */
  firstLabel: number;
  /** Index of the first pending goto of this block in FuncState.gotos. */
  firstGoto: number;
  /** Active locals outside the block. */
  nactvar: number;
  /** Some local of this block is captured as an upvalue. */
  upval: boolean;
  isLoop: boolean;
}

/** A label, or a pending goto (`break` is a goto to the label "break"). */
export interface LabelDesc {
  name: string;
  pc: number;
  line: number;
  /** Active locals at that point. */
  nactvar: number;
}

export class FuncState {
  readonly parent: FuncState | null;
  readonly ctx: CompileCtx;
  code: number[] = [];
  lines: number[] = [];
  constants: LuaValue[] = [];
  // Constants are deduplicated per kind: integer 1 and float 1.0 are distinct.
  strK = new Map<string, number>();
  intK = new Map<number | bigint, number>();
  fltK = new Map<number, number>();
  nilK = -1;
  trueK = -1;
  falseK = -1;
  protos: Proto[] = [];
  upvalues: UpvalueDesc[] = [];
  locVars: LocVar[] = [];
  /** locVars index of each active local, by register. */
  actVar: number[] = [];
  nactvar = 0;
  freereg = 0;
  maxStack = 2;
  /** pc of the last jump target: LOADNIL merging must not cross it. */
  lastTarget = 0;
  /** Jumps waiting to be patched to the next instruction emitted. */
  jpc = NO_JUMP;
  block: BlockScope | null = null;
  labels: LabelDesc[] = [];
  gotos: LabelDesc[] = [];
  numParams = 0;
  isVararg = false;
  lineDefined: number;
  lastLineDefined = 0;
  /** locVars indices of the locals bound by `type` statements (null: none yet). */
  aliasVars: Set<number> | null = null;
  /** Type parameters of a generic function (`function f<T>`): erased at run time. */
  typeParams: readonly string[] | null = null;
  /** Constant index of the type-value hook, or -1. */
  hookK = -1;

  constructor(parent: FuncState | null, ctx: CompileCtx, lineDefined: number) {
    this.parent = parent;
    this.ctx = ctx;
    this.lineDefined = lineDefined;
  }

  get pc(): number {
    return this.code.length;
  }
}

// ---------------------------------------------------------------- errors

/** The line of the lookahead token: what Lua's ls->linenumber holds at an error. */
function errorLine(ctx: CompileCtx): number {
  if (ctx.source === undefined) return ctx.lastLine;
  const tok = nearToken(ctx.source, ctx.pos);
  return lineOf(ctx, tok.offset);
}

/** A syntax error at the current position, with Lua's `near <token>` part when the source is known. */
export function syntaxError(ctx: CompileCtx, msg: string): never {
  const line = errorLine(ctx);
  let text = `${ctx.chunkId}:${line}: ${msg}`;
  if (ctx.source !== undefined) text += ` near ${nearToken(ctx.source, ctx.pos).text}`;
  throw new LuaSyntaxError(text, line, false);
}

/** A semantic error (Lua's semerror): no `near` part. */
export function semanticError(ctx: CompileCtx, msg: string, line = errorLine(ctx)): never {
  throw new LuaSyntaxError(`${ctx.chunkId}:${line}: ${msg}`, line, false);
}

export function errorLimit(fs: FuncState, limit: number, what: string): never {
  const where = fs.lineDefined === 0 ? "main function" : `function at line ${fs.lineDefined}`;
  syntaxError(fs.ctx, `too many ${what} (limit is ${limit}) in ${where}`);
}

/** Line number of a source offset (only when the source is known). */
export function lineOf(ctx: CompileCtx, offset: number): number {
  if (ctx.lineStarts === null) {
    // Line breaks as Lua counts them: \n, \r, \r\n and \n\r are one each.
    const starts = [0];
    const src = ctx.source!;
    for (let i = 0; i < src.length; i++) {
      const c = src.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      const d = src.charCodeAt(i + 1);
      if ((d === 10 || d === 13) && d !== c) i++;
      starts.push(i + 1);
    }
    ctx.lineStarts = starts;
  }
  return lineOfOffset(ctx.lineStarts, offset);
}

/** Line of the first token at or after `offset`, or `fallback` when the source is unknown. */
export function tokenLineAfter(ctx: CompileCtx, offset: number, fallback: number): number {
  if (ctx.source === undefined) return fallback;
  return lineOf(ctx, tokenStart(ctx.source, offset));
}

// ---------------------------------------------------------------- token positions
//
// Lua attributes an instruction to the line of the last token consumed when
// it is emitted; these helpers replay the parser's consumption of tokens.

/** The last token of `node` has been consumed. */
export function consumed(ctx: CompileCtx, node: { end: number; endLine: number }): void {
  ctx.lastLine = node.endLine;
  ctx.pos = node.end;
}

/** The first token of `node` (a keyword or operator) has been consumed. */
export function consumedFirst(ctx: CompileCtx, node: { start: number; line: number }): void {
  ctx.lastLine = node.line;
  ctx.pos = ctx.source === undefined ? node.start : tokenEnd(ctx.source, tokenStart(ctx.source, node.start));
}

/**
 * The token following `offset` (a separator or operator the AST does not
 * keep) has been consumed; returns its line (`fallback` without the source).
 */
export function consumedAfter(ctx: CompileCtx, offset: number, fallback: number): number {
  if (ctx.source === undefined) {
    ctx.lastLine = fallback;
    ctx.pos = offset;
    return fallback;
  }
  const start = tokenStart(ctx.source, offset);
  const line = lineOf(ctx, start);
  ctx.lastLine = line;
  ctx.pos = tokenEnd(ctx.source, start);
  return line;
}

// ---------------------------------------------------------------- emitting

/** Appends an instruction attributed to the last consumed token's line; returns its pc. */
export function emit(fs: FuncState, ins: number): number {
  dischargeJpc(fs);
  fs.code.push(ins);
  fs.lines.push(fs.ctx.lastLine);
  return fs.code.length - 1;
}

export function codeABC(fs: FuncState, op: Op, a: number, b: number, c: number): number {
  return emit(fs, createABC(op, a, b, c));
}

export function codeABx(fs: FuncState, op: Op, a: number, bx: number): number {
  return emit(fs, createABx(op, a, bx));
}

export function codeAsBx(fs: FuncState, op: Op, a: number, sbx: number): number {
  return emit(fs, createABx(op, a, sbx + MAXARG_sBx));
}

export function codeExtraArg(fs: FuncState, ax: number): number {
  return emit(fs, createAx(Op.EXTRAARG, ax));
}

/** Loads constant `k` into `reg` (LOADKX beyond the Bx range). */
export function codeK(fs: FuncState, reg: number, k: number): number {
  if (k <= MAXARG_Bx) return codeABx(fs, Op.LOADK, reg, k);
  const pc = codeABx(fs, Op.LOADKX, reg, 0);
  codeExtraArg(fs, k);
  return pc;
}

/** Re-attributes the last instruction to `line`. */
export function fixLine(fs: FuncState, line: number): void {
  fs.lines[fs.lines.length - 1] = line;
}

// Field setters on an emitted instruction.
export function setA(fs: FuncState, pc: number, a: number): void {
  fs.code[pc] = (fs.code[pc]! & ~(0xff << 6)) | (a << 6);
}
export function setB(fs: FuncState, pc: number, b: number): void {
  fs.code[pc] = (fs.code[pc]! & ~(0x1ff << 23)) | (b << 23);
}
export function setC(fs: FuncState, pc: number, c: number): void {
  fs.code[pc] = (fs.code[pc]! & ~(0x1ff << 14)) | (c << 14);
}
export function setOp(fs: FuncState, pc: number, op: Op): void {
  fs.code[pc] = (fs.code[pc]! & ~0x3f) | op;
}

/** Sets R(from)..R(from+n-1) to nil, widening an adjacent LOADNIL when no jump lands here. */
export function codeNil(fs: FuncState, from: number, n: number): void {
  let last = from + n - 1;
  if (fs.pc > fs.lastTarget) {
    const prevPc = fs.pc - 1;
    const prev = fs.code[prevPc]!;
    if (getOp(prev) === Op.LOADNIL) {
      const pfrom = getA(prev);
      const plast = pfrom + (prev >>> 23);
      if ((pfrom <= from && from <= plast + 1) || (from <= pfrom && pfrom <= last + 1)) {
        if (pfrom < from) from = pfrom;
        if (plast > last) last = plast;
        setA(fs, prevPc, from);
        setB(fs, prevPc, last - from);
        return;
      }
    }
  }
  codeABC(fs, Op.LOADNIL, from, n - 1, 0);
}

export function codeReturn(fs: FuncState, first: number, nret: number): void {
  codeABC(fs, Op.RETURN, first, nret + 1, 0);
}

// ---------------------------------------------------------------- jumps
//
// A jump list is threaded through the sBx fields of its JMP instructions: each
// holds the offset to the next one, NO_JUMP ends the list. Conditional jumps
// are a test instruction (EQ/LT/LE/TEST/TESTSET) followed by their JMP.

export function getLabel(fs: FuncState): number {
  fs.lastTarget = fs.pc;
  return fs.pc;
}

/** Emits an unconditional jump (to be patched), absorbing the jumps pending to here. */
export function jump(fs: FuncState): number {
  const pending = fs.jpc;
  fs.jpc = NO_JUMP;
  const j = { list: codeAsBx(fs, Op.JMP, 0, NO_JUMP) };
  concatJumps(fs, j, pending);
  return j.list;
}

/** Destination of the jump at `pc`, or NO_JUMP at the end of a list. */
export function jumpTarget(fs: FuncState, pc: number): number {
  const offset = getSBx(fs.code[pc]!);
  return offset === NO_JUMP ? NO_JUMP : pc + 1 + offset;
}

export function fixJump(fs: FuncState, pc: number, dest: number): void {
  const offset = dest - (pc + 1);
  if (Math.abs(offset) > MAXARG_sBx) syntaxError(fs.ctx, "control structure too long");
  fs.code[pc] = (fs.code[pc]! & 0x3fff) | ((offset + MAXARG_sBx) << 14);
}

/** A mutable jump-list head (Lua passes `int *`). */
export interface JumpList {
  list: number;
}

/** Appends list `l2` to the list in `l1`. */
export function concatJumps(fs: FuncState, l1: JumpList, l2: number): void {
  if (l2 === NO_JUMP) return;
  if (l1.list === NO_JUMP) {
    l1.list = l2;
    return;
  }
  let list = l1.list;
  for (let next = jumpTarget(fs, list); next !== NO_JUMP; next = jumpTarget(fs, list)) list = next;
  fixJump(fs, list, l2);
}

export function concatLists(fs: FuncState, l1: number, l2: number): number {
  const j = { list: l1 };
  concatJumps(fs, j, l2);
  return j.list;
}

function isTestOp(op: Op): boolean {
  return op === Op.EQ || op === Op.LT || op === Op.LE || op === Op.TEST || op === Op.TESTSET;
}

/** pc of the instruction that controls the jump at `pc` (its test, if any). */
export function jumpControl(fs: FuncState, pc: number): number {
  if (pc >= 1 && isTestOp(getOp(fs.code[pc - 1]!))) return pc - 1;
  return pc;
}

/**
 * Points the TESTSET controlling jump `node` at register `reg`, or turns it
 * into a plain TEST when the value is not needed. False when not a TESTSET.
 */
function patchTestReg(fs: FuncState, node: number, reg: number): boolean {
  const ctrl = jumpControl(fs, node);
  const ins = fs.code[ctrl]!;
  if (getOp(ins) !== Op.TESTSET) return false;
  const b = ins >>> 23;
  if (reg !== NO_REG && reg !== b) setA(fs, ctrl, reg);
  else fs.code[ctrl] = createABC(Op.TEST, b, 0, (ins >>> 14) & 0x1ff);
  return true;
}

/** Drops the values of all tests in a list (they only jump). */
export function removeValues(fs: FuncState, list: number): void {
  for (; list !== NO_JUMP; list = jumpTarget(fs, list)) patchTestReg(fs, list, NO_REG);
}

/** Patches a list: value-producing tests go to `vtarget` storing into `reg`, the rest to `dtarget`. */
export function patchListAux(fs: FuncState, list: number, vtarget: number, reg: number, dtarget: number): void {
  while (list !== NO_JUMP) {
    const next = jumpTarget(fs, list);
    if (patchTestReg(fs, list, reg)) fixJump(fs, list, vtarget);
    else fixJump(fs, list, dtarget);
    list = next;
  }
}

function dischargeJpc(fs: FuncState): void {
  if (fs.jpc === NO_JUMP) return;
  const here = fs.code.length;
  patchListAux(fs, fs.jpc, here, NO_REG, here);
  fs.jpc = NO_JUMP;
}

export function patchToHere(fs: FuncState, list: number): void {
  getLabel(fs);
  const j = { list: fs.jpc };
  concatJumps(fs, j, list);
  fs.jpc = j.list;
}

export function patchList(fs: FuncState, list: number, target: number): void {
  if (target === fs.pc) patchToHere(fs, list);
  else patchListAux(fs, list, target, NO_REG, target);
}

/** Makes every jump of `list` close upvalues of registers >= `level`. */
export function patchClose(fs: FuncState, list: number, level: number): void {
  for (; list !== NO_JUMP; list = jumpTarget(fs, list)) setA(fs, list, level + 1);
}

export function jumpTo(fs: FuncState, target: number): void {
  patchList(fs, jump(fs), target);
}

// ---------------------------------------------------------------- registers

export function checkStack(fs: FuncState, n: number): void {
  const newStack = fs.freereg + n;
  if (newStack > fs.maxStack) {
    if (newStack >= MAXREGS) syntaxError(fs.ctx, "function or expression needs too many registers");
    fs.maxStack = newStack;
  }
}

export function reserveRegs(fs: FuncState, n: number): void {
  checkStack(fs, n);
  fs.freereg += n;
}

/** Frees a temporary register (locals and constants are left alone). */
export function freeReg(fs: FuncState, reg: number): void {
  if (reg >= 0 && (reg & BITRK) === 0 && reg >= fs.nactvar) {
    fs.freereg--;
    if (reg !== fs.freereg) throw new Error(`compiler: register ${reg} freed out of order`);
  }
}

// ---------------------------------------------------------------- constants

function addConstant(fs: FuncState, v: LuaValue): number {
  const k = fs.constants.length;
  fs.constants.push(v);
  return k;
}

export function stringK(fs: FuncState, s: string): number {
  let k = fs.strK.get(s);
  if (k === undefined) {
    k = addConstant(fs, internString(s));
    fs.strK.set(s, k);
  }
  return k;
}

export function intK(fs: FuncState, n: number | bigint): number {
  let k = fs.intK.get(n);
  if (k === undefined) {
    k = addConstant(fs, n);
    fs.intK.set(n, k);
  }
  return k;
}

/** A float constant from its double value (boxed when integral, as value.ts requires). */
export function floatK(fs: FuncState, d: number): number {
  let k = fs.fltK.get(d);
  if (k === undefined) {
    k = addConstant(fs, Number.isInteger(d) || Object.is(d, -0) ? new LuaFloat(d) : d);
    fs.fltK.set(d, k);
  }
  return k;
}

export function boolK(fs: FuncState, b: boolean): number {
  if (b) {
    if (fs.trueK < 0) fs.trueK = addConstant(fs, true);
    return fs.trueK;
  }
  if (fs.falseK < 0) fs.falseK = addConstant(fs, false);
  return fs.falseK;
}

/** The type-value hook (a host function) as a constant; see type-values.ts. */
export function hookK(fs: FuncState): number {
  if (fs.hookK < 0) fs.hookK = addConstant(fs, TYPE_HOOK);
  return fs.hookK;
}

export function nilK(fs: FuncState): number {
  if (fs.nilK < 0) fs.nilK = addConstant(fs, undefined);
  return fs.nilK;
}

// ---------------------------------------------------------------- locals and upvalues

/** Declares a local (not active until adjustLocalVars). */
export function newLocalVar(fs: FuncState, name: string): void {
  const index = fs.locVars.length;
  fs.locVars.push({ name, startPc: 0, endPc: 0 });
  if (fs.actVar.length + 1 > MAX_VARS) errorLimit(fs, MAX_VARS, "local variables");
  fs.actVar.push(index);
}

/** Activates the last `n` declared locals from the current pc. */
export function adjustLocalVars(fs: FuncState, n: number): void {
  const pc = fs.pc;
  for (; n > 0; n--) {
    fs.locVars[fs.actVar[fs.nactvar]!]!.startPc = pc;
    fs.nactvar++;
  }
}

/** Ends the scope of the locals above `toLevel`. */
export function removeVars(fs: FuncState, toLevel: number): void {
  const pc = fs.pc;
  while (fs.nactvar > toLevel) {
    fs.nactvar--;
    fs.locVars[fs.actVar[fs.nactvar]!]!.endPc = pc;
  }
  fs.actVar.length = fs.nactvar;
}

/** Register of the active local `name`, or -1. */
export function searchVar(fs: FuncState, name: string): number {
  for (let i = fs.nactvar - 1; i >= 0; i--) {
    if (fs.locVars[fs.actVar[i]!]!.name === name) return i;
  }
  return -1;
}

export function searchUpvalue(fs: FuncState, name: string): number {
  const ups = fs.upvalues;
  for (let i = 0; i < ups.length; i++) if (ups[i]!.name === name) return i;
  return -1;
}

export function newUpvalue(fs: FuncState, name: string, inStack: boolean, index: number): number {
  if (fs.upvalues.length + 1 > MAX_UPVAL) errorLimit(fs, MAX_UPVAL, "upvalues");
  fs.upvalues.push({ name, inStack, index });
  return fs.upvalues.length - 1;
}

/** Marks the block declaring the local in register `level` as having a captured local. */
export function markUpval(fs: FuncState, level: number): void {
  let bl = fs.block!;
  while (bl.nactvar > level) bl = bl.previous!;
  bl.upval = true;
}

/** Freezes the state into a Proto. */
export function toProto(fs: FuncState): Proto {
  return {
    code: Int32Array.from(fs.code),
    constants: fs.constants,
    protos: fs.protos,
    upvalues: fs.upvalues,
    lineInfo: Int32Array.from(fs.lines),
    locVars: fs.locVars,
    numParams: fs.numParams,
    isVararg: fs.isVararg,
    maxStackSize: fs.maxStack,
    lineDefined: fs.lineDefined,
    lastLineDefined: fs.lastLineDefined,
    source: fs.ctx.chunkName,
    cache: null,
    leafMisses: 0,
    jit: null,
  };
}
