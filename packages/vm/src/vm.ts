// The execute loop: one function, one switch on the opcode, the running
// frame's state in locals. Calls and returns between Lua functions, thread
// switches of coroutines and metamethod frames all happen inside this loop
// (no JS recursion); see call.ts for the frame machinery and vm-ops.ts for
// the slow paths of the opcodes.

import { LuaError } from "./lua-error.js";
import {
  addPosition, closeUpvals, coroutineDied, ensureStack, findUpval, MINSTACK, Pre, precall,
  pushLuaFrame, recoverAt, runMessageHandler, settle, Settle, setupLuaFrame, toLuaError,
} from "./call.js";
import { LuaClosure, type UpVal } from "./function.js";
import { TM } from "./meta.js";
import { whereCi } from "./debug-info.js";
import { autoCollect } from "./gc.js";
import { HOOK_CALL, HOOK_LINE, HOOK_RET, hookedThreads, hookOf, runHook, traceExec, type Hook } from "./hook.js";
import { jitBackEdge, jitBudgetAt, jitEnter, jitEnterFresh, jitError, JitResult, jitStates } from "./jit/runtime.js";
import * as num from "./number.js";
import { MAXARG_sBx } from "./opcodes.js";
import type { UpvalueDesc } from "./proto.js";
import { CIST, type CallInfo, type LuaState, type LuaThread } from "./state.js";
import { LuaTable } from "./table.js";
import { LuaFloat, mkFloat, mkInt, type LuaValue } from "./value.js";
import {
  arith, concat, equals, index, length, lessEqual, lessThan, NO_VAR, PENDING, rkVar, setIndex, toNumber,
  upvalVar,
} from "./vm-ops.js";

/** How an execute() ended. */
export const enum Exec {
  /** The frame it was asked to run returned (results from its function slot up to L.top). */
  Done,
  /** A host function returned a promise; root.active is parked. */
  Suspend,
  /** The instruction budget ran out; root.active is parked. */
  Budget,
}

const EMPTY_CODE: Int32Array = new Int32Array(0);
/** 2^0 .. 2^31, for left shifts whose result leaves int32. */
const POW2: Float64Array = Float64Array.from({ length: 32 }, (_, n) => 2 ** n);
/**
 * Lua 5.3's closure cache: the last closure made from each prototype. Kept
 * beside the Proto rather than on it so that every Proto keeps one shape
 * (an added field made the execute loop's proto reads polymorphic: binary_trees
 * ran 2x slower).
 */
const EMPTY_K: LuaValue[] = [];
const EMPTY_UPVALS: UpVal[] = [];

/**
 * Runs Lua code. With func >= 0, first calls the value at L.stack[func]
 * (arguments up to L.top) as a Fresh frame; with func < 0, continues the
 * parked G.running. `root` is the thread given to runThread (null for
 * nested calls from host code, which cannot park). `pendingError` is raised
 * at the parked point first (a rejected promise).
 */
