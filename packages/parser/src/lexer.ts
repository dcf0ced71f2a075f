// The scanner: a byte-exact port of Lua 5.3's llex.c working over char codes.
//
// The source is a byte string (one JS char per byte). Tokens are small
// integers: a single-byte token is its byte value (0-255), as in C Lua;
// reserved words, multi-char symbols, <eof>, numerals, names and strings use
// the codes below, in the order of luaX_tokens (so messages can render them
// the same way). The current token lives in flat fields of the Lexer (no
// token objects are allocated); `next()` advances.
//
// Error messages (malformed numbers, unfinished strings, bad escapes, ...) and
// the line they report are those of lua5.3, including the `near` text, which C
// Lua takes from its token buffer (for strings: the delimiter plus the decoded
// characters read so far, cut at the first NUL byte).

import { LuaSyntaxError, chunkId } from "./errors.js";

// ---------------------------------------------------------------- token codes

export const FIRST_RESERVED = 257;
export const TK_AND = 257;
export const TK_BREAK = 258;
export const TK_DO = 259;
export const TK_ELSE = 260;
export const TK_ELSEIF = 261;
export const TK_END = 262;
export const TK_FALSE = 263;
export const TK_FOR = 264;
export const TK_FUNCTION = 265;
export const TK_GOTO = 266;
export const TK_IF = 267;
export const TK_IN = 268;
export const TK_LOCAL = 269;
export const TK_NIL = 270;
export const TK_NOT = 271;
export const TK_OR = 272;
export const TK_REPEAT = 273;
export const TK_RETURN = 274;
export const TK_THEN = 275;
export const TK_TRUE = 276;
export const TK_UNTIL = 277;
export const TK_WHILE = 278;
// other terminal symbols
export const TK_IDIV = 279;
export const TK_CONCAT = 280;
export const TK_DOTS = 281;
export const TK_EQ = 282;
export const TK_GE = 283;
export const TK_LE = 284;
export const TK_NE = 285;
export const TK_SHL = 286;
export const TK_SHR = 287;
export const TK_DBCOLON = 288;
export const TK_EOS = 289;
export const TK_FLT = 290;
export const TK_INT = 291;
export const TK_NAME = 292;
export const TK_STRING = 293;

const TOKEN_TEXT = [
  "and", "break", "do", "else", "elseif",
  "end", "false", "for", "function", "goto", "if",
  "in", "local", "nil", "not", "or", "repeat",
  "return", "then", "true", "until", "while",
  "//", "..", "...", "==", ">=", "<=", "~=",
  "<<", ">>", "::", "<eof>",
  "<number>", "<integer>", "<name>", "<string>",
];

const RESERVED = new Map<string, number>();
for (let i = 0; i <= TK_WHILE - FIRST_RESERVED; i++) RESERVED.set(TOKEN_TEXT[i]!, FIRST_RESERVED + i);

// Reserved-word lookup without building the name string: indexed by length
// (2-8) and the first two letters; the only clash (repeat/return) is resolved
// by the third letter. The candidate is then compared in place.
const KW_TABLE = new Int16Array(9 * 26 * 26);
function kwIndex(len: number, c0: number, c1: number): number {
  return (len * 26 + (c0 - 97)) * 26 + (c1 - 97);
}
for (let i = 0; i <= TK_WHILE - FIRST_RESERVED; i++) {
  const w = TOKEN_TEXT[i]!;
  const k = kwIndex(w.length, w.charCodeAt(0), w.charCodeAt(1));
  KW_TABLE[k] = KW_TABLE[k] === 0 ? FIRST_RESERVED + i : -1; // -1: repeat/return
}

