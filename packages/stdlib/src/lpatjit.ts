// Lua patterns compiled to JavaScript: a second tier for lpattern.ts.
//
// The matcher in lpattern.ts interprets a pattern's items and recurses for
// every quantifier and capture. A pattern used many times (a gsub over a
// long text, a find in a loop) is instead turned into one JS function whose
// code is the pattern itself, so V8 compiles it to straight machine code:
//
//   "(%a+)=(%d+)"   becomes, roughly,
//   cs0 = s; if (s < len && isAlpha(src[s])) { let i = s + 1; while (isAlpha(src[i])) i++;
//     for (; i > s; i--) { cl0 = i - cs0; if (src[i] === "=") { cs1 = i + 1; ... return end; } } }
//
// Each item's code is nested inside the previous one's: code that reaches
// the end of the pattern returns the match's end, and code that fails falls
// through to the enclosing loop, which tries its next length. That is the
// same order of attempts as the interpreter's backtracking, so both find
// the same match and the same captures. Captures are local variables: which
// capture a `(` or `)` belongs to is known from the pattern alone.
//
// Only patterns the interpreter can never fail on are compiled: no
// malformed part, no `)` without `(`, no back-reference to a capture that
// is not closed there, at most MAXCAPTURES captures, and few enough items
// that the interpreter's match depth (200) cannot run out. Everything else
// keeps the interpreter, with its errors at the points Lua raises them. An
// unclosed capture is the one error left: the compiled code leaves it
// marked unfinished, and reading it raises "unfinished capture" as before.

import { K, MAXCAPTURES, type Item, type MatchState } from "./lpattern.js";

/** A compiled pattern: the end index of a match of the whole pattern at `s`, or -1. */
export type Matcher = (src: string, s: number, len: number, ms: MatchState) => number;

/** Items beyond which a pattern stays interpreted (far below the depth limit of 200). */
const MAX_ITEMS = 64;

const Q_NONE = 0;
const Q_STAR = 42;
const Q_PLUS = 43;
const Q_MINUS = 45;
const Q_OPT = 63;

/**
 * The number of captures of a pattern whose matches can raise no error,
 * even when their captures are read (every capture closed); -1 for any
 * other pattern. gmatch's frameless loop step (strlib.ts) needs such one.
 */
export function errorFreeCaptures(items: readonly Item[]): number {
  if (items.length > MAX_ITEMS) return -1;
  const g = new Gen(items);
  return g.check() && g.allClosed ? g.ncaps : -1;
}

/** `items` as a Matcher, or null when the pattern must stay interpreted. */
export function compileMatcher(items: readonly Item[]): Matcher | null {
  if (items.length > MAX_ITEMS) return null;
  const g = new Gen(items);
  if (!g.check()) return null;
  const body = g.item(0, "s");
  const decls: string[] = [];
  for (let k = 0; k < g.ncaps; k++) decls.push(`cs${k} = 0`, `cl${k} = 0`);
  const src = `"use strict"; return function match(src, s, len, ms) {
let c = 0${decls.length > 0 ? `, ${decls.join(", ")}` : ""};
${body}
return -1; };`;
  try {
    return (new Function("SETS", src) as (sets: Uint8Array[]) => Matcher)(g.sets);
  } catch {
    return null; // never expected; the interpreter is always correct
  }
}

class Gen {
  readonly items: readonly Item[];
  /** Bitmaps the generated code reads, passed to it as SETS. */
  readonly sets: Uint8Array[] = [];
  /** Capture number of each `(`/`()` item and of the `(` each `)` closes. */
  private readonly capOf: number[] = [];
  /** Captures that are position captures. */
  private readonly isPosition: boolean[] = [];
  ncaps = 0;
  /** Set by check: no capture is left open at the end of the pattern. */
  allClosed = false;
  private vars = 0;

  constructor(items: readonly Item[]) {
    this.items = items;
  }

  /**
   * Number the captures, and check that the interpreter could raise no
   * error on this pattern (see the file comment).
   */
  check(): boolean {
    const open: number[] = []; // captures still open, innermost last
    const closed: boolean[] = [];
    for (let pi = 0; pi < this.items.length; pi++) {
      const it = this.items[pi]!;
      switch (it.kind) {
        case K.Open:
        case K.Position: {
          if (this.ncaps >= MAXCAPTURES) return false;
          const k = this.ncaps++;
          this.capOf[pi] = k;
          this.isPosition[k] = it.kind === K.Position;
          // A position capture is complete at once.
          closed[k] = it.kind === K.Position;
          if (it.kind === K.Open) open.push(k);
          break;
        }
        case K.Close: {
          if (open.length === 0) return false;
          const k = open.pop()!;
          this.capOf[pi] = k;
          closed[k] = true;
          break;
        }
        case K.BackRef: {
          const l = it.ch - 49;
          if (l < 0 || l >= this.ncaps || !closed[l]) return false;
          break;
        }
        case K.Error:
          return false;
        default:
          break;
      }
    }
    this.allClosed = open.length === 0;
    return true;
  }

  private fresh(): string {
    return `v${this.vars++}`;
  }

