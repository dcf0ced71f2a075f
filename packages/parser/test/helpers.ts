// Shared helpers for the fast-parser tests.

import type { Chunk, Expression, Statement, TypeExpr } from "../src/ast.js";
import { LuaSyntaxError, parse } from "../src/index.js";

export const SPAN_KEYS = ["line", "column", "start", "end", "endLine", "endColumn"] as const;

/** A deep copy without Span fields and without undefined-valued properties. */
export function strip(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strip);
  if (node === null || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (v === undefined) continue;
    if ((SPAN_KEYS as readonly string[]).includes(k) && typeof v === "number") continue;
    out[k] = strip(v);
  }
  return out;
}

/** Parses with chunk name "=t" (messages start with "t:"). */
export function p(src: string): Chunk {
  return parse(src, { chunkName: "=t" });
}

/** The statements of a chunk, stripped. */
export function stats(src: string): unknown[] {
  return strip(p(src).body.body) as unknown[];
}

/** The single expression of `return <expr>`, stripped. */
export function ex(src: string): unknown {
  const s = p("return " + src).body.body[0] as Extract<Statement, { kind: "Return" }>;
  return strip(s.exprs[0]);
}

/** The type of `local x: <type>`, stripped. */
export function ty(src: string): unknown {
  const s = p("local x: " + src).body.body[0] as Extract<Statement, { kind: "Local" }>;
  return strip(s.names[0]!.type);
}

/** The error thrown by parse, or undefined. */
export function errorOf(src: string, chunkName = "=t"): LuaSyntaxError | undefined {
  try {
    parse(src, { chunkName });
  } catch (e) {
    if (e instanceof LuaSyntaxError) return e;
    throw e;
  }
  return undefined;
}

/** The message of the error thrown by parse (fails when it parses). */
export function msg(src: string, chunkName = "=t"): string {
  const e = errorOf(src, chunkName);
  if (e === undefined) throw new Error(`parsed without error: ${JSON.stringify(src)}`);
  return e.message;
}

/** Compact s-expression rendering of a node (positions omitted), for precedence tests. */
export function sexp(n: unknown): string {
  if (n === undefined) return "_";
  if (typeof n === "bigint") return `${n}n`;
  if (n === null || typeof n !== "object") return JSON.stringify(n);
  if (Array.isArray(n)) return "[" + n.map(sexp).join(" ") + "]";
  const e = n as Expression | TypeExpr;
  switch (e.kind) {
    case "Name":
      return e.name;
    case "Integer":
    case "Float":
      return String(e.value);
    case "String":
      return JSON.stringify(e.value);
    case "Nil":
      return "nil";
    case "True":
      return "true";
    case "False":
      return "false";
    case "Vararg":
      return "...";
    case "Binary":
      return `(${sexp(e.left)} ${e.operator} ${sexp(e.right)})`;
    case "Unary":
      return `(${e.operator} ${sexp(e.operand)})`;
    case "Paren":
      return `[${sexp(e.expr)}]`;
    case "Cast":
      return `(${sexp(e.expr)} ${e.syntax} ${sexp(e.type)})`;
    case "NonNil":
      return `(${sexp(e.expr)}!)`;
    case "Member":
      return `${sexp(e.object)}.${e.name}`;
    case "Index":
      return `${sexp(e.object)}[${sexp(e.key)}]`;
    case "Call":
      return `${sexp(e.callee)}(${e.args.map(sexp).join(", ")})`;
    case "MethodCall":
      return `${sexp(e.object)}:${e.name}(${e.args.map(sexp).join(", ")})`;
    case "NamedType":
      return e.args ? `${e.name}<${e.args.map(sexp).join(", ")}>` : e.name;
    case "LiteralType":
      return sexp(e.literal);
    case "OptionalType":
      return `${sexp(e.inner)}?`;
    case "ArrayType":
      return `{${sexp(e.element)}}`;
    case "MapType":
      return `{[${sexp(e.key)}]: ${sexp(e.value)}}`;
    case "UnionType":
      return `(${e.types.map(sexp).join(" | ")})`;
    case "IntersectionType":
      return `(${e.types.map(sexp).join(" & ")})`;
    case "ValidatedType":
      return `(${sexp(e.type)} ${e.validators.map((v) => "@" + v.name + "(" + v.args.map(sexp).join(",") + ")").join(" ")})`;
    case "FunctionType":
      return `(fn(${e.params.map((q) => (q.name ? q.name + ": " : "") + sexp(q.type)).join(", ")}${e.vararg ? ", ..." + sexp(e.vararg) : ""}) -> [${e.returns.map(sexp).join(", ")}])`;
    case "RecordType":
      return `{${e.fields.map((f) => f.name + (f.optional ? "?" : "") + ": " + sexp(f.type)).join(", ")}}`;
    default:
      return JSON.stringify(strip(n));
  }
}
