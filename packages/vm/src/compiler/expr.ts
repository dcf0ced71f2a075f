// Expressions: walks the AST in the order Lua's parser reads the source and
// leaves each result as an ExpDesc for its consumer to place.

import type {
  BinaryExpression,
  BinaryOperator,
  CallExpression,
  Expression,
  MethodCallExpression,
  TableExpression,
  UnaryExpression,
  UnaryOperator,
} from "@wippy-lua/parser";
import { LFIELDS_PER_FLUSH, Op } from "../opcodes.js";
import {
  BinOpr,
  EK,
  ExpDesc,
  UnOpr,
  codeIndexed,
  codeInfix,
  codePostfix,
  codePrefix,
  codeSelf,
  codeSetList,
  dischargeVars,
  expToAnyRegUp,
  expToNextReg,
  expToRK,
  expToVal,
  hasMultRet,
  setMultRet,
} from "./code.js";
import {
  type FuncState,
  MULTRET,
  codeABC,
  consumed,
  consumedAfter,
  consumedFirst,
  fixLine,
  lineOf,
  markUpval,
  newUpvalue,
  searchUpvalue,
  searchVar,
  setB,
  setC,
  stringK,
  syntaxError,
} from "./func-state.js";
import { tokenEnd, tokenStart } from "./source-scan.js";
import { funcBody, functionLine } from "./stmt.js";
import { isPrimitiveValueName, primitiveTypeValue } from "./type-values.js";

const BINARY_OPS: Record<BinaryOperator, BinOpr> = {
  "+": BinOpr.Add, "-": BinOpr.Sub, "*": BinOpr.Mul, "%": BinOpr.Mod, "^": BinOpr.Pow,
  "/": BinOpr.Div, "//": BinOpr.IDiv, "&": BinOpr.BAnd, "|": BinOpr.BOr, "~": BinOpr.BXor,
  "<<": BinOpr.Shl, ">>": BinOpr.Shr, "..": BinOpr.Concat, "==": BinOpr.Eq, "<": BinOpr.Lt,
  "<=": BinOpr.Le, "~=": BinOpr.Ne, ">": BinOpr.Gt, ">=": BinOpr.Ge, and: BinOpr.And, or: BinOpr.Or,
};

const UNARY_OPS: Record<UnaryOperator, UnOpr> = {
  "-": UnOpr.Minus, "~": UnOpr.BNot, not: UnOpr.Not, "#": UnOpr.Len,
};

/** Compiles `node` into `e` (left symbolic: the caller decides where it goes). */
export function expr(fs: FuncState, node: Expression, e: ExpDesc): void {
  const ctx = fs.ctx;
  switch (node.kind) {
    case "Nil":
      e.init(EK.Nil, 0);
      break;
    case "True":
      e.init(EK.True, 0);
      break;
    case "False":
      e.init(EK.False, 0);
      break;
    case "Integer":
      e.init(EK.KInt, 0);
      e.ival = node.value;
      break;
    case "Float":
      e.init(EK.KFlt, 0);
      e.nval = node.value;
      break;
    case "String":
      e.init(EK.K, stringK(fs, node.value));
      break;
    case "Vararg":
      if (!fs.isVararg) syntaxError(ctx, "cannot use '...' outside a vararg function");
      // Emitted while `...` is still the lookahead token.
      e.init(EK.Vararg, codeABC(fs, Op.VARARG, 0, 1, 0));
      break;
    case "FunctionExpr":
      funcBody(fs, node, false, functionLine(fs, node), e);
      break;
    case "Table":
      constructor(fs, node, e);
      break;
    case "Binary":
      binary(fs, node, e);
      break;
    case "Unary":
      unary(fs, node, e);
      break;
    case "Name":
      consumed(ctx, node);
      nameValue(fs, node.name, node.line, e, false);
      break;
    case "Member":
      fieldBase(fs, node.object, e);
      expToAnyRegUp(fs, e);
      consumed(ctx, node);
      codeIndexed(fs, e, new ExpDesc().init(EK.K, stringK(fs, node.name)));
      break;
    case "Index": {
      fieldBase(fs, node.object, e);
      expToAnyRegUp(fs, e);
      consumedAfter(ctx, node.object.end, node.object.endLine); // '['
      const key = new ExpDesc();
      expr(fs, node.key, key);
      expToVal(fs, key);
      consumed(ctx, node); // ']'
      codeIndexed(fs, e, key);
      break;
    }
    case "Call":
      call(fs, node, e);
      break;
    case "MethodCall":
      methodCall(fs, node, e);
      break;
    case "Paren":
    case "Cast":
    case "NonNil":
      // A type cast or non-nil assertion is erased, and like parentheses it
      // makes a single value of a call or `...`.
      expr(fs, node.expr, e);
      consumed(ctx, node);
      dischargeVars(fs, e);
      break;
    default:
      throw new Error(`compiler: unknown expression kind ${(node as { kind: string }).kind}`);
  }
  consumed(ctx, node);
}

