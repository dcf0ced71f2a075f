// AST -> Lua source (with type annotations).
//
// For a tree produced by the parser, parse(printLua(tree)) gives the same tree
// again, positions aside: the printer adds no parentheses of its own where
// the parser's precedence already gives the right shape (a Paren node prints
// its parentheses), strings are escaped so that every byte survives, floats
// are printed so that they read back as the same double, and integers
// exactly. Grouping parentheses of types make no node, so they are added
// wherever needed. For hand-built trees the printer adds parentheses where
// the tree's shape cannot be written without them (an operand of lower
// precedence, a non-prefix callee, ...); those re-parse as Paren nodes.

import type {
  Block,
  Chunk,
  Expression,
  FunctionExpression,
  RecordField,
  Statement,
  TableField,
  TypedName,
  TypeExpr,
  TypeParam,
  Validator,
} from "./ast.js";

const LEFT: Record<string, number> = {
  or: 1, and: 2,
  "<": 3, ">": 3, "<=": 3, ">=": 3, "~=": 3, "==": 3,
  "|": 4, "~": 5, "&": 6, "<<": 7, ">>": 7,
  "..": 9, "+": 10, "-": 10, "*": 11, "/": 11, "//": 11, "%": 11,
  "^": 14,
};
const RIGHT: Record<string, number> = {
  or: 1, and: 2,
  "<": 3, ">": 3, "<=": 3, ">=": 3, "~=": 3, "==": 3,
  "|": 4, "~": 5, "&": 6, "<<": 7, ">>": 7,
  "..": 8, "+": 10, "-": 10, "*": 11, "/": 11, "//": 11, "%": 11,
  "^": 13,
};
const UNARY_PRIORITY = 12;

/** Prints a chunk as Lua source. */
export function printLua(chunk: Chunk): string {
  const p = new Printer();
  p.stats(chunk.body, "");
  return p.out.join("");
}

/** A Lua string literal for a byte string. */
export function quoteString(s: string): string {
  return '"' + s.replace(/[\0-\x1f"\\\x7f-\xff]/g, escapeChar) + '"';
}

function escapeChar(c: string): string {
  switch (c) {
    case '"': return '\\"';
    case "\\": return "\\\\";
    case "\n": return "\\n";
    case "\r": return "\\r";
    case "\t": return "\\t";
    case "\x07": return "\\a";
    case "\b": return "\\b";
    case "\f": return "\\f";
    case "\v": return "\\v";
    default: {
      const n = c.charCodeAt(0);
      // non-byte chars cannot be written; keep them (printer input should be bytes)
      if (n > 255) return c;
      return "\\" + String(n).padStart(3, "0");
    }
  }
}

/** A float numeral that reads back as the same double. */
export function formatFloat(v: number): string {
  if (v !== v) return "(0/0)";
  if (v === Infinity) return "1e9999";
  if (v === -Infinity) return "(-1e9999)";
  if (v === 0 && 1 / v < 0) return "(-0.0)";
  if (v < 0) return `(-${formatFloat(-v)})`;
  const s = String(v);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 46 || c === 101) return s; // '.' or 'e'
  }
  return s + ".0";
}

/** An integer numeral: decimal, or a 64-bit hex numeral for negative values. */
export function formatInteger(v: number | bigint): string {
  if (typeof v === "number") {
    if (v >= 0) return String(v);
    return "0x" + BigInt.asUintN(64, BigInt(v)).toString(16);
  }
  if (v >= 0n) return v.toString();
  return "0x" + BigInt.asUintN(64, v).toString(16);
}

/** Is the expression a prefix expression (can be called, indexed, assigned through)? */
function isPrefix(e: Expression): boolean {
  switch (e.kind) {
    case "Name":
    case "Paren":
    case "Index":
    case "Member":
    case "Call":
    case "MethodCall":
      return true;
    default:
      return false;
  }
}

