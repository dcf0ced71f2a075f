// The table library (ltablib.c's interface). Elements are read and written
// with lua_geti/lua_seti semantics (honouring __index and __newindex) and
// lengths come from luaL_len (honouring __len); plain tables without a
// metatable take raw fast paths that behave the same.

import {
  HostFunction, LuaError, LuaFloat, LuaTable, NOT_FAST, NO_VAR, beginCalls, callRepeated, endCalls, getMetatable,
  index, isFunction, length, lessThan, mkInt, numberToString, objTypeName, setIndex, withFast, type FastFn,
  type LuaState, type LuaThread, type LuaValue, type RepeatedCall,
} from "@wippy-lua/vm/libapi";
import { argAt, argError, checkInteger, optString, truthy, typeError } from "./args.js";
import { libTemplate, newLibTable } from "./libtable.js";

const TAB_R = 1;
const TAB_W = 2;
const TAB_L = 4;

const MAXINT = 9223372036854775807n;
const INT_MAX = 2147483647;

/** checktab: a table, or a value whose metatable provides what `what` needs. */
function checkTab(L: LuaThread, base: number, nargs: number, arg: number, what: number): void {
  const v = argAt(L, base, nargs, arg);
  if (v instanceof LuaTable) return;
  const mt = getMetatable(L.G, v);
  if (mt !== null &&
    (!(what & TAB_R) || mt.getStr("__index") !== undefined) &&
    (!(what & TAB_W) || mt.getStr("__newindex") !== undefined) &&
    (!(what & TAB_L) || mt.getStr("__len") !== undefined)) return;
  throw typeError(L, base, nargs, arg, "table");
}

/** luaL_len: #v with __len; the result must be an integer. */
export function lenOf(L: LuaThread, v: LuaValue): number {
  if (v instanceof LuaTable && v.metatable === null) return v.length();
  const n = length(L, null, v, NO_VAR);
  if (typeof n === "number" && Number.isInteger(n)) return n;
  if (typeof n === "bigint") return Number(n);
  throw new LuaError("object length is not an integer", true);
}

function auxGetn(L: LuaThread, base: number, nargs: number, what: number): number {
  checkTab(L, base, nargs, 1, what | TAB_L);
  return lenOf(L, argAt(L, base, nargs, 1));
}

/** Integer key in canonical form. */
function key(i: number | bigint): number | bigint {
  return typeof i === "number" ? i : mkInt(i);
}

/** lua_geti. */
export function geti(L: LuaThread, t: LuaValue, i: number | bigint): LuaValue {
  if (t instanceof LuaTable) {
    if (typeof i === "number") {
      const v = t.getInt(i);
      if (v !== undefined || t.metatable === null) return v;
    } else if (t.metatable === null) {
      return t.get(key(i));
    }
  }
  return index(L, null, t, key(i), NO_VAR) as LuaValue;
}

/** lua_seti. */
export function seti(L: LuaThread, t: LuaValue, i: number | bigint, v: LuaValue): void {
  if (t instanceof LuaTable && t.metatable === null) {
    if (typeof i === "number") t.setInt(i, v);
    else t.set(key(i), v);
    return;
  }
  setIndex(L, null, t, key(i), v, NO_VAR);
}

function tinsert(L: LuaThread, base: number, nargs: number): number {
  const t = L.stack[base];
  const e = auxGetn(L, base, nargs, TAB_R | TAB_W) + 1;
  let pos: number;
  if (nargs === 2) {
    pos = e;
  } else if (nargs === 3) {
    const p = checkInteger(L, base, nargs, 2);
    if (typeof p === "bigint" || p < 1 || p > e) throw argError(L, 2, "position out of bounds");
    pos = p;
    for (let i = e; i > pos; i--) seti(L, t, i, geti(L, t, i - 1));
  } else {
    throw new LuaError("wrong number of arguments to 'insert'", true);
  }
  seti(L, t, pos, L.stack[base + nargs - 1]);
  return 0;
}

function tremove(L: LuaThread, base: number, nargs: number): number {
  const t = L.stack[base];
  const size = auxGetn(L, base, nargs, TAB_R | TAB_W);
  const p = nargs >= 2 && L.stack[base + 1] !== undefined ? checkInteger(L, base, nargs, 2) : size;
  if (p !== size && (typeof p === "bigint" || p < 1 || p > size + 1)) {
    throw argError(L, 1, "position out of bounds");
  }
  let pos = p as number;
  L.stack[L.top++] = geti(L, t, pos);
  for (; pos < size; pos++) seti(L, t, pos, geti(L, t, pos + 1));
  seti(L, t, pos, undefined);
  return 1;
}

function big(i: number | bigint): bigint {
  return typeof i === "bigint" ? i : BigInt(i);
}

