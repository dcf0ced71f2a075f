// Lua's limit on syntactic nesting ("too many C levels").
//
// C Lua counts one level per statement and per subexpression being parsed
// (enterlevel in lparser.c) and fails when the count passes LUAI_MAXCCALLS
// (200). The count does not start at zero: the C calls that led to the parser
// are already counted; LEVEL_BASE is that starting count for a chunk loaded
// with load() from Lua code, the case the official tests exercise.

export const MAX_LEVELS = 200;
export const LEVEL_BASE = 2;

export interface LevelCounter {
  depth: number;
  /** Lines defining the enclosing functions (linedefined), innermost last. */
  functionLines: number[];
}

/** Thrown when the limit is passed; parseOhm turns it into a LuaSyntaxError. */
export class LevelOverflow {
  constructor(
    /** Offset of the token at which the limit was passed. */
    readonly offset: number,
    /** Line defining the enclosing function, or 0 for the main chunk. */
    readonly functionLine: number,
  ) {}
}

export function newLevelCounter(): LevelCounter {
  return { depth: LEVEL_BASE, functionLines: [] };
}

export function enterLevel(counter: LevelCounter, offset: number): void {
  if (++counter.depth > MAX_LEVELS) {
    const f = counter.functionLines;
    throw new LevelOverflow(offset, f.length > 0 ? f[f.length - 1]! : 0);
  }
}

export function leaveLevel(counter: LevelCounter): void {
  counter.depth--;
}
