// The abstract syntax tree of Lua 5.3 plus wippy-lua's type annotations.
//
// Both parsers (the Ohm grammar of record and the hand-written fast parser)
// produce exactly these shapes, positions included. Nodes are plain objects
// with a `kind` discriminant; positions are flat fields (no nested location
// objects) to keep the fast parser's allocation low.
//
// Strings are byte strings: every JS char is one byte (0-255), as the VM uses.

/** Source range carried by every node. Lines and columns are 1-based; offsets are 0-based. */
export interface Span {
  line: number;
  column: number;
  /** Offset of the node's first byte. */
  start: number;
  /** Offset just past the node's last byte. */
  end: number;
  endLine: number;
  /** Column just past the node's last byte (1-based). */
  endColumn: number;
}

// ---------------------------------------------------------------- chunk

export interface Chunk extends Span {
  kind: "Chunk";
  body: Block;
}

export interface Block extends Span {
  kind: "Block";
  body: Statement[];
}

// ---------------------------------------------------------------- statements

export type Statement =
  | LocalStatement
  | LocalFunctionStatement
  | FunctionStatement
  | AssignStatement
  | CallStatement
  | DoStatement
  | WhileStatement
  | RepeatStatement
  | IfStatement
  | NumericForStatement
  | GenericForStatement
  | ReturnStatement
  | BreakStatement
  | GotoStatement
  | LabelStatement
  | TypeAliasStatement;

/** A declared name with an optional type annotation (`x` or `x: T`). */
export interface TypedName extends Span {
  kind: "TypedName";
  name: string;
  type?: TypeExpr;
}

export interface LocalStatement extends Span {
  kind: "Local";
  names: TypedName[];
  /** Empty when there is no `=`. */
  exprs: Expression[];
}

export interface LocalFunctionStatement extends Span {
  kind: "LocalFunction";
  name: TypedName;
  func: FunctionExpression;
}

/** `function a.b.c:m() ... end`: `base` is `a`, `path` is `["b","c"]`, `method` is `"m"`. */
export interface FunctionStatement extends Span {
  kind: "Function";
  base: NameExpression;
  path: string[];
  method?: string;
  func: FunctionExpression;
}

export type AssignTarget = NameExpression | IndexExpression | MemberExpression;

export interface AssignStatement extends Span {
  kind: "Assign";
  targets: AssignTarget[];
  exprs: Expression[];
}

export interface CallStatement extends Span {
  kind: "CallStatement";
  call: CallExpression | MethodCallExpression;
}

export interface DoStatement extends Span {
  kind: "Do";
  body: Block;
}

export interface WhileStatement extends Span {
  kind: "While";
  condition: Expression;
  body: Block;
}

/** The condition is in the scope of the body's locals. */
export interface RepeatStatement extends Span {
  kind: "Repeat";
  body: Block;
  condition: Expression;
}

export interface IfClause extends Span {
  kind: "IfClause";
  condition: Expression;
  body: Block;
}

export interface IfStatement extends Span {
  kind: "If";
  /** The `if` clause followed by each `elseif` clause. */
  clauses: IfClause[];
  orelse?: Block;
}

export interface NumericForStatement extends Span {
  kind: "NumericFor";
  variable: TypedName;
  /** The initial value (`for v = init, limit, step`); not `start`, which is the Span offset. */
  init: Expression;
  limit: Expression;
  step?: Expression;
  body: Block;
}

export interface GenericForStatement extends Span {
  kind: "GenericFor";
  names: TypedName[];
  exprs: Expression[];
  body: Block;
}

export interface ReturnStatement extends Span {
  kind: "Return";
  exprs: Expression[];
}

export interface BreakStatement extends Span {
  kind: "Break";
}

export interface GotoStatement extends Span {
  kind: "Goto";
  label: string;
}

export interface LabelStatement extends Span {
  kind: "Label";
  name: string;
}

/** `type Name<T> = T`: a type alias (also a runtime type value). */
export interface TypeAliasStatement extends Span {
  kind: "TypeAlias";
  name: string;
  typeParams?: TypeParam[];
  type: TypeExpr;
}

// ---------------------------------------------------------------- expressions

export type Expression =
  | NilLiteral
  | TrueLiteral
  | FalseLiteral
  | IntegerLiteral
  | FloatLiteral
  | StringLiteral
  | VarargExpression
  | FunctionExpression
  | TableExpression
  | BinaryExpression
  | UnaryExpression
  | NameExpression
  | IndexExpression
  | MemberExpression
  | CallExpression
  | MethodCallExpression
  | ParenExpression
  | CastExpression
  | NonNilExpression;

export interface NilLiteral extends Span {
  kind: "Nil";
}
export interface TrueLiteral extends Span {
  kind: "True";
}
export interface FalseLiteral extends Span {
  kind: "False";
}

/**
 * An integer numeral. `value` is a JS number when it lies within
 * ±(2^53 - 1) and a bigint (always in int64 range) otherwise, the same
 * canonical form the VM uses for integers. Hex numerals wrap modulo 2^64.
 */
export interface IntegerLiteral extends Span {
  kind: "Integer";
  value: number | bigint;
}

/** A float numeral (including decimal integers too large for 64 bits). */
export interface FloatLiteral extends Span {
  kind: "Float";
  value: number;
}

/** `value` is the decoded byte string (escapes resolved, one char per byte). */
export interface StringLiteral extends Span {
  kind: "String";
  value: string;
}

export interface VarargExpression extends Span {
  kind: "Vararg";
}

export interface Param extends Span {
  kind: "Param";
  name: string;
  type?: TypeExpr;
}