function tmove(L: LuaThread, base: number, nargs: number): number {
  const a1 = L.stack[base];
  const f = checkInteger(L, base, nargs, 2);
  const e = checkInteger(L, base, nargs, 3);
  const t = checkInteger(L, base, nargs, 4);
  const tt = nargs >= 5 && L.stack[base + 4] !== undefined ? 5 : 1;
  checkTab(L, base, nargs, 1, TAB_R);
  checkTab(L, base, nargs, tt, TAB_W);
  const a2 = L.stack[base + tt - 1];
  if (e >= f) {
    const F = big(f);
    const E = big(e);
    const T = big(t);
    if (!(F > 0n || E < MAXINT + F)) throw argError(L, 3, "too many elements to move");
    const n = E - F + 1n;
    if (!(T <= MAXINT - n + 1n)) throw argError(L, 4, "destination wrap around");
    const safe = typeof f === "number" && typeof e === "number" && typeof t === "number" &&
      Number.isSafeInteger(t + (e - f));
    if (safe) {
      const nn = e - f + 1;
      if (t > e || t <= f || (tt !== 1 && a1 !== a2)) {
        for (let i = 0; i < nn; i++) seti(L, a2, t + i, geti(L, a1, f + i));
      } else {
        for (let i = nn - 1; i >= 0; i--) seti(L, a2, t + i, geti(L, a1, f + i));
      }
    } else if (T > E || T <= F || (tt !== 1 && a1 !== a2)) {
      for (let i = 0n; i < n; i++) seti(L, a2, mkInt(T + i), geti(L, a1, mkInt(F + i)));
    } else {
      for (let i = n - 1n; i >= 0n; i--) seti(L, a2, mkInt(T + i), geti(L, a1, mkInt(F + i)));
    }
  }
  L.stack[L.top++] = a2;
  return 1;
}

function tconcat(L: LuaThread, base: number, nargs: number): number {
  const t = L.stack[base];
  let last: number | bigint = auxGetn(L, base, nargs, TAB_R);
  const sep = optString(L, base, nargs, 2, "");
  let i: number | bigint = nargs >= 3 && L.stack[base + 2] !== undefined ? checkInteger(L, base, nargs, 3) : 1;
  if (nargs >= 4 && L.stack[base + 3] !== undefined) last = checkInteger(L, base, nargs, 4);
  if (typeof i === "number" && typeof last === "number" && t instanceof LuaTable) {
    const joined = joinStrings(t.arr, i, last, sep);
    if (joined !== undefined) {
      L.stack[L.top++] = joined;
      return 1;
    }
  }
  const parts: string[] = [];
  if (typeof i === "number" && typeof last === "number") {
    for (; i <= last; i++) parts.push(fieldString(L, t, i));
  } else {
    for (let k = big(i); k <= big(last); k++) parts.push(fieldString(L, t, mkInt(k)));
  }
  L.stack[L.top++] = parts.join(sep);
  return 1;
}

/**
 * t[i..last] joined with `sep` when those keys all lie in the array part
 * `arr` (keys 1..arr.length) and hold strings, else undefined. Present
 * values are read raw, as lua_geti reads them (__index only fills holes),
 * so the result is what the general path would build.
 */
function joinStrings(arr: LuaValue[], i: number, last: number, sep: string): string | undefined {
  if (i > last) return "";
  if (i < 1 || last > arr.length) return undefined;
  if (i === last) {
    const v = arr[i - 1];
    return typeof v === "string" ? v : undefined;
  }
  if (!allStrings(arr, i - 1, last)) return undefined;
  if (last - i < JOIN_CHUNK) return i === 1 && last === arr.length ? arr.join(sep) : arr.slice(i - 1, last).join(sep);
  // V8 joins a very long array markedly slower per element than a few
  // thousand (its scratch array leaves the regular heap): join in chunks.
  const chunks: string[] = [];
  for (let k = i - 1; k < last; k += JOIN_CHUNK) chunks.push(arr.slice(k, Math.min(k + JOIN_CHUNK, last)).join(sep));
  return chunks.join(sep);
}

const JOIN_CHUNK = 4096;

/**
 * Whether arr[from..to-1] are all strings. A function of its own: V8 keeps
 * on-stack-replacement code for a loop, entered by every later call that
 * reaches the loop, so code after the loop in the same function would run
 * with the type feedback of the first long call and deoptimise on each
 * call (json.lua: ~100 times).
 */
function allStrings(arr: LuaValue[], from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (typeof arr[k] !== "string") return false;
  return true;
}

/**
 * table.concat(t) for compiled code (the VM's FastFn): a plain table whose
 * elements 1..#t are strings in its array part; NOT_FAST otherwise.
 */
