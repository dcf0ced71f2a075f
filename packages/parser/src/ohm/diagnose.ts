// Turning an Ohm match failure into Lua's syntax error.
//
// Ohm reports the rightmost position it could not get past and the set of
// things it expected there. Lua's parser, being LL(1), stops at the same
// token; we re-scan the source with the shared Lua scanner up to that point
// (which also raises Lua's own lexical errors, such as an unfinished string,
// exactly as C Lua would when reading that token) and phrase the expected set
// the way lparser.c does: "'end' expected (to close 'if' at line 3)",
// "unexpected symbol", "<name> expected", ...

import { LuaSyntaxError, chunkId } from "../errors.js";
import {
  Lexer,
  TK_DO,
  TK_ELSE,
  TK_ELSEIF,
  TK_END,
  TK_EOS,
  TK_FOR,
  TK_FUNCTION,
  TK_IF,
  TK_REPEAT,
  TK_UNTIL,
  TK_WHILE,
} from "../lexer.js";

/** A construct that a later token must close, as check_match reports it. */
interface Opener {
  /** The closing token the opener waits for. */
  closer: string;
  /** The opener as Lua names it: 'if', 'function', '(', ... */
  text: string;
  line: number;
  /** For 'while' and 'for': their 'do' is still to come (and does not open a block). */
  awaitsDo: boolean;
}

const BRACKETS: Record<number, [string, string]> = {
  40: ["(", ")"],
  123: ["{", "}"],
  91: ["[", "]"],
};

const BLOCK_OPENERS: Record<number, string> = {
  [TK_FUNCTION]: "function",
  [TK_IF]: "if",
  [TK_WHILE]: "while",
  [TK_FOR]: "for",
  [TK_DO]: "do",
  [TK_REPEAT]: "repeat",
};

/** Tokens after which a block must end: Lua's block_follow, plus <eof>. */
const BLOCK_FOLLOW = new Set([TK_END, TK_ELSE, TK_ELSEIF, TK_UNTIL, TK_EOS]);

/**
 * Tokens Lua's parser insists on (check / check_match), most specific first.
 * Ohm's expected set also holds every way the construct before the failure
 * could have gone on (operators, suffixes, list separators); those are not
 * listed here, so they never make the message.
 */
const REQUIRED = ["then", "do", ")", "]", "}", "end", "until", "end of input", "->", ">", "(", "=", "::"];

/**
 * The message lparser.c gives at a token `tok` where Ohm expected one of
 * `expected` (texts of terminals and of described rules such as "a name").
 */
function messageFor(expected: Set<string>, tok: number): { message: string; closer?: string } {
  if (expected.has("in")) {
    return { message: expected.has("=") ? "'=' or 'in' expected" : "'in' expected" };
  }
  if (expected.has("local")) {
    // A statement could have started here. Lua either closes the block (when
    // the token can follow one) or tries to read a statement and fails.
    if (BLOCK_FOLLOW.has(tok)) {
      if (expected.has("end")) return { message: "'end' expected", closer: "end" };
      if (expected.has("until")) return { message: "'until' expected", closer: "until" };
      if (expected.has("end of input")) return { message: "<eof> expected" };
    }
    return { message: "unexpected symbol" };
  }
  const expression = expected.has("a numeral");
  if (expected.has("a name") && expected.has("...") && !expression) {
    return { message: "<name> or '...' expected" };
  }
  if (expected.has("a name") && !expression) return { message: "<name> expected" };
  // Where a type was wanted, never an expression (no unary operator fits).
  if (expression && !expected.has("a unary operator")) return { message: "type expected" };
  if (expression) return { message: "unexpected symbol" };
  for (const t of [")", "]", "}"]) {
    if (expected.has(t)) return { message: `'${t}' expected`, closer: t };
  }
  if (expected.has("=") && expected.has("(")) {
    // An expression statement that is neither an assignment nor a call.
    return { message: "syntax error" };
  }
  if (expected.has("(") && expected.has("{") && !expected.has(")") && !expected.has(".")) {
    return { message: "function arguments expected" };
  }
  for (const t of REQUIRED) {
    if (!expected.has(t)) continue;
    if (t === "end of input") return { message: "<eof> expected" };
    return { message: `'${t}' expected`, closer: t };
  }
  return { message: "syntax error" };
}

/**
 * Throws the LuaSyntaxError for a failed match. `position` is Ohm's rightmost
 * failure position, `expected` the texts of what it expected there.
 */
export function raiseSyntaxError(
  source: string,
  chunkName: string,
  position: number,
  expected: Set<string>,
): never {
  const lexer: Lexer = new Lexer(source, chunkName);
  const openers: Opener[] = [];
  lexer.next();
  while (lexer.tok !== TK_EOS && lexer.tokEnd <= position) {
    trackOpeners(lexer, openers);
    lexer.next();
  }
  const { message, closer } = messageFor(expected, lexer.tok);
  let text = message;
  if (closer !== undefined) {
    const top = openers[openers.length - 1];
    if (top && top.closer === closer && top.line !== lexer.tokEndLine) {
      text += ` (to close '${top.text}' at line ${top.line})`;
    }
  }
  lexer.syntaxError(text);
}

function trackOpeners(lexer: Lexer, openers: Opener[]): void {
  const t = lexer.tok;
  const bracket = BRACKETS[t];
  if (bracket) {
    openers.push({ closer: bracket[1], text: bracket[0], line: lexer.tokEndLine, awaitsDo: false });
    return;
  }
  if (t === 41 || t === 125 || t === 93) {
    openers.pop();
    return;
  }
  if (t === TK_DO) {
    const top = openers[openers.length - 1];
    if (top && top.awaitsDo) {
      top.awaitsDo = false;
      return;
    }
  }
  const keyword = BLOCK_OPENERS[t];
  if (keyword) {
    openers.push({
      closer: t === TK_REPEAT ? "until" : "end",
      text: keyword,
      line: lexer.tokEndLine,
      awaitsDo: t === TK_WHILE || t === TK_FOR,
    });
    return;
  }
  if (t === TK_END || t === TK_UNTIL) openers.pop();
}

/** The error for nesting deeper than Lua allows, at the token starting at `offset`. */
export function raiseLevelError(
  source: string,
  chunkName: string,
  offset: number,
  functionLine: number,
  limit: number,
): never {
  const lexer: Lexer = new Lexer(source, chunkName);
  lexer.next();
  while (lexer.tok !== TK_EOS && lexer.tokStart < offset) lexer.next();
  const where = functionLine === 0 ? "main function" : `function at line ${functionLine}`;
  lexer.syntaxError(`too many C levels (limit is ${limit}) in ${where}`);
}

/** When even the failure could not be analysed (Ohm ran out of stack first). */
export function raiseTooDeep(chunkName: string, line: number): never {
  throw new LuaSyntaxError(`${chunkId(chunkName)}:${line}: chunk has too many syntax levels`, line, false);
}