  /** A JS condition: does the byte in `c` (a variable name) match item `it`? */
  private test(it: Item, c: string): string {
    if (it.kind === K.Char) return `${c} === ${it.ch}`;
    if (it.kind === K.Any) return "true";
    const set = it.set!;
    // A set of one to three ranges is tested by comparisons, else by lookup.
    const ranges: [number, number][] = [];
    for (let b = 0; b < 256; b++) {
      if (set[b] !== 1) continue;
      let e = b;
      while (e + 1 < 256 && set[e + 1] === 1) e++;
      ranges.push([b, e]);
      b = e;
    }
    if (ranges.length === 0) return "false";
    if (ranges.length <= 3) {
      return "(" + ranges.map(([lo, hi]) => lo === hi ? `${c} === ${lo}` : `(${c} >= ${lo} && ${c} <= ${hi})`)
        .join(" || ") + ")";
    }
    this.sets.push(set);
    return `SETS[${this.sets.length - 1}][${c}] === 1`;
  }

  /** Does the byte at index `at` (an expression) match `it`? Includes the bounds check. */
  private single(it: Item, at: string): string {
    if (it.kind === K.Any) return `${at} < len`;
    if (it.kind === K.Char) return `${at} < len && src.charCodeAt(${at}) === ${it.ch}`;
    // `c` is a scratch variable of the whole function: each test reads it at once.
    return `${at} < len && (c = src.charCodeAt(${at}), ${this.test(it, "c")})`;
  }

  /** Code matching items[pi..] at index `s` (a variable name): returns on success, falls through on failure. */
  item(pi: number, s: string): string {
    const items = this.items;
    if (pi === items.length) return this.success(s);
    const it = items[pi]!;
    switch (it.kind) {
      case K.Open:
      case K.Position: {
        const k = this.capOf[pi]!;
        return `cs${k} = ${s}; cl${k} = ${it.kind === K.Open ? -1 : -2};\n${this.item(pi + 1, s)}`;
      }
      case K.Close: {
        const k = this.capOf[pi]!;
        return `cl${k} = ${s} - cs${k};\n${this.item(pi + 1, s)}`;
      }
      case K.End:
        return `if (${s} === len) {\n${this.item(pi + 1, s)}\n}`;
      case K.Balance: {
        const d = this.fresh(), j = this.fresh(), e = this.fresh(), c = this.fresh();
        return `if (${s} < len && src.charCodeAt(${s}) === ${it.ch}) {
let ${d} = 1, ${j} = ${s}, ${e} = -1;
while (++${j} < len) { const ${c} = src.charCodeAt(${j});
if (${c} === ${it.ch2}) { if (--${d} === 0) { ${e} = ${j} + 1; break; } } else if (${c} === ${it.ch}) ${d}++; }
if (${e} !== -1) {\n${this.item(pi + 1, e)}\n} }`;
      }
      case K.Frontier: {
        this.sets.push(it.set!);
        const set = `SETS[${this.sets.length - 1}]`;
        return `if (${set}[${s} === 0 ? 0 : src.charCodeAt(${s} - 1)] === 0 && ${set}[${s} < len ? src.charCodeAt(${s}) : 0] === 1) {
${this.item(pi + 1, s)}\n}`;
      }
      case K.BackRef: {
        const l = it.ch - 49;
        // A position capture never matches as a back-reference.
        if (this.isPosition[l]) return "";
        const n = this.fresh(), j = this.fresh();
        return `if (len - ${s} >= cl${l}) { let ${j} = 0; const ${n} = cl${l};
while (${j} < ${n} && src.charCodeAt(cs${l} + ${j}) === src.charCodeAt(${s} + ${j})) ${j}++;
if (${j} === ${n}) { const ${s}b = ${s} + ${n};\n${this.item(pi + 1, `${s}b`)}\n} }`;
      }
      default:
        return this.quantified(pi, it, s);
    }
  }

  /** A single-character item with its quantifier. */
  private quantified(pi: number, it: Item, s: string): string {
    const i = this.fresh();
    switch (it.q) {
      case Q_NONE:
        return `if (${this.single(it, s)}) { const ${i} = ${s} + 1;\n${this.item(pi + 1, i)}\n}`;
      case Q_OPT:
        // With the character first, then without.
        return `for (let ${i} = ${this.single(it, s)} ? ${s} + 1 : ${s}; ${i} >= ${s}; ${i}--) {\n${this.item(pi + 1, i)}\n}`;
      case Q_STAR:
      case Q_PLUS: {
        // Greedy: the longest run, then shorter ones.
        const min = it.q === Q_PLUS ? `${s} + 1` : s;
        const scan = `let ${i} = ${min};\nwhile (${this.single(it, i)}) ${i}++;\nfor (; ${i} >= ${min}; ${i}--) {\n${this.item(pi + 1, i)}\n}`;
        return it.q === Q_PLUS ? `if (${this.single(it, s)}) {\n${scan}\n}` : `{\n${scan}\n}`;
      }
      case Q_MINUS:
        // Lazy: the rest first, one more character after each failure.
        return `for (let ${i} = ${s}; ; ${i}++) {\n${this.item(pi + 1, i)}\nif (!(${this.single(it, i)})) break;\n}`;
      default:
        throw new Error(`unknown quantifier ${it.q}`);
    }
  }

  /** The end of the pattern: publish the captures and the match's end. */
  private success(s: string): string {
    const lines = [`ms.level = ${this.ncaps};`];
    if (this.ncaps > 0) {
      lines.push("const CS = ms.capStart, CL = ms.capLen;");
      for (let k = 0; k < this.ncaps; k++) lines.push(`CS[${k}] = cs${k}; CL[${k}] = cl${k};`);
    }
    lines.push(`return ${s};`);
    return lines.join("\n");
  }
}