const concatFast: FastFn = (t) => {
  if (!(t instanceof LuaTable) || t.metatable !== null) return NOT_FAST;
  const joined = joinStrings(t.arr, 1, t.length(), "");
  return joined === undefined ? NOT_FAST : joined;
};

/**
 * table.insert(t, v) and table.remove(t) for compiled code on a table
 * without a metatable: the change is made only once nothing can fail (see
 * FastFn). remove on an empty table (which reads and clears t[0]) takes the
 * ordinary call.
 */
const insertFast: FastFn = (t, v) => {
  if (!(t instanceof LuaTable) || t.metatable !== null) return NOT_FAST;
  const n = t.length();
  if (n >= Number.MAX_SAFE_INTEGER) return NOT_FAST;
  t.setInt(n + 1, v);
  return undefined;
};

const removeFast: FastFn = (t) => {
  if (!(t instanceof LuaTable) || t.metatable !== null) return NOT_FAST;
  const n = t.length();
  if (n === 0) return NOT_FAST;
  const v = t.getInt(n);
  t.setInt(n, undefined);
  return v;
};

function fieldString(L: LuaThread, t: LuaValue, i: number | bigint): string {
  const v = geti(L, t, i);
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "bigint" || v instanceof LuaFloat) return numberToString(v);
  // lua_pushfstring's %d takes a C int: the index shows truncated to 32 bits.
  const shown = BigInt.asIntN(32, BigInt(i)).toString();
  throw new LuaError(`invalid value (${objTypeName(L.G, v)}) at index ${shown} in table for 'concat'`, true);
}

function tpack(L: LuaThread, base: number, nargs: number): number {
  const t = new LuaTable();
  t.setList(0, L.stack, base, nargs);
  t.setStr("n", nargs);
  L.stack[L.top++] = t;
  return 1;
}

function tunpack(L: LuaThread, base: number, nargs: number): number {
  const t = argAt(L, base, nargs, 1);
  const i = nargs >= 2 && L.stack[base + 1] !== undefined ? checkInteger(L, base, nargs, 2) : 1;
  const e = nargs >= 3 && L.stack[base + 2] !== undefined ? checkInteger(L, base, nargs, 3) : lenOf(L, t);
  if (i > e) return 0;
  const n = big(e) - big(i) + 1n;
  const stack = L.stack;
  if (n >= BigInt(INT_MAX) || L.top + Number(n) + 20 > L.stackLimit) {
    throw new LuaError("too many results to unpack", true);
  }
  const cnt = Number(n);
  const need = L.top + cnt + 20;
  while (stack.length < need) stack.push(undefined);
  if (typeof i === "number" && Number.isSafeInteger(i + cnt)) {
    if (t instanceof LuaTable && t.metatable === null) {
      for (let k = 0; k < cnt; k++) stack[L.top++] = t.getInt(i + k);
    } else {
      for (let k = 0; k < cnt; k++) stack[L.top++] = geti(L, t, i + k);
    }
  } else {
    const bi = big(i);
    for (let k = 0; k < cnt; k++) stack[L.top++] = geti(L, t, mkInt(bi + BigInt(k)));
  }
  return cnt;
}

// ---------------------------------------------------------------- sort
//
// ltablib's quicksort, run on a JS array copy of t[1..n]: median of three,
// a randomised pivot once partitions become badly unbalanced, and the same
// comparisons in the same order, so an inconsistent order function is
// detected ("invalid order function for sorting") exactly where Lua detects it.

const RANLIMIT = 100;

interface SortState {
  L: LuaThread;
  a: LuaValue[];
  /** The order function's calls, or null to compare with `<`. */
  comp: RepeatedCall | null;
}

function sortLess(s: SortState, x: LuaValue, y: LuaValue): boolean {
  if (s.comp === null) {
    if (typeof x === "number" && typeof y === "number") return x < y;
    if (typeof x === "string" && typeof y === "string") return x < y;
    return lessThan(s.L, null, x, y) as boolean;
  }
  return truthy(callRepeated(s.comp, x, y));
}

function orderError(): LuaError {
  return new LuaError("invalid order function for sorting", true);
}

function partition(s: SortState, lo: number, up: number): number {
  const a = s.a;
  let i = lo;
  let j = up - 1;
  const P = a[up - 1];
  for (;;) {
    while (sortLess(s, a[++i], P)) {
      if (i === up - 1) throw orderError();
    }
    while (sortLess(s, P, a[--j])) {
      if (j < i) throw orderError();
    }
    if (j < i) {
      a[up - 1] = a[i];
      a[i] = P;
      return i;
    }
    const tmp = a[i];
    a[i] = a[j];
    a[j] = tmp;
  }
}

function randomPivotSeed(): number {
  return (Date.now() ^ Math.floor(Math.random() * 0x7fffffff)) >>> 0;
}

