// Semantic actions: a successful match of the Lua grammar -> the AST of
// ../ast.ts, positions included, identical to what the fast parser builds.
//
// Position rules (shared with ../parser.ts): a node spans from the first byte
// of its first token to the end of its last token; a non-empty Block spans its
// statements, an empty one is zero-width at the start of the token closing
// it; statements leave out a trailing ';'.

import type * as ohm from "ohm-js";
import type {
  AssignTarget,
  BinaryOperator,
  Block,
  Chunk,
  Expression,
  FunctionExpression,
  IfClause,
  NameExpression,
  Param,
  RecordField,
  Span,
  Statement,
  TableField,
  TypedName,
  TypeExpr,
  TypeParam,
  UnaryOperator,
  Validator,
} from "../ast.js";
import { decodeLongString, decodeShortString, numeralValue } from "./literals.js";
import { type LineMap, lineOf, spanOf } from "./positions.js";
import { type LevelCounter, enterLevel, leaveLevel } from "./levels.js";

type Node = ohm.Node;

/** Per-parse state the actions read (Ohm actions take no extra arguments). */
interface ParseState {
  source: string;
  lines: LineMap;
  levels: LevelCounter;
}

let state: ParseState;

function sp(start: number, end: number): Span {
  return spanOf(state.lines, start, end);
}

function startOf(n: Node): number {
  return n.source.startIdx;
}

function endOf(n: Node): number {
  return n.source.endIdx;
}

/** The optional child of an `x?` iteration node, or undefined. */
function opt(n: Node): Node | undefined {
  return n.children[0];
}

function list(n: Node): Node[] {
  return n.asIteration().children;
}

function makeBlock(body: Statement[], closeAt: number): Block {
  const span =
    body.length > 0 ? sp(body[0]!.start, body[body.length - 1]!.end) : sp(closeAt, closeAt);
  return { kind: "Block", body, ...span };
}

/** The statements of a Block node (the Block action enters one syntax level per statement). */
function statements(blockNode: Node): Statement[] {
  return blockNode.ast() as Statement[];
}

// ---------------------------------------------------------------- expressions

// Lua 5.3 operator priorities (left, right), as in lparser.c's table.
const PRIORITY: Record<BinaryOperator, [number, number]> = {
  or: [1, 1],
  and: [2, 2],
  "<": [3, 3],
  ">": [3, 3],
  "<=": [3, 3],
  ">=": [3, 3],
  "~=": [3, 3],
  "==": [3, 3],
  "|": [4, 4],
  "~": [5, 5],
  "&": [6, 6],
  "<<": [7, 7],
  ">>": [7, 7],
  "..": [9, 8],
  "+": [10, 10],
  "-": [10, 10],
  "*": [11, 11],
  "/": [11, 11],
  "//": [11, 11],
  "%": [11, 11],
  "^": [14, 13],
};
const UNARY_PRIORITY = 12;

/**
 * Builds the tree of a flat `Term (binop Term)*` sequence the way Lua's
 * subexpr() does, entering one syntax level per subexpression. Operands are
 * evaluated lazily, in source order, so nested levels are counted where Lua
 * counts them.
 */
function climb(terms: Node[], ops: Node[]): Expression {
  let ti = 0; // current term
  let ui = 0; // next unary operator of the current term
  let oi = 0; // next binary operator

  // The first token of what is left to read: the next unary operator or operand.
  function here(): number {
    const t = terms[ti]!;
    const unops = t.children[0]!.children;
    return ui < unops.length ? startOf(unops[ui]!) : startOf(t.children[1]!);
  }

  function subexpr(limit: number): Expression {
    enterLevel(state.levels, here());
    let left: Expression;
    const term = terms[ti]!;
    const unops = term.children[0]!.children;
    if (ui < unops.length) {
      const opNode = unops[ui++]!;
      const operand = subexpr(UNARY_PRIORITY);
      const operator = opNode.sourceString as UnaryOperator;
      left = { kind: "Unary", operator, operand, ...sp(startOf(opNode), operand.end) };
    } else {
      left = term.children[1]!.ast() as Expression;
      ti++;
      ui = 0;
    }
    while (oi < ops.length) {
      const operator = ops[oi]!.sourceString as BinaryOperator;
      const [leftPriority, rightPriority] = PRIORITY[operator];
      if (leftPriority <= limit) break;
      oi++;
      const right = subexpr(rightPriority);
      left = { kind: "Binary", operator, left, right, ...sp(left.start, right.end) };
    }
    leaveLevel(state.levels);
    return left;
  }

  return subexpr(0);
}

