// The Ohm parser: the grammar of record (lua-grammar.ts) as a parser that
// builds the same AST as the fast parser. Loaded only on demand (ohm-js is
// imported here and nowhere on the fast path).

import * as ohm from "ohm-js";
import type { Chunk } from "../ast.js";
import { Lexer, TK_DO, TK_END, TK_EOS, TK_FUNCTION, TK_IF, TK_REPEAT, TK_UNTIL } from "../lexer.js";
import { raiseLevelError, raiseSyntaxError, raiseTooDeep } from "./diagnose.js";
import { LuaSyntaxError } from "../errors.js";
import { parseFast } from "../parser.js";
import { LEVEL_BASE, LevelOverflow, MAX_LEVELS, newLevelCounter } from "./levels.js";
import { luaGrammarSource } from "./lua-grammar.js";
import { buildLineMap } from "./positions.js";
import { buildChunk, createSemantics } from "./semantics.js";

let grammar: ohm.Grammar | undefined;
let semantics: ohm.Semantics | undefined;

function load(): { grammar: ohm.Grammar; semantics: ohm.Semantics } {
  if (!grammar || !semantics) {
    grammar = ohm.grammar(luaGrammarSource);
    semantics = createSemantics(grammar);
  }
  return { grammar, semantics };
}

/** The source with a first line starting with '#' blanked out (offsets kept). */
function skipHashLine(source: string): string {
  if (source.charCodeAt(0) !== 35 /* # */) return source;
  let end = 0;
  while (end < source.length && source[end] !== "\n" && source[end] !== "\r") end++;
  return " ".repeat(end) + source.slice(end);
}

/**
 * Parses `source` (a byte string) with the Ohm grammar. Returns the raw AST
 * (no static checks: those are run by the package's parse()); throws a
 * LuaSyntaxError in Lua's format on invalid input. `chunkName` is the raw
 * chunk name ("@file.lua", "=stdin", or the source itself).
 */
export function parseOhm(source: string, chunkName: string): Chunk {
  const { grammar, semantics } = load();
  const text = skipHashLine(source);
  const matcher = grammar.matcher();
  matcher.setInput(text);
  let match: ohm.MatchResult;
  try {
    match = matcher.match();
    if (match.failed()) {
      const position = match.getRightmostFailurePosition();
      const expected = new Set<string>();
      for (const f of (match as unknown as { getRightmostFailures(): Failure[] }).getRightmostFailures()) {
        // Fluffy failures (inside iterations) count: they are the ways the
        // statement list or an expression could have gone on.
        expected.add(f.getText());
      }
      raiseSyntaxError(source, chunkName, position, expected);
    }
  } catch (e) {
    if (e instanceof RangeError) nestingTooDeep(source, chunkName);
    throw e;
  }
  // The memo table is by far the largest structure: let it go before the
  // AST is built (the match keeps the concrete syntax tree it needs).
  matcher.setInput("");
  const levels = newLevelCounter();
  try {
    return buildChunk(semantics, match, source, buildLineMap(source), levels);
  } catch (e) {
    if (e instanceof LevelOverflow) {
      raiseLevelError(source, chunkName, e.offset, e.functionLine, MAX_LEVELS);
    }
    if (e instanceof RangeError) nestingTooDeep(source, chunkName);
    throw e;
  }
}

interface Failure {
  getText(): string;
}

/**
 * Ohm itself ran out of JS stack. Only real nesting (brackets, blocks,
 * functions, types) makes Ohm recurse, and Lua counts each such level, so the
 * nesting is well beyond Lua's limit of 200: the chunk is invalid, and the
 * fast parser, which tracks the levels exactly as lparser.c without deep JS
 * recursion, phrases the error. (Should it not fail, the error is reported
 * at the first token nested deeper than the limit, counting brackets and
 * blocks.)
 */
function nestingTooDeep(source: string, chunkName: string): never {
  try {
    parseFast(source, chunkName);
  } catch (e) {
    if (e instanceof LuaSyntaxError) throw e;
  }
  const lexer: Lexer = new Lexer(source, chunkName);
  let depth = LEVEL_BASE;
  lexer.next();
  while (lexer.tok !== TK_EOS) {
    const t = lexer.tok;
    if (OPENING.has(t)) depth++;
    else if (CLOSING.has(t)) depth--;
    if (depth > MAX_LEVELS) break;
    lexer.next();
  }
  if (lexer.tok === TK_EOS) raiseTooDeep(chunkName, lexer.tokEndLine);
  lexer.syntaxError(`too many C levels (limit is ${MAX_LEVELS}) in main function`);
}

// Brackets and the keywords that open a block ('while' and 'for' open theirs
// with 'do'), and what closes them.
const OPENING = new Set([40, 123, 91, TK_FUNCTION, TK_DO, TK_REPEAT, TK_IF]);
const CLOSING = new Set([41, 125, 93, TK_END, TK_UNTIL]);