export function execute(L0: LuaThread, root: LuaThread | null, func: number, nresults: number,
  pendingError: LuaError | null = null): Exec {
  const G = L0.G;
  let L = L0;
  let ci: CallInfo = L.ci;
  let cl: LuaClosure | null = null;
  let code = EMPTY_CODE;
  let k = EMPTY_K;
  let upvals = EMPTY_UPVALS;
  let base = 0;
  let pc = 0;
  let stack = L.stack;
  let started = func < 0;
  /** The running thread's debug hook; null (almost always) when it has none. */
  let hook: Hook | null = null;
  // The caller's frame: an error raised before this call's Fresh frame exists
  // (calling a non-function) belongs to the caller, not to a pcall below it.
  const entryCi = started ? null : L0.ci;

  for (;;) {
    try {
      if (!started) {
        started = true;
        const r = precall(L, func, nresults, CIST.Fresh);
        if (r === Pre.Done || r === Pre.FreshDone) return Exec.Done;
        if (r === Pre.Suspend) {
          G.lastPre = r;
          const x = pendingOutcome(G, root);
          if (x >= 0) return x;
        }
      }
      if (pendingError !== null) {
        const e = pendingError;
        pendingError = null;
        // The handler below records pc as the position of a Lua frame.
        ci = G.running.ci;
        pc = ci.savedPc;
        throw e;
      }
      newframe: for (;;) {
        L = G.running;
        ci = L.ci;
        cl = ci.closure!;
        const p = cl.proto;
        code = p.code;
        k = p.constants;
        upvals = cl.upvals;
        base = ci.base;
        pc = ci.savedPc;
        stack = L.stack;
        if (hookedThreads !== 0) {
          hook = hookOf(L);
          if (hook !== null && pc === 0 && (hook.mask & HOOK_CALL) !== 0) {
            runHook(L, hook, ci, (ci.status & CIST.Tail) !== 0 ? "tail call" : "call", undefined);
            hook = hookedThreads !== 0 ? hookOf(L) : null; // the hook may have changed it
          }
        } else hook = null;
        if (jitStates !== 0 && hook === null) {
          // Second tier (jit/runtime.ts): run or continue this frame in compiled code.
          const jr = jitEnter(L, ci);
          if (jr !== JitResult.None) {
            if (jr === JitResult.Threw) {
              pc = ci.savedPc;
              throw jitError();
            }
            const x = jr === JitResult.Budget ? budgetHit(G, root, L, jitBudgetAt()) : pendingOutcome(G, root);
            if (x >= 0) return x;
            continue newframe;
          }
        }
        for (;;) {
          const i = code[pc++]!;
          if (hook !== null && (hook.mask & ~(HOOK_CALL | HOOK_RET)) !== 0) {
            ci.savedPc = pc;
            traceExec(L, hook, ci, pc - 1);
            hook = hookedThreads !== 0 ? hookOf(L) : null;
          }
          const ra = base + ((i >>> 6) & 0xff);
          switch (i & 0x3f) {
            case 0: // MOVE
              stack[ra] = stack[base + (i >>> 23)];
              break;
            case 1: // LOADK
              stack[ra] = k[i >>> 14];
              break;
            case 2: // LOADKX
              stack[ra] = k[code[pc++]! >>> 6];
              break;
            case 3: // LOADBOOL
              stack[ra] = i >>> 23 !== 0;
              if (((i >>> 14) & 0x1ff) !== 0) pc++;
              break;
            case 4: { // LOADNIL
              const last = ra + (i >>> 23);
              for (let r = ra; r <= last; r++) stack[r] = undefined;
              break;
            }
            case 5: { // GETUPVAL
              const uv = upvals[i >>> 23]!;
              stack[ra] = uv.stack !== null ? uv.stack[uv.index] : uv.value;
              break;
            }
            case 6: { // GETTABUP
              const b = i >>> 23;
              const uv = upvals[b]!;
              const t = uv.stack !== null ? uv.stack[uv.index] : uv.value;
              const c = (i >>> 14) & 0x1ff;
              const key = c >= 256 ? k[c - 256] : stack[base + c];
              if (t instanceof LuaTable) {
                const v = tableGet(t, key);
                if (v !== null) {
                  stack[ra] = v;
                  break;
                }
              }
              ci.savedPc = pc;
              const r = index(L, ci, t, key, upvalVar(b));
              if (r === PENDING) {
                const x = pendingOutcome(G, root);
                if (x >= 0) return x;
                continue newframe;
              }
              stack[ra] = r;
              break;
            }
            case 7: { // GETTABLE
              const b = i >>> 23;
              const t = stack[base + b];
              const c = (i >>> 14) & 0x1ff;
              const key = c >= 256 ? k[c - 256] : stack[base + c];
              if (t instanceof LuaTable) {
                let v: LuaValue | null;
                if (typeof key === "string") {
                  v = getStrChain(t, key);
                  if (v !== null) {
                    stack[ra] = v;
                    break;
                  }
                } else if (typeof key === "number" && t.constructor === LuaTable) {
                  const j = key - 1;
                  const arr = t.arr;
                  v = j >>> 0 === j && j < arr.length ? arr[j] : t.get(key);
                } else v = t.get(key);
                if (v !== null && (v !== undefined || t.metatable === null)) {
                  stack[ra] = v;
                  break;
                }
              }
              ci.savedPc = pc;
              const r = index(L, ci, t, key, b);
              if (r === PENDING) {
                const x = pendingOutcome(G, root);
                if (x >= 0) return x;
                continue newframe;
              }
              stack[ra] = r;
              break;
            }
            case 8: { // SETTABUP
              const a = (i >>> 6) & 0xff;
              const uv = upvals[a]!;
              const t = uv.stack !== null ? uv.stack[uv.index] : uv.value;
              const b = i >>> 23;
              const c = (i >>> 14) & 0x1ff;
              const key = b >= 256 ? k[b - 256] : stack[base + b];
              const v = c >= 256 ? k[c - 256] : stack[base + c];
              if (t instanceof LuaTable && (t.metatable === null || rawSetExisting(t, key, v))) {
                if (t.metatable === null) t.set(key, v);
                break;
              }
              ci.savedPc = pc;
              if (setIndex(L, ci, t, key, v, upvalVar(a)) === PENDING) {
                const x = pendingOutcome(G, root);
                if (x >= 0) return x;
                continue newframe;
              }
              break;
            }
            case 9: { // SETUPVAL
              const uv = upvals[i >>> 23]!;
              if (uv.stack !== null) uv.stack[uv.index] = stack[ra];
              else uv.value = stack[ra];
              break;
            }
            case 10: { // SETTABLE
              const t = stack[ra];
              const b = i >>> 23;
              const c = (i >>> 14) & 0x1ff;
              const key = b >= 256 ? k[b - 256] : stack[base + b];
              const v = c >= 256 ? k[c - 256] : stack[base + c];
              if (t instanceof LuaTable) {
                // Existing keys take one step; new keys and metatables go the general way.
                if (t.constructor !== LuaTable) {
                  // Its own accessors (copy-on-write tables).
                } else if (typeof key === "string") {
                  const o = t.strs;
                  if (o !== null && v !== undefined && o[key] !== undefined) {
                    o[key] = v;
                    break;
                  }
                } else if (typeof key === "number") {
                  const j = key - 1;
                  const arr = t.arr;
                  if (j >>> 0 === j && j < arr.length && arr[j] !== undefined) {
                    arr[j] = v;
                    break;
                  }
                }
                // No metatable, or one known to have no __newindex (meta.ts's fasttm): a raw set.
                const mt = t.metatable;
                if (mt === null || (mt.tmAbsent & (1 << TM.NewIndex)) !== 0) {
                  t.set(key, v);
                  break;
                }
              }
              ci.savedPc = pc;
              if (setIndex(L, ci, t, key, v, (i >>> 6) & 0xff) === PENDING) {
                const x = pendingOutcome(G, root);
                if (x >= 0) return x;
                continue newframe;
              }
              break;
            }
            case 11: // NEWTABLE
              stack[ra] = new LuaTable();
              if (--G.gcDebt <= 0) {
                ci.savedPc = pc;
                autoCollect(L, ci.top);
              }
              break;
            case 12: { // SELF
              const b = i >>> 23;
              const t = stack[base + b];
              const c = (i >>> 14) & 0x1ff;
              const key = c >= 256 ? k[c - 256] : stack[base + c];
              stack[ra + 1] = t;
              if (typeof t === "string" && typeof key === "string") {
                const v = strMethod(G, key);
                if (v !== undefined) {
                  stack[ra] = v;
                  break;
                }
              } else if (t instanceof LuaTable) {
                const v = tableGet(t, key);
                if (v !== null) {
                  stack[ra] = v;
                  break;
                }
              }
              ci.savedPc = pc;
              const r = index(L, ci, t, key, b);
              if (r === PENDING) {
                const x = pendingOutcome(G, root);
                if (x >= 0) return x;
                continue newframe;
              }
              stack[ra] = r;
              break;
            }
            case 13: { // ADD
              const b = i >>> 23;
              const c = (i >>> 14) & 0x1ff;
              const rb = b >= 256 ? k[b - 256] : stack[base + b];
              const rc = c >= 256 ? k[c - 256] : stack[base + c];
              if (typeof rb === "number" && typeof rc === "number") {
                const r = rb + rc;
                // Two int32 integers: the exact result is an integer well inside 2^53.
                if ((rb | 0) === rb && (rc | 0) === rc) {
                  stack[ra] = r;
                  break;
                }
                if (!Number.isInteger(r)) {
                  stack[ra] = r;
                  break;
                }
                if (Number.isInteger(rb) && Number.isInteger(rc)) {
                  if (r <= 9007199254740991 && r >= -9007199254740991) {
                    stack[ra] = r;
                    break;
                  }
                } else {
                  stack[ra] = new LuaFloat(r);
                  break;
                }
              }
              ci.savedPc = pc;
              const r = arith(L, ci, TM.Add, rb, rc, rkVar(b), rkVar(c));
              if (r === PENDING) {
                const x = pendingOutcome(G, root);
                if (x >= 0) return x;
                continue newframe;
              }
              stack[ra] = r;
              break;
            }
            case 14: { // SUB
              const b = i >>> 23;
              const c = (i >>> 14) & 0x1ff;
              const rb = b >= 256 ? k[b - 256] : stack[base + b];
              const rc = c >= 256 ? k[c - 256] : stack[base + c];
              if (typeof rb === "number" && typeof rc === "number") {
                const r = rb - rc;
                // Two int32 integers: the exact result is an integer well inside 2^53.
                if ((rb | 0) === rb && (rc | 0) === rc) {
                  stack[ra] = r;
                  break;
                }
                if (!Number.isInteger(r)) {
                  stack[ra] = r;
                  break;
                }
                if (Number.isInteger(rb) && Number.isInteger(rc)) {
                  if (r <= 9007199254740991 && r >= -9007199254740991) {
                    stack[ra] = r + 0;
                    break;
                  }
                } else {
                  stack[ra] = new LuaFloat(r);
                  break;
                }
              }
              ci.savedPc = pc;
              const r = arith(L, ci, TM.Sub, rb, rc, rkVar(b), rkVar(c));
              if (r === PENDING) {
                const x = pendingOutcome(G, root);
                if (x >= 0) return x;
                continue newframe;
              }
              stack[ra] = r;
              break;
            }
            case 15: { // MUL
              const b = i >>> 23;
              const c = (i >>> 14) & 0x1ff;
              const rb = b >= 256 ? k[b - 256] : stack[base + b];
              const rc = c >= 256 ? k[c - 256] : stack[base + c];
              if (typeof rb === "number" && typeof rc === "number") {
                const r = rb * rc;
                // Two int32 integers: exact while the product stays within 2^53.
                if ((rb | 0) === rb && (rc | 0) === rc && r <= 9007199254740991 && r >= -9007199254740991) {
                  stack[ra] = r + 0;
                  break;
                }
                if (!Number.isInteger(r)) {
                  stack[ra] = r;
                  break;
                }
                if (Number.isInteger(rb) && Number.isInteger(rc)) {
                  if (r <= 9007199254740991 && r >= -9007199254740991) {
                    stack[ra] = r + 0;
                    break;
                  }
                } else {
                  stack[ra] = new LuaFloat(r);
                  break;
                }
              }
              ci.savedPc = pc;
              const r = arith(L, ci, TM.Mul, rb, rc, rkVar(b), rkVar(c));
              if (r === PENDING) {
                const x = pendingOutcome(G, root);
                if (x >= 0) return x;
                continue newframe;
              }
              stack[ra] = r;
              break;
            }
            case 16: { // MOD
              const b = i >>> 23;
              const c = (i >>> 14) & 0x1ff;
              const rb = b >= 256 ? k[b - 256] : stack[base + b];
              const rc = c >= 256 ? k[c - 256] : stack[base + c];
              if (typeof rb === "number" && typeof rc === "number" && Number.isInteger(rb) && Number.isInteger(rc)
                && rc !== 0) {
                const m = rb % rc;
                stack[ra] = m !== 0 && m < 0 !== rc < 0 ? m + rc : m + 0;
                break;
              }
              ci.savedPc = pc;
              const r = arith(L, ci, TM.Mod, rb, rc, rkVar(b), rkVar(c));
              if (r === PENDING) {
                const x = pendingOutcome(G, root);
                if (x >= 0) return x;
                continue newframe;
              }
              stack[ra] = r;
              break;
            }
            case 17: { // POW
              const b = i >>> 23;
              const c = (i >>> 14) & 0x1ff;
              const rb = b >= 256 ? k[b - 256] : stack[base + b];
              const rc = c >= 256 ? k[c - 256] : stack[base + c];
              if (typeof rb === "number" && typeof rc === "number") {
                const r = num.powFloat(rb, rc);
                stack[ra] = Number.isInteger(r) ? new LuaFloat(r) : r;
                break;
              }
              ci.savedPc = pc;
              const r = arith(L, ci, TM.Pow, rb, rc, rkVar(b), rkVar(c));
              if (r === PENDING) {
                const x = pendingOutcome(G, root);
                if (x >= 0) return x;
                continue newframe;
              }
              stack[ra] = r;
              break;
            }
            case 18: { // DIV
              const b = i >>> 23;
              const c = (i >>> 14) & 0x1ff;
              const rb = b >= 256 ? k[b - 256] : stack[base + b];
              const rc = c >= 256 ? k[c - 256] : stack[base + c];
              if (typeof rb === "number" && typeof rc === "number") {
                const r = rb / rc;
                if (r === r) {
                  stack[ra] = Number.isInteger(r) ? new LuaFloat(r) : r;
                  break;
                }
              }
              ci.savedPc = pc;
              const r = arith(L, ci, TM.Div, rb, rc, rkVar(b), rkVar(c));
              if (r === PENDING) {
                const x = pendingOutcome(G, root);
                if (x >= 0) return x;
                continue newframe;
              }
              stack[ra] = r;
              break;
            }
            case 19: { // IDIV
              const b = i >>> 23;
              const c = (i >>> 14) & 0x1ff;
              const rb = b >= 256 ? k[b - 256] : stack[base + b];
              const rc = c >= 256 ? k[c - 256] : stack[base + c];
              if (typeof rb === "number" && typeof rc === "number" && (rb | 0) === rb && (rc | 0) === rc && rc !== 0) {
                // int32 operands: the double quotient is close enough that its floor is exact.
                stack[ra] = Math.floor(rb / rc) + 0;
                break;
              }
              if (typeof rb === "number" && typeof rc === "number" && Number.isInteger(rb) && Number.isInteger(rc)
                && rc !== 0) {
                // JS % is exact on integers, so (rb - m) / rc is the exact quotient.
                const m = rb % rc;
                const q = (rb - m) / rc;
                stack[ra] = (m !== 0 && m < 0 !== rc < 0 ? q - 1 : q) + 0;
                break;
              }
              ci.savedPc = pc;
              const r = arith(L, ci, TM.IDiv, rb, rc, rkVar(b), rkVar(c));
              if (r === PENDING) {
                const x = pendingOutcome(G, root);
                if (x >= 0) return x;
                continue newframe;
              }
              stack[ra] = r;
              break;
            }
            case 20: // BAND
            case 21: // BOR
            case 22: { // BXOR
              const b = i >>> 23;
              const c = (i >>> 14) & 0x1ff;
              const rb = b >= 256 ? k[b - 256] : stack[base + b];
              const rc = c >= 256 ? k[c - 256] : stack[base + c];
              const op = i & 0x3f;
              if (typeof rb === "number" && typeof rc === "number" && (rb | 0) === rb && (rc | 0) === rc) {
                stack[ra] = op === 20 ? rb & rc : op === 21 ? rb | rc : rb ^ rc;
                break;
              }
              ci.savedPc = pc;
              const r = arith(L, ci, TM.BAnd + (op - 20), rb, rc, rkVar(b), rkVar(c));
              if (r === PENDING) {
                const x = pendingOutcome(G, root);
                if (x >= 0) return x;
                continue newframe;
              }
              stack[ra] = r;
              break;
            }
            case 23: // SHL
            case 24: { // SHR
              const b = i >>> 23;
              const c = (i >>> 14) & 0x1ff;
              const rb = b >= 256 ? k[b - 256] : stack[base + b];
              const rc = c >= 256 ? k[c - 256] : stack[base + c];
              const op = i & 0x3f;
              // Non-negative int32 values shifted by 0..31: JS's shifts agree with int64 ones.
              if (typeof rb === "number" && typeof rc === "number" && (rb | 0) === rb && rb >= 0
                && (rc >>> 0) === rc && rc < 32) {
                if (op === 24) {
                  stack[ra] = rb >>> rc;
                  break;
                }
                // Results below 2^31 stay in int32 arithmetic (`2 ** rc` is a call to pow).
                if (rb >>> (31 - rc) === 0) {
                  stack[ra] = rb << rc;
                  break;
                }
                const r = rb * POW2[rc]!;
                if (r <= 9007199254740991) {
                  stack[ra] = r;
                  break;
                }
              }
              ci.savedPc = pc;
              const r = arith(L, ci, op === 23 ? TM.Shl : TM.Shr, rb, rc, rkVar(b), rkVar(c));
              if (r === PENDING) {
                const x = pendingOutcome(G, root);
                if (x >= 0) return x;
                continue newframe;
              }
              stack[ra] = r;
              break;
            }
            case 25: { // UNM
              const b = i >>> 23;
              const rb = stack[base + b];
              if (typeof rb === "number" && Number.isInteger(rb)) {
                stack[ra] = rb === 0 ? 0 : -rb;
                break;
              }
              ci.savedPc = pc;
              const r = typeof rb === "number" ? num.unm(rb) : arith(L, ci, TM.Unm, rb, rb, b, b);
              if (r === PENDING) {
                const x = pendingOutcome(G, root);
                if (x >= 0) return x;
                continue newframe;
              }
              stack[ra] = r;
              break;
            }
            case 26: { // BNOT
              const b = i >>> 23;
              const rb = stack[base + b];
              if (typeof rb === "number" && (rb | 0) === rb) {
                stack[ra] = ~rb;
                break;
              }
              ci.savedPc = pc;
              const r = arith(L, ci, TM.BNot, rb, rb, b, b);
              if (r === PENDING) {
                const x = pendingOutcome(G, root);
                if (x >= 0) return x;
                continue newframe;
              }
              stack[ra] = r;
              break;
            }
            case 27: { // NOT
              const rb = stack[base + (i >>> 23)];
              stack[ra] = rb === undefined || rb === false;
              break;
            }
            case 28: { // LEN
              const b = i >>> 23;
              const rb = stack[base + b];
              if (typeof rb === "string") {
                stack[ra] = rb.length;
                break;
              }
              if (rb instanceof LuaTable && rb.metatable === null) {
                stack[ra] = rb.length();
                break;
              }
              ci.savedPc = pc;
              const r = length(L, ci, rb, b);
              if (r === PENDING) {
                const x = pendingOutcome(G, root);
                if (x >= 0) return x;
                continue newframe;
              }
              stack[ra] = r;
              break;
            }
            case 29: { // CONCAT
              const b = i >>> 23;
              const c = (i >>> 14) & 0x1ff;
              let top: number;
              if (ci.extra !== 0) {
                top = ci.extra;
                ci.extra = 0;
              } else {
                if (c === b + 1) {
                  const x = stack[base + b];
                  const y = stack[base + c];
                  if (typeof x === "string" && typeof y === "string") {
                    stack[ra] = x + y;
                    // A new string is an allocation too (gc.lua waits for strings to trigger cycles).
                    if (--G.gcDebt <= 0) {
                      ci.savedPc = pc;
                      autoCollect(L, ci.top);
                    }
                    break;
                  }
                }
                top = base + c + 1;
              }
              ci.savedPc = pc;
              if (concat(L, ci, base + b, top) === PENDING) {
                const x = pendingOutcome(G, root);
                if (x >= 0) return x;
                continue newframe;
              }
              stack[ra] = stack[base + b];
              if (--G.gcDebt <= 0) autoCollect(L, ci.top);
              break;
            }
            case 30: { // JMP
              const sbx = (i >>> 14) - MAXARG_sBx;
              const at = pc;
              pc += sbx;
              const a = (i >>> 6) & 0xff;
              if (a !== 0) closeUpvals(L, base + a - 1);
              if (sbx < 0 && --G.budget <= 0) {
                ci.savedPc = pc;
                const x = budgetHit(G, root, L, at);
                if (x >= 0) return x;
              }
              if (sbx < 0 && jitStates !== 0 && jitBackEdge(L, cl.proto, pc, at - 1)) {
                ci.savedPc = pc;
                continue newframe;
              }
              break;
            }
            case 31: { // EQ
              const b = i >>> 23;
              const c = (i >>> 14) & 0x1ff;
              const rb = b >= 256 ? k[b - 256] : stack[base + b];
              const rc = c >= 256 ? k[c - 256] : stack[base + c];
              let res: boolean;
              if (rb === rc) res = true;
              else if (rb === undefined || rc === undefined) res = false; // `x ~= nil`: no metamethod applies
              else if (typeof rb === "object" || typeof rc === "object") {
                ci.savedPc = pc;
                const r = equals(L, ci, rb, rc);
                if (r === PENDING) {
                  const x = pendingOutcome(G, root);
                  if (x >= 0) return x;
                  continue newframe;
                }
                res = r;
              } else res = false;
              if (res !== (((i >>> 6) & 0xff) !== 0)) pc++;
              else pc = takeForwardJump(code, pc);
              break;
            }
            case 32: // LT
            case 33: { // LE
              const b = i >>> 23;
              const c = (i >>> 14) & 0x1ff;
              const rb = b >= 256 ? k[b - 256] : stack[base + b];
              const rc = c >= 256 ? k[c - 256] : stack[base + c];
              const isLt = (i & 0x3f) === 32;
              let res: boolean;
              if ((typeof rb === "number" && typeof rc === "number") || (typeof rb === "string" && typeof rc === "string")) {
                res = isLt ? rb < rc : rb <= rc;
              } else {
                ci.savedPc = pc;
                const r = isLt ? lessThan(L, ci, rb, rc) : lessEqual(L, ci, rb, rc);
                if (r === PENDING) {
                  const x = pendingOutcome(G, root);
                  if (x >= 0) return x;
                  continue newframe;
                }
                res = r;
              }
              if (res !== (((i >>> 6) & 0xff) !== 0)) pc++;
              else pc = takeForwardJump(code, pc);
              break;
            }
            case 34: { // TEST
              const v = stack[ra];
              if ((v === undefined || v === false) === (((i >>> 14) & 0x1ff) !== 0)) pc++;
              else pc = takeForwardJump(code, pc);
              break;
            }
            case 35: { // TESTSET
              const rb = stack[base + (i >>> 23)];
              if ((rb === undefined || rb === false) === (((i >>> 14) & 0x1ff) !== 0)) pc++;
              else {
                stack[ra] = rb;
                pc = takeForwardJump(code, pc);
              }
              break;
            }
            case 36: { // CALL
              const b = i >>> 23;
              const nres = ((i >>> 14) & 0x1ff) - 1;
              if (b !== 0) L.top = ra + b;
              ci.savedPc = pc;
              const f = stack[ra];
              if (f instanceof LuaClosure) {
                const p = f.proto;
                const fbase = ra + 1;
                const ftop = fbase + p.maxStackSize;
                const nci = ci.next;
                if (!p.isVararg && nci !== null && ftop + MINSTACK <= stack.length && ftop + MINSTACK <= L.stackLimit
                  && hook === null) {
                  // The common call: fixed parameters, stack and frame already there
                  // (setupLuaFrame's work without leaving the loop).
                  const np = p.numParams;
                  for (let j = L.top - fbase; j < np; j++) stack[fbase + j] = undefined;
                  nci.func = ra;
                  nci.base = fbase;
                  nci.top = ftop;
                  nci.savedPc = 0;
                  nci.closure = f;
                  nci.extra = 0;
                  nci.nresults = nres;
                  nci.status = CIST.Lua;
                  L.ci = nci;
                  L.top = ftop;
                  ci = nci;
                  cl = f;
                  code = p.code;
                  k = p.constants;
                  upvals = f.upvals;
                  base = fbase;
                  pc = 0;
                  if (--G.budget <= 0) {
                    const x = budgetHit(G, root, L, 1);
                    if (x >= 0) return x;
                  }
                  if (hookedThreads !== 0 || jitStates !== 0) continue newframe;
                  break;
                }
                pushLuaFrame(L, f, ra, nres, 0);
                if (--G.budget <= 0) {
                  const x = budgetHit(G, root, L, 1);
                  if (x >= 0) return x;
                }
                continue newframe;
              }
              // precall runs the hooks of host functions inside their own frame (call.ts).
              const r = precall(L, ra, nres, 0);
              if (r === Pre.Done) {
                // The host function may have set or cleared the hook (debug.sethook).
                hook = hookedThreads !== 0 ? hookOf(L) : null;
                if (nres >= 0) L.top = ci.top;
                break;
              }
              G.lastPre = r;
              const x = pendingOutcome(G, root);
              if (x >= 0) return x;
              continue newframe;
            }
            case 37: { // TAILCALL
              const b = i >>> 23;
              if (b !== 0) L.top = ra + b;
              ci.savedPc = pc;
              const f = stack[ra];
              if (f instanceof LuaClosure) {
                if (L.openUpvals.length > 0) closeUpvals(L, base);
                const fn = ci.func;
                const n = L.top - ra;
                for (let j = 0; j < n; j++) stack[fn + j] = stack[ra + j];
                L.top = fn + n;
                setupLuaFrame(L, ci, f, fn);
                ci.status |= CIST.Tail;
                if (--G.budget <= 0) {
                  const x = budgetHit(G, root, L, 1);
                  if (x >= 0) return x;
                }
                continue newframe;
              }
              const r = precall(L, ra, -1, 0);
              if (r === Pre.Done) break;
              G.lastPre = r;
              const x = pendingOutcome(G, root);
              if (x >= 0) return x;
              continue newframe;
            }
            case 38: { // RETURN
              const b = i >>> 23;
              const n = b !== 0 ? b - 1 : L.top - ra;
              if (hook !== null && (hook.mask & (HOOK_RET | HOOK_LINE)) !== 0) {
                ci.savedPc = pc;
                if ((hook.mask & HOOK_RET) !== 0) {
                  L.top = ra + n;
                  runHook(L, hook, ci, "return", undefined);
                  hook = hookedThreads !== 0 ? hookOf(L) : null;
                }
                const prev = ci.prev!;
                if (hook !== null && (prev.status & CIST.Lua) !== 0) hook.oldPc = prev.savedPc - 1;
              }
              if (L.openUpvals.length > 0) closeUpvals(L, base);
              const status = ci.status;
              const res = ci.func;
              const wanted = ci.nresults;
              if (wanted < 0) {
                for (let j = 0; j < n; j++) stack[res + j] = stack[ra + j];
                L.top = res + n;
              } else {
                let j = 0;
                for (; j < wanted && j < n; j++) stack[res + j] = stack[ra + j];
                for (; j < wanted; j++) stack[res + j] = undefined;
                L.top = res + wanted;
              }
              const prev = ci.prev!;
              L.ci = prev;
              if ((status & (CIST.Fresh | CIST.Fin)) === 0 && (prev.status & CIST.Lua) !== 0) {
                ci = prev;
                if (wanted >= 0) L.top = ci.top;
                cl = ci.closure!;
                code = cl.proto.code;
                k = cl.proto.constants;
                upvals = cl.upvals;
                base = ci.base;
                pc = ci.savedPc;
                break;
              }
              if (settle(L, status, wanted) === Settle.FreshDone) return Exec.Done;
              continue newframe;
            }
            case 39: { // FORLOOP
              const step = stack[ra + 2];
              if (typeof step === "number") {
                const idx = (stack[ra] as number) + step;
                const limit = stack[ra + 1] as number;
                if (step > 0 ? idx <= limit : limit <= idx) {
                  stack[ra] = idx;
                  stack[ra + 3] = idx;
                  const at = pc;
                  pc += (i >>> 14) - MAXARG_sBx;
                  if (--G.budget <= 0) {
                    ci.savedPc = pc;
                    const x = budgetHit(G, root, L, at);
                    if (x >= 0) return x;
                  }
                  if (jitStates !== 0 && jitBackEdge(L, cl.proto, pc, at - 1)) {
                    ci.savedPc = pc;
                    continue newframe;
                  }
                }
                break;
              }
              if (forLoopSlow(stack, ra)) {
                const at = pc;
                pc += (i >>> 14) - MAXARG_sBx;
                if (--G.budget <= 0) {
                  ci.savedPc = pc;
                  const x = budgetHit(G, root, L, at);
                  if (x >= 0) return x;
                }
              }
              break;
            }
            case 40: // FORPREP
              forPrep(stack, ra);
              pc += (i >>> 14) - MAXARG_sBx;
              break;
            case 41: { // TFORCALL
              const cb = ra + 3;
              stack[cb + 2] = stack[ra + 2];
              stack[cb + 1] = stack[ra + 1];
              stack[cb] = stack[ra];
              L.top = cb + 3;
              ci.savedPc = pc;
              const nres = (i >>> 14) & 0x1ff;
              const f = stack[cb];
              if (f instanceof LuaClosure) {
                pushLuaFrame(L, f, cb, nres, 0);
                continue newframe;
              }
              const r = precall(L, cb, nres, 0);
              if (r === Pre.Done) {
                L.top = ci.top;
                break;
              }
              G.lastPre = r;
              const x = pendingOutcome(G, root);
              if (x >= 0) return x;
              continue newframe;
            }
            case 42: { // TFORLOOP
              const v = stack[ra + 1];
              if (v !== undefined) {
                stack[ra] = v;
                const at = pc;
                pc += (i >>> 14) - MAXARG_sBx;
                if (--G.budget <= 0) {
                  ci.savedPc = pc;
                  const x = budgetHit(G, root, L, at);
                  if (x >= 0) return x;
                }
                if (jitStates !== 0 && jitBackEdge(L, cl.proto, pc, at - 1)) {
                  ci.savedPc = pc;
                  continue newframe;
                }
              }
              break;
            }
            case 43: { // SETLIST
              let n = i >>> 23;
              let c = (i >>> 14) & 0x1ff;
              if (n === 0) n = L.top - ra - 1;
              if (c === 0) c = code[pc++]! >>> 6;
              (stack[ra] as LuaTable).setList((c - 1) * 50, stack, ra + 1, n);
              if (i >>> 23 === 0) L.top = ci.top;
              break;
            }
            case 44: { // CLOSURE
              const p = cl.proto.protos[i >>> 14]!;
              const descs = p.upvalues;
              const nup = descs.length;
              const cached = nup !== 0 ? p.cache : null;
              if (cached !== null && sameUpvals(cached.upvals, descs, stack, base, upvals)) {
                stack[ra] = cached;
                break;
              }
              const uvs: UpVal[] = new Array(nup);
              for (let j = 0; j < nup; j++) {
                const d = descs[j]!;
                uvs[j] = d.inStack ? findUpval(L, base + d.index) : upvals[d.index]!;
              }
              const ncl = new LuaClosure(p, uvs);
              stack[ra] = ncl;
              // Prototypes are shared between states: only closures with upvalues
              // (which belong to one state) are cached.
              if (nup !== 0) p.cache = ncl;
              if (--G.gcDebt <= 0) {
                ci.savedPc = pc;
                autoCollect(L, ci.top);
              }
              break;
            }
            case 45: { // VARARG
              const nvar = Math.max(0, base - ci.func - 1 - cl.proto.numParams);
              let b = (i >>> 23) - 1;
              if (b < 0) {
                b = nvar;
                ensureStack(L, ra + nvar + MINSTACK);
                L.top = ra + nvar;
              }
              let j = 0;
              for (; j < b && j < nvar; j++) stack[ra + j] = stack[base - nvar + j];
              for (; j < b; j++) stack[ra + j] = undefined;
              break;
            }
            default:
              throw new LuaError(`invalid instruction (opcode ${i & 0x3f})`, true);
          }
        }
      }
    } catch (e) {
      let err = toLuaError(e);
      L = G.running;
      if (L.ci === ci && (ci.status & CIST.Lua) !== 0) ci.savedPc = pc;
      L.pending = null;
      for (;;) {
        addPosition(L, err);
        runMessageHandler(L, err);
        let c = L.ci;
        while (c !== entryCi && !(c.status & (CIST.PCall | CIST.Fresh)) && c !== L.baseCi) c = c.prev!;
        if (c === entryCi) throw err;
        if (c.status & CIST.PCall) {
          if (recoverAt(L, c, err) === Settle.FreshDone) return Exec.Done;
          break;
        }
        if (c.status & CIST.Fresh || L.resumer === null) throw err;
        const r = coroutineDied(L, err);
        if (r instanceof LuaError) {
          err = r;
          L = G.running;
          continue;
        }
        if (r === Settle.FreshDone) return Exec.Done;
        break;
      }
    }
  }
}