/** A simple expression: may take a cast / `!` postfix without parentheses. */
function isSimple(e: Expression): boolean {
  return e.kind !== "Binary" && e.kind !== "Unary";
}

/** Does the printed expression end with a type (so a following `|`, `&`, `<` would extend it)? */
function endsWithType(e: Expression): boolean {
  for (;;) {
    switch (e.kind) {
      case "Cast":
        return true;
      case "Binary":
        e = e.right;
        continue;
      case "Unary":
        e = e.operand;
        continue;
      default:
        return false;
    }
  }
}

/** Must the left operand `l` of operator `op` be parenthesised? */
function leftNeedsParens(op: string, l: Expression): boolean {
  if (l.kind === "Binary" && LEFT[op]! > RIGHT[l.operator]!) return true;
  if (l.kind === "Unary" && LEFT[op]! > UNARY_PRIORITY) return true;
  // a cast's type would swallow a following `|`, `&` or `<`
  return (op === "|" || op === "&" || op === "<") && endsWithType(l);
}

/** Does the printed statement start with '(' ? */
function startsWithParen(e: Expression): boolean {
  for (;;) {
    switch (e.kind) {
      case "Paren":
        return true;
      case "Index":
      case "Member":
      case "MethodCall":
        e = e.object;
        continue;
      case "Call":
        e = e.callee;
        continue;
      default:
        return false;
    }
  }
}

class Printer {
  out: string[] = [];
  /** Indentation of the statement being printed. */
  private ind = "";

  private w(s: string): void {
    this.out.push(s);
  }

  // ------------------------------------------------------------ statements

  stats(b: Block, ind: string): void {
    const saved = this.ind;
    this.ind = ind;
    for (const s of b.body) {
      this.w(ind);
      this.stat(s, ind);
      this.w("\n");
    }
    this.ind = saved;
  }

  private body(b: Block, ind: string): void {
    this.w("\n");
    this.stats(b, ind + "  ");
    this.w(ind);
  }

  private stat(s: Statement, ind: string): void {
    switch (s.kind) {
      case "Local":
        this.w("local ");
        this.typedNames(s.names);
        if (s.exprs.length > 0) {
          this.w(" = ");
          this.exprList(s.exprs);
        }
        return;
      case "LocalFunction":
        this.w("local function ");
        this.w(s.name.name);
        this.funcBody(s.func, ind);
        return;
      case "Function":
        this.w("function ");
        this.w(s.base.name);
        for (const p of s.path) this.w("." + p);
        if (s.method !== undefined) this.w(":" + s.method);
        this.funcBody(s.func, ind);
        return;
      case "Assign":
        if (startsWithParen(s.targets[0]!)) this.w(";");
        for (let i = 0; i < s.targets.length; i++) {
          if (i > 0) this.w(", ");
          this.prefix(s.targets[i]!);
        }
        this.w(" = ");
        this.exprList(s.exprs);
        return;
      case "CallStatement":
        if (startsWithParen(s.call)) this.w(";");
        this.expr(s.call);
        return;
      case "Do":
        this.w("do");
        this.body(s.body, ind);
        this.w("end");
        return;
      case "While":
        this.w("while ");
        this.expr(s.condition);
        this.w(" do");
        this.body(s.body, ind);
        this.w("end");
        return;
      case "Repeat":
        this.w("repeat");
        this.body(s.body, ind);
        this.w("until ");
        this.expr(s.condition);
        return;
      case "If":
        for (let i = 0; i < s.clauses.length; i++) {
          const c = s.clauses[i]!;
          this.w(i === 0 ? "if " : "elseif ");
          this.expr(c.condition);
          this.w(" then");
          this.body(c.body, ind);
        }
        if (s.orelse !== undefined) {
          this.w("else");
          this.body(s.orelse, ind);
        }
        this.w("end");
        return;
      case "NumericFor":
        this.w("for ");
        this.typedNames([s.variable]);
        this.w(" = ");
        this.expr(s.init);
        this.w(", ");
        this.expr(s.limit);
        if (s.step !== undefined) {
          this.w(", ");
          this.expr(s.step);
        }
        this.w(" do");
        this.body(s.body, ind);
        this.w("end");
        return;
      case "GenericFor":
        this.w("for ");
        this.typedNames(s.names);
        this.w(" in ");
        this.exprList(s.exprs);
        this.w(" do");
        this.body(s.body, ind);
        this.w("end");
        return;
      case "Return":
        this.w("return");
        if (s.exprs.length > 0) {
          this.w(" ");
          this.exprList(s.exprs);
        }
        return;
      case "Break":
        this.w("break");
        return;
      case "Goto":
        this.w("goto " + s.label);
        return;
      case "Label":
        this.w("::" + s.name + "::");
        return;
      case "TypeAlias":
        this.w("type " + s.name);
        if (s.typeParams !== undefined) this.typeParams(s.typeParams);
        this.w(" = ");
        this.type(s.type, 0);
        return;
    }
  }

