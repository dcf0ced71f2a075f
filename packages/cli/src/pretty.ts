// How the REPL shows values: tables as `{1, 2, x = 3}` with depth and size
// limits and cycles marked, strings quoted, everything else as tostring.

import { LuaTable, LuaFloat, getMetatable, tostring, type LuaState, type LuaValue } from "@wippy-lua/vm";
import { bytesToText } from "./run.js";

export interface Painter {
  string(s: string): string;
  number(s: string): string;
  keyword(s: string): string; // nil, true, false
  other(s: string): string; // functions, threads, userdata
  punct(s: string): string;
}

export const plainPainter: Painter = {
  string: (s) => s,
  number: (s) => s,
  keyword: (s) => s,
  other: (s) => s,
  punct: (s) => s,
};

const MAX_DEPTH = 3;
const MAX_ITEMS = 40;
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const KEYWORDS = new Set([
  "and", "break", "do", "else", "elseif", "end", "false", "for", "function", "goto", "if", "in",
  "local", "nil", "not", "or", "repeat", "return", "then", "true", "until", "while",
]);

/** A Lua string literal for a byte string, readable on a UTF-8 terminal. */
export function quote(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += "\\\\";
    else if (c === 0x0a) out += "\\n";
    else if (c === 0x0d) out += "\\r";
    else if (c === 0x09) out += "\\t";
    else if (c < 0x20 || c === 0x7f) out += "\\" + c;
    else out += s[i];
  }
  return bytesToText(out + '"');
}

export function formatValue(G: LuaState, v: LuaValue, paint: Painter = plainPainter): string {
  return fmt(G, v, paint, 0, new Set());
}

function fmt(G: LuaState, v: LuaValue, paint: Painter, depth: number, open: Set<LuaTable>): string {
  if (v === undefined || v === true || v === false) return paint.keyword(String(v ?? "nil"));
  if (typeof v === "string") return paint.string(quote(v));
  if (typeof v === "number" || typeof v === "bigint" || v instanceof LuaFloat) {
    return paint.number(tostring(G.mainThread, v));
  }
  if (!(v instanceof LuaTable)) return paint.other(bytesToText(tostring(G.mainThread, v)));
  const mt = getMetatable(G, v);
  if (mt !== null && mt.get("__tostring") !== undefined) {
    return paint.other(bytesToText(tostring(G.mainThread, v)));
  }
  if (open.has(v)) return paint.other("<cycle>");
  if (depth >= MAX_DEPTH) return paint.other(bytesToText(tostring(G.mainThread, v)));
  open.add(v);
  const parts: string[] = [];
  let more = 0;
  // The sequence 1..n first, then the other keys in traversal order.
  let n = 0;
  while (v.get(n + 1) !== undefined) {
    n++;
    if (parts.length < MAX_ITEMS) parts.push(fmt(G, v.get(n), paint, depth + 1, open));
    else more++;
  }
  let k: LuaValue = undefined;
  for (;;) {
    k = v.next(k);
    if (k === undefined) break;
    const value = v.nextValue;
    if (isSequenceKey(k, n)) continue;
    if (parts.length >= MAX_ITEMS) {
      more++;
      continue;
    }
    const key = typeof k === "string" && IDENT.test(k) && !KEYWORDS.has(k)
      ? k
      : paint.punct("[") + fmt(G, k, paint, depth + 1, open) + paint.punct("]");
    parts.push(`${key} ${paint.punct("=")} ${fmt(G, value, paint, depth + 1, open)}`);
  }
  open.delete(v);
  if (more > 0) parts.push(paint.other(`… (${more} more)`));
  return parts.length === 0 ? paint.punct("{}") : paint.punct("{") + parts.join(paint.punct(", ")) + paint.punct("}");
}

function isSequenceKey(k: LuaValue, n: number): boolean {
  return typeof k === "number" && Number.isInteger(k) && k >= 1 && k <= n;
}