// In-place access to `arr`/`hash` is only for plain tables (constructor
// LuaTable): subclasses such as copy-on-write tables override the accessors.

/**
 * A test that does not skip goes on to the JMP after it (lvm.c's donextjump).
 * A forward jump that closes nothing is taken here, saving a dispatch; a
 * backward one (budget, JIT counters) or one that closes upvalues is left
 * for the JMP case.
 */
function takeForwardJump(code: Int32Array, pc: number): number {
  const j = code[pc]!;
  if ((j & 0x3fff) === 30 && (j >>> 14) >= MAXARG_sBx) return pc + 1 + (j >>> 14) - MAXARG_sBx;
  return pc;
}

/**
 * t[key] for a string key, following __index while it leads to tables
 * (the common "class" pattern) without leaving the fast path. Returns the
 * value, undefined when the chain ends without one (the result is nil),
 * or null when it reaches something else (a function handler, a
 * non-table, a too long chain): the caller then takes the general path.
 */
export function getStrChain(t: LuaTable, key: string): LuaValue | null {
  for (let loop = 0; loop < 100; loop++) {
    if (t.constructor === LuaTable) {
      const o = t.strs;
      // strs null: no string keys, or they live in the hash part (table.ts).
      const v = o !== null ? o[key] : t.getStr(key);
      if (v !== undefined) return v;
    } else {
      const v = t.getStr(key);
      if (v !== undefined) return v;
    }
    const mt = t.metatable;
    if (mt === null || (mt.tmAbsent & (1 << TM.Index)) !== 0) return undefined;
    let tm: LuaValue;
    if (mt.constructor === LuaTable) {
      const mo = mt.strs;
      tm = mo !== null ? mo.__index : mt.getStr("__index");
    } else tm = mt.getStr("__index");
    if (tm === undefined) {
      mt.tmAbsent |= 1 << TM.Index;
      return undefined;
    }
    if (!(tm instanceof LuaTable)) return null;
    t = tm;
  }
  return null;
}

