// Statements, blocks, loops and function bodies.

import type {
  AssignStatement,
  Block,
  Expression,
  FunctionExpression,
  FunctionStatement,
  GenericForStatement,
  IfClause,
  IfStatement,
  LocalStatement,
  NumericForStatement,
  RepeatStatement,
  ReturnStatement,
  Statement,
  TypeAliasStatement,
  WhileStatement,
} from "@wippy-lua/parser";
import { MAXARG_Bx, Op } from "../opcodes.js";
import type { Proto } from "../proto.js";
import {
  EK,
  ExpDesc,
  codeIndexed,
  expToAnyReg,
  expToAnyRegUp,
  expToNextReg,
  goIfFalse,
  goIfTrue,
  hasMultRet,
  setMultRet,
  setOneRet,
  setReturns,
  storeVar,
} from "./code.js";
import { expr, exprList, singleVar } from "./expr.js";
import {
  FuncState,
  MULTRET,
  NO_JUMP,
  adjustLocalVars,
  checkStack,
  codeABC,
  codeABx,
  codeAsBx,
  codeK,
  codeNil,
  codeReturn,
  concatLists,
  consumed,
  consumedAfter,
  consumedFirst,
  errorLimit,
  fixLine,
  getLabel,
  intK,
  jump,
  jumpTo,
  lineOf,
  newLocalVar,
  patchClose,
  patchList,
  patchToHere,
  reserveRegs,
  setC,
  setOp,
  stringK,
  toProto,
} from "./func-state.js";
import { enterBlock, gotoStat, labelStat, leaveBlock } from "./scope.js";
import { tokenEnd, tokenStart } from "./source-scan.js";
import { hoistTypeAliases } from "./type-values.js";

// ---------------------------------------------------------------- functions

/**
 * Line a function is defined at, as Lua records it for function expressions
 * and local functions: the line of the `(` opening its parameters.
 */
export function functionLine(fs: FuncState, node: FunctionExpression): number {
  const ctx = fs.ctx;
  if (ctx.source === undefined) return node.line;
  let pos = node.start;
  while (pos < node.end) {
    const start = tokenStart(ctx.source, pos);
    if (ctx.source.charCodeAt(start) === 40) return lineOf(ctx, start); // '('
    const end = tokenEnd(ctx.source, start);
    if (end <= pos) break;
    pos = end;
  }
  return node.line;
}

/** Compiles a function body into a child Proto and a CLOSURE in `fs`, leaving it in `e`. */
export function funcBody(fs: FuncState, node: FunctionExpression, isMethod: boolean, line: number, e: ExpDesc): void {
  const ctx = fs.ctx;
  const child = new FuncState(fs, ctx, line);
  enterBlock(child, false);
  if (isMethod) {
    newLocalVar(child, "self");
    adjustLocalVars(child, 1);
  }
  for (const p of node.params) {
    consumed(ctx, p);
    newLocalVar(child, p.name);
  }
  child.isVararg = node.isVararg;
  if (node.typeParams !== undefined) child.typeParams = node.typeParams.map((p) => p.name);
  adjustLocalVars(child, node.params.length);
  child.numParams = child.nactvar;
  reserveRegs(child, child.nactvar);
  statList(child, node.body.body, 0, false);
  child.lastLineDefined = node.endLine;
  consumed(ctx, node); // 'end'
  const proto = closeFunc(child);
  if (fs.protos.length >= MAXARG_Bx) errorLimit(fs, MAXARG_Bx, "functions");
  fs.protos.push(proto);
  e.init(EK.Relocable, codeABx(fs, Op.CLOSURE, 0, fs.protos.length - 1));
  expToNextReg(fs, e);
}

/** Final return, end of the outermost block, and the Proto. */
export function closeFunc(fs: FuncState): Proto {
  codeReturn(fs, 0, 0);
  leaveBlock(fs);
  return toProto(fs);
}