/**
 * A function from its `function` keyword. `definedAt` is the offset whose line
 * Lua records as the function's linedefined: the keyword for a function
 * statement, the token after `function` (or after the name) otherwise.
 */
function functionExpression(keywordStart: number, body: Node, definedAt: number): FunctionExpression {
  const lines = state.levels.functionLines;
  lines.push(lineOf(state.lines, definedAt));
  const b = body.ast() as Omit<FunctionExpression, keyof Span | "kind"> & { end: number };
  lines.pop();
  return {
    kind: "FunctionExpr",
    typeParams: b.typeParams,
    params: b.params,
    isVararg: b.isVararg,
    varargType: b.varargType,
    returnTypes: b.returnTypes,
    body: b.body,
    ...sp(keywordStart, b.end),
  };
}

function nameExpression(n: Node): NameExpression {
  return { kind: "Name", name: n.sourceString, ...sp(startOf(n), endOf(n)) };
}

function literalExpression(n: Node): Expression {
  const s = startOf(n);
  const e = endOf(n);
  switch (n.ctorName) {
    case "number": {
      const v = numeralValue(n.sourceString);
      return v.integer
        ? { kind: "Integer", value: v.value, ...sp(s, e) }
        : { kind: "Float", value: v.value, ...sp(s, e) };
    }
    case "string":
      return { kind: "String", value: stringValue(n), ...sp(s, e) };
    default:
      throw new Error(`not a literal: ${n.ctorName}`);
  }
}

function stringValue(n: Node): string {
  const text = n.sourceString;
  return text[0] === "[" ? decodeLongString(text) : decodeShortString(text);
}

/** A keyword literal (nil, true, false) as an expression. */
function keywordLiteral(kind: "Nil" | "True" | "False", n: Node) {
  return { kind, ...sp(startOf(n), endOf(n)) };
}

/** Applies the suffixes of a suffixed expression left to right. */
function applySuffixes(primary: Node, suffixes: Node[], last?: Node): Expression {
  let e = primary.ast() as Expression;
  for (const s of suffixes) e = s.applyTo(e) as Expression;
  if (last) e = last.applyTo(e) as Expression;
  return e;
}

/** Casts and non-nil assertions after a simple expression, left to right. */
function applyPostfixes(simple: Node, postfixes: Node): Expression {
  let e = simple.ast() as Expression;
  for (const p of postfixes.children) {
    const op = p.children[0]!;
    if (op.ctorName.endsWith("_cast")) {
      const [castOp, typeNode] = op.children as [Node, Node];
      const type = typeNode.ast() as TypeExpr;
      const syntax = castOp.sourceString === "::" ? "::" : "as";
      e = { kind: "Cast", expr: e, type, syntax, ...sp(e.start, endOf(typeNode)) };
    } else {
      e = { kind: "NonNil", expr: e, ...sp(e.start, endOf(op)) };
    }
  }
  return e;
}

// ---------------------------------------------------------------- types

/** A record field; validators after its type wrap the whole type. */
function recordField(name: Node, optional: boolean, typeNode: Node, validators: Node): RecordField {
  let type = typeNode.ast() as TypeExpr;
  let end = endOf(typeNode);
  if (validators.children.length > 0) {
    const v = validators.children.map((x) => x.ast() as Validator);
    end = v[v.length - 1]!.end;
    type = { kind: "ValidatedType", type, validators: v, ...sp(startOf(typeNode), end) };
  }
  return { kind: "RecordField", name: name.sourceString, optional, type, ...sp(startOf(name), end) };
}

function typeList(n: Node): TypeExpr[] {
  return list(n).map((t) => t.ast() as TypeExpr);
}

function typeParams(n: Node): TypeParam[] | undefined {
  const tp = opt(n);
  return tp ? (tp.ast() as TypeParam[]) : undefined;
}