/** t[key] without leaving the fast path (getStrChain for strings); null when the general path must decide. */
function tableGet(t: LuaTable, key: LuaValue): LuaValue | null {
  if (typeof key === "string") return getStrChain(t, key);
  const v = t.get(key);
  return v !== undefined || t.metatable === null ? v : null;
}

/**
 * The method `key` of strings when the string metatable's __index is a
 * table holding it (the string library, as usual); undefined otherwise, and
 * the caller takes the general path.
 */
export function strMethod(G: LuaState, key: string): LuaValue {
  const mt = G.stringMeta;
  if (mt === null) return undefined;
  const ix = mt.getStr("__index");
  return ix instanceof LuaTable ? ix.getStr(key) : undefined;
}

/** Raw t[key] = v when the key is already present (no __newindex then); false otherwise. */
export function rawSetExisting(t: LuaTable, key: LuaValue, v: LuaValue): boolean {
  if (v === undefined || t.get(key) === undefined) return false;
  t.set(key, v);
  return true;
}

/**
 * Would a new closure over `descs` get exactly the upvalue cells of a
 * cached one (lvm.c's getcached)? Open cells are unique per stack slot, so
 * identity of cells is identity of variables.
 */
function sameUpvals(cuv: UpVal[], descs: UpvalueDesc[], stack: LuaValue[], base: number, upvals: UpVal[]): boolean {
  for (let j = 0; j < descs.length; j++) {
    const d = descs[j]!;
    const u = cuv[j]!;
    if (d.inStack ? u.stack !== stack || u.index !== base + d.index : u !== upvals[d.index]) return false;
  }
  return true;
}