/** The main chunk: a vararg function whose only upvalue is _ENV. */
export function mainFunc(fs: FuncState, body: Block): Proto {
  enterBlock(fs, false);
  fs.isVararg = true;
  fs.upvalues.push({ name: "_ENV", inStack: true, index: 0 });
  statList(fs, body.body, 0, false);
  return closeFunc(fs);
}

// ---------------------------------------------------------------- blocks

/**
 * Compiles statements `from` onwards. `closedByUntil`: the block ends with
 * `until` (its locals stay visible to the condition).
 */
function statList(fs: FuncState, stmts: Statement[], from: number, closedByUntil: boolean): void {
  let aliases: TypeAliasStatement[] | null = null;
  for (let i = from; i < stmts.length; i++) {
    const s = stmts[i]!;
    if (s.kind === "TypeAlias") (aliases ??= []).push(s);
  }
  if (aliases !== null) hoistTypeAliases(fs, aliases, singleVar);
  for (let i = from; i < stmts.length; i++) {
    const s = stmts[i]!;
    let lastInBlock = false;
    if (s.kind === "Label" && !closedByUntil) {
      lastInBlock = true;
      for (let j = i + 1; lastInBlock && j < stmts.length; j++) if (stmts[j]!.kind !== "Label") lastInBlock = false;
    }
    statement(fs, s, lastInBlock);
    fs.freereg = fs.nactvar;
  }
}

function block(fs: FuncState, b: Block): void {
  enterBlock(fs, false);
  statList(fs, b.body, 0, false);
  leaveBlock(fs);
}

/** `labelIsLast`: for a label, only labels follow it to the end of a block not closed by `until`. */
function statement(fs: FuncState, s: Statement, labelIsLast: boolean): void {
  const ctx = fs.ctx;
  switch (s.kind) {
    case "Local":
      localStat(fs, s);
      break;
    case "LocalFunction": {
      consumed(ctx, s.name);
      newLocalVar(fs, s.name.name);
      adjustLocalVars(fs, 1); // visible inside its own body
      const e = new ExpDesc();
      funcBody(fs, s.func, false, functionLine(fs, s.func), e);
      // Debug information sees the variable only once it holds the closure.
      fs.locVars[fs.actVar[e.info]!]!.startPc = fs.pc;
      break;
    }
    case "Function":
      funcStat(fs, s);
      break;
    case "Assign":
      assignment(fs, s);
      break;
    case "CallStatement": {
      const e = new ExpDesc();
      expr(fs, s.call, e);
      setC(fs, e.info, 1); // no results wanted
      break;
    }
    case "Do":
      consumedFirst(ctx, s);
      block(fs, s.body);
      break;
    case "While":
      whileStat(fs, s);
      break;
    case "Repeat":
      repeatStat(fs, s);
      break;
    case "If":
      ifStat(fs, s);
      break;
    case "NumericFor":
      numericFor(fs, s);
      break;
    case "GenericFor":
      genericFor(fs, s);
      break;
    case "Return":
      returnStat(fs, s);
      break;
    case "Break":
    case "Goto": {
      const pc = jump(fs); // emitted while the keyword is still the lookahead
      consumed(ctx, s);
      gotoStat(fs, s.kind === "Goto" ? s.label : "break", s.line, pc);
      break;
    }
    case "Label":
      consumed(ctx, s);
      labelStat(fs, s.name, s.line, getLabel(fs), labelIsLast);
      break;
    case "TypeAlias":
      break; // built at the start of its block (hoistTypeAliases)
    default:
      throw new Error(`compiler: unknown statement kind ${(s as { kind: string }).kind}`);
  }
  consumed(ctx, s);
}

// ---------------------------------------------------------------- assignments

/** Adjusts `nexps` values (the last still in `e`) to `nvars` registers. */
function adjustAssign(fs: FuncState, nvars: number, nexps: number, e: ExpDesc): void {
  let extra = nvars - nexps;
  if (hasMultRet(e.k)) {
    extra++; // the call or vararg itself supplies the missing values
    if (extra < 0) extra = 0;
    setReturns(fs, e, extra);
    if (extra > 1) reserveRegs(fs, extra - 1);
  } else {
    if (e.k !== EK.Void) expToNextReg(fs, e);
    if (extra > 0) {
      const reg = fs.freereg;
      reserveRegs(fs, extra);
      codeNil(fs, reg, extra);
    }
  }
}