// ---------------------------------------------------------------- actions

const actions: ohm.ActionDict<unknown> = {
  Chunk(block, _end) {
    const body = makeBlock(statements(block), state.source.length);
    const chunk: Chunk = { kind: "Chunk", body, ...sp(0, state.source.length) };
    return chunk;
  },

  Block(stats, ret) {
    const body: Statement[] = [];
    for (const s of stats.children) {
      enterLevel(state.levels, startOf(s));
      const stat = s.ast() as Statement | null;
      leaveLevel(state.levels);
      if (stat) body.push(stat);
    }
    const r = opt(ret);
    if (r) {
      enterLevel(state.levels, startOf(r));
      body.push(r.ast() as Statement);
      leaveLevel(state.levels);
    }
    return body;
  },

  // ------------------------------------------------------------ statements

  Stat_empty(_semi) {
    return null;
  },

  Stat_assign(targets, _eq, exps) {
    const t = list(targets).map((n) => n.ast() as AssignTarget);
    const exprs = exps.ast() as Expression[];
    return { kind: "Assign", targets: t, exprs, ...sp(t[0]!.start, exprs[exprs.length - 1]!.end) };
  },

  Stat_call(call) {
    const c = call.ast() as Expression;
    return { kind: "CallStatement", call: c, ...sp(c.start, c.end) };
  },

  Stat_localFunction(local, fn, name, body) {
    const typedName: TypedName = {
      kind: "TypedName",
      name: name.sourceString,
      type: undefined,
      ...sp(startOf(name), endOf(name)),
    };
    const func = functionExpression(startOf(fn), body, startOf(body));
    return { kind: "LocalFunction", name: typedName, func, ...sp(startOf(local), func.end) };
  },

  Stat_local(local, names, _eq, exps) {
    const n = list(names).map((x) => x.ast() as TypedName);
    const e = opt(exps);
    const exprs = e ? (e.ast() as Expression[]) : [];
    const end = exprs.length > 0 ? exprs[exprs.length - 1]!.end : n[n.length - 1]!.end;
    return { kind: "Local", names: n, exprs, ...sp(startOf(local), end) };
  },

  Stat_function(fn, funcName, body) {
    const name = funcName.ast() as { base: NameExpression; path: string[]; method: string | undefined };
    const func = functionExpression(startOf(fn), body, startOf(fn));
    return {
      kind: "Function",
      base: name.base,
      path: name.path,
      method: name.method,
      func,
      ...sp(startOf(fn), func.end),
    };
  },

  Stat_do(kw, block, end) {
    const body = makeBlock(statements(block), startOf(end));
    return { kind: "Do", body, ...sp(startOf(kw), endOf(end)) };
  },

  Stat_while(kw, cond, _do, block, end) {
    const condition = cond.ast() as Expression;
    const body = makeBlock(statements(block), startOf(end));
    return { kind: "While", condition, body, ...sp(startOf(kw), endOf(end)) };
  },

  Stat_repeat(kw, block, until, cond) {
    const body = makeBlock(statements(block), startOf(until));
    const condition = cond.ast() as Expression;
    return { kind: "Repeat", body, condition, ...sp(startOf(kw), condition.end) };
  },

  Stat_if(kw, cond, then, block, elseIfs, elseOpt, end) {
    // Each block is closed by the next clause's keyword (or 'else', or 'end').
    const closers = [...elseIfs.children, ...elseOpt.children, end].map(startOf);
    const clauses: IfClause[] = [];
    const addClause = (start: number, c: Node, thenKw: Node, b: Node, closeAt: number) => {
      const condition = c.ast() as Expression;
      const body = makeBlock(statements(b), closeAt);
      const clauseEnd = body.body.length > 0 ? body.end : endOf(thenKw);
      clauses.push({ kind: "IfClause", condition, body, ...sp(start, clauseEnd) });
    };
    addClause(startOf(kw), cond, then, block, closers[0]!);
    elseIfs.children.forEach((ei, i) => {
      const [eiKw, eiCond, eiThen, eiBlock] = ei.children as [Node, Node, Node, Node];
      addClause(startOf(eiKw), eiCond, eiThen, eiBlock, closers[i + 1]!);
    });
    const e = opt(elseOpt);
    const orelse = e ? makeBlock(statements(e.children[1]!), startOf(end)) : undefined;
    return { kind: "If", clauses, orelse, ...sp(startOf(kw), endOf(end)) };
  },

  Stat_numericFor(kw, name, _eq, first, _c1, limit, _c2, stepOpt, _do, block, end) {
    const variable = name.ast() as TypedName;
    const init = first.ast() as Expression;
    const lim = limit.ast() as Expression;
    const s = opt(stepOpt);
    const step = s ? (s.ast() as Expression) : undefined;
    const body = makeBlock(statements(block), startOf(end));
    return {
      kind: "NumericFor",
      variable,
      init,
      limit: lim,
      step,
      body,
      ...sp(startOf(kw), endOf(end)),
    };
  },

  Stat_genericFor(kw, names, _in, exps, _do, block, end) {
    const n = list(names).map((x) => x.ast() as TypedName);
    const exprs = exps.ast() as Expression[];
    const body = makeBlock(statements(block), startOf(end));
    return { kind: "GenericFor", names: n, exprs, body, ...sp(startOf(kw), endOf(end)) };
  },

  Stat_break(kw) {
    return { kind: "Break", ...sp(startOf(kw), endOf(kw)) };
  },

  Stat_goto(kw, name) {
    return { kind: "Goto", label: name.sourceString, ...sp(startOf(kw), endOf(name)) };
  },

  Stat_label(open, name, close) {
    return { kind: "Label", name: name.sourceString, ...sp(startOf(open), endOf(close)) };
  },

  TypeAlias(kw, name, params, _eq, type) {
    const t = type.ast() as TypeExpr;
    return {
      kind: "TypeAlias",
      name: name.sourceString,
      typeParams: typeParams(params),
      type: t,
      ...sp(startOf(kw), endOf(type)),
    };
  },

  RetStat(kw, exps, _semi) {
    const exprs = list(exps).map((e) => e.ast() as Expression);
    const end = exprs.length > 0 ? exprs[exprs.length - 1]!.end : endOf(kw);
    return { kind: "Return", exprs, ...sp(startOf(kw), end) };
  },

  FuncName(base, _dots, path, _colon, method) {
    const m = opt(method);
    return {
      base: nameExpression(base),
      path: path.children.map((p) => p.sourceString),
      method: m ? m.sourceString : undefined,
    };
  },

  FuncBody(tparams, _open, params, _close, ret, block, end) {
    const p = params.ast() as { params: Param[]; isVararg: boolean; varargType: TypeExpr | undefined };
    const r = opt(ret);
    return {
      typeParams: typeParams(tparams),
      params: p.params,
      isVararg: p.isVararg,
      varargType: p.varargType,
      returnTypes: r ? (r.ast() as TypeExpr[]) : undefined,
      body: makeBlock(statements(block), startOf(end)),
      end: endOf(end),
    };
  },

  ParList_named(names, _comma, vararg) {
    const v = opt(vararg);
    return {
      params: list(names).map((p) => p.ast() as Param),
      isVararg: v !== undefined,
      varargType: v ? (v.ast() as TypeExpr | undefined) : undefined,
    };
  },

  ParList_vararg(vararg) {
    return { params: [], isVararg: true, varargType: vararg.ast() as TypeExpr | undefined };
  },

  ParList_none() {
    return { params: [], isVararg: false, varargType: undefined };
  },

  Param(name, _colon, type) {
    const t = opt(type);
    const annotation = t ? (t.ast() as TypeExpr) : undefined;
    const end = t ? endOf(t) : endOf(name);
    return { kind: "Param", name: name.sourceString, type: annotation, ...sp(startOf(name), end) };
  },

  VarargParam(_dots, _colon, type) {
    const t = opt(type);
    return t ? (t.ast() as TypeExpr) : undefined;
  },

  ReturnAnnotation(_colon, types) {
    return types.ast();
  },

  ReturnTypes_list(types) {
    return typeList(types);
  },

  ReturnTypes_none(_open, _close) {
    return [];
  },

  ReturnTypes_tuple(_open, first, _comma, rest, _close) {
    return [first.ast() as TypeExpr, ...typeList(rest)];
  },

  TypedName(name, _colon, type) {
    const t = opt(type);
    const annotation = t ? (t.ast() as TypeExpr) : undefined;
    const end = t ? endOf(t) : endOf(name);
    return { kind: "TypedName", name: name.sourceString, type: annotation, ...sp(startOf(name), end) };
  },

  // ------------------------------------------------------------ expressions

  ExpList(exps) {
    return list(exps).map((e) => e.ast() as Expression);
  },

  TailExpList(exps) {
    return list(exps).map((e) => e.ast() as Expression);
  },

  Exp(first, ops, rest) {
    return climb([first, ...rest.children], ops.children);
  },

  TailExp(first, ops, rest) {
    return climb([first, ...rest.children], ops.children);
  },

  Operand(simple, postfixes) {
    return applyPostfixes(simple, postfixes);
  },

  TailOperand(simple, postfixes) {
    return applyPostfixes(simple, postfixes);
  },

  SimpleExp_nil(kw) {
    return keywordLiteral("Nil", kw);
  },
  SimpleExp_true(kw) {
    return keywordLiteral("True", kw);
  },
  SimpleExp_false(kw) {
    return keywordLiteral("False", kw);
  },
  SimpleExp_number(n) {
    return literalExpression(n);
  },
  SimpleExp_string(s) {
    return literalExpression(s);
  },
  SimpleExp_vararg(dots) {
    return { kind: "Vararg", ...sp(startOf(dots), endOf(dots)) };
  },
  SimpleExp_function(kw, body) {
    return functionExpression(startOf(kw), body, startOf(body));
  },

  PrimaryExp_name(name) {
    return nameExpression(name);
  },

  PrimaryExp_paren(open, exp, close) {
    const expr = exp.ast() as Expression;
    return { kind: "Paren", expr, ...sp(startOf(open), endOf(close)) };
  },

  SuffixedExp(primary, suffixes) {
    return applySuffixes(primary, suffixes.children);
  },

  Target_suffixed(primary, suffixes, _lookahead, last) {
    return applySuffixes(primary, suffixes.children, last);
  },

  Target_name(name) {
    return nameExpression(name);
  },

  CallExp(primary, suffixes, _lookahead, last) {
    return applySuffixes(primary, suffixes.children, last);
  },

  CallArgs_list(_open, exps, _close) {
    return list(exps).map((e) => e.ast() as Expression);
  },

  CallArgs_table(table) {
    return [table.ast()];
  },

  CallArgs_string(s) {
    return [literalExpression(s)];
  },

  TableCons(open, fields, _sep, close) {
    const l = opt(fields);
    const f = l ? list(l).map((x) => x.ast() as TableField) : [];
    return { kind: "Table", fields: f, ...sp(startOf(open), endOf(close)) };
  },

  Field_keyed(open, key, _close, _eq, value) {
    const v = value.ast() as Expression;
    return { kind: "KeyedField", key: key.ast(), value: v, ...sp(startOf(open), v.end) };
  },

  Field_named(name, _eq, value) {
    const v = value.ast() as Expression;
    return { kind: "NamedField", name: name.sourceString, value: v, ...sp(startOf(name), v.end) };
  },

  Field_positional(value) {
    const v = value.ast() as Expression;
    return { kind: "PositionalField", value: v, ...sp(v.start, v.end) };
  },

  // ------------------------------------------------------------ types

  Type(members) {
    // Each type expression is one syntax level, as in the fast parser.
    enterLevel(state.levels, startOf(this));
    const types = typeList(members);
    leaveLevel(state.levels);
    if (types.length === 1) return types[0];
    return { kind: "UnionType", types, ...sp(startOf(this), endOf(this)) };
  },

  InterType(members) {
    const types = typeList(members);
    if (types.length === 1) return types[0];
    return { kind: "IntersectionType", types, ...sp(startOf(this), endOf(this)) };
  },

  PostfixType(primary, validators, suffixes) {
    const start = startOf(primary);
    let t = primary.ast() as TypeExpr;
    if (validators.children.length > 0) {
      const v = validators.children.map((x) => x.ast() as Validator);
      t = { kind: "ValidatedType", type: t, validators: v, ...sp(start, v[v.length - 1]!.end) };
    }
    for (const s of suffixes.children) {
      const end = endOf(s);
      t =
        s.children[0]!.ctorName === "TypeSuffix_optional"
          ? { kind: "OptionalType", inner: t, ...sp(start, end) }
          : { kind: "ArrayType", element: t, ...sp(start, end) };
    }
    return t;
  },

  PrimaryType_nil(kw) {
    return { kind: "LiteralType", literal: keywordLiteral("Nil", kw), ...sp(startOf(kw), endOf(kw)) };
  },
  PrimaryType_true(kw) {
    return { kind: "LiteralType", literal: keywordLiteral("True", kw), ...sp(startOf(kw), endOf(kw)) };
  },
  PrimaryType_false(kw) {
    return { kind: "LiteralType", literal: keywordLiteral("False", kw), ...sp(startOf(kw), endOf(kw)) };
  },
  PrimaryType_string(s) {
    return { kind: "LiteralType", literal: literalExpression(s), ...sp(startOf(s), endOf(s)) };
  },
  PrimaryType_number(n) {
    return { kind: "LiteralType", literal: literalExpression(n), ...sp(startOf(n), endOf(n)) };
  },

  PrimaryType_group(_open, type, _close) {
    return type.ast();
  },

  PrimaryType_map(open, _lb, key, _rb, _colon, value, close) {
    return {
      kind: "MapType",
      key: key.ast(),
      value: value.ast(),
      ...sp(startOf(open), endOf(close)),
    };
  },

  PrimaryType_record(open, fields, _sep, close) {
    const l = opt(fields);
    const f = l ? list(l).map((x) => x.ast() as RecordField) : [];
    return { kind: "RecordType", fields: f, ...sp(startOf(open), endOf(close)) };
  },

  PrimaryType_array(open, element, close) {
    return { kind: "ArrayType", element: element.ast(), ...sp(startOf(open), endOf(close)) };
  },

  PrimaryType_generic(name, args) {
    return {
      kind: "NamedType",
      name: name.sourceString,
      args: args.ast(),
      ...sp(startOf(name), endOf(args)),
    };
  },

  PrimaryType_named(name) {
    return { kind: "NamedType", name: name.sourceString, args: undefined, ...sp(startOf(name), endOf(name)) };
  },

  TypeArgs(_open, types, _close) {
    return typeList(types);
  },

  RecordField_optional(name, _q, _colon, type, validators) {
    return recordField(name, true, type, validators);
  },

  RecordField_required(name, _colon, type, validators) {
    return recordField(name, false, type, validators);
  },

  FunctionType(open, params, _close, _arrow, results) {
    const p = params.ast() as { params: unknown[]; vararg: TypeExpr | undefined };
    return {
      kind: "FunctionType",
      params: p.params,
      vararg: p.vararg,
      returns: results.ast(),
      ...sp(startOf(open), endOf(this)),
    };
  },

  FunctionTypeParams_named(params, _comma, _dots, vararg) {
    const v = opt(vararg);
    return {
      params: list(params).map((x) => x.ast()),
      vararg: v ? (v.ast() as TypeExpr) : undefined,
    };
  },

  FunctionTypeParams_vararg(_dots, type) {
    return { params: [], vararg: type.ast() };
  },

  FunctionTypeParams_none() {
    return { params: [], vararg: undefined };
  },

  FunctionTypeParam_named(name, _colon, type) {
    const t = type.ast() as TypeExpr;
    return { kind: "FunctionTypeParam", name: name.sourceString, type: t, ...sp(startOf(name), endOf(type)) };
  },

  FunctionTypeParam_anonymous(type) {
    const t = type.ast() as TypeExpr;
    return { kind: "FunctionTypeParam", name: undefined, type: t, ...sp(startOf(type), endOf(type)) };
  },

  FunctionResults_one(type) {
    return [type.ast()];
  },

  FunctionResults_none(_open, _close) {
    return [];
  },

  FunctionResults_tuple(_open, first, _comma, rest, _close) {
    return [first.ast(), ...typeList(rest)];
  },

  TypeParams(_open, params, _close) {
    return list(params).map((p) => p.ast());
  },

  TypeParam(name, _colon, constraint) {
    const c = opt(constraint);
    const t = c ? (c.ast() as TypeExpr) : undefined;
    return {
      kind: "TypeParam",
      name: name.sourceString,
      constraint: t,
      ...sp(startOf(name), c ? endOf(c) : endOf(name)),
    };
  },

  Validator(at, name, args) {
    const a = opt(args);
    return {
      kind: "Validator",
      name: name.sourceString,
      args: a ? a.ast() : [],
      ...sp(startOf(at), endOf(this)),
    };
  },

  ValidatorArgs(_open, args, _close) {
    return list(args).map((a) => a.ast());
  },

  ValidatorArg_nil(kw) {
    return keywordLiteral("Nil", kw);
  },
  ValidatorArg_true(kw) {
    return keywordLiteral("True", kw);
  },
  ValidatorArg_false(kw) {
    return keywordLiteral("False", kw);
  },
  ValidatorArg_string(s) {
    return literalExpression(s);
  },
  ValidatorArg_number(n) {
    return literalExpression(n);
  },
  ValidatorArg_negative(minus, n) {
    const operand = literalExpression(n);
    return { kind: "Unary", operator: "-", operand, ...sp(startOf(minus), operand.end) };
  },

  // Lists and iterations: only reached through the helpers above.
  _iter(...children) {
    return children.map((c) => c.ast());
  },
};

