// The string library (lstrlib.c's interface): argument handling around the
// engines in lpattern.ts, lformat.ts and lpack.ts, plus the simple
// functions, and the string metatable whose __index is the string table.
//
// Strings are byte strings: one JS char (0-255) per byte.

import {
  HostFunction, LuaClosure, LuaError, LuaFloat, LuaTable, LuaUserdata, NOT_FAST, NO_VAR, SECOND, basicMetatables, beginCalls,
  callPlaced, endCalls, hostClosure, index, mkFloat, numberToString, stringToNumber, typeName, withFast,
  type FastFn, type LuaState, type LuaThread, type LuaValue, type RepeatedCall,
} from "@wippy-lua/vm/libapi";
import {
  argAt, argError, checkInt, checkString, engineError, hostFor, optInt, optString, truthy, typeError,
} from "./args.js";
import * as pattern from "./lpattern.js";
import { format, type ValueHost } from "./lformat.js";
import { pack, packsize, unpack } from "./lpack.js";
import { dumpFunction } from "./dump.js";
import { libTemplate, newLibTable } from "./libtable.js";

/** Longest string we build: V8's limit on string length. */
export const MAX_STRING = (1 << 29) - 24;

/**
 * Where flat() puts the byte it reads, so that the read cannot be dropped
 * as dead code.
 */
const flatProbe = new Int32Array(1);

/**
 * `s` with its characters made contiguous. A string built piece by piece
 * with `+` is a tree of V8 cons cells; results the program keeps (format's
 * records in a table, a gsub'd text) would carry that tree through every
 * young-generation collection. Reading a character flattens it once, and
 * the cells die young.
 */
function flat(s: string): string {
  flatProbe[0] = s.charCodeAt(0);
  return s;
}

/** lstrlib's posrelat: a negative position counts from the end; too negative gives 0. */
function posrelat(pos: number, len: number): number {
  if (pos >= 0) return pos;
  if (-pos > len) return 0;
  return len + pos + 1;
}

function strLen(L: LuaThread, base: number, nargs: number): number {
  L.stack[L.top++] = checkString(L, base, nargs, 1).length;
  return 1;
}

function strSub(L: LuaThread, base: number, nargs: number): number {
  const s = checkString(L, base, nargs, 1);
  const l = s.length;
  let i = posrelat(checkInt(L, base, nargs, 2), l);
  let j = posrelat(optInt(L, base, nargs, 3, -1), l);
  if (i < 1) i = 1;
  if (j > l) j = l;
  L.stack[L.top++] = i > j ? "" : i === 1 && j === l ? s : s.slice(i - 1, j);
  return 1;
}

function strReverse(L: LuaThread, base: number, nargs: number): number {
  const s = checkString(L, base, nargs, 1);
  // One JS char per byte, so reversing the chars reverses the bytes.
  L.stack[L.top++] = s.length < 2 ? s : s.split("").reverse().join("");
  return 1;
}

// C locale: only ASCII letters change case; bytes >= 0x80 stay as they are
// (JS case mapping would turn some latin1 chars into other code points).
const NON_ASCII = /[\x80-\xff]/;

/** Whether s has a byte >= 0x80: a loop on short strings (what case mapping mostly sees) costs half a RegExp test. */
function hasHighBytes(s: string): boolean {
  if (s.length > 64) return NON_ASCII.test(s);
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) return true;
  return false;
}

function lowerC(s: string): string {
  return hasHighBytes(s) ? s.replace(/[A-Z]+/g, (m) => m.toLowerCase()) : s.toLowerCase();
}

function upperC(s: string): string {
  return hasHighBytes(s) ? s.replace(/[a-z]+/g, (m) => m.toUpperCase()) : s.toUpperCase();
}

function strLower(L: LuaThread, base: number, nargs: number): number {
  L.stack[L.top++] = lowerC(checkString(L, base, nargs, 1));
  return 1;
}

function strUpper(L: LuaThread, base: number, nargs: number): number {
  L.stack[L.top++] = upperC(checkString(L, base, nargs, 1));
  return 1;
}

function strRep(L: LuaThread, base: number, nargs: number): number {
  const s = checkString(L, base, nargs, 1);
  const n = checkInt(L, base, nargs, 2);
  const sep = optString(L, base, nargs, 3, "");
  if (n <= 0) {
    L.stack[L.top++] = "";
    return 1;
  }
  const total = s.length * n + sep.length * (n - 1);
  if (total > MAX_STRING) throw new LuaError("resulting string too large", true);
  L.stack[L.top++] = sep === "" ? s.repeat(n) : (s + sep).repeat(n - 1) + s;
  return 1;
}