function localStat(fs: FuncState, s: LocalStatement): void {
  const ctx = fs.ctx;
  for (const n of s.names) {
    consumed(ctx, n);
    newLocalVar(fs, n.name);
  }
  const nvars = s.names.length;
  const e = new ExpDesc();
  let nexps = 0;
  if (s.exprs.length > 0) {
    const lastName = s.names[nvars - 1]!;
    consumedAfter(ctx, lastName.end, lastName.endLine); // '='
    nexps = exprList(fs, s.exprs, e);
  } else {
    e.init(EK.Void, 0);
  }
  adjustAssign(fs, nvars, nexps, e);
  adjustLocalVars(fs, nvars);
}

/**
 * In `a[i], i = ...` the table or key register of an earlier target may be
 * overwritten by a later target (a local or upvalue) before the earlier store
 * happens: such targets use a copy of the variable instead.
 */
function checkConflict(fs: FuncState, previous: ExpDesc[], v: ExpDesc): void {
  const extra = fs.freereg;
  let conflict = false;
  for (const lh of previous) {
    if (lh.k !== EK.Indexed) continue;
    if (lh.vt === v.k && lh.tbl === v.info) {
      conflict = true;
      lh.vt = EK.Local;
      lh.tbl = extra;
    }
    if (v.k === EK.Local && lh.idx === v.info) {
      conflict = true;
      lh.idx = extra;
    }
  }
  if (conflict) {
    codeABC(fs, v.k === EK.Local ? Op.MOVE : Op.GETUPVAL, extra, v.info, 0);
    reserveRegs(fs, 1);
  }
}

function assignment(fs: FuncState, s: AssignStatement): void {
  const ctx = fs.ctx;
  const targets: ExpDesc[] = [];
  for (let i = 0; i < s.targets.length; i++) {
    const node = s.targets[i]!;
    if (i > 0) consumedAfter(ctx, s.targets[i - 1]!.end, s.targets[i - 1]!.endLine); // ','
    const v = new ExpDesc();
    if (node.kind === "Name") {
      // A variable, never a type value: `number = 1` assigns the global.
      consumed(ctx, node);
      singleVar(fs, node.name, v);
      consumed(ctx, node);
    } else {
      expr(fs, node, v);
    }
    if (i > 0 && v.k !== EK.Indexed) checkConflict(fs, targets, v);
    targets.push(v);
  }
  const lastTarget = s.targets[s.targets.length - 1]!;
  consumedAfter(ctx, lastTarget.end, lastTarget.endLine); // '='
  const nvars = targets.length;
  const e = new ExpDesc();
  const nexps = exprList(fs, s.exprs, e);
  let i = nvars - 1;
  if (nexps !== nvars) {
    adjustAssign(fs, nvars, nexps, e);
    if (nexps > nvars) fs.freereg -= nexps - nvars; // drop the extra values
  } else {
    setOneRet(fs, e);
    storeVar(fs, targets[i]!, e);
    i--;
  }
  // The remaining values sit in consecutive registers: store them last first.
  for (; i >= 0; i--) {
    e.init(EK.NonReloc, fs.freereg - 1);
    storeVar(fs, targets[i]!, e);
  }
}

function funcStat(fs: FuncState, s: FunctionStatement): void {
  const ctx = fs.ctx;
  consumedFirst(ctx, s);
  const v = new ExpDesc();
  consumed(ctx, s.base);
  singleVar(fs, s.base.name, v);
  const fieldSel = (name: string): void => {
    expToAnyRegUp(fs, v);
    codeIndexed(fs, v, new ExpDesc().init(EK.K, stringK(fs, name)));
  };
  for (const name of s.path) fieldSel(name);
  if (s.method !== undefined) fieldSel(s.method);
  const b = new ExpDesc();
  funcBody(fs, s.func, s.method !== undefined, s.line, b);
  storeVar(fs, v, b);
  fixLine(fs, s.line); // the assignment belongs to the `function` line
}