/** The reserved word at src[p, q), or 0. */
function reservedAt(src: string, p: number, q: number): number {
  const len = q - p;
  if (len < 2 || len > 8) return 0;
  const c0 = src.charCodeAt(p);
  const c1 = src.charCodeAt(p + 1);
  if (c0 < 97 || c0 > 122 || c1 < 97 || c1 > 122) return 0;
  let t = KW_TABLE[kwIndex(len, c0, c1)]!;
  if (t === 0) return 0;
  if (t < 0) t = src.charCodeAt(p + 2) === 112 ? TK_REPEAT : TK_RETURN;
  return src.startsWith(TOKEN_TEXT[t - FIRST_RESERVED]!, p) ? t : 0;
}

/** True for a reserved word (`end`, `nil`, ...). */
export function isReservedWord(name: string): boolean {
  return RESERVED.has(name);
}

/** luaX_token2str: how a token kind is named in "X expected" messages. */
export function tokenToString(token: number): string {
  if (token < FIRST_RESERVED) {
    return isPrint(token) ? `'${String.fromCharCode(token)}'` : `'<\\${token}>'`;
  }
  const s = TOKEN_TEXT[token - FIRST_RESERVED]!;
  return token < TK_EOS ? `'${s}'` : s;
}

function isPrint(c: number): boolean {
  return c >= 32 && c < 127;
}

// Character classes of lctype.c (C locale).
const C_ALPHA = 1; // letters and '_'
const C_DIGIT = 2;
const C_XDIGIT = 4;
const C_SPACE = 8;
const CTYPE = new Uint8Array(257);
for (let c = 0; c < 256; c++) {
  let v = 0;
  if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95) v |= C_ALPHA;
  if (c >= 48 && c <= 57) v |= C_DIGIT | C_XDIGIT;
  if ((c >= 65 && c <= 70) || (c >= 97 && c <= 102)) v |= C_XDIGIT;
  if (c === 32 || (c >= 9 && c <= 13)) v |= C_SPACE;
  CTYPE[c] = v;
}

function hexValue(c: number): number {
  return c <= 57 ? c - 48 : (c | 32) - 87;
}

/** Saved scanner state, for the few places that look more than one token ahead. */
export interface LexState {
  pos: number;
  line: number;
  lineStart: number;
  tok: number;
  tokStart: number;
  tokLine: number;
  tokCol: number;
  tokEnd: number;
  tokEndLine: number;
  tokEndCol: number;
  tokStr: string;
  tokNum: number | bigint;
  tokSep: number;
  prevEnd: number;
  prevEndLine: number;
  prevEndCol: number;
}

// ---------------------------------------------------------------- numerals

/** Integer numeral result: a number within ±(2^53-1), else a bigint. */
function normInt(v: bigint): number | bigint {
  return v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v;
}

/** m * 2^e correctly rounded to a double (round half to even). */
function ldexpBig(m: bigint, e: number): number {
  if (m === 0n) return 0;
  const bl = m.toString(2).length;
  const top = bl - 1 + e; // exponent of the leading bit
  if (top >= 1024) return Infinity;
  if (top < -1075) return 0;
  // bits of precision available at this magnitude
  let keep = top >= -1022 ? 53 : top + 1075;
  if (keep < 0) keep = 0;
  const shift = bl - keep;
  let q = m;
  if (shift > 0) {
    const sh = BigInt(shift);
    q = m >> sh;
    const rem = m & ((1n << sh) - 1n);
    const half = 1n << (sh - 1n);
    if (rem > half || (rem === half && (q & 1n) === 1n)) q += 1n;
    e += shift;
  }
  let r = Number(q);
  // apply 2^e in exact steps (the rounding above already happened)
  while (e > 1000) {
    r *= 2 ** 1000;
    e -= 1000;
    if (r === Infinity) return r;
  }
  while (e < -1000) {
    r *= 2 ** -1000;
    e += 1000;
  }
  return r * 2 ** e;
}

/**
 * luaO_str2num restricted to what read_numeral can produce: returns an
 * integer (number | bigint) with isFloat=false, a float with isFloat=true, or
 * undefined for a malformed numeral.
 */
