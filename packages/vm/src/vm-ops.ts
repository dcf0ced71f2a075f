// The slow paths of the opcodes: everything that may involve coercions,
// metamethods or errors (lvm.c/ltm.c's territory).
//
// Each operation takes `ci`, the Lua frame running the opcode, or null when
// called from host code. From a Lua frame a metamethod is called by pushing
// a frame and returning PENDING: the execute loop runs it, and when it
// returns, finishOp completes the interrupted opcode with its result (so
// metamethods can yield). From host code metamethods are nested calls.

import type { LuaError } from "./lua-error.js";
import { runtimeError } from "./runtime-error.js";
import { HostFunction, LuaClosure } from "./function.js";
import { fasttm, getTM, isFalse, objTypeName, TM } from "./meta.js";
import * as num from "./number.js";
import type { LuaNumber } from "./number.js";
import { numberToString, stringToNumber } from "./numconv.js";
import { BITRK, getA, getOp, Op } from "./opcodes.js";
import { CIST, type CallInfo, type LuaThread } from "./state.js";
import { LuaTable } from "./table.js";
import { LuaUserdata } from "./userdata.js";
import { LuaFloat, mkFloat, type LuaValue } from "./value.js";
import { call1, ensureStack, luaCall, MINSTACK, Pre, precall } from "./call.js";
import { varInfoReg, varInfoUpval } from "./debug-info.js";

/** Returned by a slow path that pushed a metamethod frame. */
export const PENDING: unique symbol = Symbol("pending");
export type OpResult = LuaValue | typeof PENDING;

/** Lua's MAXTAGLOOP: longest __index/__newindex chain. */
const MAXTAGLOOP = 2000;

/** Varinfo source: a register (>= 0), an upvalue (-2 - index) or none (-1). */
export const NO_VAR = -1;
export const upvalVar = (i: number): number => -2 - i;

function varInfo(ci: CallInfo | null, vi: number): string {
  if (ci === null || vi === NO_VAR) return "";
  return vi >= 0 ? varInfoReg(ci, vi) : varInfoUpval(ci, -2 - vi);
}

export function typeError(L: LuaThread, v: LuaValue, op: string, vinfo: string): LuaError {
  return runtimeError(`attempt to ${op} a ${objTypeName(L.G, v)} value${vinfo}`);
}

function isCallable(v: LuaValue): boolean {
  return v instanceof LuaClosure || v instanceof HostFunction;
}

/**
 * Calls metamethod `f` for the opcode running in Lua frame `ci` (its frame
 * slot is ci.top, above every register). Returns the result when the call
 * completed at once, PENDING when a frame was pushed or the thread switched.
 */
function callTM(L: LuaThread, ci: CallInfo, f: LuaValue, a: LuaValue, b: LuaValue, c: LuaValue,
  nargs: number, nres: number, flags: number): OpResult {
  const func = ci.top;
  ensureStack(L, func + 4 + MINSTACK);
  const s = L.stack;
  s[func] = f;
  s[func + 1] = a;
  s[func + 2] = b;
  if (nargs === 3) s[func + 3] = c;
  L.top = func + 1 + nargs;
  const r = precall(L, func, nres, CIST.Fin | flags);
  if (r === Pre.Done) {
    L.top = ci.top;
    return s[func];
  }
  L.G.lastPre = r;
  return PENDING;
}

function callTMFrom(L: LuaThread, ci: CallInfo | null, f: LuaValue, a: LuaValue, b: LuaValue, flags = 0): OpResult {
  if (ci === null) return call1(L, f, a, b);
  return callTM(L, ci, f, a, b, undefined, 2, 1, flags);
}

// ---------------------------------------------------------------- indexing

