// Lua 5.3 patterns (reference manual §6.4.1): the matching engine behind
// string.find, string.match, string.gmatch and string.gsub.
//
// Subjects and patterns are byte strings (one JS char per byte 0-255).
// Positions handed in and out are 1-based Lua positions.
//
// How it works. A pattern is compiled once (and cached) into a flat list of
// items: single-character matchers (literal byte, `.`, or a 256-entry set
// bitmap for classes and `[...]`) with an optional quantifier, and the
// structural items `(`, `()`, `)`, `%b`, `%f`, `%1`-`%9` and a final `$`.
// Lua reports malformed-pattern errors only when matching reaches the bad
// spot (`("abc"):find("x[")` is nil, not an error), so compilation never
// throws: it stops at the first malformed spot and appends an error item that
// throws when the matcher reaches it.
//
// The matcher backtracks. Runs of a quantified single-character item are
// scanned iteratively; only trying the rest of the pattern after a `*`, `+`,
// `-` or `?` and entering/leaving a capture recurse, so recursion depth is
// bounded by the pattern's structure, never by the subject's length. That
// depth is capped at 200 nested attempts (Lua's MAXCCALLS), beyond which the
// match fails with "pattern too complex", exactly where PUC-Rio Lua does.
//
// A pattern tried often enough (COMPILE_AFTER attempts) is compiled to a JS
// function by lpatjit.ts, when the interpreter could raise no error on it;
// matchAt picks the compiled form. Both try starts in the same order and
// give the same match and captures.
//
// Entry points follow lstrlib's rules:
//  - find/match take `init` as the raw Lua argument (default 1): negative
//    counts from the end, below 1 clamps to 1, beyond #s+1 gives no match.
//  - a leading `^` anchors find, match and gsub; gmatch treats it as a
//    literal `^` (Lua 5.3 has no anchored gmatch).
//  - gmatch and gsub never accept an empty match that ends where the previous
//    match ended (the 5.3.4+ "lastmatch" rule), so `("abc"):gsub("b*", "-")`
//    gives "-a-c-".
//  - find uses a plain substring search when `plain` is set or the pattern
//    has no special characters.

import { compileMatcher, errorFreeCaptures, type Matcher } from "./lpatjit.js";

/**
 * Error raised by the string-library engines (patterns, format, pack,
 * strftime); the binding turns it into a Lua error. When `arg` is non-zero
 * the message is about that (1-based) argument and the binding reports it as
 * `bad argument #<arg> to '<function>' (<message>)`, naming the function the
 * way luaL_argerror does; otherwise `message` is the whole Lua message.
 */
export class EngineError extends Error {
  readonly arg: number;
  constructor(message: string, arg = 0) {
    super(message);
    this.name = "EngineError";
    this.arg = arg;
  }
}

function fail(message: string): EngineError {
  return new EngineError(message);
}

/** A capture value: a substring, or a 1-based position for `()`. */
export type Capture = string | number;

export interface FindResult {
  /** 1-based position of the first byte of the match. */
  start: number;
  /** 1-based position of the last byte of the match (start - 1 if empty). */
  end: number;
  /** The pattern's captures; empty when the pattern has none. */
  captures: Capture[];
}

/** Successive matches of string.gmatch; `next` returns null when done. */
export interface GmatchIterator {
  next(): Capture[] | null;
  /**
   * The next match's captures written into `out` from index `at` (no
   * allocation); returns how many, or 0 when done.
   */
  nextInto(out: unknown[], at: number): number;
  /** Every match gives at most two values and no call of next can raise an error. */
  readonly errorFreePair: boolean;
}

/**
 * Replacement for gsub: a replacement string (with `%0`-`%9` and `%%`), or
 * a callback given the captures (the whole match when the pattern has none)
 * that returns the replacement text, or undefined to keep the match as is.
 */
export type Replacement = string | ((captures: Capture[]) => string | undefined);

export interface GsubResult {
  result: string;
  count: number;
}

export const MAXCAPTURES = 32;
const MAXCCALLS = 200;
const CAP_UNFINISHED = -1;
const CAP_POSITION = -2;

// ---------------------------------------------------------------------------
// Character classes (C locale: bytes >= 0x80 belong to no class)

const enum Cls {
  Alpha = 1,
  Digit = 2,
  Lower = 4,
  Upper = 8,
  Space = 16,
  Cntrl = 32,
  Punct = 64,
  Xdigit = 128,
  Zero = 256, // %z: the NUL byte (deprecated in 5.2, still accepted by 5.3)
}