export function convertNumeral(s: string): { value: number | bigint; isFloat: boolean } | undefined {
  const n = s.length;
  const c1 = s.charCodeAt(1);
  if (s.charCodeAt(0) === 48 && (c1 === 120 || c1 === 88)) {
    // hexadecimal
    let i = 2;
    let allHex = n > 2;
    for (let j = 2; j < n; j++) {
      if (!(CTYPE[s.charCodeAt(j)]! & C_XDIGIT)) {
        allHex = false;
        break;
      }
    }
    if (allHex) {
      // integer, wraps around modulo 2^64
      if (n - 2 <= 13) return { value: parseInt(s.slice(2), 16), isFloat: false };
      return { value: normInt(BigInt.asIntN(64, BigInt(s))), isFloat: false };
    }
    // hexadecimal float: digits [. digits] [p [+-] digits]
    let mant = 0n;
    let any = false;
    let exp = 0;
    let mdigits = 0; // significant hex digits accumulated
    let dropped = false; // nonzero digits beyond the accumulation limit
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (!(CTYPE[c]! & C_XDIGIT)) break;
      any = true;
      if (mdigits < 40) {
        mant = mant * 16n + BigInt(hexValue(c));
        if (mant !== 0n) mdigits++;
      } else {
        exp += 4;
        if (c !== 48) dropped = true;
      }
    }
    if (s.charCodeAt(i) === 46) {
      i++;
      for (; i < n; i++) {
        const c = s.charCodeAt(i);
        if (!(CTYPE[c]! & C_XDIGIT)) break;
        any = true;
        if (mdigits < 40) {
          mant = mant * 16n + BigInt(hexValue(c));
          if (mant !== 0n) mdigits++;
          exp -= 4;
        } else if (c !== 48) dropped = true;
      }
    }
    if (!any) return undefined;
    if (i < n) {
      const c = s.charCodeAt(i);
      if (c !== 112 && c !== 80) return undefined;
      i++;
      let neg = false;
      const sc = s.charCodeAt(i);
      if (sc === 43 || sc === 45) {
        neg = sc === 45;
        i++;
      }
      if (i >= n) return undefined;
      let e = 0;
      for (; i < n; i++) {
        const c = s.charCodeAt(i);
        if (!(CTYPE[c]! & C_DIGIT)) return undefined;
        if (e < 1e7) e = e * 10 + (c - 48);
      }
      exp += neg ? -e : e;
    }
    if (dropped) {
      // a sticky bit below the kept digits, for correct rounding
      mant = mant * 2n + 1n;
      exp -= 1;
    }
    return { value: ldexpBig(mant, exp), isFloat: true };
  }
  // decimal
  let allDigits = true;
  for (let j = 0; j < n; j++) {
    if (!(CTYPE[s.charCodeAt(j)]! & C_DIGIT)) {
      allDigits = false;
      break;
    }
  }
  if (allDigits) {
    if (n <= 15) return { value: +s, isFloat: false };
    const v = BigInt(s);
    if (v <= 9223372036854775807n) return { value: normInt(v), isFloat: false };
    return { value: parseFloat(s), isFloat: true }; // too large: a float
  }
  // decimal float: digits [. digits] [e [+-] digits], at least one digit
  let i = 0;
  let any = false;
  while (i < n && CTYPE[s.charCodeAt(i)]! & C_DIGIT) {
    i++;
    any = true;
  }
  if (s.charCodeAt(i) === 46) {
    i++;
    while (i < n && CTYPE[s.charCodeAt(i)]! & C_DIGIT) {
      i++;
      any = true;
    }
  }
  if (!any) return undefined;
  if (i < n) {
    const c = s.charCodeAt(i);
    if (c !== 101 && c !== 69) return undefined;
    i++;
    const sc = s.charCodeAt(i);
    if (sc === 43 || sc === 45) i++;
    if (i >= n) return undefined;
    for (; i < n; i++) if (!(CTYPE[s.charCodeAt(i)]! & C_DIGIT)) return undefined;
  }
  return { value: parseFloat(s), isFloat: true };
}