export interface TypeParam extends Span {
  kind: "TypeParam";
  name: string;
  constraint?: TypeExpr;
}

/**
 * A function body. For `function t:m()` the implicit `self` is NOT listed in
 * `params`; `FunctionStatement.method` tells the compiler to add it.
 */
export interface FunctionExpression extends Span {
  kind: "FunctionExpr";
  typeParams?: TypeParam[];
  params: Param[];
  isVararg: boolean;
  varargType?: TypeExpr;
  /** Declared result types; `[]` for `: ()`, absent when not annotated. */
  returnTypes?: TypeExpr[];
  body: Block;
}

export type TableField = PositionalField | NamedField | KeyedField;

/** `value` */
export interface PositionalField extends Span {
  kind: "PositionalField";
  value: Expression;
}
/** `name = value` */
export interface NamedField extends Span {
  kind: "NamedField";
  name: string;
  value: Expression;
}
/** `[key] = value` */
export interface KeyedField extends Span {
  kind: "KeyedField";
  key: Expression;
  value: Expression;
}

export interface TableExpression extends Span {
  kind: "Table";
  fields: TableField[];
}

export type BinaryOperator =
  | "or"
  | "and"
  | "<"
  | ">"
  | "<="
  | ">="
  | "~="
  | "=="
  | "|"
  | "~"
  | "&"
  | "<<"
  | ">>"
  | ".."
  | "+"
  | "-"
  | "*"
  | "/"
  | "//"
  | "%"
  | "^";

export type UnaryOperator = "not" | "#" | "-" | "~";

export interface BinaryExpression extends Span {
  kind: "Binary";
  operator: BinaryOperator;
  left: Expression;
  right: Expression;
}

export interface UnaryExpression extends Span {
  kind: "Unary";
  operator: UnaryOperator;
  operand: Expression;
}

export interface NameExpression extends Span {
  kind: "Name";
  name: string;
}

/** `object[key]` */
export interface IndexExpression extends Span {
  kind: "Index";
  object: Expression;
  key: Expression;
}

/** `object.name` */
export interface MemberExpression extends Span {
  kind: "Member";
  object: Expression;
  name: string;
}

/** `callee(args)`, `callee "s"`, `callee {…}` */
export interface CallExpression extends Span {
  kind: "Call";
  callee: Expression;
  args: Expression[];
}

/** `object:name(args)` */
export interface MethodCallExpression extends Span {
  kind: "MethodCall";
  object: Expression;
  name: string;
  args: Expression[];
}

/** `(expr)`: kept because it truncates multiple values to one. */
export interface ParenExpression extends Span {
  kind: "Paren";
  expr: Expression;
}

/** `expr :: T` or `expr as T` (erased at run time). */
export interface CastExpression extends Span {
  kind: "Cast";
  expr: Expression;
  type: TypeExpr;
  syntax: "::" | "as";
}

/** `expr!` (erased at run time). */
export interface NonNilExpression extends Span {
  kind: "NonNil";
  expr: Expression;
}

// ---------------------------------------------------------------- type expressions

export type TypeExpr =
  | NamedType
  | LiteralType
  | OptionalType
  | ArrayType
  | MapType
  | RecordType
  | FunctionType
  | UnionType
  | IntersectionType
  | ValidatedType;

/** `number`, `User`, `Box<number>`. `args` absent when there are no `<…>`. */
export interface NamedType extends Span {
  kind: "NamedType";
  name: string;
  args?: TypeExpr[];
}

/** `nil`, `true`, `false`, `"str"`, `42`, `1.5` as types. */
export interface LiteralType extends Span {
  kind: "LiteralType";
  literal: NilLiteral | TrueLiteral | FalseLiteral | StringLiteral | IntegerLiteral | FloatLiteral;
}

/** `T?` */
export interface OptionalType extends Span {
  kind: "OptionalType";
  inner: TypeExpr;
}

/** `{T}` or `T[]` */
export interface ArrayType extends Span {
  kind: "ArrayType";
  element: TypeExpr;
}

/** `{[K]: V}` */
export interface MapType extends Span {
  kind: "MapType";
  key: TypeExpr;
  value: TypeExpr;
}

export interface RecordField extends Span {
  kind: "RecordField";
  name: string;
  optional: boolean;
  /** Field validators are carried by a ValidatedType around `type`. */
  type: TypeExpr;
}

/** `{x: number, y?: string}`; `{}` is the empty record. */
export interface RecordType extends Span {
  kind: "RecordType";
  fields: RecordField[];
}

export interface FunctionTypeParam extends Span {
  kind: "FunctionTypeParam";
  /** Documentation only. */
  name?: string;
  type: TypeExpr;
}

/** `(a: number, string, ...T) -> R` */
export interface FunctionType extends Span {
  kind: "FunctionType";
  params: FunctionTypeParam[];
  vararg?: TypeExpr;
  returns: TypeExpr[];
}

export interface UnionType extends Span {
  kind: "UnionType";
  types: TypeExpr[];
}

export interface IntersectionType extends Span {
  kind: "IntersectionType";
  types: TypeExpr[];
}

/** `@min(0)`: arguments are literal expressions (negative numbers allowed). */
export interface Validator extends Span {
  kind: "Validator";
  name: string;
  args: Expression[];
}

/** A type term followed by validators: `number @min(0) @max(100)`. */
export interface ValidatedType extends Span {
  kind: "ValidatedType";
  type: TypeExpr;
  validators: Validator[];
}

export type Node =
  | Chunk
  | Block
  | Statement
  | Expression
  | TypeExpr
  | TypedName
  | IfClause
  | Param
  | TypeParam
  | TableField
  | RecordField
  | FunctionTypeParam
  | Validator;