const CLASS_BITS = new Uint16Array(256);
CLASS_BITS[0] = Cls.Zero;
for (let c = 0; c < 128; c++) {
  let bits = 0;
  const upper = c >= 65 && c <= 90;
  const lower = c >= 97 && c <= 122;
  const digit = c >= 48 && c <= 57;
  if (upper || lower) bits |= Cls.Alpha;
  if (upper) bits |= Cls.Upper;
  if (lower) bits |= Cls.Lower;
  if (digit) bits |= Cls.Digit;
  if (c === 32 || (c >= 9 && c <= 13)) bits |= Cls.Space;
  if (c < 32 || c === 127) bits |= Cls.Cntrl;
  if (c > 32 && c < 127 && !upper && !lower && !digit) bits |= Cls.Punct;
  if (digit || (c >= 65 && c <= 70) || (c >= 97 && c <= 102)) bits |= Cls.Xdigit;
  CLASS_BITS[c] |= bits;
}

/** Mask of the class named by a lowercase class letter, or 0 if none. */
function classMask(lowerLetter: number): number {
  switch (lowerLetter) {
    case 97 /* a */: return Cls.Alpha;
    case 99 /* c */: return Cls.Cntrl;
    case 100 /* d */: return Cls.Digit;
    case 103 /* g */: return Cls.Alpha | Cls.Digit | Cls.Punct;
    case 108 /* l */: return Cls.Lower;
    case 112 /* p */: return Cls.Punct;
    case 115 /* s */: return Cls.Space;
    case 117 /* u */: return Cls.Upper;
    case 119 /* w */: return Cls.Alpha | Cls.Digit;
    case 120 /* x */: return Cls.Xdigit;
    case 122 /* z */: return Cls.Zero;
    default: return 0;
  }
}

/** Does byte `c` match the escape `%cl` (a class letter or a literal)? */
function matchClass(c: number, cl: number): boolean {
  const lower = cl >= 65 && cl <= 90 ? cl + 32 : cl;
  const mask = classMask(lower);
  if (mask === 0) return cl === c;
  const res = (CLASS_BITS[c]! & mask) !== 0;
  return lower !== cl ? !res : res;
}

// ---------------------------------------------------------------------------
// Compiled patterns

export const enum K {
  Char, // literal byte `ch`
  Any, // `.`
  Set, // bitmap `set` (classes and [...])
  Open, // `(`
  Position, // `()`
  Close, // `)`
  Balance, // `%bxy`: ch = x, ch2 = y
  Frontier, // `%f[set]`
  BackRef, // `%d`: ch = the digit's byte
  End, // `$` at the end of the pattern
  Error, // malformed pattern: throw `msg` when reached
}

const Q_NONE = 0;
const Q_STAR = 42; // '*'
const Q_PLUS = 43; // '+'
const Q_MINUS = 45; // '-'
const Q_OPT = 63; // '?'

export interface Item {
  kind: K;
  q: number;
  ch: number;
  ch2: number;
  set: Uint8Array | null;
  msg: string;
  /**
   * For a greedy run: the literal byte the rest of the pattern starts with
   * once `followCloses` capture closes are passed, or -1 (see maxExpand).
   */
  follow: number;
  followCloses: number;
}

interface Compiled {
  items: Item[];
  anchored: boolean;
  /**
   * Where an unanchored match can start (see firstItem): the byte of a
   * literal first item as a string for indexOf, or "" ...
   */
  firstChar: string;
  /** ... else the set of bytes a match can start with, or null for any. */
  firstSet: Uint8Array | null;
  /**
   * Set when the first item is a class or set with `+` and the pattern has
   * no back-reference: whether the rest matches then depends only on where
   * it starts, and a failed attempt has tried the rest at every later point
   * of the run, so no start inside the same run can succeed (afterFailure).
   */
  runSet: Uint8Array | null;
  /** No special characters: find may search for the pattern as it is. */
  plain: boolean;
  /** A failed attempt at one start means no later start can match (see triesOnce). */
  once: boolean;
  /** The pattern compiled to JS (lpatjit.ts), once it has been tried often enough; see matchAt. */
  fn: Matcher | null;
  /** Attempts so far by the interpreter; -1 when the pattern cannot be compiled. */
  tries: number;
  /** errorFreeCaptures of the items, or -2 before gmatch first asks. */
  errorFreeCaps: number;
}

function item(kind: K, q: number, ch: number, ch2: number, set: Uint8Array | null, msg: string): Item {
  return { kind, q, ch, ch2, set, msg, follow: -1, followCloses: 0 };
}

/** Fill in each item's `follow`: closes, then a literal byte that must match. */
function linkFollows(items: Item[]): void {
  for (let k = 0; k < items.length; k++) {
    let j = k + 1;
    while (j < items.length && items[j]!.kind === K.Close) j++;
    const next = j < items.length ? items[j]! : null;
    if (next !== null && next.kind === K.Char && (next.q === Q_NONE || next.q === Q_PLUS)) {
      items[k]!.follow = next.ch;
      items[k]!.followCloses = j - k - 1;
    }
  }
}

function errorItem(msg: string): Item {
  return item(K.Error, Q_NONE, 0, 0, null, msg);
}