/** UTF-8 (up to 4 bytes, as luaO_utf8esc for values <= 0x10FFFF) as a byte string. */
function utf8Bytes(x: number): string {
  if (x < 0x80) return String.fromCharCode(x);
  if (x < 0x800) return String.fromCharCode(0xc0 | (x >> 6), 0x80 | (x & 0x3f));
  if (x < 0x10000) {
    return String.fromCharCode(0xe0 | (x >> 12), 0x80 | ((x >> 6) & 0x3f), 0x80 | (x & 0x3f));
  }
  return String.fromCharCode(
    0xf0 | (x >> 18),
    0x80 | ((x >> 12) & 0x3f),
    0x80 | ((x >> 6) & 0x3f),
    0x80 | (x & 0x3f),
  );
}

function escapeNear(text: string): string {
  const z = text.indexOf("\0");
  return `'${z >= 0 ? text.slice(0, z) : text}'`;
}

// ---------------------------------------------------------------- the scanner

export class Lexer {
  readonly src: string;
  readonly len: number;
  readonly chunkName: string;
  /** Scan position (the byte after the current token). */
  pos = 0;
  /** Line number at `pos`. */
  line = 1;
  /** Offset of the first byte of the line containing `pos`. */
  lineStart = 0;

  // current token
  tok = 0;
  tokStart = 0;
  tokLine = 1;
  tokCol = 1;
  tokEnd = 0;
  tokEndLine = 1;
  tokEndCol = 1;
  /** Name text, or decoded string value. */
  tokStr = "";
  /** Numeral value (TK_INT: number | bigint; TK_FLT: number). */
  tokNum: number | bigint = 0;
  /** For TK_STRING: -1 for a quoted string, else the level of the long bracket. */
  tokSep = -1;

  // end of the previous token (the last one consumed)
  prevEnd = 0;
  prevEndLine = 1;
  prevEndCol = 1;

  constructor(src: string, chunkName: string) {
    this.src = src;
    this.len = src.length;
    this.chunkName = chunkName;
    if (src.charCodeAt(0) === 35 /* # */) {
      // first line is a comment (Unix exec. file); its line break is kept
      const nl = src.indexOf("\n");
      this.pos = nl < 0 ? src.length : nl;
    }
  }

  // ------------------------------------------------------------ errors

  /** Throws a syntax error `chunkid:line: msg [near X]`. `near` is already rendered (or "" for none). */
  raise(msg: string, line: number, near: string, atEof: boolean): never {
    let text = `${chunkId(this.chunkName)}:${line}: ${msg}`;
    if (near !== "") text += ` near ${near}`;
    throw new LuaSyntaxError(text, line, atEof);
  }

  /** The `near` rendering of the current token (txtToken). */
  nearToken(): string {
    const t = this.tok;
    switch (t) {
      case TK_NAME:
      case TK_FLT:
      case TK_INT:
        return escapeNear(this.src.slice(this.tokStart, this.tokEnd));
      case TK_STRING:
        return escapeNear(this.stringTokenText());
      case 0:
        return ""; // a NUL byte token prints no 'near' part
      default:
        return tokenToString(t);
    }
  }

  /** What C Lua keeps in its buffer for a complete string token. */
  stringTokenText(): string {
    const sep = this.tokSep;
    if (sep < 0) {
      const d = this.src[this.tokStart]!;
      return d + this.tokStr + d;
    }
    const eq = "=".repeat(sep);
    return `[${eq}[${this.tokStr}]${eq}]`;
  }

  /** luaX_syntaxerror: `msg near <current token>` at the current line. */
  syntaxError(msg: string): never {
    this.raise(msg, this.tokEndLine, this.nearToken(), this.tok === TK_EOS);
  }

  // ------------------------------------------------------------ state