function auxSort(s: SortState, lo: number, up: number, rnd: number): void {
  const a = s.a;
  while (lo < up) {
    if (sortLess(s, a[up], a[lo])) swap(a, lo, up);
    if (up - lo === 1) break;
    let p: number;
    if (up - lo < RANLIMIT || rnd === 0) {
      p = Math.floor((lo + up) / 2);
    } else {
      const r4 = Math.floor((up - lo) / 4);
      p = (rnd % (r4 * 2)) + lo + r4;
    }
    if (sortLess(s, a[p], a[lo])) swap(a, p, lo);
    else if (sortLess(s, a[up], a[p])) swap(a, p, up);
    if (up - lo === 2) break;
    swap(a, p, up - 1);
    p = partition(s, lo, up);
    let n: number;
    if (p - lo < up - p) {
      auxSort(s, lo, p - 1, rnd);
      n = p - lo;
      lo = p + 1;
    } else {
      auxSort(s, p + 1, up, rnd);
      n = up - p;
      up = p - 1;
    }
    if ((up - lo) / 128 > n) rnd = randomPivotSeed();
  }
}

function swap(a: LuaValue[], i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}

/**
 * Sorts a[1..n] in place when no order function is given and every element
 * is a number other than NaN, or every element is a string: then `<` is a
 * strict total order whose equal elements are indistinguishable, so any
 * correct sort gives exactly Lua's result (and no error is possible).
 * Integers are JS numbers here and non-integral floats plain numbers, so
 * comparing them as doubles is exact; integral floats (LuaFloat boxes) and
 * big integers (bigint) leave the fast path. Strings hold one char per byte,
 * so JS's code-unit order is Lua's byte order. Returns false, leaving `a`
 * untouched, when the elements do not qualify.
 */
function sortPlain(a: LuaValue[], n: number): boolean {
  const first = a[1];
  if (typeof first === "number") {
    const nums = new Float64Array(n);
    for (let i = 1; i <= n; i++) {
      const v = a[i];
      if (typeof v !== "number" || v !== v) return false;
      nums[i - 1] = v;
    }
    nums.sort();
    for (let i = 1; i <= n; i++) a[i] = nums[i - 1];
    return true;
  }
  if (typeof first === "string") {
    for (let i = 2; i <= n; i++) if (typeof a[i] !== "string") return false;
    const strs = a.slice(1) as string[];
    strs.sort();
    for (let i = 1; i <= n; i++) a[i] = strs[i - 1];
    return true;
  }
  return false;
}

function tsort(L: LuaThread, base: number, nargs: number): number {
  const t = L.stack[base];
  const n = auxGetn(L, base, nargs, TAB_R | TAB_W);
  if (n > 1) {
    if (n >= INT_MAX) throw argError(L, 1, "array too big");
    const comp = nargs >= 2 ? L.stack[base + 1] : undefined;
    if (comp !== undefined && !isFunction(comp)) throw typeError(L, base, nargs, 2, "function");
    // Index 0 is unused so positions match Lua's 1-based ones.
    const a: LuaValue[] = new Array(n + 1);
    a[0] = undefined;
    const raw = t instanceof LuaTable && t.metatable === null;
    for (let i = 1; i <= n; i++) a[i] = raw ? (t as LuaTable).getInt(i) : geti(L, t, i);
    const before = raw ? null : a.slice();
    if (comp === undefined) {
      if (!sortPlain(a, n)) auxSort({ L, a, comp: null }, 1, n, 0);
    } else {
      const calls = beginCalls(L, comp);
      try {
        auxSort({ L, a, comp: calls }, 1, n, 0);
      } finally {
        endCalls(calls);
      }
    }
    if (raw) {
      for (let i = 1; i <= n; i++) (t as LuaTable).setInt(i, a[i]);
    } else {
      // Through metamethods, write only the slots that changed (an already
      // sorted proxy sees no __newindex calls, as with Lua's in-place sort).
      for (let i = 1; i <= n; i++) if (a[i] !== before![i]) seti(L, t, i, a[i]);
    }
  }
  return 0;
}

const FUNCS: readonly HostFunction[] = [
  withFast(new HostFunction("concat", tconcat), 1, concatFast, 1, true),
  withFast(new HostFunction("insert", tinsert), 2, insertFast),
  new HostFunction("move", tmove),
  new HostFunction("pack", tpack),
  withFast(new HostFunction("remove", tremove), 1, removeFast),
  new HostFunction("sort", tsort),
  new HostFunction("unpack", tunpack),
];
const TEMPLATE = libTemplate(FUNCS);

export function openTable(_G: LuaState): LuaTable {
  return newLibTable(TEMPLATE);
}