function strByte(L: LuaThread, base: number, nargs: number): number {
  if (nargs === 2) {
    // string.byte(s, i) with an integer i inside s: one byte, no checks left.
    const s = L.stack[base];
    const i = L.stack[base + 1];
    if (typeof s === "string" && typeof i === "number" && i >= 1 && i <= s.length && Number.isInteger(i)) {
      L.stack[L.top++] = s.charCodeAt(i - 1);
      return 1;
    }
  }
  const s = checkString(L, base, nargs, 1);
  const l = s.length;
  let pi = posrelat(optInt(L, base, nargs, 2, 1), l);
  let pose = posrelat(optInt(L, base, nargs, 3, pi), l);
  if (pi < 1) pi = 1;
  if (pose > l) pose = l;
  if (pi > pose) return 0;
  const n = pose - pi + 1;
  if (n >= 2147483647) throw new LuaError("string slice too long", true);
  const need = L.top + n + 20;
  if (need > L.stackLimit) throw new LuaError("string slice too long", true);
  const stack = L.stack;
  while (stack.length < need) stack.push(undefined);
  for (let i = 0; i < n; i++) stack[L.top++] = s.charCodeAt(pi - 1 + i);
  return n;
}

function strChar(L: LuaThread, base: number, nargs: number): number {
  let r = "";
  for (let i = 1; i <= nargs; i++) {
    const c = checkInt(L, base, nargs, i);
    if (c < 0 || c > 255) throw argError(L, i, "value out of range");
    r += String.fromCharCode(c);
  }
  L.stack[L.top++] = r;
  return 1;
}

function strDump(L: LuaThread, base: number, nargs: number): number {
  const f = argAt(L, base, nargs, 1);
  if (!(f instanceof LuaClosure)) {
    if (f instanceof HostFunction) throw new LuaError("unable to dump given function", true);
    throw typeError(L, base, nargs, 1, "function");
  }
  L.stack[L.top++] = dumpFunction(f.proto, truthy(L.stack[base + 1]) && nargs >= 2);
  return 1;
}

// ---------------------------------------------------------------- patterns

function strFindAux(L: LuaThread, base: number, nargs: number, find: boolean): number {
  const s = checkString(L, base, nargs, 1);
  const p = checkString(L, base, nargs, 2);
  const init = optInt(L, base, nargs, 3, 1);
  const plain = find && nargs >= 4 && truthy(L.stack[base + 3]);
  let n: number;
  try {
    // Results go straight onto the stack above the top.
    n = pattern.findInto(s, p, init, plain, find, L.stack, L.top);
  } catch (e) {
    throw engineError(L, e);
  }
  if (n === 0) {
    L.stack[L.top++] = undefined;
    return 1;
  }
  L.top += n;
  return n;
}

function strFind(L: LuaThread, base: number, nargs: number): number {
  return strFindAux(L, base, nargs, true);
}

function strMatch(L: LuaThread, base: number, nargs: number): number {
  return strFindAux(L, base, nargs, false);
}

function strGmatch(L: LuaThread, base: number, nargs: number): number {
  const s = checkString(L, base, nargs, 1);
  const p = checkString(L, base, nargs, 2);
  let it: pattern.GmatchIterator;
  try {
    it = pattern.gmatch(s, p);
  } catch (e) {
    throw engineError(L, e);
  }
  const aux = (L2: LuaThread): number => {
    let n: number;
    try {
      n = it.nextInto(L2.stack, L2.top);
    } catch (e) {
      throw engineError(L2, e);
    }
    L2.top += n;
    return n;
  };
  // Upvalues as in lstrlib.c: the subject, the pattern and the match state (a userdata).
  const f = hostClosure("gmatch_aux", aux, [s, p, new LuaUserdata(it)]);
  // Compiled code's generic for calls the step instead, without a frame
  // (StepFn: no error, at most two values).
  if (it.errorFreePair) f.step = () => gmatchStep(it);
  L.stack[L.top++] = f;
  return 1;
}

/** Where gmatchStep reads a match's captures. */
const stepOut: unknown[] = [undefined, undefined];

/** The next match of an error-free iterator of at most two captures, as a StepFn answers. */
function gmatchStep(it: pattern.GmatchIterator): LuaValue {
  const n = it.nextInto(stepOut, 0);
  if (n === 0) return undefined;
  SECOND.value = n > 1 ? stepOut[1] as LuaValue : undefined;
  return stepOut[0] as LuaValue;
}