  save(): LexState {
    return {
      pos: this.pos,
      line: this.line,
      lineStart: this.lineStart,
      tok: this.tok,
      tokStart: this.tokStart,
      tokLine: this.tokLine,
      tokCol: this.tokCol,
      tokEnd: this.tokEnd,
      tokEndLine: this.tokEndLine,
      tokEndCol: this.tokEndCol,
      tokStr: this.tokStr,
      tokNum: this.tokNum,
      tokSep: this.tokSep,
      prevEnd: this.prevEnd,
      prevEndLine: this.prevEndLine,
      prevEndCol: this.prevEndCol,
    };
  }

  restore(s: LexState): void {
    this.pos = s.pos;
    this.line = s.line;
    this.lineStart = s.lineStart;
    this.tok = s.tok;
    this.tokStart = s.tokStart;
    this.tokLine = s.tokLine;
    this.tokCol = s.tokCol;
    this.tokEnd = s.tokEnd;
    this.tokEndLine = s.tokEndLine;
    this.tokEndCol = s.tokEndCol;
    this.tokStr = s.tokStr;
    this.tokNum = s.tokNum;
    this.tokSep = s.tokSep;
    this.prevEnd = s.prevEnd;
    this.prevEndLine = s.prevEndLine;
    this.prevEndCol = s.prevEndCol;
  }

  /** The current token kind (a method, so TypeScript does not narrow it across next()). */
  t(): number {
    return this.tok;
  }

  /** The kind of the token after the current one (scans ahead and restores). */
  peek(): number {
    const s = this.save();
    this.next();
    const t = this.tok;
    this.restore(s);
    return t;
  }

  /**
   * Splits a `>>` or `>=` token (type context): its first `>` is consumed
   * and the rest (`>` or `=`) becomes the current token.
   */
  splitGreater(): void {
    const t = this.tok;
    this.prevEnd = this.tokStart + 1;
    this.prevEndLine = this.tokLine;
    this.prevEndCol = this.tokCol + 1;
    this.tok = t === TK_SHR ? 62 : 61;
    this.tokStart += 1;
    this.tokCol += 1;
  }

  // ------------------------------------------------------------ scanning

  /** Consumes the current token and scans the next one. */
  next(): void {
    this.prevEnd = this.tokEnd;
    this.prevEndLine = this.tokEndLine;
    this.prevEndCol = this.tokEndCol;
    this.scan();
  }

  /** Skips one line break at `p` (\n, \r, \r\n or \n\r) and returns the new position. */
  private incLine(p: number): number {
    const src = this.src;
    const old = src.charCodeAt(p);
    p++;
    const c = src.charCodeAt(p);
    if ((c === 10 || c === 13) && c !== old) p++;
    this.line++;
    this.lineStart = p;
    return p;
  }

  private setToken(tok: number, start: number, startLine: number, startCol: number, end: number): void {
    this.tok = tok;
    this.tokStart = start;
    this.tokLine = startLine;
    this.tokCol = startCol;
    this.tokEnd = end;
    this.tokEndLine = this.line;
    this.tokEndCol = end - this.lineStart + 1;
    this.pos = end;
  }

