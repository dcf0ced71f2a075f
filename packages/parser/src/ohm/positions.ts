// Byte offsets to Lua line/column positions.
//
// Lua counts "\n", "\r", "\r\n" and "\n\r" as one line break each; columns
// count bytes from the start of the line, 1-based.

import type { Span } from "../ast.js";

export interface LineMap {
  /** Offset at which each line starts; lineStarts[0] is 0 (line 1). */
  readonly lineStarts: number[];
}

export function buildLineMap(source: string): LineMap {
  const lineStarts = [0];
  const n = source.length;
  for (let i = 0; i < n; i++) {
    const c = source.charCodeAt(i);
    if (c === 10 || c === 13) {
      const next = i + 1 < n ? source.charCodeAt(i + 1) : 0;
      if ((next === 10 || next === 13) && next !== c) i++;
      lineStarts.push(i + 1);
    }
  }
  return { lineStarts };
}

/** 1-based line containing `offset` (an offset past the end is on the last line). */
export function lineOf(map: LineMap, offset: number): number {
  const starts = map.lineStarts;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

export function spanOf(map: LineMap, start: number, end: number): Span {
  const line = lineOf(map, start);
  const endLine = end === start ? line : lineOf(map, end);
  return {
    line,
    column: start - map.lineStarts[line - 1]! + 1,
    start,
    end,
    endLine,
    endColumn: end - map.lineStarts[endLine - 1]! + 1,
  };
}