/** Suffix actions: each takes the expression it applies to. */
const suffixActions: ohm.ActionDict<unknown> = {
  Suffix(s) {
    return s.applyTo(this.args.obj);
  },
  Suffix_member(_dot, name) {
    const obj = this.args.obj as Expression;
    return { kind: "Member", object: obj, name: name.sourceString, ...sp(obj.start, endOf(name)) };
  },
  Suffix_index(_open, key, close) {
    const obj = this.args.obj as Expression;
    return { kind: "Index", object: obj, key: key.ast(), ...sp(obj.start, endOf(close)) };
  },
  Suffix_method(_colon, name, args) {
    const obj = this.args.obj as Expression;
    return {
      kind: "MethodCall",
      object: obj,
      name: name.sourceString,
      args: args.ast(),
      ...sp(obj.start, endOf(args)),
    };
  },
  Suffix_call(args) {
    const obj = this.args.obj as Expression;
    return { kind: "Call", callee: obj, args: args.ast(), ...sp(obj.start, endOf(args)) };
  },
  TargetSuffix(s) {
    return s.applyTo(this.args.obj);
  },
  TargetSuffix_member(_dot, name) {
    const obj = this.args.obj as Expression;
    return { kind: "Member", object: obj, name: name.sourceString, ...sp(obj.start, endOf(name)) };
  },
  TargetSuffix_index(_open, key, close) {
    const obj = this.args.obj as Expression;
    return { kind: "Index", object: obj, key: key.ast(), ...sp(obj.start, endOf(close)) };
  },
  CallSuffix(s) {
    return s.applyTo(this.args.obj);
  },
  CallSuffix_method(_colon, name, args) {
    const obj = this.args.obj as Expression;
    return {
      kind: "MethodCall",
      object: obj,
      name: name.sourceString,
      args: args.ast(),
      ...sp(obj.start, endOf(args)),
    };
  },
  CallSuffix_call(args) {
    const obj = this.args.obj as Expression;
    return { kind: "Call", callee: obj, args: args.ast(), ...sp(obj.start, endOf(args)) };
  },
};

export function createSemantics(grammar: ohm.Grammar): ohm.Semantics {
  return grammar.createSemantics().addOperation("ast", actions).addOperation("applyTo(obj)", suffixActions);
}

/** Builds the AST of a successful match. */
export function buildChunk(
  semantics: ohm.Semantics,
  match: ohm.MatchResult,
  source: string,
  lines: LineMap,
  levels: LevelCounter,
): Chunk {
  state = { source, lines, levels };
  return semantics(match).ast() as Chunk;
}