/** The text a function or table replacement produced (add_value's rules). */
function replacementText(v: LuaValue): string | undefined {
  if (v === undefined || v === false) return undefined;
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "bigint" || v instanceof LuaFloat) return numberToString(v);
  throw new LuaError(`invalid replacement value (a ${typeName(v)})`, true);
}

function strGsub(L: LuaThread, base: number, nargs: number): number {
  const src = checkString(L, base, nargs, 1);
  const p = checkString(L, base, nargs, 2);
  const r = argAt(L, base, nargs, 3);
  const maxN = optInt(L, base, nargs, 4, src.length + 1);
  let repl: string | pattern.GsubCallback;
  let calls: RepeatedCall | null = null;
  if (typeof r === "string") {
    repl = r;
  } else if (typeof r === "number" || typeof r === "bigint" || r instanceof LuaFloat) {
    repl = checkString(L, base, nargs, 3);
  } else if (r instanceof LuaTable) {
    repl = (m, start, end) => {
      // The table is indexed with the first capture (the whole match if none).
      const k = pattern.firstCapture(m, start, end);
      return replacementText(r.metatable === null ? r.get(k) : index(L, null, r, k, NO_VAR) as LuaValue);
    };
  } else if (r instanceof LuaClosure || r instanceof HostFunction) {
    calls = beginCalls(L, r, pattern.MAXCAPTURES);
    repl = (m, start, end) => callReplacement(calls!, m, start, end);
  } else {
    throw argError(L, 3, "string/function/table expected");
  }
  let res: pattern.GsubResult;
  try {
    res = pattern.gsubWith(src, p, repl, maxN);
  } catch (e) {
    throw engineError(L, e);
  } finally {
    if (calls !== null) endCalls(calls);
  }
  L.stack[L.top++] = res.count === 0 ? res.result : flat(res.result);
  L.stack[L.top++] = res.count;
  return 2;
}

/**
 * Calls gsub's replacement function (one call of the gsub's series) with
 * the match's captures as its arguments, placed straight onto the stack.
 */
function callReplacement(calls: RepeatedCall, m: pattern.MatchState, start: number, end: number): string | undefined {
  const n = pattern.capturesInto(m, start, end, calls.L.stack, calls.func + 1, pattern.MAXCAPTURES);
  return replacementText(callPlaced(calls, n));
}

// ---------------------------------------------------------------- format, pack

function strFormat(L: LuaThread, base: number, nargs: number): number {
  const fmt = checkString(L, base, nargs, 1);
  let r: string;
  try {
    // The arguments are read in place: the stack array is never replaced,
    // and __tostring calls run above them.
    r = format(fmt, L.stack, hostFor(L), base + 1, base + nargs);
  } catch (e) {
    throw engineError(L, e);
  }
  L.stack[L.top++] = flat(r);
  return 1;
}

function strPack(L: LuaThread, base: number, nargs: number): number {
  const fmt = checkString(L, base, nargs, 1);
  const args = L.stack.slice(base + 1, base + nargs);
  let r: string;
  try {
    r = pack(fmt, args, hostFor(L));
  } catch (e) {
    throw engineError(L, e);
  }
  L.stack[L.top++] = r;
  return 1;
}

function strPacksize(L: LuaThread, base: number, nargs: number): number {
  const fmt = checkString(L, base, nargs, 1);
  try {
    L.stack[L.top++] = packsize(fmt);
  } catch (e) {
    throw engineError(L, e);
  }
  return 1;
}

function strUnpack(L: LuaThread, base: number, nargs: number): number {
  const fmt = checkString(L, base, nargs, 1);
  const data = checkString(L, base, nargs, 2);
  const init = optInt(L, base, nargs, 3, 1);
  let vals: unknown[];
  try {
    vals = unpack(fmt, data, init, hostFor(L));
  } catch (e) {
    throw engineError(L, e);
  }
  const need = L.top + vals.length + 20;
  if (need > L.stackLimit) throw new LuaError("too many results", true);
  while (L.stack.length < need) L.stack.push(undefined);
  for (const v of vals) L.stack[L.top++] = v as LuaValue;
  return vals.length;
}

// ---------------------------------------------------------------- frameless versions
//
// Compiled code calls these directly for calls with one of their argument
// counts that want their first result (or first two, for those made with
// `two`; the VM's FastFn): plain arguments only, no errors (NOT_FAST sends
// the call the ordinary way, which raises them), no Lua code. The common
// shapes: byte(s, i), sub(s, i, j), find(s, p, init), format(fmt, x, y),
// gsub(s, p, repl), `local a, b = s:match(p)`.