  private typedNames(names: TypedName[]): void {
    for (let i = 0; i < names.length; i++) {
      const n = names[i]!;
      if (i > 0) this.w(", ");
      this.w(n.name);
      if (n.type !== undefined) {
        this.w(": ");
        this.type(n.type, 0);
      }
    }
  }

  private funcBody(f: FunctionExpression, ind: string): void {
    if (f.typeParams !== undefined) this.typeParams(f.typeParams);
    this.w("(");
    let first = true;
    for (const p of f.params) {
      if (!first) this.w(", ");
      first = false;
      this.w(p.name);
      if (p.type !== undefined) {
        this.w(": ");
        this.type(p.type, 0);
      }
    }
    if (f.isVararg) {
      if (!first) this.w(", ");
      this.w("...");
      if (f.varargType !== undefined) {
        this.w(": ");
        this.type(f.varargType, 0);
      }
    }
    this.w(")");
    if (f.returnTypes !== undefined) {
      this.w(": ");
      this.typeList(f.returnTypes);
    }
    this.body(f.body, ind);
    this.w("end");
  }

  // ------------------------------------------------------------ expressions

  private exprList(list: Expression[]): void {
    for (let i = 0; i < list.length; i++) {
      if (i > 0) this.w(", ");
      this.expr(list[i]!);
    }
  }

  /** An expression printed where a prefix expression is required. */
  private prefix(e: Expression): void {
    if (isPrefix(e)) this.expr(e);
    else {
      this.w("(");
      this.expr(e);
      this.w(")");
    }
  }

  /** An operand of a cast / `!` / unary operator position that must be simple. */
  private simple(e: Expression): void {
    if (isSimple(e)) this.expr(e);
    else {
      this.w("(");
      this.expr(e);
      this.w(")");
    }
  }

  expr(e: Expression): void {
    switch (e.kind) {
      case "Nil":
        this.w("nil");
        return;
      case "True":
        this.w("true");
        return;
      case "False":
        this.w("false");
        return;
      case "Integer":
        this.w(formatInteger(e.value));
        return;
      case "Float":
        this.w(formatFloat(e.value));
        return;
      case "String":
        this.w(quoteString(e.value));
        return;
      case "Vararg":
        this.w("...");
        return;
      case "FunctionExpr":
        this.w("function");
        this.funcBody(e, this.ind);
        return;
      case "Table":
        this.table(e.fields);
        return;
      case "Binary":
        this.binary(e);
        return;
      case "Unary": {
        const op = e.operator;
        this.w(op === "not" ? "not " : op);
        const o = e.operand;
        const needParens = o.kind === "Binary" && LEFT[o.operator]! <= UNARY_PRIORITY;
        if (needParens) {
          this.w("(");
          this.expr(o);
          this.w(")");
          return;
        }
        if (op === "-" && this.startsWithMinus(o)) this.w(" ");
        this.expr(o);
        return;
      }
      case "Name":
        this.w(e.name);
        return;
      case "Paren":
        this.w("(");
        this.expr(e.expr);
        this.w(")");
        return;
      case "Index":
      case "Member":
      case "Call":
      case "MethodCall":
        this.suffixed(e);
        return;
      case "Cast":
        this.simple(e.expr);
        this.w(e.syntax === "::" ? " :: " : " as ");
        this.type(e.type, 0);
        return;
      case "NonNil":
        this.simple(e.expr);
        this.w("!");
        return;
    }
  }