/** t[key] with __index (luaV_finishget). `vi` names `t` for error messages. */
export function index(L: LuaThread, ci: CallInfo | null, t: LuaValue, key: LuaValue, vi: number): OpResult {
  const G = L.G;
  for (let loop = 0; loop < MAXTAGLOOP; loop++) {
    let tm: LuaValue;
    if (t instanceof LuaTable) {
      const v = t.get(key);
      if (v !== undefined) return v;
      tm = fasttm(t.metatable, TM.Index);
      if (tm === undefined) return undefined;
    } else {
      tm = getTM(G, t, TM.Index);
      if (tm === undefined) throw typeError(L, t, "index", loop === 0 ? varInfo(ci, vi) : "");
    }
    if (isCallable(tm)) return callTMFrom(L, ci, tm, t, key);
    t = tm;
  }
  throw runtimeError("'__index' chain too long; possible loop");
}

/** t[key] = v with __newindex (luaV_finishset). Returns undefined or PENDING. */
export function setIndex(L: LuaThread, ci: CallInfo | null, t: LuaValue, key: LuaValue, v: LuaValue,
  vi: number): OpResult {
  const G = L.G;
  for (let loop = 0; loop < MAXTAGLOOP; loop++) {
    let tm: LuaValue;
    if (t instanceof LuaTable) {
      const mt = t.metatable;
      if (mt === null || t.get(key) !== undefined) {
        t.set(key, v);
        return undefined;
      }
      tm = fasttm(mt, TM.NewIndex);
      if (tm === undefined) {
        t.set(key, v);
        return undefined;
      }
    } else {
      tm = getTM(G, t, TM.NewIndex);
      if (tm === undefined) throw typeError(L, t, "index", loop === 0 ? varInfo(ci, vi) : "");
    }
    if (isCallable(tm)) {
      if (ci === null) {
        const func = Math.max(L.top, L.ci.top);
        ensureStack(L, func + 4 + MINSTACK);
        const s = L.stack;
        s[func] = tm;
        s[func + 1] = t;
        s[func + 2] = key;
        s[func + 3] = v;
        const saved = L.top;
        L.top = func + 4;
        try {
          luaCall(L, func, 0);
        } finally {
          L.top = saved;
        }
        return undefined;
      }
      const r = callTM(L, ci, tm, t, key, v, 3, 0, 0);
      return r === PENDING ? PENDING : undefined;
    }
    t = tm;
  }
  throw runtimeError("'__newindex' chain too long; possible loop");
}

// ---------------------------------------------------------------- arithmetic

/** A number, or a string converted to one (Lua's string coercion), or undefined. */
export function toNumber(v: LuaValue): LuaNumber | undefined {
  if (typeof v === "number" || typeof v === "bigint" || v instanceof LuaFloat) return v;
  if (typeof v === "string") return stringToNumber(v);
  return undefined;
}

type BinFn = (a: LuaNumber, b: LuaNumber) => LuaNumber;
const BIN_FNS: readonly BinFn[] = [
  num.add, num.sub, num.mul, num.mod, num.pow, num.div, num.idiv,
  num.band, num.bor, num.bxor, num.shl, num.shr,
  (a) => num.unm(a), (a) => num.bnot(a),
];

/**
 * Arithmetic or bitwise event `ev` (TM.Add .. TM.BNot) on a and b, with
 * string coercion and metamethods. `va`/`vb` name the operands for errors.
 */
export function arith(L: LuaThread, ci: CallInfo | null, ev: TM, a: LuaValue, b: LuaValue,
  va: number, vb: number): OpResult {
  const na = toNumber(a);
  const nb = toNumber(b);
  const bitwise = ev >= TM.BAnd && ev <= TM.Shr || ev === TM.BNot;
  if (na !== undefined && nb !== undefined) {
    if (!bitwise) {
      // Strings coerce to floats for arithmetic (lvm.c's luaV_tonumber_).
      if (typeof a === "string" || typeof b === "string") {
        return BIN_FNS[ev - TM.Add]!(mkFloat(num.toFloat(na)), mkFloat(num.toFloat(nb)));
      }
      return BIN_FNS[ev - TM.Add]!(na, nb);
    }
    const ia = num.toInteger(na);
    const ib = num.toInteger(nb);
    if (ia !== undefined && ib !== undefined) return BIN_FNS[ev - TM.Add]!(ia, ib);
  }
  let tm = getTM(L.G, a, ev);
  if (tm === undefined) tm = getTM(L.G, b, ev);
  if (tm === undefined) {
    if (bitwise && na !== undefined && nb !== undefined) {
      const culprit = num.toInteger(na) === undefined ? va : vb;
      throw runtimeError(`number${varInfo(ci, culprit)} has no integer representation`);
    }
    const first = na === undefined;
    throw typeError(L, first ? a : b, bitwise ? "perform bitwise operation on" : "perform arithmetic on",
      varInfo(ci, first ? va : vb));
  }
  return callTMFrom(L, ci, tm, a, b);
}