/** posrelat for a known integer. */
function fastPos(i: number, len: number): number {
  return i >= 0 ? i : -i > len ? 0 : len + i + 1;
}

/** An integer argument held as a JS number (Lua integers within 2^53), else undefined. */
function fastInt(v: LuaValue): number | undefined {
  return typeof v === "number" && Number.isInteger(v) ? v : undefined;
}

/** An optional integer argument: `dflt` when absent or nil, as luaL_optinteger. */
function fastOptInt(v: LuaValue, dflt: number): number | undefined {
  return v === undefined ? dflt : fastInt(v);
}

/** byte(s), byte(s, i), byte(s, i, j): the first three of bytes i..j (j defaults to i), as strByte. */
const byteFast: FastFn = (s, i, j) => {
  const k = fastOptInt(i, 1);
  if (typeof s !== "string" || k === undefined) return NOT_FAST;
  const l = s.length;
  const from = fastPos(k, l);
  let to = from;
  if (j !== undefined) {
    const e = fastInt(j);
    if (e === undefined) return NOT_FAST;
    to = fastPos(e, l);
  }
  const a = Math.max(from, 1);
  const b = Math.min(to, l);
  // An empty range gives no result at all (nil as a first result).
  SECOND.value = a + 1 <= b ? s.charCodeAt(a) : undefined;
  SECOND.third = a + 2 <= b ? s.charCodeAt(a + 1) : undefined;
  return a <= b ? s.charCodeAt(a - 1) : undefined;
};

const subFast: FastFn = (s, i, j) => {
  const a = fastInt(i);
  const b = fastOptInt(j, -1);
  if (typeof s !== "string" || a === undefined || b === undefined) return NOT_FAST;
  const l = s.length;
  const from = Math.max(fastPos(a, l), 1);
  const to = Math.min(fastPos(b, l), l);
  return from > to ? "" : from === 1 && to === l ? s : s.slice(from - 1, to);
};

const lenFast: FastFn = (s) => (typeof s === "string" ? s.length : NOT_FAST);

/** A byte given to char as a plain integer, else -1. */
function fastByte(v: LuaValue): number {
  return typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= 255 ? v : -1;
}

/** char(a), char(a, b), char(a, b, c). */
const charFast: FastFn = (a, b, c, nargs) => {
  const x = fastByte(a);
  if (nargs === 1) return x < 0 ? NOT_FAST : String.fromCharCode(x);
  const y = fastByte(b);
  if (nargs === 2) return x < 0 || y < 0 ? NOT_FAST : String.fromCharCode(x, y);
  const z = fastByte(c);
  return x < 0 || y < 0 || z < 0 ? NOT_FAST : String.fromCharCode(x, y, z);
};

const reverseFast: FastFn = (s) => {
  if (typeof s !== "string") return NOT_FAST;
  return s.length < 2 ? s : s.split("").reverse().join("");
};

const upperFast: FastFn = (s) => (typeof s === "string" ? upperC(s) : NOT_FAST);

const lowerFast: FastFn = (s) => (typeof s === "string" ? lowerC(s) : NOT_FAST);

const repFast: FastFn = (s, n) => {
  const k = fastInt(n);
  if (typeof s !== "string" || k === undefined) return NOT_FAST;
  if (k <= 0 || s === "") return "";
  return s.length * k > MAX_STRING ? NOT_FAST : s.repeat(k);
};

/** Where the fast find and match write their results. */
const fastFound: unknown[] = [];

/** find and match: the first result, the second in SECOND.value, the third in SECOND.third. */
function findFirstThree(s: LuaValue, p: LuaValue, init: LuaValue, isFind: boolean): LuaValue | typeof NOT_FAST {
  const k = fastOptInt(init, 1);
  if (typeof s !== "string" || typeof p !== "string" || k === undefined) return NOT_FAST;
  let n: number;
  try {
    n = pattern.findInto(s, p, k, false, isFind, fastFound, 0);
  } catch {
    return NOT_FAST; // a malformed pattern: the ordinary call raises the error
  }
  SECOND.value = n >= 2 ? fastFound[1] as LuaValue : undefined;
  SECOND.third = n >= 3 ? fastFound[2] as LuaValue : undefined;
  return n === 0 ? undefined : fastFound[0] as LuaValue;
}

const findFast: FastFn = (s, p, init) => findFirstThree(s, p, init, true);

const matchFast: FastFn = (s, p, init) => findFirstThree(s, p, init, false);