/**
 * Index just past the `]` closing the set whose `[` is at `i`, or -1 when
 * the set is unterminated. The first member (after an optional `^`) is
 * always taken literally, so `[]]` and `[^]]` are sets containing `]`.
 */
function setEnd(p: string, i: number): number {
  const plen = p.length;
  let j = i + 1;
  if (j < plen && p.charCodeAt(j) === 94 /* ^ */) j++;
  do {
    if (j >= plen) return -1;
    const c = p.charCodeAt(j++);
    if (c === 37 /* % */ && j < plen) j++;
  } while (j >= plen || p.charCodeAt(j) !== 93 /* ] */);
  return j + 1;
}

/** Bitmap of the set `p[open..close]` where p[open] is `[` and p[close] is `]`. */
function buildSet(p: string, open: number, close: number): Uint8Array {
  const bits = new Uint8Array(256);
  let i = open + 1;
  let negate = false;
  if (p.charCodeAt(i) === 94 /* ^ */) {
    negate = true;
    i++;
  }
  while (i < close) {
    const c = p.charCodeAt(i);
    if (c === 37 /* % */) {
      const cl = p.charCodeAt(i + 1);
      for (let b = 0; b < 256; b++) if (matchClass(b, cl)) bits[b] = 1;
      i += 2;
    } else if (p.charCodeAt(i + 1) === 45 /* - */ && i + 2 < close) {
      const hi = p.charCodeAt(i + 2);
      for (let b = c; b <= hi; b++) bits[b] = 1;
      i += 3;
    } else {
      bits[c] = 1;
      i++;
    }
  }
  if (negate) for (let b = 0; b < 256; b++) bits[b] ^= 1;
  return bits;
}

function classSet(cl: number): Uint8Array {
  const bits = new Uint8Array(256);
  for (let b = 0; b < 256; b++) if (matchClass(b, cl)) bits[b] = 1;
  return bits;
}

function compile(p: string, start: number): Item[] {
  const items: Item[] = [];
  const plen = p.length;
  let i = start;
  while (i < plen) {
    const c = p.charCodeAt(i);
    if (c === 40 /* ( */) {
      if (p.charCodeAt(i + 1) === 41 /* ) */) {
        items.push(item(K.Position, Q_NONE, 0, 0, null, ""));
        i += 2;
      } else {
        items.push(item(K.Open, Q_NONE, 0, 0, null, ""));
        i++;
      }
      continue;
    }
    if (c === 41 /* ) */) {
      items.push(item(K.Close, Q_NONE, 0, 0, null, ""));
      i++;
      continue;
    }
    if (c === 36 /* $ */ && i + 1 === plen) {
      items.push(item(K.End, Q_NONE, 0, 0, null, ""));
      i++;
      continue;
    }
    if (c === 37 /* % */ && i + 1 < plen) {
      const e = p.charCodeAt(i + 1);
      if (e === 98 /* b */) {
        if (i + 3 >= plen) {
          items.push(errorItem("malformed pattern (missing arguments to '%b')"));
          return items;
        }
        items.push(item(K.Balance, Q_NONE, p.charCodeAt(i + 2), p.charCodeAt(i + 3), null, ""));
        i += 4;
        continue;
      }
      if (e === 102 /* f */) {
        i += 2;
        if (i >= plen || p.charCodeAt(i) !== 91 /* [ */) {
          items.push(errorItem("missing '[' after '%f' in pattern"));
          return items;
        }
        const end = setEnd(p, i);
        if (end < 0) {
          items.push(errorItem("malformed pattern (missing ']')"));
          return items;
        }
        items.push(item(K.Frontier, Q_NONE, 0, 0, buildSet(p, i, end - 1), ""));
        i = end;
        continue;
      }
      if (e >= 48 && e <= 57) {
        items.push(item(K.BackRef, Q_NONE, e, 0, null, ""));
        i += 2;
        continue;
      }
    }
    // A single-character item, maybe followed by a quantifier.
    let kind: K;
    let ch = 0;
    let set: Uint8Array | null = null;
    let end: number;
    if (c === 37 /* % */) {
      if (i + 1 >= plen) {
        items.push(errorItem("malformed pattern (ends with '%')"));
        return items;
      }
      kind = K.Set;
      set = classSet(p.charCodeAt(i + 1));
      end = i + 2;
    } else if (c === 91 /* [ */) {
      end = setEnd(p, i);
      if (end < 0) {
        items.push(errorItem("malformed pattern (missing ']')"));
        return items;
      }
      kind = K.Set;
      set = buildSet(p, i, end - 1);
    } else if (c === 46 /* . */) {
      kind = K.Any;
      end = i + 1;
    } else {
      kind = K.Char;
      ch = c;
      end = i + 1;
    }
    let q = Q_NONE;
    if (end < plen) {
      const n = p.charCodeAt(end);
      if (n === Q_STAR || n === Q_PLUS || n === Q_MINUS || n === Q_OPT) {
        q = n;
        end++;
      }
    }
    items.push(item(kind, q, ch, 0, set, ""));
    i = end;
  }
  return items;
}