  private scan(): void {
    const src = this.src;
    const len = this.len;
    let p = this.pos;
    for (;;) {
      if (p >= len) {
        this.pos = p;
        this.setToken(TK_EOS, len, this.line, len - this.lineStart + 1, len);
        return;
      }
      const c = src.charCodeAt(p);
      switch (c) {
        case 10:
        case 13:
          p = this.incLine(p);
          continue;
        case 32:
        case 9:
        case 11:
        case 12:
          p++;
          continue;
        case 45: {
          // '-' or '--' (comment)
          if (src.charCodeAt(p + 1) !== 45) {
            this.single(45, p);
            return;
          }
          p += 2;
          if (src.charCodeAt(p) === 91) {
            // long comment?
            let q = p + 1;
            while (src.charCodeAt(q) === 61) q++;
            if (src.charCodeAt(q) === 91) {
              p = this.readLong(q + 1, q - p - 1, false, this.line);
              continue;
            }
            p = q;
          }
          // short comment
          while (p < len) {
            const d = src.charCodeAt(p);
            if (d === 10 || d === 13) break;
            p++;
          }
          continue;
        }
        case 91: {
          // long string or '['
          let q = p + 1;
          while (src.charCodeAt(q) === 61) q++;
          const sep = q - p - 1;
          if (src.charCodeAt(q) === 91) {
            const start = p;
            const line = this.line;
            const col = p - this.lineStart + 1;
            const end = this.readLong(q + 1, sep, true, line);
            this.tokSep = sep;
            this.setToken(TK_STRING, start, line, col, end);
            return;
          }
          if (sep > 0) {
            this.pos = q;
            this.raise("invalid long string delimiter", this.line, escapeNear(src.slice(p, q)), false);
          }
          this.single(91, p);
          return;
        }
        case 61: // '='
          if (src.charCodeAt(p + 1) === 61) this.multi(TK_EQ, p, 2);
          else this.single(61, p);
          return;
        case 60: {
          // '<'
          const d = src.charCodeAt(p + 1);
          if (d === 61) this.multi(TK_LE, p, 2);
          else if (d === 60) this.multi(TK_SHL, p, 2);
          else this.single(60, p);
          return;
        }
        case 62: {
          // '>'
          const d = src.charCodeAt(p + 1);
          if (d === 61) this.multi(TK_GE, p, 2);
          else if (d === 62) this.multi(TK_SHR, p, 2);
          else this.single(62, p);
          return;
        }
        case 47: // '/'
          if (src.charCodeAt(p + 1) === 47) this.multi(TK_IDIV, p, 2);
          else this.single(47, p);
          return;
        case 126: // '~'
          if (src.charCodeAt(p + 1) === 61) this.multi(TK_NE, p, 2);
          else this.single(126, p);
          return;
        case 58: // ':'
          if (src.charCodeAt(p + 1) === 58) this.multi(TK_DBCOLON, p, 2);
          else this.single(58, p);
          return;
        case 34:
        case 39:
          this.readString(p, c);
          return;
        case 46: {
          // '.', '..', '...', or number
          const d = src.charCodeAt(p + 1);
          if (d === 46) {
            if (src.charCodeAt(p + 2) === 46) this.multi(TK_DOTS, p, 3);
            else this.multi(TK_CONCAT, p, 2);
            return;
          }
          if (d >= 48 && d <= 57) {
            this.readNumeral(p, p + 1);
            return;
          }
          this.single(46, p);
          return;
        }
        default: {
          if (c >= 48 && c <= 57) {
            this.readNumeral(p, p);
            return;
          }
          if (c < 256 && CTYPE[c]! & C_ALPHA) {
            let q = p + 1;
            while (q < len) {
              const d = src.charCodeAt(q);
              if (d >= 256 || !(CTYPE[d]! & (C_ALPHA | C_DIGIT))) break;
              q++;
            }
            const r = reservedAt(src, p, q);
            if (r !== 0) {
              this.multi(r, p, q - p);
            } else {
              this.tokStr = src.slice(p, q);
              this.multi(TK_NAME, p, q - p);
            }
            return;
          }
          // any other byte is a single-char token
          this.single(c & 0xff, p);
          return;
        }
      }
    }
  }

  private single(tok: number, p: number): void {
    this.tok = tok;
    this.tokStart = p;
    this.tokLine = this.line;
    const col = p - this.lineStart + 1;
    this.tokCol = col;
    this.tokEnd = p + 1;
    this.tokEndLine = this.line;
    this.tokEndCol = col + 1;
    this.pos = p + 1;
  }

  private multi(tok: number, p: number, n: number): void {
    this.tok = tok;
    this.tokStart = p;
    this.tokLine = this.line;
    const col = p - this.lineStart + 1;
    this.tokCol = col;
    this.tokEnd = p + n;
    this.tokEndLine = this.line;
    this.tokEndCol = col + n;
    this.pos = p + n;
  }

