// Constant folding of numeric operators, with the VM's exact arithmetic
// (number.ts). A fold never changes what the program would do at run time,
// so it is refused when the operation could raise (integer division or
// modulo by zero, bitwise operations on floats without an integer value) and
// when the result is a float NaN or zero (Lua keeps those out of constant
// tables: NaN is not a valid key there and -0.0 would merge with 0.0).

import {
  type LuaNumber,
  add,
  band,
  bnot,
  bor,
  bxor,
  div,
  idiv,
  mod,
  mul,
  pow,
  shl,
  shr,
  sub,
  toFloat,
  toInteger,
  unm,
} from "../number.js";
import { LuaFloat, mkFloat } from "../value.js";
import { BinOpr, EK, type ExpDesc } from "./code.js";

function numeralValue(e: ExpDesc): LuaNumber {
  return e.k === EK.KInt ? e.ival : mkFloat(e.nval);
}

function isZero(v: LuaNumber): boolean {
  return toFloat(v) === 0;
}

function hasIntegerValue(v: LuaNumber): boolean {
  return toInteger(v, "exact") !== undefined;
}

function compute(op: BinOpr, a: LuaNumber, b: LuaNumber): LuaNumber | undefined {
  switch (op) {
    case BinOpr.Add: return add(a, b);
    case BinOpr.Sub: return sub(a, b);
    case BinOpr.Mul: return mul(a, b);
    case BinOpr.Pow: return pow(a, b);
    case BinOpr.Div: return isZero(b) ? undefined : div(a, b);
    case BinOpr.IDiv: return isZero(b) ? undefined : idiv(a, b);
    case BinOpr.Mod: return isZero(b) ? undefined : mod(a, b);
    case BinOpr.BAnd:
    case BinOpr.BOr:
    case BinOpr.BXor:
    case BinOpr.Shl:
    case BinOpr.Shr:
      if (!hasIntegerValue(a) || !hasIntegerValue(b)) return undefined;
      switch (op) {
        case BinOpr.BAnd: return band(a, b);
        case BinOpr.BOr: return bor(a, b);
        case BinOpr.BXor: return bxor(a, b);
        case BinOpr.Shl: return shl(a, b);
        default: return shr(a, b);
      }
    default:
      return undefined;
  }
}

/** Stores a folded result into `e`; false (and `e` untouched) when it must not be folded. */
function setResult(e: ExpDesc, r: LuaNumber | undefined): boolean {
  if (r === undefined) return false;
  if (typeof r === "bigint" || (typeof r === "number" && Number.isInteger(r))) {
    e.k = EK.KInt;
    e.ival = r;
    return true;
  }
  const d = r instanceof LuaFloat ? r.n : r;
  if (d !== d || d === 0) return false;
  e.k = EK.KFlt;
  e.nval = d;
  return true;
}

/** Folds `e1 op e2` into e1 when both are numerals and the fold is safe. */
export function foldBinary(op: BinOpr, e1: ExpDesc, e2: ExpDesc): boolean {
  return setResult(e1, compute(op, numeralValue(e1), numeralValue(e2)));
}

/** Folds unary minus (op Sub) or bitwise not (op BXor) of a numeral. */
export function foldUnary(op: BinOpr, e: ExpDesc): boolean {
  const v = numeralValue(e);
  if (op === BinOpr.Sub) return setResult(e, unm(v));
  if (!hasIntegerValue(v)) return false;
  return setResult(e, bnot(v));
}