/**
 * The item every match must begin with: the first one after the leading
 * captures when it consumes exactly one byte up front (no quantifier, or
 * `+`); else null. A start where that byte does not match fails before
 * reaching anything else, so scanners may skip it. Past 31 leading captures
 * the first attempt raises "too many captures", so no skipping there.
 */
function firstItem(items: Item[]): Item | null {
  let i = 0;
  while (i < items.length && i < MAXCAPTURES && (items[i]!.kind === K.Open || items[i]!.kind === K.Position)) i++;
  if (i >= items.length || i >= MAXCAPTURES) return null;
  const it = items[i]!;
  if (it.q !== Q_NONE && it.q !== Q_PLUS) return null;
  return it.kind === K.Char || it.kind === K.Set ? it : null;
}

const SPECIALS = /[\^$*+?.(\[%-]/;

function compileAll(p: string, allowAnchor: boolean): Compiled {
  const anchored = allowAnchor && p.charCodeAt(0) === 94 /* ^ */;
  const items = compile(p, anchored ? 1 : 0);
  linkFollows(items);
  const first = anchored ? null : firstItem(items);
  return {
    items,
    anchored,
    once: triesOnce(anchored, items),
    firstChar: first !== null && first.kind === K.Char ? String.fromCharCode(first.ch) : "",
    firstSet: first !== null && first.kind === K.Set ? first.set : null,
    runSet: first !== null && first.kind === K.Set && first.q === Q_PLUS && !items.some((it) => it.kind === K.BackRef)
      ? first.set : null,
    plain: !SPECIALS.test(p),
    fn: null,
    tries: 0,
    errorFreeCaps: -2,
  };
}

// Patterns are usually literals reused in loops: cache their compiled form,
// and remember the last few of each kind (a loop usually repeats one call,
// or cycles through a handful, like a scanner's find calls).
const CACHE_LIMIT = 256;
const RECENT = 4;

/** A bounded cache of compileAll(p, anchorable) that answers its recent patterns at once. */
class PatternCache {
  private readonly map = new Map<string, Compiled>();
  private readonly recentPatterns: string[] = [];
  private readonly recentCompiled: Compiled[] = [];
  private next = 0;
  constructor(private readonly anchorable: boolean) {
    this.clear();
  }
  /** Forgets every pattern (the recent slots hold the empty pattern). */
  clear(): void {
    this.map.clear();
    const empty = compileAll("", this.anchorable);
    for (let k = 0; k < RECENT; k++) {
      this.recentPatterns[k] = "";
      this.recentCompiled[k] = empty;
    }
  }
  peek(p: string): Compiled | undefined {
    return this.map.get(p);
  }
  get(p: string): Compiled {
    const recent = this.recentPatterns;
    for (let k = 0; k < RECENT; k++) if (recent[k] === p) return this.recentCompiled[k]!;
    let cp = this.map.get(p);
    if (cp === undefined) {
      cp = compileAll(p, this.anchorable);
      if (this.map.size >= CACHE_LIMIT) this.map.clear();
      this.map.set(p, cp);
    }
    const slot = this.next;
    this.next = (slot + 1) % RECENT;
    recent[slot] = p;
    this.recentCompiled[slot] = cp;
    return cp;
  }
}

const findCache = new PatternCache(true);
const gmatchCache = new PatternCache(false);

/** The next start worth trying after an attempt at `st` failed (see runSet). */
function afterFailure(cp: Compiled, src: string, st: number, len: number): number {
  const run = cp.runSet;
  if (run === null) return st + 1;
  while (st < len && run[src.charCodeAt(st)] === 1) st++;
  // src[st] ends the run (a start there fails at once), or st is the end.
  return st < len ? st + 1 : len;
}

/**
 * The first index >= st where an unanchored match of `cp` can start, or -1
 * when none can (no start at or past the end can match a first byte).
 */
function nextStart(cp: Compiled, src: string, st: number, len: number): number {
  if (cp.firstChar !== "") return src.indexOf(cp.firstChar, st);
  const set = cp.firstSet;
  if (set === null) return st;
  while (st < len && set[src.charCodeAt(st)] === 0) st++;
  return st < len ? st : -1;
}

// ---------------------------------------------------------------------------
// Matching

export interface MatchState {
  src: string;
  len: number;
  items: Item[];
  level: number;
  depth: number;
  // Plain arrays: a match state is made per call, and two typed-array
  // allocations cost more than a short match. Slot l is written (at
  // capture start) before it is ever read.
  capStart: number[];
  capLen: number[];
  /** End index of the last successful search (find and match). */
  end: number;
}

function newState(src: string, items: Item[]): MatchState {
  return {
    src,
    len: src.length,
    items,
    level: 0,
    depth: MAXCCALLS,
    capStart: [],
    capLen: [],
    end: 0,
  };
}

function singleMatch(ms: MatchState, s: number, it: Item): boolean {
  if (s >= ms.len) return false;
  const c = ms.src.charCodeAt(s);
  switch (it.kind) {
    case K.Char: return c === it.ch;
    case K.Any: return true;
    default: return it.set![c] === 1;
  }
}

/** Greedy: take as many as possible, then give back one at a time. */
function maxExpand(ms: MatchState, s: number, it: Item, next: number): number {
  let i = 0;
  const set = it.set;
  if (set !== null) {
    const src = ms.src;
    const len = ms.len;
    while (s + i < len && set[src.charCodeAt(s + i)] === 1) i++;
  } else {
    while (singleMatch(ms, s + i, it)) i++;
  }
  // The run ends the pattern: the rest matches at once (unless the match
  // depth is used up, where the call below raises "pattern too complex").
  if (next === ms.items.length && ms.depth > 0) return s + i;
  // When the rest starts with a literal byte (maybe after closing
  // captures), only the ends of the run followed by that byte can succeed:
  // the others are skipped. Skipping is exact only if trying them could not
  // raise an error: there are enough captures open for the closes, and
  // enough match depth for the closes' nested calls.
  const follow = it.follow;
  if (follow >= 0 && ms.depth > it.followCloses + 1 && openCaptures(ms) >= it.followCloses) {
    const src = ms.src;
    const len = ms.len;
    for (; i >= 0; i--) {
      if (s + i < len && src.charCodeAt(s + i) === follow) {
        const r = doMatch(ms, s + i, next);
        if (r !== -1) return r;
      }
    }
    return -1;
  }
  while (i >= 0) {
    const r = doMatch(ms, s + i, next);
    if (r !== -1) return r;
    i--;
  }
  return -1;
}

/** How many captures are still open (unfinished). */
function openCaptures(ms: MatchState): number {
  let n = 0;
  for (let l = 0; l < ms.level; l++) if (ms.capLen[l] === CAP_UNFINISHED) n++;
  return n;
}

/** Lazy: try the rest first, taking one more character after each failure. */
function minExpand(ms: MatchState, s: number, it: Item, next: number): number {
  for (;;) {
    const r = doMatch(ms, s, next);
    if (r !== -1) return r;
    if (singleMatch(ms, s, it)) s++;
    else return -1;
  }
}

function startCapture(ms: MatchState, s: number, next: number, what: number): number {
  const level = ms.level;
  if (level >= MAXCAPTURES) throw fail("too many captures");
  ms.capStart[level] = s;
  ms.capLen[level] = what;
  ms.level = level + 1;
  const r = doMatch(ms, s, next);
  if (r === -1) ms.level--;
  return r;
}

function endCapture(ms: MatchState, s: number, next: number): number {
  let l = ms.level - 1;
  while (l >= 0 && ms.capLen[l] !== CAP_UNFINISHED) l--;
  if (l < 0) throw fail("invalid pattern capture");
  ms.capLen[l] = s - ms.capStart[l]!;
  const r = doMatch(ms, s, next);
  if (r === -1) ms.capLen[l] = CAP_UNFINISHED;
  return r;
}

function matchBalance(ms: MatchState, s: number, it: Item): number {
  const src = ms.src;
  const len = ms.len;
  if (s >= len || src.charCodeAt(s) !== it.ch) return -1;
  const open = it.ch;
  const close = it.ch2;
  let depth = 1;
  while (++s < len) {
    const c = src.charCodeAt(s);
    if (c === close) {
      if (--depth === 0) return s + 1;
    } else if (c === open) {
      depth++;
    }
  }
  return -1;
}

function matchBackRef(ms: MatchState, s: number, digit: number): number {
  const l = digit - 49; // '1' -> 0
  if (l < 0 || l >= ms.level || ms.capLen[l] === CAP_UNFINISHED) {
    throw fail(`invalid capture index %${l + 1}`);
  }
  const len = ms.capLen[l]!;
  if (len < 0 || ms.len - s < len) return -1; // a position capture never matches
  const start = ms.capStart[l]!;
  const src = ms.src;
  for (let k = 0; k < len; k++) {
    if (src.charCodeAt(start + k) !== src.charCodeAt(s + k)) return -1;
  }
  return s + len;
}

/**
 * Match items[pi..] at subject index s; returns the end index of the match
 * or -1. Each call is one level of Lua's match depth.
 */
function doMatch(ms: MatchState, s: number, pi: number): number {
  if (ms.depth-- === 0) throw fail("pattern too complex");
  const items = ms.items;
  const n = items.length;
  for (;;) {
    if (pi === n) break;
    const it = items[pi]!;
    switch (it.kind) {
      case K.Open:
        s = startCapture(ms, s, pi + 1, CAP_UNFINISHED);
        break;
      case K.Position:
        s = startCapture(ms, s, pi + 1, CAP_POSITION);
        break;
      case K.Close:
        s = endCapture(ms, s, pi + 1);
        break;
      case K.End:
        if (s !== ms.len) s = -1;
        break;
      case K.Balance:
        s = matchBalance(ms, s, it);
        if (s !== -1) {
          pi++;
          continue;
        }
        break;
      case K.Frontier: {
        const prev = s === 0 ? 0 : ms.src.charCodeAt(s - 1);
        const cur = s < ms.len ? ms.src.charCodeAt(s) : 0;
        if (it.set![prev] === 0 && it.set![cur] === 1) {
          pi++;
          continue;
        }
        s = -1;
        break;
      }
      case K.BackRef:
        s = matchBackRef(ms, s, it.ch);
        if (s !== -1) {
          pi++;
          continue;
        }
        break;
      case K.Error:
        throw fail(it.msg);
      default: {
        const q = it.q;
        if (!singleMatch(ms, s, it)) {
          if (q === Q_STAR || q === Q_OPT || q === Q_MINUS) {
            pi++;
            continue;
          }
          s = -1;
          break;
        }
        if (q === Q_NONE) {
          s++;
          pi++;
          continue;
        }
        if (q === Q_OPT) {
          const r = doMatch(ms, s + 1, pi + 1);
          if (r !== -1) {
            s = r;
            break;
          }
          pi++;
          continue;
        }
        if (q === Q_PLUS) s = maxExpand(ms, s + 1, it, pi + 1);
        else if (q === Q_STAR) s = maxExpand(ms, s, it, pi + 1);
        else s = minExpand(ms, s, it, pi + 1);
        break;
      }
    }
    break;
  }
  ms.depth++;
  return s;
}

/**
 * Attempts at one pattern after which it is compiled to JS: enough that a
 * pattern used once on a short subject never pays for compiling.
 */
const COMPILE_AFTER = 40;
let compileAfter = COMPILE_AFTER;

/**
 * For tests: compile patterns from their `n`th attempt on (1: at once;
 * Infinity: never), forgetting every pattern compiled so far. Returns the
 * previous setting.
 */
export function setCompileAfter(n: number): number {
  const old = compileAfter;
  compileAfter = n;
  findCache.clear();
  gmatchCache.clear();
  return old;
}

/** For tests: whether find, match and gsub now run pattern `p` compiled. */
export function isCompiled(p: string): boolean {
  return findCache.peek(p)?.fn != null;
}

/**
 * Match the whole pattern at subject index `st` (a fresh attempt): the end
 * index of the match, or -1; the captures are in `ms`. Uses the compiled
 * form once the pattern has one.
 */
function matchAt(cp: Compiled, ms: MatchState, st: number): number {
  let fn = cp.fn;
  if (fn === null && cp.tries >= 0 && ++cp.tries >= compileAfter) {
    fn = cp.fn = compileMatcher(cp.items);
    if (fn === null) cp.tries = -1;
  }
  if (fn !== null) return fn(ms.src, st, ms.len, ms);
  ms.level = 0;
  ms.depth = MAXCCALLS;
  return doMatch(ms, st, 0);
}

/** Value of capture `l` for a match spanning [s, e). */
function captureValue(ms: MatchState, l: number, s: number, e: number): Capture {
  if (l >= ms.level) {
    if (l === 0) return ms.src.slice(s, e);
    throw fail(`invalid capture index %${l + 1}`);
  }
  const len = ms.capLen[l]!;
  const start = ms.capStart[l]!;
  if (len === CAP_UNFINISHED) throw fail("unfinished capture");
  if (len === CAP_POSITION) return start + 1;
  return ms.src.slice(start, start + len);
}

/**
 * Where to try matching from: each start is tried in turn, skipping those
 * where the first byte cannot match (nextStart), unless the pattern is
 * anchored or begins with `.*`, `.-` or `.+`: that tries the rest of the
 * pattern at every later position already, so if it fails at one start it
 * fails at all later ones.
 */
function triesOnce(anchored: boolean, items: Item[]): boolean {
  if (anchored) return true;
  if (items.length === 0) return false;
  const first = items[0]!;
  return first.kind === K.Any && (first.q === Q_STAR || first.q === Q_MINUS || first.q === Q_PLUS);
}

/** lstrlib's posrelat + clamping: 0-based start index, or -1 if past the end. */
function startIndex(init: number, len: number): number {
  let pos: number;
  if (init >= 0) pos = init;
  else if (-init > len) pos = 0;
  else pos = len + init + 1;
  if (pos < 1) pos = 1;
  else if (pos > len + 1) return -1;
  return pos - 1;
}

// find and match run to completion without calling out, so they share one
// match state instead of making one per call; gmatch and gsub keep their own
// (their callers run Lua code, which may search again, between matches).
const scratch = newState("", []);

/**
 * Search `s` for `p` from the raw Lua `init`: the 0-based start of the
 * first match, or -1. On success `scratch` holds the captures and `end`.
 */
function search(s: string, cp: Compiled, init: number): number {
  const len = s.length;
  let st = startIndex(init, len);
  if (st < 0) return -1;
  const ms = scratch;
  ms.src = s;
  ms.len = len;
  ms.items = cp.items;
  const once = cp.once;
  for (;;) {
    if (!once) {
      st = nextStart(cp, s, st, len);
      if (st < 0) return -1;
    }
    const e = matchAt(cp, ms, st);
    if (e !== -1) {
      ms.end = e;
      return st;
    }
    if (once || st >= len) return -1;
    st = afterFailure(cp, s, st, len);
  }
}

/**
 * string.find (`isFind`) or string.match for the library binding, with no
 * allocation: writes the results into `out` from index `at` (find: start,
 * end, then the captures; match: the captures, or the whole match when
 * there are none) and returns how many, or 0 when there is no match.
 * `init` is the raw 1-based Lua argument (default 1); `plain` is find's.
 */
export function findInto(s: string, p: string, init: number, plain: boolean, isFind: boolean,
  out: unknown[], at: number): number {
  const cp = plain ? null : findCache.get(p);
  if (isFind && (cp === null || cp.plain)) {
    const start0 = startIndex(init, s.length);
    if (start0 < 0) return 0;
    const found = s.indexOf(p, start0);
    if (found < 0) return 0;
    out[at] = found + 1;
    out[at + 1] = found + p.length;
    return 2;
  }
  const st = search(s, cp!, init);
  if (st < 0) return 0;
  const ms = scratch;
  const e = ms.end;
  let k = at;
  if (isFind) {
    out[k++] = st + 1;
    out[k++] = e;
  }
  const n = ms.level === 0 && !isFind ? 1 : ms.level;
  for (let l = 0; l < n; l++) out[k++] = captureValue(ms, l, st, e);
  return k - at;
}

/**
 * string.find. `init` is the raw 1-based Lua argument (default 1).
 * Returns null when there is no match.
 */
export function find(s: string, p: string, init: number, plain: boolean): FindResult | null {
  const out: Capture[] = [];
  if (findInto(s, p, init, plain, true, out, 0) === 0) return null;
  return { start: out[0] as number, end: out[1] as number, captures: out.slice(2) };
}

/**
 * string.match. `init` is the raw 1-based Lua argument (default 1).
 * Returns the captures (the whole match when the pattern has none) or null.
 */
export function match(s: string, p: string, init: number): Capture[] | null {
  const out: Capture[] = [];
  return findInto(s, p, init, false, false, out, 0) === 0 ? null : out;
}

/** string.gmatch: `^` is literal here, as in Lua 5.3. */
export function gmatch(s: string, p: string): GmatchIterator {
  const cp = gmatchCache.get(p);
  const ms = newState(s, cp.items);
  let pos = 0;
  let lastMatch = -1;
  const nextInto = (out: unknown[], at: number): number => {
    const len = ms.len;
    let st = pos;
    while (st <= len) {
      st = nextStart(cp, s, st, len);
      if (st < 0) break;
      const e = matchAt(cp, ms, st);
      if (e !== -1 && e !== lastMatch) {
        pos = lastMatch = e;
        const n = ms.level === 0 ? 1 : ms.level;
        for (let l = 0; l < n; l++) out[at + l] = captureValue(ms, l, st, e);
        return n;
      }
      st = e === -1 ? afterFailure(cp, s, st, len) : st + 1;
    }
    pos = len + 1; // nothing left: later calls end at once
    return 0;
  };
  if (cp.errorFreeCaps === -2) cp.errorFreeCaps = errorFreeCaptures(cp.items);
  const caps = cp.errorFreeCaps;
  return {
    next(): Capture[] | null {
      const out: Capture[] = [];
      return nextInto(out, 0) === 0 ? null : out;
    },
    nextInto,
    errorFreePair: caps >= 0 && caps <= 2,
  };
}

/**
 * Expand a gsub replacement string for one match: `%0` is the whole match,
 * `%1`-`%9` the captures (`%1` is the whole match when there are none),
 * `%%` a percent sign. Position captures expand to their decimal value.
 */
export function expandReplacement(repl: string, whole: string, caps: Capture[]): string {
  return expand(repl, whole, (l) => {
    if (l >= caps.length) {
      if (l === 0) return whole;
      throw fail(`invalid capture index %${l + 1}`);
    }
    return caps[l]!;
  });
}

function expand(repl: string, whole: string, capture: (l: number) => Capture): string {
  let at = repl.indexOf("%");
  if (at < 0) return repl;
  let out = "";
  let from = 0;
  const n = repl.length;
  while (at >= 0) {
    out += repl.slice(from, at);
    const c = at + 1 < n ? repl.charCodeAt(at + 1) : 0;
    if (c === 37 /* % */) out += "%";
    else if (c === 48 /* 0 */) out += whole;
    else if (c >= 49 && c <= 57) out += String(capture(c - 49));
    else throw fail("invalid use of '%' in replacement string");
    from = at + 2;
    at = repl.indexOf("%", from);
  }
  return out + repl.slice(from);
}

/**
 * A replacement callback of gsubWith: called once per match with the
 * match state and the match's bounds [start, end) (0-based), which it hands
 * to capturesInto; returns the replacement text, or undefined to keep the
 * match as it is. The state is only valid during the call.
 */
export type GsubCallback = (m: MatchState, start: number, end: number) => string | undefined;

/**
 * The captures of the match spanning [start, end) written into `out` from
 * index `at` (the whole match when the pattern has none), at most `limit`
 * of them; returns how many.
 */
export function capturesInto(m: MatchState, start: number, end: number, out: unknown[], at: number,
  limit: number): number {
  let n = m.level === 0 ? 1 : m.level;
  if (n > limit) n = limit;
  for (let l = 0; l < n; l++) out[at + l] = captureValue(m, l, start, end);
  return n;
}

/** The first capture of the match spanning [start, end) (the whole match when the pattern has none). */
export function firstCapture(m: MatchState, start: number, end: number): Capture {
  return captureValue(m, 0, start, end);
}

/**
 * string.gsub. `maxN` is the maximum number of substitutions (pass
 * Infinity for no limit). A callback replacement gets all captures, or only
 * the first one when `firstOnly` is set (the table-lookup form, which reads
 * only the first capture).
 */
export function gsub(s: string, p: string, repl: Replacement, maxN: number, firstOnly = false): GsubResult {
  if (typeof repl === "string") return gsubWith(s, p, repl, maxN);
  const f = repl;
  return gsubWith(s, p, (m, start, end) => {
    const caps: Capture[] = [];
    capturesInto(m, start, end, caps, 0, firstOnly ? 1 : MAXCAPTURES);
    return f(caps);
  }, maxN);
}

/** string.gsub with a replacement string or a GsubCallback (see gsub). */
export function gsubWith(s: string, p: string, repl: string | GsubCallback, maxN: number): GsubResult {
  const cp = findCache.get(p);
  const anchored = cp.anchored;
  const len = s.length;
  // Most calls in a scanning loop find nothing: answer those before
  // allocating anything.
  let src = maxN > 0 && !anchored ? nextStart(cp, s, 0, len) : 0;
  if (src < 0 || maxN <= 0) return { result: s, count: 0 };
  const ms = newState(s, cp.items);
  // The result is built in flat chunks (see GSUB_CHUNK), joined at the end.
  let chunks: string[] | null = null;
  let out = "";
  let pieces = 0;
  let e = 0;
  let copied = 0; // s[copied..src) is still to be appended
  let lastMatch = -1;
  let count = 0;
  // One closure for the whole call: it reads the current match's bounds.
  const capture = typeof repl === "string" ? (l: number): Capture => captureValue(ms, l, src, e) : null;
  while (count < maxN) {
    if (!anchored) {
      const at = nextStart(cp, s, src, len);
      if (at < 0) break;
      src = at;
    }
    e = matchAt(cp, ms, src);
    if (e !== -1 && e !== lastMatch) {
      count++;
      out += s.slice(copied, src);
      const text = capture !== null ? expand(repl as string, s.slice(src, e), capture)
        : (repl as GsubCallback)(ms, src, e);
      out += text === undefined ? s.slice(src, e) : text;
      if (++pieces === GSUB_CHUNK) {
        flatProbe[0] = out.charCodeAt(0);
        (chunks ??= []).push(out);
        out = "";
        pieces = 0;
      }
      src = copied = lastMatch = e;
    } else if (src < len) {
      src = e === -1 ? afterFailure(cp, s, src, len) : src + 1;
    } else {
      break;
    }
    if (anchored) break;
  }
  if (chunks === null) return { result: out + s.slice(copied), count };
  chunks.push(out, s.slice(copied));
  return { result: chunks.join(""), count };
}

/**
 * Matches per chunk of a gsub result. A result built with `+` alone is a
 * tree of two cons cells per match that lives, and is copied by every
 * young-generation collection, until the whole gsub is done; flattening
 * every chunk lets the cells die young, and the chunks join at the end.
 */
const GSUB_CHUNK = 512;

/** Where a chunk's first character is read, which makes V8 flatten it. */
const flatProbe = new Int32Array(1);