/** What to do after a call did not complete at once (G.lastPre): -1 to go on, or an Exec to return. */
/**
 * luaCall's fast path: runs the Fresh Lua frame just pushed on L in compiled
 * code, without entering execute() when it returns there. False when there
 * is no compiled code to run (execute() then runs the frame). Anything other
 * than a plain return (a call the interpreter must run, a yield, the budget,
 * an error) is finished by execute(), as if the frame had started there.
 */
export function runFreshCompiled(L: LuaThread, nresults: number): boolean {
  if (hookedThreads !== 0 && hookOf(L) !== null) return false;
  const jr = jitEnterFresh(L, L.ci);
  if (jr === JitResult.Done) return true;
  if (jr === JitResult.None) return false;
  if (jr === JitResult.Threw) {
    execute(L, null, -1, nresults, jitError() as LuaError);
    return true;
  }
  const G = L.G;
  let x: number;
  try {
    x = jr === JitResult.Budget ? budgetHit(G, null, L, jitBudgetAt()) : pendingOutcome(G, null);
  } catch (e) {
    execute(L, null, -1, nresults, e as LuaError);
    return true;
  }
  if (x < 0) execute(L, null, -1, nresults);
  return true;
}

function pendingOutcome(G: LuaState, root: LuaThread | null): number {
  const r = G.lastPre;
  if (r === Pre.Run) return -1;
  if (r === Pre.FreshDone) return Exec.Done;
  if (root === null) {
    G.running.pending = null;
    throw new LuaError("attempt to yield across a C-call boundary", false);
  }
  root.active = G.running;
  return Exec.Suspend;
}