  /** read_numeral: `start` is the first char ('.' or a digit), `p` the first digit. */
  private readNumeral(start: number, p: number): void {
    const src = this.src;
    const len = this.len;
    if (start === p) {
      // fast path: a short decimal integer not followed by numeral characters
      let q = p;
      let v = 0;
      let d = src.charCodeAt(q);
      while (d >= 48 && d <= 57) {
        v = v * 10 + (d - 48);
        d = src.charCodeAt(++q);
      }
      if (q - p <= 15 && !(d === 46 || (d < 256 && CTYPE[d]! & C_XDIGIT) || ((d === 120 || d === 88) && q === p + 1 && v === 0))) {
        this.tokNum = v;
        this.multi(TK_INT, start, q - start);
        return;
      }
    }
    const first = src.charCodeAt(p);
    p++;
    let e1 = 69; // 'E'
    let e2 = 101; // 'e'
    if (first === 48) {
      const x = src.charCodeAt(p);
      if (x === 120 || x === 88) {
        p++;
        e1 = 80; // 'P'
        e2 = 112; // 'p'
      }
    }
    for (;;) {
      let c = src.charCodeAt(p);
      if (c === e1 || c === e2) {
        p++;
        c = src.charCodeAt(p);
        if (c === 45 || c === 43) {
          p++;
          c = src.charCodeAt(p);
        }
      }
      if (p < len && (c === 46 || (c < 256 && CTYPE[c]! & C_XDIGIT))) p++;
      else break;
    }
    const text = src.slice(start, p);
    const r = convertNumeral(text);
    if (r === undefined) {
      this.pos = p;
      this.raise("malformed number", this.line, escapeNear(text), false);
    }
    this.tokNum = r.value;
    this.multi(r.isFloat ? TK_FLT : TK_INT, start, p - start);
  }

  /**
   * read_long_string from `p` (just after the opening bracket) for a bracket
   * of level `sep`. Sets tokStr when `isString`. Returns the position after
   * the closing bracket.
   */
  private readLong(p: number, sep: number, isString: boolean, startLine: number): number {
    const src = this.src;
    const len = this.len;
    let c = src.charCodeAt(p);
    if (c === 10 || c === 13) p = this.incLine(p); // skip first newline
    let segStart = p;
    let value = "";
    for (;;) {
      if (p >= len) {
        this.pos = p;
        this.raise(
          `unfinished long ${isString ? "string" : "comment"} (starting at line ${startLine})`,
          this.line,
          "<eof>",
          true,
        );
      }
      c = src.charCodeAt(p);
      if (c === 93) {
        // ']'
        let q = p + 1;
        while (src.charCodeAt(q) === 61) q++;
        if (q - p - 1 === sep && src.charCodeAt(q) === 93) {
          if (isString) this.tokStr = value + src.slice(segStart, p);
          return q + 1;
        }
        p = q;
      } else if (c === 10 || c === 13) {
        if (isString) value += src.slice(segStart, p) + "\n";
        p = this.incLine(p);
        segStart = p;
      } else {
        p++;
      }
    }
  }