// ---------------------------------------------------------------- control flow

/** A loop or `if` condition: falls through when true; returns the false exits. */
function cond(fs: FuncState, node: Expression): number {
  const v = new ExpDesc();
  expr(fs, node, v);
  if (v.k === EK.Nil) v.k = EK.False; // 'falses' are all equal here
  goIfTrue(fs, v);
  return v.f;
}

function whileStat(fs: FuncState, s: WhileStatement): void {
  consumedFirst(fs.ctx, s);
  const whileInit = getLabel(fs);
  const condExit = cond(fs, s.condition);
  enterBlock(fs, true);
  consumedAfter(fs.ctx, s.condition.end, s.condition.endLine); // 'do'
  block(fs, s.body);
  jumpTo(fs, whileInit);
  consumed(fs.ctx, s); // 'end'
  leaveBlock(fs);
  patchToHere(fs, condExit);
}

function repeatStat(fs: FuncState, s: RepeatStatement): void {
  const ctx = fs.ctx;
  const repeatInit = getLabel(fs);
  enterBlock(fs, true); // loop block
  const scope = enterBlock(fs, false); // the body's locals, visible to the condition
  consumedFirst(ctx, s);
  statList(fs, s.body.body, 0, true);
  const stmts = s.body.body;
  const afterBody = stmts.length > 0 ? stmts[stmts.length - 1]!.end : ctx.pos;
  consumedAfter(ctx, afterBody, ctx.lastLine); // 'until'
  const condExit = cond(fs, s.condition);
  if (scope.upval) patchClose(fs, condExit, scope.nactvar);
  leaveBlock(fs);
  patchList(fs, condExit, repeatInit);
  leaveBlock(fs);
}

function testThenBlock(fs: FuncState, clause: IfClause, followed: boolean, escape: { list: number }): void {
  const ctx = fs.ctx;
  consumedFirst(ctx, clause);
  const v = new ExpDesc();
  expr(fs, clause.condition, v);
  consumedAfter(ctx, clause.condition.end, clause.condition.endLine); // 'then'
  const stmts = clause.body.body;
  const first = stmts[0];
  let jf: number;
  let from = 0;
  if (first !== undefined && (first.kind === "Goto" || first.kind === "Break")) {
    // `if c then goto l`: the condition's true exit is the goto's jump itself.
    goIfFalse(fs, v);
    enterBlock(fs, false);
    consumed(ctx, first);
    gotoStat(fs, first.kind === "Goto" ? first.label : "break", first.line, v.t);
    if (stmts.length === 1) {
      leaveBlock(fs);
      return;
    }
    jf = jump(fs); // skip the rest of the block when the condition is false
    from = 1;
  } else {
    goIfTrue(fs, v);
    enterBlock(fs, false);
    jf = v.f;
  }
  statList(fs, stmts, from, false);
  leaveBlock(fs);
  if (followed) escape.list = concatLists(fs, escape.list, jump(fs));
  patchToHere(fs, jf);
}

function ifStat(fs: FuncState, s: IfStatement): void {
  const escape = { list: NO_JUMP };
  const n = s.clauses.length;
  for (let i = 0; i < n; i++) {
    testThenBlock(fs, s.clauses[i]!, i < n - 1 || s.orelse !== undefined, escape);
  }
  if (s.orelse !== undefined) {
    const last = s.clauses[n - 1]!;
    consumedAfter(fs.ctx, last.end, last.endLine); // 'else'
    block(fs, s.orelse);
  }
  consumed(fs.ctx, s); // 'end'
  patchToHere(fs, escape.list);
}