/** Varinfo source of RK operand `rk`: a register or nothing for constants. */
export function rkVar(rk: number): number {
  return rk >= BITRK ? NO_VAR : rk;
}

// ---------------------------------------------------------------- comparisons

function orderError(L: LuaThread, a: LuaValue, b: LuaValue): LuaError {
  const t1 = objTypeName(L.G, a);
  const t2 = objTypeName(L.G, b);
  return runtimeError(t1 === t2 ? `attempt to compare two ${t1} values` : `attempt to compare ${t1} with ${t2}`);
}

function isNumber(v: LuaValue): v is LuaNumber {
  return typeof v === "number" || typeof v === "bigint" || v instanceof LuaFloat;
}

/** a < b; boolean, or PENDING while a Lua __lt runs. */
export function lessThan(L: LuaThread, ci: CallInfo | null, a: LuaValue, b: LuaValue): boolean | typeof PENDING {
  if (isNumber(a) && isNumber(b)) return num.lt(a, b);
  if (typeof a === "string" && typeof b === "string") return a < b;
  let tm = getTM(L.G, a, TM.Lt);
  if (tm === undefined) tm = getTM(L.G, b, TM.Lt);
  if (tm === undefined) throw orderError(L, a, b);
  const r = callTMFrom(L, ci, tm, a, b);
  return r === PENDING ? PENDING : !isFalse(r);
}

/** a <= b, falling back to not (b < a) like Lua 5.3. */
export function lessEqual(L: LuaThread, ci: CallInfo | null, a: LuaValue, b: LuaValue): boolean | typeof PENDING {
  if (isNumber(a) && isNumber(b)) return num.le(a, b);
  if (typeof a === "string" && typeof b === "string") return a <= b;
  let tm = getTM(L.G, a, TM.Le);
  if (tm === undefined) tm = getTM(L.G, b, TM.Le);
  if (tm !== undefined) {
    const r = callTMFrom(L, ci, tm, a, b);
    return r === PENDING ? PENDING : !isFalse(r);
  }
  tm = getTM(L.G, b, TM.Lt);
  if (tm === undefined) tm = getTM(L.G, a, TM.Lt);
  if (tm === undefined) throw orderError(L, a, b);
  const r = callTMFrom(L, ci, tm, b, a, CIST.Leq);
  return r === PENDING ? PENDING : isFalse(r);
}

/** a == b with __eq for two tables or two userdata. */
export function equals(L: LuaThread, ci: CallInfo | null, a: LuaValue, b: LuaValue): boolean | typeof PENDING {
  if (a === b) return true;
  if (isNumber(a)) return isNumber(b) && num.eq(a, b);
  let tm: LuaValue;
  if (a instanceof LuaTable && b instanceof LuaTable) {
    tm = fasttm(a.metatable, TM.Eq);
    if (tm === undefined) tm = fasttm(b.metatable, TM.Eq);
  } else if (a instanceof LuaUserdata && b instanceof LuaUserdata) {
    tm = fasttm(a.metatable, TM.Eq);
    if (tm === undefined) tm = fasttm(b.metatable, TM.Eq);
  } else {
    return false;
  }
  if (tm === undefined) return false;
  const r = callTMFrom(L, ci, tm, a, b);
  return r === PENDING ? PENDING : !isFalse(r);
}