/** Finds `name` as a local, an upvalue or (VOID) a global, from `fs` outwards. */
function singleVarAux(fs: FuncState | null, name: string, e: ExpDesc, base: boolean): void {
  if (fs === null) {
    e.init(EK.Void, 0);
    return;
  }
  const reg = searchVar(fs, name);
  if (reg >= 0) {
    e.init(EK.Local, reg);
    if (!base) markUpval(fs, reg); // captured by an inner function
    return;
  }
  let idx = searchUpvalue(fs, name);
  if (idx < 0) {
    singleVarAux(fs.parent, name, e, false);
    if (e.k === EK.Void) return;
    idx = newUpvalue(fs, name, e.k === EK.Local, e.info);
  }
  e.init(EK.Upval, idx);
}

/** A variable reference; globals become _ENV[name]. */
export function singleVar(fs: FuncState, name: string, e: ExpDesc): void {
  singleVarAux(fs, name, e, true);
  if (e.k === EK.Void) globalVar(fs, name, e);
}

function globalVar(fs: FuncState, name: string, e: ExpDesc): void {
  singleVarAux(fs, "_ENV", e, true);
  if (e.k === EK.Void) throw new Error("compiler: _ENV is not visible");
  codeIndexed(fs, e, new ExpDesc().init(EK.K, stringK(fs, name)));
}

/**
 * A name read as a value. Primitive type names that are not variables are
 * type values (compile-time resolution, types.md §5.1); so is `string`,
 * through the global it names, except as the object of `string.f` /
 * `string[k]`, which index the global exactly as in Lua.
 */
function nameValue(fs: FuncState, name: string, line: number, e: ExpDesc, isFieldBase: boolean): void {
  singleVarAux(fs, name, e, true);
  if (e.k !== EK.Void) return;
  if (isPrimitiveValueName(name)) {
    primitiveTypeValue(fs, name, line, e);
    return;
  }
  globalVar(fs, name, e);
  if (name === "string" && !isFieldBase) {
    const global = new ExpDesc();
    global.copyFrom(e);
    primitiveTypeValue(fs, name, line, e, global);
  }
}

/** The object of `a.b` / `a[k]`. */
function fieldBase(fs: FuncState, node: Expression, e: ExpDesc): void {
  if (node.kind !== "Name") {
    expr(fs, node, e);
    return;
  }
  consumed(fs.ctx, node);
  nameValue(fs, node.name, node.line, e, true);
  consumed(fs.ctx, node);
}

/** Compiles an expression list; all but the last value go to consecutive registers. Returns the count. */
export function exprList(fs: FuncState, list: Expression[], e: ExpDesc): number {
  const n = list.length;
  for (let i = 0; i < n - 1; i++) {
    const item = list[i]!;
    expr(fs, item, e);
    consumedAfter(fs.ctx, item.end, item.endLine); // ','
    expToNextReg(fs, e);
  }
  expr(fs, list[n - 1]!, e);
  return n;
}

function binary(fs: FuncState, node: BinaryExpression, e: ExpDesc): void {
  const op = BINARY_OPS[node.operator];
  expr(fs, node.left, e);
  const line = consumedAfter(fs.ctx, node.left.end, node.left.endLine); // the operator
  codeInfix(fs, op, e);
  const e2 = new ExpDesc();
  expr(fs, node.right, e2);
  codePostfix(fs, op, e, e2, line);
}

function unary(fs: FuncState, node: UnaryExpression, e: ExpDesc): void {
  consumedFirst(fs.ctx, node);
  expr(fs, node.operand, e);
  codePrefix(fs, UNARY_OPS[node.operator], e, node.line);
}

function call(fs: FuncState, node: CallExpression, e: ExpDesc): void {
  expr(fs, node.callee, e);
  expToNextReg(fs, e);
  funcArgs(fs, node, e);
}