/**
 * The budget ran out (or an interrupt was asked for): -1 to go on, or an
 * Exec to return. `at` is the pc just past the instruction being run (for
 * the position of "interrupted!"); L.ci.savedPc is where to continue.
 */
function budgetHit(G: LuaState, root: LuaThread | null, L: LuaThread, at: number): number {
  if (G.interruptRequested) {
    G.interruptRequested = false;
    G.budget = G.savedBudget;
    const ci = L.ci;
    const resumeAt = ci.savedPc;
    ci.savedPc = at;
    const msg = whereCi(ci) + "interrupted!";
    ci.savedPc = resumeAt;
    throw new LuaError(msg, false);
  }
  if (root === null || G.cDepth > 0) {
    // Cannot park inside a host->Lua call: check again a little later.
    G.budget = 1000;
    return -1;
  }
  root.active = L;
  return Exec.Budget;
}

// ---------------------------------------------------------------- numeric for

const MAXINT = 9223372036854775807n;
const MININT = -9223372036854775808n;

/** Set by forLimit: the limit lies beyond the integers on the side the loop never reaches. */
let forStopNow = false;

/**
 * The numeric loop's limit as an integer (lvm.c 5.3's forlimit), or null
 * when it is not a number (the loop then goes the float way and fails
 * there). A float limit beyond the integer range clips to it; forStopNow
 * says the loop must not run at all.
 */