/** Raw equality (rawequal). */
export function rawEquals(a: LuaValue, b: LuaValue): boolean {
  if (a === b) return true;
  return isNumber(a) && isNumber(b) && num.eq(a, b);
}

// ---------------------------------------------------------------- length, concat

/** #v with __len. */
export function length(L: LuaThread, ci: CallInfo | null, v: LuaValue, vi: number): OpResult {
  if (typeof v === "string") return v.length;
  let tm: LuaValue;
  if (v instanceof LuaTable) {
    tm = fasttm(v.metatable, TM.Len);
    if (tm === undefined) return v.length();
  } else {
    tm = getTM(L.G, v, TM.Len);
    if (tm === undefined) throw typeError(L, v, "get length of", varInfo(ci, vi));
  }
  return callTMFrom(L, ci, tm, v, v);
}

function isStrNum(v: LuaValue): boolean {
  return typeof v === "string" || typeof v === "number" || typeof v === "bigint" || v instanceof LuaFloat;
}

function strOf(v: LuaValue): string {
  return typeof v === "string" ? v : numberToString(v as LuaNumber);
}

/**
 * Joins L.stack[first .. top-1] right to left (luaV_concat) into
 * L.stack[first]. From a Lua frame, returns PENDING when a __concat frame
 * was pushed; ci.extra then records how far it got.
 */
export function concat(L: LuaThread, ci: CallInfo | null, first: number, top: number): typeof PENDING | undefined {
  const s = L.stack;
  while (top - first > 1) {
    const a = s[top - 2];
    const b = s[top - 1];
    if (isStrNum(a) && isStrNum(b)) {
      let n = 2;
      while (top - n - 1 >= first && isStrNum(s[top - n - 1])) n++;
      let r = "";
      for (let j = top - n; j < top; j++) r += strOf(s[j]);
      s[top - n] = r;
      top -= n - 1;
      continue;
    }
    let tm = getTM(L.G, a, TM.Concat);
    if (tm === undefined) tm = getTM(L.G, b, TM.Concat);
    if (tm === undefined) {
      const culpritIdx = isStrNum(a) ? top - 1 : top - 2;
      const vi = ci !== null ? varInfoReg(ci, culpritIdx - ci.base) : "";
      throw typeError(L, s[culpritIdx], "concatenate", vi);
    }
    if (ci === null) {
      s[top - 2] = call1(L, tm, a, b);
    } else {
      ci.extra = top;
      const r = callTM(L, ci, tm, a, b, undefined, 2, 1, 0);
      if (r === PENDING) return PENDING;
      ci.extra = 0;
      s[top - 2] = r;
    }
    top--;
  }
  return undefined;
}

// ---------------------------------------------------------------- finishing opcodes

/**
 * A metamethod called by the opcode before ci.savedPc has returned its
 * result (at stack[ci.top]): complete that opcode (lvm.c's luaV_finishOp).
 */
export function finishOp(L: LuaThread, ci: CallInfo, calleeStatus: number): void {
  const code = ci.closure!.proto.code;
  const i = code[ci.savedPc - 1]!;
  const s = L.stack;
  const v = s[ci.top];
  switch (getOp(i)) {
    case Op.EQ:
    case Op.LT:
    case Op.LE: {
      let res = !isFalse(v);
      if (calleeStatus & CIST.Leq) res = !res;
      if (res !== (getA(i) !== 0)) ci.savedPc++;
      return;
    }
    case Op.CONCAT: {
      // Put the result in place and run the CONCAT again to join the rest.
      const top = ci.extra;
      s[top - 2] = v;
      ci.extra = top - 1;
      ci.savedPc--;
      return;
    }
    case Op.SETTABUP:
    case Op.SETTABLE:
    case Op.TFORCALL:
    case Op.CALL:
    case Op.TAILCALL:
      return;
    default:
      s[ci.base + getA(i)] = v;
  }
}