  /** read_string: a quoted string starting at `start` with delimiter `del`. */
  private readString(start: number, del: number): void {
    const src = this.src;
    const len = this.len;
    const line0 = this.line;
    const col0 = start - this.lineStart + 1;
    const dch = String.fromCharCode(del);
    let p = start + 1;
    let segStart = p;
    let value = "";
    for (;;) {
      if (p >= len) {
        this.pos = p;
        this.raise("unfinished string", this.line, "<eof>", true);
      }
      const c = src.charCodeAt(p);
      if (c === del) break;
      if (c === 92) {
        // escape sequence
        value += src.slice(segStart, p);
        const e = src.charCodeAt(p + 1);
        let out = -1; // byte to append
        let q = p + 2; // position after the escape
        switch (e) {
          case 97: out = 7; break; // \a
          case 98: out = 8; break; // \b
          case 102: out = 12; break; // \f
          case 110: out = 10; break; // \n
          case 114: out = 13; break; // \r
          case 116: out = 9; break; // \t
          case 118: out = 11; break; // \v
          case 92: case 34: case 39: out = e; break;
          case 120: {
            // \xXX
            let r = 0;
            for (let k = 0; k < 2; k++) {
              const h = src.charCodeAt(p + 2 + k);
              if (!(h < 256 && CTYPE[h]! & C_XDIGIT)) {
                const upto = Math.min(p + 3 + k, len);
                this.pos = upto;
                this.raise("hexadecimal digit expected", this.line, escapeNear(dch + value + src.slice(p, upto)), false);
              }
              r = r * 16 + hexValue(h);
            }
            out = r;
            q = p + 4;
            break;
          }
          case 117: {
            // \u{XXX}
            if (src.charCodeAt(p + 2) !== 123) {
              const upto = Math.min(p + 3, len);
              this.pos = upto;
              this.raise("missing '{'", this.line, escapeNear(dch + value + src.slice(p, upto)), false);
            }
            let k = p + 3;
            let h = src.charCodeAt(k);
            if (!(h < 256 && CTYPE[h]! & C_XDIGIT)) {
              const upto = Math.min(k + 1, len);
              this.pos = upto;
              this.raise("hexadecimal digit expected", this.line, escapeNear(dch + value + src.slice(p, upto)), false);
            }
            let r = hexValue(h);
            for (;;) {
              k++;
              h = src.charCodeAt(k);
              if (!(h < 256 && CTYPE[h]! & C_XDIGIT)) break;
              r = r * 16 + hexValue(h);
              if (r > 0x10ffff) {
                this.pos = k + 1;
                this.raise("UTF-8 value too large", this.line, escapeNear(dch + value + src.slice(p, k + 1)), false);
              }
            }
            if (h !== 125) {
              const upto = Math.min(k + 1, len);
              this.pos = upto;
              this.raise("missing '}'", this.line, escapeNear(dch + value + src.slice(p, upto)), false);
            }
            value += utf8Bytes(r);
            q = k + 1;
            break;
          }
          case 10:
          case 13:
            q = this.incLine(p + 1);
            out = 10;
            break;
          case 122: {
            // \z: skip the following span of spaces
            q = p + 2;
            for (;;) {
              const s = src.charCodeAt(q);
              if (s === 10 || s === 13) q = this.incLine(q);
              else if (s < 256 && CTYPE[s]! & C_SPACE) q++;
              else break;
            }
            break;
          }
          default: {
            if (p + 1 >= len) {
              // '\' at the end of the input: the next round reports <eof>
              q = p + 1;
              break;
            }
            if (!(e >= 48 && e <= 57)) {
              this.pos = p + 2;
              this.raise("invalid escape sequence", this.line, escapeNear(dch + value + src.slice(p, p + 2)), false);
            }
            // \ddd
            let r = 0;
            let k = p + 1;
            for (let i = 0; i < 3; i++) {
              const d = src.charCodeAt(k);
              if (!(d >= 48 && d <= 57)) break;
              r = r * 10 + (d - 48);
              k++;
            }
            if (r > 255) {
              const upto = Math.min(k + 1, len);
              this.pos = upto;
              this.raise("decimal escape too large", this.line, escapeNear(dch + value + src.slice(p, upto)), false);
            }
            out = r;
            q = k;
          }
        }
        if (out >= 0) value += String.fromCharCode(out);
        p = q;
        segStart = p;
        continue;
      }
      if (c === 10 || c === 13) {
        this.pos = p;
        this.raise("unfinished string", this.line, escapeNear(dch + value + src.slice(segStart, p)), false);
      }
      p++;
    }
    this.tokStr = value + src.slice(segStart, p);
    this.tokSep = -1;
    this.setToken(TK_STRING, start, line0, col0, p + 1);
  }
}
