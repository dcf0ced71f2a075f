// Just enough lexing to find "the next token" in the source text. The
// compiler works on an AST, but Lua attributes some instructions to the line
// of a token the AST does not keep (an operator, a comma) and its syntax
// errors end with `near '<token>'`; when the source is available both are
// recovered by skipping blanks and comments from a node's end offset.

export interface ScannedToken {
  /** The token as Lua's messages show it: `'text'` or `<eof>`. */
  text: string;
  /** Offset of its first byte (the source length at the end). */
  offset: number;
  /** Offset just past it. */
  end: number;
}

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

function isNameChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

function isExponentMark(c: number): boolean {
  return c === 101 || c === 69 || c === 112 || c === 80; // e E p P
}

/** Level of a long bracket `[==[` starting at `i`, or -1. */
function longBracketLevel(src: string, i: number): number {
  if (src.charCodeAt(i) !== 91) return -1;
  let j = i + 1;
  while (src.charCodeAt(j) === 61) j++;
  return src.charCodeAt(j) === 91 ? j - i - 1 : -1;
}

/** Offset just past the long bracket opened at `i` with `level`, or the end. */
function skipLongBracket(src: string, i: number, level: number): number {
  const close = "]" + "=".repeat(level) + "]";
  const end = src.indexOf(close, i + level + 2);
  return end < 0 ? src.length : end + close.length;
}

/** Skips blanks and comments from `i`. */
function skipBlanks(src: string, i: number): number {
  const n = src.length;
  while (i < n) {
    const c = src.charCodeAt(i);
    if (isSpace(c)) {
      i++;
    } else if (c === 45 && src.charCodeAt(i + 1) === 45) {
      const level = longBracketLevel(src, i + 2);
      if (level >= 0) {
        i = skipLongBracket(src, i + 2, level);
      } else {
        const nl = src.indexOf("\n", i);
        i = nl < 0 ? n : nl;
      }
    } else {
      break;
    }
  }
  return i;
}

/** Offset of the first token at or after `offset` (the source length at the end). */
export function tokenStart(src: string, offset: number): number {
  return skipBlanks(src, offset);
}

/** Offset just past the token starting at `start`. */
export function tokenEnd(src: string, start: number): number {
  const n = src.length;
  if (start >= n) return n;
  const c = src.charCodeAt(start);
  let end = start + 1;
  if (isNameChar(c)) {
    // Names, keywords and numerals (a numeral may hold '.', and a sign after its exponent).
    const numeral = c >= 48 && c <= 57;
    while (end < n) {
      const d = src.charCodeAt(end);
      if (isNameChar(d) || (numeral && d === 46)) end++;
      else if (numeral && (d === 43 || d === 45) && isExponentMark(src.charCodeAt(end - 1))) end++;
      else break;
    }
  } else if (c === 34 || c === 39) {
    while (end < n) {
      const d = src.charCodeAt(end);
      end++;
      if (d === 92) end++;
      else if (d === c || d === 10) break;
    }
  } else if (longBracketLevel(src, start) >= 0) {
    end = skipLongBracket(src, start, longBracketLevel(src, start));
  } else if (c === 46 && src.charCodeAt(start + 1) >= 48 && src.charCodeAt(start + 1) <= 57) {
    while (end < n && (isNameChar(src.charCodeAt(end)) || src.charCodeAt(end) === 46)) end++;
  } else {
    const d = src.charCodeAt(start + 1);
    if (c === 46 && d === 46) end = src.charCodeAt(start + 2) === 46 ? start + 3 : start + 2; // ... ..
    else if (d === 61 && (c === 61 || c === 126 || c === 60 || c === 62)) end = start + 2; // == ~= <= >=
    else if (d === c && (c === 47 || c === 58 || c === 60 || c === 62)) end = start + 2; // // :: << >>
  }
  return Math.min(end, n);
}

/** The first token at or after `offset`, with its text as Lua's messages show it. */
export function nearToken(src: string, offset: number): ScannedToken {
  const start = tokenStart(src, offset);
  const n = src.length;
  if (start >= n) return { text: "<eof>", offset: n, end: n };
  const end = tokenEnd(src, start);
  const text = src.slice(start, end);
  if (text.length === 1 && text.charCodeAt(0) < 32) return { text: `'<\\${text.charCodeAt(0)}>'`, offset: start, end };
  return { text: `'${text}'`, offset: start, end };
}

/** 1-based line of `offset`, given the offsets where lines start. */
export function lineOfOffset(lineStarts: number[], offset: number): number {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}