  private startsWithMinus(e: Expression): boolean {
    for (;;) {
      switch (e.kind) {
        case "Unary":
          return e.operator === "-";
        case "Binary":
          if (LEFT[e.operator]! <= UNARY_PRIORITY) return false; // will be parenthesised
          e = e.left;
          continue;
        case "Integer":
          return formatInteger(e.value).startsWith("-");
        case "Float":
          return formatFloat(e.value).startsWith("-");
        default:
          return false;
      }
    }
  }

  /** Suffix chains (a.b[c]:d(e)...), iteratively along the object/callee spine. */
  private suffixed(e: Expression): void {
    const spine: Expression[] = [];
    let base = e;
    for (;;) {
      if (base.kind === "Index" || base.kind === "Member" || base.kind === "MethodCall") {
        spine.push(base);
        base = base.object;
      } else if (base.kind === "Call") {
        spine.push(base);
        base = base.callee;
      } else break;
    }
    this.prefix(base);
    for (let i = spine.length - 1; i >= 0; i--) {
      const s = spine[i]!;
      switch (s.kind) {
        case "Index":
          this.w("[");
          this.expr(s.key);
          this.w("]");
          break;
        case "Member":
          this.w("." + s.name);
          break;
        case "MethodCall":
          this.w(":" + s.name + "(");
          this.exprList(s.args);
          this.w(")");
          break;
        case "Call":
          this.w("(");
          this.exprList(s.args);
          this.w(")");
          break;
        default:
          break;
      }
    }
  }

  /** Binary expressions, iteratively along the left spine. */
  private binary(e: Extract<Expression, { kind: "Binary" }>): void {
    const spine = [e];
    let left = e.left;
    while (left.kind === "Binary" && !leftNeedsParens(spine[spine.length - 1]!.operator, left)) {
      spine.push(left);
      left = left.left;
    }
    if (leftNeedsParens(spine[spine.length - 1]!.operator, left)) {
      this.w("(");
      this.expr(left);
      this.w(")");
    } else {
      this.expr(left);
    }
    for (let i = spine.length - 1; i >= 0; i--) {
      const b = spine[i]!;
      this.w(" " + b.operator + " ");
      const r = b.right;
      if (r.kind === "Binary" && LEFT[r.operator]! <= RIGHT[b.operator]!) {
        this.w("(");
        this.expr(r);
        this.w(")");
      } else {
        this.expr(r);
      }
    }
  }