/** Loop body shared by both for loops; `base` holds the hidden control variables. */
function forBody(fs: FuncState, base: number, line: number, nvars: number, isNumeric: boolean, body: Block): void {
  adjustLocalVars(fs, 3); // the control variables
  const prep = isNumeric ? codeAsBx(fs, Op.FORPREP, base, NO_JUMP) : jump(fs);
  enterBlock(fs, false); // scope of the declared variables
  adjustLocalVars(fs, nvars);
  reserveRegs(fs, nvars);
  block(fs, body);
  leaveBlock(fs);
  patchToHere(fs, prep);
  let endFor: number;
  if (isNumeric) {
    endFor = codeAsBx(fs, Op.FORLOOP, base, NO_JUMP);
  } else {
    codeABC(fs, Op.TFORCALL, base, 0, nvars);
    fixLine(fs, line);
    endFor = codeAsBx(fs, Op.TFORLOOP, base + 2, NO_JUMP);
  }
  patchList(fs, endFor, prep + 1);
  fixLine(fs, line);
}

function exp1(fs: FuncState, node: Expression): void {
  const e = new ExpDesc();
  expr(fs, node, e);
  expToNextReg(fs, e);
}

function numericFor(fs: FuncState, s: NumericForStatement): void {
  const ctx = fs.ctx;
  enterBlock(fs, true);
  ctx.lastLine = s.line; // 'for'
  const base = fs.freereg;
  newLocalVar(fs, "(for index)");
  newLocalVar(fs, "(for limit)");
  newLocalVar(fs, "(for step)");
  consumed(ctx, s.variable);
  newLocalVar(fs, s.variable.name);
  consumedAfter(ctx, s.variable.end, s.variable.endLine); // '='
  exp1(fs, s.init);
  consumedAfter(ctx, s.init.end, s.init.endLine); // ','
  exp1(fs, s.limit);
  if (s.step !== undefined) {
    consumedAfter(ctx, s.limit.end, s.limit.endLine); // ','
    exp1(fs, s.step);
  } else {
    codeK(fs, fs.freereg, intK(fs, 1));
    reserveRegs(fs, 1);
  }
  const last = s.step ?? s.limit;
  consumedAfter(ctx, last.end, last.endLine); // 'do'
  forBody(fs, base, s.line, 1, true, s.body);
  consumed(ctx, s); // 'end'
  leaveBlock(fs);
}

function genericFor(fs: FuncState, s: GenericForStatement): void {
  const ctx = fs.ctx;
  enterBlock(fs, true);
  consumedFirst(ctx, s);
  const base = fs.freereg;
  newLocalVar(fs, "(for generator)");
  newLocalVar(fs, "(for state)");
  newLocalVar(fs, "(for control)");
  for (const n of s.names) {
    consumed(ctx, n);
    newLocalVar(fs, n.name);
  }
  const lastName = s.names[s.names.length - 1]!;
  consumedAfter(ctx, lastName.end, lastName.endLine); // 'in'
  const line = s.exprs[0]!.line;
  const e = new ExpDesc();
  adjustAssign(fs, 3, exprList(fs, s.exprs, e), e);
  checkStack(fs, 3); // room to call the generator
  const lastExpr = s.exprs[s.exprs.length - 1]!;
  consumedAfter(ctx, lastExpr.end, lastExpr.endLine); // 'do'
  forBody(fs, base, line, s.names.length, false, s.body);
  consumed(ctx, s); // 'end'
  leaveBlock(fs);
}

function returnStat(fs: FuncState, s: ReturnStatement): void {
  consumedFirst(fs.ctx, s);
  let first = 0;
  let nret = 0;
  if (s.exprs.length > 0) {
    const e = new ExpDesc();
    nret = exprList(fs, s.exprs, e);
    if (hasMultRet(e.k)) {
      setMultRet(fs, e);
      if (e.k === EK.Call && nret === 1) setOp(fs, e.info, Op.TAILCALL);
      first = fs.nactvar;
      nret = MULTRET;
    } else if (nret === 1) {
      first = expToAnyReg(fs, e);
    } else {
      expToNextReg(fs, e);
      first = fs.nactvar;
    }
  }
  codeReturn(fs, first, nret);
}