/** Thrown by the fast gsub's function replacement: a match needs the Lua call. */
const NEEDS_CALL = new Error("gsub: a match needs the replacement function");

const needsCall: pattern.GsubCallback = () => {
  throw NEEDS_CALL;
};

/** The fast gsub's replacement table while it runs (one callback for all, no closure per call). */
let fastReplTable: LuaTable | null = null;

const fromFastTable: pattern.GsubCallback = (m, start, end) =>
  replacementText(fastReplTable!.get(pattern.firstCapture(m, start, end)));

/**
 * gsub(s, p, repl) with a replacement string, a table without a metatable,
 * or a function when nothing matches (the function is never called then);
 * the count in SECOND.value.
 */
const gsubFast: FastFn = (s, p, r) => {
  if (typeof s !== "string" || typeof p !== "string") return NOT_FAST;
  let repl: string | pattern.GsubCallback;
  if (typeof r === "string") repl = r;
  else if (r instanceof LuaTable && r.metatable === null) {
    fastReplTable = r;
    repl = fromFastTable;
  } else if (r instanceof LuaClosure || r instanceof HostFunction) repl = needsCall;
  else return NOT_FAST;
  let res: pattern.GsubResult;
  try {
    res = pattern.gsubWith(s, p, repl, s.length + 1);
  } catch {
    return NOT_FAST; // an error to raise, or a function to call
  } finally {
    fastReplTable = null;
  }
  SECOND.value = res.count;
  return res.count === 0 ? res.result : flat(res.result);
};

/**
 * The ValueHost of the fast format, which has no Lua state: %s prints only
 * numbers, and only while no metatable can give them a __tostring
 * (basicMetatables); strings (whose metatable a program may give a
 * __tostring) and everything else make the fast version give up, as does
 * any error (typeName).
 */
const plainHost: ValueHost = {
  isFloatBox: (v: unknown): v is { readonly n: number } => v instanceof LuaFloat,
  mkFloat: (d: number) => mkFloat(d),
  stringToNumber: (str: string) => stringToNumber(str),
  typeName: () => {
    throw new Error("not plain");
  },
  tostring: (v: unknown) => {
    if (!basicMetatables.used && (typeof v === "number" || typeof v === "bigint" || v instanceof LuaFloat)) {
      return numberToString(v);
    }
    throw new Error("not plain");
  },
};

const fastArgs: unknown[] = [undefined, undefined];

/** format(fmt), format(fmt, x), format(fmt, x, y). */
const formatFast: FastFn = (fmt, x, y, nargs) => {
  if (typeof fmt !== "string") return NOT_FAST;
  fastArgs[0] = x;
  fastArgs[1] = y;
  try {
    return flat(format(fmt, fastArgs, plainHost, 0, nargs - 1));
  } catch {
    return NOT_FAST;
  } finally {
    fastArgs[0] = fastArgs[1] = undefined;
  }
};

const FUNCS: readonly HostFunction[] = [
  withFast(new HostFunction("byte", strByte), [1, 2, 3], byteFast, 3, true),
  withFast(new HostFunction("char", strChar), [1, 2, 3], charFast, 1, true),
  new HostFunction("dump", strDump),
  withFast(new HostFunction("find", strFind), [2, 3], findFast, 3, true),
  withFast(new HostFunction("format", strFormat), [1, 2, 3], formatFast, 1, true),
  new HostFunction("gmatch", strGmatch),
  withFast(new HostFunction("gsub", strGsub), 3, gsubFast, 2, true),
  withFast(new HostFunction("len", strLen), 1, lenFast, 1, true),
  withFast(new HostFunction("lower", strLower), 1, lowerFast, 1, true),
  withFast(new HostFunction("match", strMatch), [2, 3], matchFast, 3, true),
  withFast(new HostFunction("rep", strRep), 2, repFast, 1, true),
  withFast(new HostFunction("reverse", strReverse), 1, reverseFast, 1, true),
  withFast(new HostFunction("sub", strSub), [2, 3], subFast, 1, true),
  withFast(new HostFunction("upper", strUpper), 1, upperFast, 1, true),
  new HostFunction("pack", strPack),
  new HostFunction("packsize", strPacksize),
  new HostFunction("unpack", strUnpack),
];
const TEMPLATE = libTemplate(FUNCS);

/** Opens the string library into state G: returns the `string` table and sets the string metatable. */
export function openString(G: LuaState): LuaTable {
  const lib = newLibTable(TEMPLATE);
  const meta = new LuaTable();
  meta.setStr("__index", lib);
  G.stringMeta = meta;
  return lib;
}