function forLimit(lim: LuaValue, step: number | bigint): number | bigint | null {
  forStopNow = false;
  if (typeof lim === "number" && Number.isInteger(lim)) return lim;
  if (typeof lim === "bigint") return lim;
  const n = toNumber(lim);
  if (n === undefined) return null;
  const i = num.toInteger(n, step < 0 ? "ceil" : "floor");
  if (i !== undefined) return i;
  if (num.toFloat(n) > 0) {
    if (step < 0) forStopNow = true;
    return MAXINT;
  }
  if (step >= 0) forStopNow = true;
  return MININT;
}

/**
 * FORPREP, as Lua 5.3 does it: an integer loop when the initial value and
 * the step are integers and the limit is a number, counting with int64
 * wrap-around and no check on the step (a zero step loops for ever);
 * otherwise a float loop. Integer loops whose counter stays in the safe
 * range keep plain numbers; others keep bigints; float loops keep raw
 * doubles with the step boxed in a LuaFloat (the control slots are never
 * visible as values, only R(A+3) is).
 */
export function forPrep(stack: LuaValue[], ra: number): void {
  const init = stack[ra];
  const plimit = stack[ra + 1];
  const pstep = stack[ra + 2];
  const intInit = (typeof init === "number" && Number.isInteger(init)) || typeof init === "bigint";
  const intStep = (typeof pstep === "number" && Number.isInteger(pstep)) || typeof pstep === "bigint";
  const limit = intInit && intStep ? forLimit(plimit, pstep as number | bigint) : null;
  if (limit !== null) {
    const step = pstep as number | bigint;
    const initv = forStopNow ? 0 : init as number | bigint;
    if (typeof initv === "number" && typeof step === "number" && typeof limit === "number"
      && Number.isSafeInteger(initv - step) && Number.isSafeInteger(limit + step)) {
      stack[ra] = initv - step;
      stack[ra + 1] = limit;
      stack[ra + 2] = step;
      return;
    }
    stack[ra] = BigInt.asIntN(64, BigInt(initv) - BigInt(step));
    stack[ra + 1] = BigInt(limit);
    stack[ra + 2] = BigInt(step);
    return;
  }
  const nlimit = toNumber(plimit);
  if (nlimit === undefined) throw new LuaError("'for' limit must be a number", true);
  const nstep = toNumber(pstep);
  if (nstep === undefined) throw new LuaError("'for' step must be a number", true);
  const ninit = toNumber(init);
  if (ninit === undefined) throw new LuaError("'for' initial value must be a number", true);
  const fstep = num.toFloat(nstep);
  stack[ra] = num.toFloat(ninit) - fstep;
  stack[ra + 1] = num.toFloat(nlimit);
  stack[ra + 2] = new LuaFloat(fstep);
}

/** FORLOOP for float and bigint loops: advances and tells whether to run the body. */
export function forLoopSlow(stack: LuaValue[], ra: number): boolean {
  const step = stack[ra + 2];
  if (step instanceof LuaFloat) {
    const idx = (stack[ra] as number) + step.n;
    const limit = stack[ra + 1] as number;
    if (0 < step.n ? idx <= limit : limit <= idx) {
      stack[ra] = idx;
      stack[ra + 3] = mkFloat(idx);
      return true;
    }
    return false;
  }
  // Integer loop beyond the safe range: int64 arithmetic, wrapping like C Lua 5.3.
  const s = step as bigint;
  const idx = BigInt.asIntN(64, (stack[ra] as bigint) + s);
  const limit = stack[ra + 1] as bigint;
  if (0n < s ? idx <= limit : limit <= idx) {
    stack[ra] = idx;
    stack[ra + 3] = mkInt(idx);
    return true;
  }
  return false;
}

export { NO_VAR };