function methodCall(fs: FuncState, node: MethodCallExpression, e: ExpDesc): void {
  const ctx = fs.ctx;
  expr(fs, node.object, e);
  // ':' and the method name are consumed before SELF is emitted.
  if (ctx.source !== undefined) {
    const colonEnd = tokenEnd(ctx.source, tokenStart(ctx.source, node.object.end));
    const nameStart = tokenStart(ctx.source, colonEnd);
    ctx.lastLine = lineOf(ctx, nameStart);
    ctx.pos = tokenEnd(ctx.source, nameStart);
  }
  codeSelf(fs, e, new ExpDesc().init(EK.K, stringK(fs, node.name)));
  funcArgs(fs, node, e);
}

/** Arguments and the CALL; `f` holds the function in its register (base). */
function funcArgs(fs: FuncState, node: CallExpression | MethodCallExpression, f: ExpDesc): void {
  const args = node.args;
  const a = new ExpDesc();
  if (args.length === 0) {
    a.init(EK.Void, 0);
  } else {
    exprList(fs, args, a);
    setMultRet(fs, a);
  }
  consumed(fs.ctx, node); // ')' (or the string / table argument)
  const base = f.info;
  let nparams: number;
  if (hasMultRet(a.k)) {
    nparams = MULTRET;
  } else {
    if (a.k !== EK.Void) expToNextReg(fs, a);
    nparams = fs.freereg - (base + 1);
  }
  f.init(EK.Call, codeABC(fs, Op.CALL, base, nparams + 1, 2));
  // A call is attributed to the line where its prefix expression starts.
  fixLine(fs, node.line);
  fs.freereg = base + 1;
}

/** Lua's "floating point byte" (eeeeexxx) encoding of a size hint, rounding up. */
export function int2fb(x: number): number {
  if (x < 8) return x;
  let e = 0;
  while (x >= 16) {
    x = Math.ceil(x / 2);
    e++;
  }
  return ((e + 1) << 3) | (x - 8);
}

function constructor(fs: FuncState, node: TableExpression, t: ExpDesc): void {
  const ctx = fs.ctx;
  const pc = codeABC(fs, Op.NEWTABLE, 0, 0, 0);
  t.init(EK.Relocable, pc);
  expToNextReg(fs, t);
  consumedFirst(ctx, node); // '{'
  const item = new ExpDesc(); // the pending list item, not yet in its register
  let arrayCount = 0;
  let hashCount = 0;
  let toStore = 0;
  const fields = node.fields;
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i]!;
    if (i > 0) consumedAfter(ctx, fields[i - 1]!.end, fields[i - 1]!.endLine); // ',' or ';'
    if (item.k !== EK.Void) {
      expToNextReg(fs, item);
      item.k = EK.Void;
      if (toStore === LFIELDS_PER_FLUSH) {
        codeSetList(fs, t.info, arrayCount, toStore);
        toStore = 0;
      }
    }
    if (field.kind === "PositionalField") {
      expr(fs, field.value, item);
      arrayCount++;
      toStore++;
      continue;
    }
    const reg = fs.freereg;
    const key = new ExpDesc();
    if (field.kind === "NamedField") {
      key.init(EK.K, stringK(fs, field.name));
      const nameEnd = ctx.source === undefined ? field.start : tokenEnd(ctx.source, tokenStart(ctx.source, field.start));
      consumedAfter(ctx, nameEnd, field.line); // '='
    } else {
      consumedFirst(ctx, field); // '['
      expr(fs, field.key, key);
      expToVal(fs, key);
      consumedAfter(ctx, field.key.end, field.key.endLine); // ']'
      consumedAfter(ctx, ctx.pos, ctx.lastLine); // '='
    }
    hashCount++;
    const rkKey = expToRK(fs, key);
    const val = new ExpDesc();
    expr(fs, field.value, val);
    codeABC(fs, Op.SETTABLE, t.info, rkKey, expToRK(fs, val));
    fs.freereg = reg;
  }
  consumed(ctx, node); // '}'
  if (toStore > 0) {
    if (hasMultRet(item.k)) {
      setMultRet(fs, item);
      codeSetList(fs, t.info, arrayCount, MULTRET);
      arrayCount--; // the open call or vararg is not counted in the size hint
    } else {
      if (item.k !== EK.Void) expToNextReg(fs, item);
      codeSetList(fs, t.info, arrayCount, toStore);
    }
  }
  setB(fs, pc, int2fb(arrayCount));
  setC(fs, pc, int2fb(hashCount));
}