  private table(fields: TableField[]): void {
    if (fields.length === 0) {
      this.w("{}");
      return;
    }
    this.w("{");
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i]!;
      if (i > 0) this.w(", ");
      switch (f.kind) {
        case "PositionalField":
          this.expr(f.value);
          break;
        case "NamedField":
          this.w(f.name + " = ");
          this.expr(f.value);
          break;
        case "KeyedField":
          this.w("[");
          this.expr(f.key);
          this.w("] = ");
          this.expr(f.value);
          break;
      }
    }
    this.w("}");
  }

  // ------------------------------------------------------------ types

  private typeParams(list: TypeParam[]): void {
    this.w("<");
    for (let i = 0; i < list.length; i++) {
      const p = list[i]!;
      if (i > 0) this.w(", ");
      this.w(p.name);
      if (p.constraint !== undefined) {
        this.w(": ");
        this.type(p.constraint, 0);
      }
    }
    this.w(">");
  }

  /** Result types: `()` for none, `T` for one, `(A, B)` for several. */
  private typeList(list: TypeExpr[]): void {
    if (list.length === 1) {
      this.type(list[0]!, 0);
      return;
    }
    this.w("(");
    for (let i = 0; i < list.length; i++) {
      if (i > 0) this.w(", ");
      this.type(list[i]!, 0);
    }
    this.w(")");
  }

  /**
   * Prints a type at a context level: 0 anywhere (union allowed), 1 union
   * member (no union, no function type), 2 intersection member / postfix
   * operand (no union, intersection, function type), 3 validated operand
   * (also no optional / validated).
   */
  private type(t: TypeExpr, level: number): void {
    let need = false;
    switch (t.kind) {
      case "UnionType":
        need = level >= 1;
        break;
      case "FunctionType":
        need = level >= 1;
        break;
      case "IntersectionType":
        need = level >= 2;
        break;
      case "OptionalType":
      case "ValidatedType":
        need = level >= 3;
        break;
      default:
        break;
    }
    if (need) {
      this.w("(");
      this.type(t, 0);
      this.w(")");
      return;
    }
    switch (t.kind) {
      case "NamedType":
        this.w(t.name);
        if (t.args !== undefined) {
          this.w("<");
          for (let i = 0; i < t.args.length; i++) {
            if (i > 0) this.w(", ");
            this.type(t.args[i]!, 0);
          }
          this.w(">");
        }
        return;
      case "LiteralType":
        this.expr(t.literal);
        return;
      case "OptionalType":
        this.type(t.inner, 2);
        this.w("?");
        return;
      case "ArrayType":
        this.w("{");
        this.type(t.element, 0);
        this.w("}");
        return;
      case "MapType":
        this.w("{[");
        this.type(t.key, 0);
        this.w("]: ");
        this.type(t.value, 0);
        this.w("}");
        return;
      case "RecordType":
        this.w("{");
        for (let i = 0; i < t.fields.length; i++) {
          if (i > 0) this.w(", ");
          this.recordField(t.fields[i]!);
        }
        this.w("}");
        return;
      case "FunctionType": {
        this.w("(");
        let first = true;
        for (const p of t.params) {
          if (!first) this.w(", ");
          first = false;
          if (p.name !== undefined) this.w(p.name + ": ");
          this.type(p.type, 0);
        }
        if (t.vararg !== undefined) {
          if (!first) this.w(", ");
          this.w("...");
          this.type(t.vararg, 0);
        }
        this.w(") -> ");
        if (t.returns.length === 1) {
          this.type(t.returns[0]!, 0);
        } else {
          this.w("(");
          for (let i = 0; i < t.returns.length; i++) {
            if (i > 0) this.w(", ");
            this.type(t.returns[i]!, 0);
          }
          this.w(")");
        }
        return;
      }
      case "UnionType":
        for (let i = 0; i < t.types.length; i++) {
          if (i > 0) this.w(" | ");
          this.type(t.types[i]!, 1);
        }
        return;
      case "IntersectionType":
        for (let i = 0; i < t.types.length; i++) {
          if (i > 0) this.w(" & ");
          this.type(t.types[i]!, 2);
        }
        return;
      case "ValidatedType":
        this.type(t.type, 3);
        for (const v of t.validators) {
          this.w(" ");
          this.validator(v);
        }
        return;
    }
  }

  private recordField(f: RecordField): void {
    this.w(f.name);
    this.w(f.optional ? "?: " : ": ");
    this.type(f.type, 0);
  }

  private validator(v: Validator): void {
    this.w("@" + v.name);
    if (v.args.length > 0) {
      this.w("(");
      this.exprList(v.args);
      this.w(")");
    }
  }
}
