// The fast parser: a hand-written recursive-descent parser for Lua 5.3 plus
// wippy-lua's type annotations, following lparser.c function by function so
// that every syntax error (message, `near` token and line) is the one lua5.3
// reports. It builds the AST of ast.ts; the static checks of lparser.c that
// need scope information (goto/label/break/vararg, local and upvalue limits)
// run afterwards in checks.ts. Two of them are also made here, while parsing,
// because C Lua reports them before any later syntax error: `...` outside a
// vararg function, and more than 200 local variables in a function.
//
// ============================================================== POSITIONS
// Every node has the flat Span fields (line/column 1-based, start/end 0-based
// offsets with end exclusive, endLine/endColumn just past the last byte).
// Line breaks are "\n", "\r", "\r\n", "\n\r" (one each); columns count bytes.
// A first line starting with '#' is skipped (its line break still counts);
// parse() decides whether a chunk gets this, see ParseOptions.skipShebang.
// General rule: a node spans from the first byte of its first token to the end
// of the last token of its own syntax. In detail:
//
//  Chunk         start 0, line 1, column 1; end = source length; endLine /
//                endColumn = the position at the end of the input.
//  Block         non-empty: first statement start .. last statement end.
//                Empty, or only ';': zero-width at the start of the token that
//                closes it (`end`, `until`, `else`, `elseif`, or <eof>, whose
//                start is the source length).
//  Statements    never include a trailing ';'.
//    Local       `local` .. last expression, or last TypedName when no `=`.
//    LocalFunction `local` .. `end`; its `name` is a TypedName spanning the
//                name token (type undefined); its FunctionExpr spans
//                `function` .. `end`.
//    Function    `function` .. `end`; `base` is the Name node of the first
//                name; its FunctionExpr spans `function` .. `end` too.
//    Assign      first target .. last expression. CallStatement = its call.
//    Do/While/NumericFor/GenericFor/If   keyword .. `end`.
//    Repeat      `repeat` .. end of the condition.
//    IfClause    `if`/`elseif` .. end of its body block, or .. `then` when the
//                body is empty (or only ';'). `orelse` is a Block (rules above).
//    Return      `return` .. last expression (or the keyword alone).
//    Break       the keyword. Goto: `goto` .. name. Label: `::` .. `::`.
//    TypeAlias   `type` .. end of the type.
//  TypedName / Param   name .. end of the annotation (or the name alone).
//  TypeParam     name .. end of the constraint (or the name alone).
//  Expressions
//    literals, Vararg, Name: the token.
//    FunctionExpr `function` .. `end`.   Table: `{` .. `}`.
//    PositionalField: the value. NamedField: name .. value. KeyedField: `[` .. value.
//    Binary      left operand start .. right operand end.
//    Unary       operator .. operand end.
//    Index       object start .. `]`.  Member: object start .. name.
//    Call        callee start .. `)` / string / `}` of the arguments.
//    MethodCall  object start .. end of the arguments.
//    Paren       `(` .. `)` (the parentheses are included).
//    Cast        expression start .. end of the type.  NonNil: expression .. `!`.
//  Types
//    Grouping parentheses `(T)` make no node: T keeps its own span (without
//    the parentheses), but every construct that starts or ends with a grouped
//    type includes the parentheses, e.g. in `(A | B)?` the OptionalType spans
//    `(` .. `?` and its UnionType `A | B`; `x: (T)` spans `x` .. `)`.
//    NamedType   name .. `>` of the arguments (or the name).
//    LiteralType the literal token (its `literal` node has the same span).
//    OptionalType  operand .. `?`.   ArrayType: `{` .. `}`, or operand .. `]` for `T[]`.
//    MapType / RecordType  `{` .. `}`.  RecordField: name .. end of its type
//                (validators after the type included).
//    FunctionType `(` .. end of the results.  FunctionTypeParam: name .. type,
//                or the type alone (a `...T` vararg makes no param node).
//    UnionType / IntersectionType  first member .. last member.
//    ValidatedType  operand .. last validator.  Validator: `@` .. `)` or name.
//  A `>>` / `>=` token closing type arguments or type parameters is split:
//  its first `>` ends the construct.
//
// ============================================================== GRAMMAR NOTES
// (the Ohm grammar of record must accept and build exactly the same)
//  * Casts `e :: T`, `e as T` and `e!` are postfix operators applied to a
//    simple expression (literal, `...`, table, function, or prefix expression
//    with its suffixes) before any binary operator, and also to the operand of
//    a unary operator: `-x :: T` is `-(x :: T)`, `a + b as T` is
//    `a + (b as T)`, `2 ^ x!` is `2 ^ (x!)`. They repeat (`x!!`, `x :: A as B`)
//    but produce an expression, never a prefix expression: `x!.f`, `x!()` and
//    `(x :: T)` followed by `.f` on the cast itself are not suffixes (write
//    `(x!).f`). Statements never start with a cast (`f()!` is not a statement).
//  * `::` followed by `Name ::` is never a cast: it starts a label
//    (`print(i) ::continue::`, `x = y ::l::`). So `x :: A :: B` with a plain
//    name A needs parentheses: `(x :: A) :: B`. Nor is `::` followed by a
//    token that cannot start a type (a type starts with a Name, `nil`,
//    `true`, `false`, a numeral, a string, `{` or `(`): the expression ends
//    there and Lua's own error follows (`x = y ::end::` gives "<name>
//    expected near 'end'").
//  * `as` is a cast only when it is a Name token in operator position
//    followed by a token that can start a type: Name, `nil`, `true`, `false`,
//    a numeral, a string, `{` or `(`. In "statement-tail" position, the last
//    token of a statement could be followed by a new statement starting with
//    the name `as` (`x = y  as "s"` is `x = y; as("s")` in Lua), so there
//    `as` followed by a string, `{` or `(` is NOT a cast. Statement-tail
//    position means: inside the expression list of an assignment or `local`,
//    or the `until` condition, and not nested inside (), [], {} or a function
//    body. Use `::` (or parentheses around the cast) there.
//  * A type is parsed greedily after `::` / `as`: `x :: A | B` casts to the
//    union, `x as integer & 0xff` to an intersection, `x :: Box < y` opens
//    type arguments. Parenthesise the cast to use `|`, `&`, `<` as operators.
//  * `type` starts a type alias only when the statement starts with the names
//    `type Name` followed by `=` or `<`; otherwise it is an ordinary name.
//  * Type grammar (types.md §2.2) with these decisions:
//      - `->` must be written as two adjacent characters `-` `>`.
//      - an optional record field is `name ? : T`, `?` and `:` being separate
//        tokens (spaces allowed between them); field names may be reserved
//        words; fields are separated by `,` or `;`, a trailing one allowed.
//      - `{` `}` is the empty record; `{` `[` starts a map (no trailing
//        separator); `{` Name-or-keyword `:` and `{` Name-or-keyword `?` `:`
//        start a record; anything else in braces is an array `{T}`.
//      - `(` ... `)` followed by `->` is a function type whose params are
//        `Name : T` or `T`, optionally ending with `...T`; without `->`
//        exactly one unnamed param is a grouping. In result position (a
//        function's `: returns`, or after `->`) `()` means no values and
//        `(T1, T2, ...)` (two or more) several values. A function's
//        returns may also be `T1, T2, ...` unparenthesised.
//      - `T[]` needs `[` and `]` as consecutive tokens.
//      - Validators: `@name` with optional `(literal, ...)` arguments, where a
//        literal is nil/true/false/numeral/string or `-` numeral; a negative
//        number is a Unary `-` node around the numeral (as in expressions).
//        Validators attach to the preceding primary type, before any `?`/`[]`:
//        `T @min(0)?` is Optional(Validated(T)). A record field's type may be
//        followed by more validators, which wrap the whole field type:
//        `f: T? @min(0)` is Validated(Optional(T)).
//      - LATER syntax is rejected: a type name directly followed by `(` is a
//        syntax error (`fun(...)`, `typeof(x)`, `keyof(T)`), and so are the
//        names `typeof`, `keyof`, `readonly` used as a type and followed by
//        a name or `{`. Module-qualified names, indexed access, `extends`,
//        `interface`, `asserts` fail naturally (the type ends before them).
//    Error messages inside types follow Lua's style: "type expected near X",
//    "'>' expected near X", "'->' expected near X", "literal expected near X".
//  * Syntax levels: like lparser.c, one level per statement and per
//    subexpression, counted from LEVEL_BASE (2: a chunk loaded with `load`
//    from Lua code); more than 200 is "too many C levels (limit is 200) in
//    main function" / "in function at line N". Each type expression (a call
//    of the `type` rule, including nested ones) counts one level too, and so
//    does a parenthesised list in result position (`: (A, B)`, `-> (A, B)`).
//    As in lparser.c, the multiple assignment `a, b, c = ...` also fails when
//    (number of targets before the new one) + level > 200, and consecutive
//    labels nest (each `::l::` after a label is parsed one level deeper).

import type {
  AssignTarget,
  Block,
  Chunk,
  Expression,
  FunctionExpression,
  FunctionTypeParam,
  IfClause,
  NameExpression,
  Param,
  RecordField,
  Statement,
  TableField,
  TypedName,
  TypeExpr,
  TypeParam,
  Validator,
} from "./ast.js";
import {
  FIRST_RESERVED,
  Lexer,
  TK_AND,
  TK_BREAK,
  TK_CONCAT,
  TK_DBCOLON,
  TK_DO,
  TK_DOTS,
  TK_ELSE,
  TK_ELSEIF,
  TK_END,
  TK_EOS,
  TK_EQ,
  TK_FALSE,
  TK_FLT,
  TK_FOR,
  TK_FUNCTION,
  TK_GE,
  TK_GOTO,
  TK_IDIV,
  TK_IF,
  TK_IN,
  TK_INT,
  TK_LE,
  TK_LOCAL,
  TK_NAME,
  TK_NE,
  TK_NIL,
  TK_NOT,
  TK_OR,
  TK_REPEAT,
  TK_RETURN,
  TK_SHL,
  TK_SHR,
  TK_STRING,
  TK_THEN,
  TK_TRUE,
  TK_UNTIL,
  TK_WHILE,
  tokenToString,
} from "./lexer.js";

/** LUAI_MAXCCALLS */
export const MAX_LEVELS = 200;
/** MAXVARS: active local variables per function. */
export const MAX_VARS = 200;
/** nCcalls when the parser starts, for a chunk loaded by `load` from Lua code. */
export const LEVEL_BASE = 2;

const UNARY_PRIORITY = 12;

// binary operators: left/right priority and operator text, indexed by token
const BIN_LEFT = new Uint8Array(300);
const BIN_RIGHT = new Uint8Array(300);
const BIN_OP: string[] = [];
function binop(tok: number, left: number, right: number, op: string): void {
  BIN_LEFT[tok] = left;
  BIN_RIGHT[tok] = right;
  BIN_OP[tok] = op;
}
binop(43, 10, 10, "+");
binop(45, 10, 10, "-");
binop(42, 11, 11, "*");
binop(37, 11, 11, "%");
binop(94, 14, 13, "^");
binop(47, 11, 11, "/");
binop(TK_IDIV, 11, 11, "//");
binop(38, 6, 6, "&");
binop(124, 4, 4, "|");
binop(126, 5, 5, "~");
binop(TK_SHL, 7, 7, "<<");
binop(TK_SHR, 7, 7, ">>");
binop(TK_CONCAT, 9, 8, "..");
binop(TK_EQ, 3, 3, "==");
binop(60, 3, 3, "<");
binop(TK_LE, 3, 3, "<=");
binop(TK_NE, 3, 3, "~=");
binop(62, 3, 3, ">");
binop(TK_GE, 3, 3, ">=");
binop(TK_AND, 2, 2, "and");
binop(TK_OR, 1, 1, "or");

type BinOp = Extract<Expression, { kind: "Binary" }>["operator"];

export class Parser extends Lexer {
  /** nCcalls of lparser.c */
  level = LEVEL_BASE;
  /** linedefined of the function being parsed (0: main chunk) */
  funcLine = 0;
  /** In statement-tail position (see GRAMMAR NOTES). */
  stmtTail = false;
  /**
   * Local variables registered in the current function and still in scope
   * (dyd->actvar.n - fs->firstlocal), for the "too many local variables"
   * limit, which Lua checks while parsing.
   */
  nvars = 0;
  /** Whether the current function is vararg (the main chunk is). */
  isVararg = true;

  // ------------------------------------------------------------ helpers

  private enterLevel(): void {
    if (++this.level > MAX_LEVELS) this.errorLimit(MAX_LEVELS, "C levels");
  }

  private errorLimit(limit: number, what: string): never {
    const where = this.funcLine === 0 ? "main function" : `function at line ${this.funcLine}`;
    this.syntaxError(`too many ${what} (limit is ${limit}) in ${where}`);
  }

  /** new_localvar's limit check (the name was just consumed). */
  private newLocalVar(): void {
    if (this.nvars + 1 > MAX_VARS) this.errorLimit(MAX_VARS, "local variables");
    this.nvars++;
  }

  private errorExpected(tok: number): never {
    this.syntaxError(`${tokenToString(tok)} expected`);
  }

  private checkNext(tok: number): void {
    if (this.t() !== tok) this.errorExpected(tok);
    this.next();
  }

  private checkMatch(what: number, who: number, line: number): void {
    if (this.t() === what) {
      this.next();
      return;
    }
    if (line === this.tokEndLine) this.errorExpected(what);
    this.syntaxError(`${tokenToString(what)} expected (to close ${tokenToString(who)} at line ${line})`);
  }

  private checkName(): string {
    if (this.t() !== TK_NAME) this.errorExpected(TK_NAME);
    const s = this.tokStr;
    this.next();
    return s;
  }

  private blockFollow(withUntil: boolean): boolean {
    switch (this.t()) {
      case TK_ELSE:
      case TK_ELSEIF:
      case TK_END:
      case TK_EOS:
        return true;
      case TK_UNTIL:
        return withUntil;
      default:
        return false;
    }
  }

  // ------------------------------------------------------------ chunk, blocks

  parseChunk(): Chunk {
    this.next();
    const body = this.block();
    if (this.t() !== TK_EOS) this.errorExpected(TK_EOS);
    return {
      kind: "Chunk",
      body,
      line: 1,
      column: 1,
      start: 0,
      end: this.len,
      endLine: this.tokEndLine,
      endColumn: this.tokEndCol,
    };
  }

  /** statlist, wrapped in a Block node. */
  private block(): Block {
    const body: Statement[] = [];
    const nv = this.nvars;
    this.statlist(body);
    this.nvars = nv;
    return this.makeBlock(body);
  }

  private statlist(body: Statement[]): void {
    while (!this.blockFollow(true)) {
      if (this.t() === TK_RETURN) {
        this.statement(body);
        return;
      }
      this.statement(body);
    }
  }

  private makeBlock(body: Statement[]): Block {
    const n = body.length;
    if (n === 0) {
      return {
        kind: "Block",
        body,
        line: this.tokLine,
        column: this.tokCol,
        start: this.tokStart,
        end: this.tokStart,
        endLine: this.tokLine,
        endColumn: this.tokCol,
      };
    }
    const first = body[0]!;
    const last = body[n - 1]!;
    return {
      kind: "Block",
      body,
      line: first.line,
      column: first.column,
      start: first.start,
      end: last.end,
      endLine: last.endLine,
      endColumn: last.endColumn,
    };
  }

  // ------------------------------------------------------------ statements

  private statement(body: Statement[]): void {
    const line = this.tokEndLine;
    this.enterLevel();
    switch (this.t()) {
      case 59: // ';'
        this.next();
        break;
      case TK_IF:
        this.ifStat(body, line);
        break;
      case TK_WHILE:
        this.whileStat(body, line);
        break;
      case TK_DO: {
        const s = this.tokStart, l = this.tokLine, c = this.tokCol;
        this.next();
        const b = this.block();
        this.checkMatch(TK_END, TK_DO, line);
        body.push({
          kind: "Do",
          body: b,
          line: l,
          column: c,
          start: s,
          end: this.prevEnd,
          endLine: this.prevEndLine,
          endColumn: this.prevEndCol,
        });
        break;
      }
      case TK_FOR:
        this.forStat(body, line);
        break;
      case TK_REPEAT:
        this.repeatStat(body, line);
        break;
      case TK_FUNCTION:
        this.funcStat(body, line);
        break;
      case TK_LOCAL:
        this.localStat(body);
        break;
      case TK_DBCOLON:
        this.labelStat(body);
        break;
      case TK_RETURN:
        this.retStat(body);
        break;
      case TK_BREAK:
      case TK_GOTO:
        this.gotoStat(body);
        break;
      case TK_NAME:
        if (this.tokStr === "type" && this.isTypeAlias()) {
          this.typeAliasStat(body);
          break;
        }
        this.exprStat(body);
        break;
      default:
        this.exprStat(body);
        break;
    }
    this.level--;
  }

  private ifStat(body: Statement[], line: number): void {
    const s = this.tokStart, l = this.tokLine, c = this.tokCol;
    const clauses: IfClause[] = [];
    do {
      // test_then_block
      const cs = this.tokStart, cl = this.tokLine, cc = this.tokCol;
      this.next(); // skip IF or ELSEIF
      const condition = this.expr();
      this.checkNext(TK_THEN);
      const thenEnd = this.prevEnd, thenEndLine = this.prevEndLine, thenEndCol = this.prevEndCol;
      const stats: Statement[] = [];
      const nv = this.nvars;
      if (this.t() === TK_GOTO || this.t() === TK_BREAK) {
        this.gotoStat(stats); // no enterlevel on this path, as in lparser.c
        while (this.t() === 59) this.next();
      }
      this.statlist(stats);
      this.nvars = nv;
      const b = this.makeBlock(stats);
      const empty = stats.length === 0;
      clauses.push({
        kind: "IfClause",
        condition,
        body: b,
        line: cl,
        column: cc,
        start: cs,
        end: empty ? thenEnd : b.end,
        endLine: empty ? thenEndLine : b.endLine,
        endColumn: empty ? thenEndCol : b.endColumn,
      });
    } while (this.t() === TK_ELSEIF);
    let orelse: Block | undefined = undefined;
    if (this.t() === TK_ELSE) {
      this.next();
      orelse = this.block();
    }
    this.checkMatch(TK_END, TK_IF, line);
    body.push({
      kind: "If",
      clauses,
      orelse,
      line: l,
      column: c,
      start: s,
      end: this.prevEnd,
      endLine: this.prevEndLine,
      endColumn: this.prevEndCol,
    });
  }

  private whileStat(body: Statement[], line: number): void {
    const s = this.tokStart, l = this.tokLine, c = this.tokCol;
    this.next();
    const condition = this.expr();
    this.checkNext(TK_DO);
    const b = this.block();
    this.checkMatch(TK_END, TK_WHILE, line);
    body.push({
      kind: "While",
      condition,
      body: b,
      line: l,
      column: c,
      start: s,
      end: this.prevEnd,
      endLine: this.prevEndLine,
      endColumn: this.prevEndCol,
    });
  }

  private repeatStat(body: Statement[], line: number): void {
    const s = this.tokStart, l = this.tokLine, c = this.tokCol;
    this.next();
    const b = this.block();
    this.checkMatch(TK_UNTIL, TK_REPEAT, line);
    const st = this.stmtTail;
    this.stmtTail = true;
    const condition = this.expr();
    this.stmtTail = st;
    body.push({
      kind: "Repeat",
      body: b,
      condition,
      line: l,
      column: c,
      start: s,
      end: this.prevEnd,
      endLine: this.prevEndLine,
      endColumn: this.prevEndCol,
    });
  }

  private forStat(body: Statement[], line: number): void {
    const s = this.tokStart, l = this.tokLine, c = this.tokCol;
    this.next(); // skip 'for'
    const nv = this.nvars;
    const first = this.typedName(3);
    if (this.t() === 61) {
      // fornum
      this.next();
      const init = this.expr();
      this.checkNext(44);
      const limit = this.expr();
      let step: Expression | undefined = undefined;
      if (this.t() === 44) {
        this.next();
        step = this.expr();
      }
      this.checkNext(TK_DO);
      const b = this.block();
      this.checkMatch(TK_END, TK_FOR, line);
      this.nvars = nv;
      body.push({
        kind: "NumericFor",
        variable: first,
        init,
        limit,
        step,
        body: b,
        line: l,
        column: c,
        start: s,
        end: this.prevEnd,
        endLine: this.prevEndLine,
        endColumn: this.prevEndCol,
      });
      return;
    }
    if (this.t() === 44 || this.t() === TK_IN) {
      const names = [first];
      while (this.t() === 44) {
        this.next();
        names.push(this.typedName(0));
      }
      this.checkNext(TK_IN);
      const exprs = this.exprList();
      this.checkNext(TK_DO);
      const b = this.block();
      this.checkMatch(TK_END, TK_FOR, line);
      this.nvars = nv;
      body.push({
        kind: "GenericFor",
        names,
        exprs,
        body: b,
        line: l,
        column: c,
        start: s,
        end: this.prevEnd,
        endLine: this.prevEndLine,
        endColumn: this.prevEndCol,
      });
      return;
    }
    this.syntaxError("'=' or 'in' expected");
  }

  private funcStat(body: Statement[], line: number): void {
    const s = this.tokStart, l = this.tokLine, c = this.tokCol;
    this.next(); // skip FUNCTION
    if (this.t() !== TK_NAME) this.errorExpected(TK_NAME);
    const base: NameExpression = {
      kind: "Name",
      name: this.tokStr,
      line: this.tokLine,
      column: this.tokCol,
      start: this.tokStart,
      end: this.tokEnd,
      endLine: this.tokEndLine,
      endColumn: this.tokEndCol,
    };
    this.next();
    const path: string[] = [];
    while (this.t() === 46) {
      this.next();
      path.push(this.checkName());
    }
    let method: string | undefined = undefined;
    if (this.t() === 58) {
      this.next();
      method = this.checkName();
    }
    const func = this.body(s, l, c, line, method !== undefined);
    body.push({
      kind: "Function",
      base,
      path,
      method,
      func,
      line: l,
      column: c,
      start: s,
      end: func.end,
      endLine: func.endLine,
      endColumn: func.endColumn,
    });
  }

  private localStat(body: Statement[]): void {
    const s = this.tokStart, l = this.tokLine, c = this.tokCol;
    this.next(); // skip LOCAL
    if (this.t() === TK_FUNCTION) {
      const fs = this.tokStart, fl = this.tokLine, fc = this.tokCol;
      this.next();
      if (this.t() !== TK_NAME) this.errorExpected(TK_NAME);
      const name: TypedName = {
        kind: "TypedName",
        name: this.tokStr,
        type: undefined,
        line: this.tokLine,
        column: this.tokCol,
        start: this.tokStart,
        end: this.tokEnd,
        endLine: this.tokEndLine,
        endColumn: this.tokEndCol,
      };
      this.next();
      this.newLocalVar();
      const func = this.body(fs, fl, fc, this.tokEndLine, false);
      body.push({
        kind: "LocalFunction",
        name,
        func,
        line: l,
        column: c,
        start: s,
        end: func.end,
        endLine: func.endLine,
        endColumn: func.endColumn,
      });
      return;
    }
    const names: TypedName[] = [this.typedName(0)];
    while (this.t() === 44) {
      this.next();
      names.push(this.typedName(0));
    }
    let exprs: Expression[];
    if (this.t() === 61) {
      this.next();
      const st = this.stmtTail;
      this.stmtTail = true;
      exprs = this.exprList();
      this.stmtTail = st;
    } else {
      exprs = [];
    }
    body.push({
      kind: "Local",
      names,
      exprs,
      line: l,
      column: c,
      start: s,
      end: this.prevEnd,
      endLine: this.prevEndLine,
      endColumn: this.prevEndCol,
    });
  }

  private labelStat(body: Statement[]): void {
    const s = this.tokStart, l = this.tokLine, c = this.tokCol;
    this.next(); // skip '::'
    const name = this.checkName();
    this.checkNext(TK_DBCOLON);
    body.push({
      kind: "Label",
      name,
      line: l,
      column: c,
      start: s,
      end: this.prevEnd,
      endLine: this.prevEndLine,
      endColumn: this.prevEndCol,
    });
    // skipnoopstat: following ';' and labels are parsed one level deeper
    while (this.t() === 59 || this.t() === TK_DBCOLON) this.statement(body);
  }

  private retStat(body: Statement[]): void {
    const s = this.tokStart, l = this.tokLine, c = this.tokCol;
    this.next(); // skip RETURN
    let exprs: Expression[];
    if (this.blockFollow(true) || this.t() === 59) exprs = [];
    else exprs = this.exprList();
    body.push({
      kind: "Return",
      exprs,
      line: l,
      column: c,
      start: s,
      end: this.prevEnd,
      endLine: this.prevEndLine,
      endColumn: this.prevEndCol,
    });
    if (this.t() === 59) this.next();
  }

  private gotoStat(body: Statement[]): void {
    const s = this.tokStart, l = this.tokLine, c = this.tokCol;
    if (this.t() === TK_GOTO) {
      this.next();
      const label = this.checkName();
      body.push({
        kind: "Goto",
        label,
        line: l,
        column: c,
        start: s,
        end: this.prevEnd,
        endLine: this.prevEndLine,
        endColumn: this.prevEndCol,
      });
      return;
    }
    this.next(); // skip BREAK
    body.push({
      kind: "Break",
      line: l,
      column: c,
      start: s,
      end: this.prevEnd,
      endLine: this.prevEndLine,
      endColumn: this.prevEndCol,
    });
  }

  /** `type Name =` or `type Name <` at the start of a statement. */
  private isTypeAlias(): boolean {
    const st = this.save();
    this.next();
    let ok = false;
    if (this.t() === TK_NAME) {
      this.next();
      ok = this.t() === 61 || this.t() === 60;
    }
    this.restore(st);
    return ok;
  }

  private typeAliasStat(body: Statement[]): void {
    const s = this.tokStart, l = this.tokLine, c = this.tokCol;
    this.next(); // skip 'type'
    const name = this.tokStr;
    this.next();
    const typeParams = this.t() === 60 ? this.typeParams() : undefined;
    this.checkNext(61);
    const type = this.parseType();
    body.push({
      kind: "TypeAlias",
      name,
      typeParams,
      type,
      line: l,
      column: c,
      start: s,
      end: this.prevEnd,
      endLine: this.prevEndLine,
      endColumn: this.prevEndCol,
    });
  }

  private exprStat(body: Statement[]): void {
    const e = this.suffixedExp();
    if (this.t() === 61 || this.t() === 44) {
      // assignment
      const targets: AssignTarget[] = [];
      let last: Expression = e;
      let nvars = 1;
      for (;;) {
        const k = last.kind;
        if (k !== "Name" && k !== "Index" && k !== "Member") this.syntaxError("syntax error");
        targets.push(last);
        if (this.t() === 44) {
          this.next();
          last = this.suffixedExp();
          if (nvars + this.level > MAX_LEVELS) this.errorLimit(MAX_LEVELS, "C levels");
          nvars++;
          continue;
        }
        this.checkNext(61);
        break;
      }
      const st = this.stmtTail;
      this.stmtTail = true;
      const exprs = this.exprList();
      this.stmtTail = st;
      body.push({
        kind: "Assign",
        targets,
        exprs,
        line: e.line,
        column: e.column,
        start: e.start,
        end: this.prevEnd,
        endLine: this.prevEndLine,
        endColumn: this.prevEndCol,
      });
      return;
    }
    if (e.kind !== "Call" && e.kind !== "MethodCall") this.syntaxError("syntax error");
    body.push({
      kind: "CallStatement",
      call: e,
      line: e.line,
      column: e.column,
      start: e.start,
      end: e.end,
      endLine: e.endLine,
      endColumn: e.endColumn,
    });
  }

  /** Name [':' type], declaring a local after `hidden` hidden ones (for loops). */
  private typedName(hidden: number): TypedName {
    if (this.t() !== TK_NAME) this.errorExpected(TK_NAME);
    const s = this.tokStart, l = this.tokLine, c = this.tokCol;
    const name = this.tokStr;
    this.next();
    for (let i = 0; i < hidden; i++) this.newLocalVar();
    this.newLocalVar();
    let type: TypeExpr | undefined = undefined;
    if (this.t() === 58) {
      this.next();
      type = this.parseType();
    }
    return {
      kind: "TypedName",
      name,
      type,
      line: l,
      column: c,
      start: s,
      end: this.prevEnd,
      endLine: this.prevEndLine,
      endColumn: this.prevEndCol,
    };
  }

  // ------------------------------------------------------------ functions

  /**
   * A function body from `[<T>] (` to `end`. (s, l, c) is the start of the
   * `function` keyword; `line` is linedefined (for messages).
   */
  private body(s: number, l: number, c: number, line: number, isMethod: boolean): FunctionExpression {
    const savedLine = this.funcLine;
    const st = this.stmtTail;
    const nv = this.nvars;
    const va = this.isVararg;
    this.funcLine = line;
    this.stmtTail = false;
    this.nvars = isMethod ? 1 : 0;
    const typeParams = this.t() === 60 ? this.typeParams() : undefined;
    this.checkNext(40);
    const params: Param[] = [];
    let isVararg = false;
    let varargType: TypeExpr | undefined = undefined;
    if (this.t() !== 41) {
      do {
        if (this.t() === TK_NAME) {
          const ps = this.tokStart, pl = this.tokLine, pc = this.tokCol;
          const name = this.tokStr;
          this.next();
          this.newLocalVar();
          let type: TypeExpr | undefined = undefined;
          if (this.t() === 58) {
            this.next();
            type = this.parseType();
          }
          params.push({
            kind: "Param",
            name,
            type,
            line: pl,
            column: pc,
            start: ps,
            end: this.prevEnd,
            endLine: this.prevEndLine,
            endColumn: this.prevEndCol,
          });
        } else if (this.t() === TK_DOTS) {
          this.next();
          isVararg = true;
          if (this.t() === 58) {
            this.next();
            varargType = this.parseType();
          }
        } else {
          this.syntaxError("<name> or '...' expected");
        }
        if (isVararg || this.t() !== 44) break;
        this.next();
      } while (true);
    }
    this.checkNext(41);
    this.isVararg = isVararg;
    let returnTypes: TypeExpr[] | undefined = undefined;
    if (this.t() === 58) {
      this.next();
      returnTypes = this.returnTypes();
    }
    const b = this.block();
    this.checkMatch(TK_END, TK_FUNCTION, line);
    this.funcLine = savedLine;
    this.stmtTail = st;
    this.nvars = nv;
    this.isVararg = va;
    return {
      kind: "FunctionExpr",
      typeParams,
      params,
      isVararg,
      varargType,
      returnTypes,
      body: b,
      line: l,
      column: c,
      start: s,
      end: this.prevEnd,
      endLine: this.prevEndLine,
      endColumn: this.prevEndCol,
    };
  }

  // ------------------------------------------------------------ expressions

  private exprList(): Expression[] {
    const list = [this.expr()];
    while (this.t() === 44) {
      this.next();
      list.push(this.expr());
    }
    return list;
  }

  expr(): Expression {
    return this.subexpr(0);
  }

  private subexpr(limit: number): Expression {
    this.enterLevel();
    let e: Expression;
    const t = this.t();
    if (t === TK_NOT || t === 45 || t === 126 || t === 35) {
      const s = this.tokStart, l = this.tokLine, c = this.tokCol;
      this.next();
      const operand = this.subexpr(UNARY_PRIORITY);
      e = {
        kind: "Unary",
        operator: t === TK_NOT ? "not" : t === 45 ? "-" : t === 126 ? "~" : "#",
        operand,
        line: l,
        column: c,
        start: s,
        end: this.prevEnd,
        endLine: this.prevEndLine,
        endColumn: this.prevEndCol,
      };
    } else {
      e = this.simpleExp();
      const p = this.t();
      if (p === TK_DBCOLON || p === 33 || (p === TK_NAME && this.tokStr === "as")) e = this.postfix(e);
    }
    let op = this.t();
    while (op < 300 && BIN_LEFT[op]! > limit) {
      this.next();
      const right = this.subexpr(BIN_RIGHT[op]!);
      e = {
        kind: "Binary",
        operator: BIN_OP[op] as BinOp,
        left: e,
        right,
        line: e.line,
        column: e.column,
        start: e.start,
        end: this.prevEnd,
        endLine: this.prevEndLine,
        endColumn: this.prevEndCol,
      };
      op = this.t();
    }
    this.level--;
    return e;
  }

  /** Casts and non-nil assertions after a simple expression. */
  private postfix(e: Expression): Expression {
    for (;;) {
      const t = this.t();
      if (t === TK_DBCOLON) {
        if (this.isLabelAhead()) return e;
        this.next();
        const type = this.parseType();
        e = {
          kind: "Cast",
          expr: e,
          type,
          syntax: "::",
          line: e.line,
          column: e.column,
          start: e.start,
          end: this.prevEnd,
          endLine: this.prevEndLine,
          endColumn: this.prevEndCol,
        };
      } else if (t === 33) {
        this.next();
        e = {
          kind: "NonNil",
          expr: e,
          line: e.line,
          column: e.column,
          start: e.start,
          end: this.prevEnd,
          endLine: this.prevEndLine,
          endColumn: this.prevEndCol,
        };
      } else if (t === TK_NAME && this.tokStr === "as" && this.isAsCast()) {
        this.next();
        const type = this.parseType();
        e = {
          kind: "Cast",
          expr: e,
          type,
          syntax: "as",
          line: e.line,
          column: e.column,
          start: e.start,
          end: this.prevEnd,
          endLine: this.prevEndLine,
          endColumn: this.prevEndCol,
        };
      } else {
        return e;
      }
    }
  }

  /**
   * At `::` after an expression: is it NOT a cast? True for `:: Name ::` (a
   * label) and when the next token cannot start a type.
   */
  private isLabelAhead(): boolean {
    const st = this.save();
    this.next();
    let label: boolean;
    switch (this.t()) {
      case TK_NAME:
        this.next();
        label = this.t() === TK_DBCOLON;
        break;
      case TK_NIL:
      case TK_TRUE:
      case TK_FALSE:
      case TK_INT:
      case TK_FLT:
      case TK_STRING:
      case 123:
      case 40:
        label = false;
        break;
      default:
        label = true;
    }
    this.restore(st);
    return label;
  }

  /** At the name `as` in operator position: does a cast follow? */
  private isAsCast(): boolean {
    const t = this.peek();
    switch (t) {
      case TK_NAME:
      case TK_NIL:
      case TK_TRUE:
      case TK_FALSE:
      case TK_INT:
      case TK_FLT:
        return true;
      case TK_STRING:
      case 123:
      case 40:
        return !this.stmtTail;
      default:
        return false;
    }
  }

  private simpleExp(): Expression {
    const s = this.tokStart, l = this.tokLine, c = this.tokCol;
    switch (this.t()) {
      case TK_FLT: {
        const value = this.tokNum as number;
        this.next();
        return {
          kind: "Float",
          value,
          line: l,
          column: c,
          start: s,
          end: this.prevEnd,
          endLine: this.prevEndLine,
          endColumn: this.prevEndCol,
        };
      }
      case TK_INT: {
        const value = this.tokNum;
        this.next();
        return {
          kind: "Integer",
          value,
          line: l,
          column: c,
          start: s,
          end: this.prevEnd,
          endLine: this.prevEndLine,
          endColumn: this.prevEndCol,
        };
      }
      case TK_STRING: {
        const value = this.tokStr;
        this.next();
        return {
          kind: "String",
          value,
          line: l,
          column: c,
          start: s,
          end: this.prevEnd,
          endLine: this.prevEndLine,
          endColumn: this.prevEndCol,
        };
      }
      case TK_NIL:
        this.next();
        return {
          kind: "Nil",
          line: l,
          column: c,
          start: s,
          end: this.prevEnd,
          endLine: this.prevEndLine,
          endColumn: this.prevEndCol,
        };
      case TK_TRUE:
        this.next();
        return {
          kind: "True",
          line: l,
          column: c,
          start: s,
          end: this.prevEnd,
          endLine: this.prevEndLine,
          endColumn: this.prevEndCol,
        };
      case TK_FALSE:
        this.next();
        return {
          kind: "False",
          line: l,
          column: c,
          start: s,
          end: this.prevEnd,
          endLine: this.prevEndLine,
          endColumn: this.prevEndCol,
        };
      case TK_DOTS:
        if (!this.isVararg) this.syntaxError("cannot use '...' outside a vararg function");
        this.next();
        return {
          kind: "Vararg",
          line: l,
          column: c,
          start: s,
          end: this.prevEnd,
          endLine: this.prevEndLine,
          endColumn: this.prevEndCol,
        };
      case 123:
        return this.constructor_();
      case TK_FUNCTION:
        this.next();
        return this.body(s, l, c, this.tokEndLine, false);
      default:
        return this.suffixedExp();
    }
  }

  private primaryExp(): Expression {
    if (this.t() === TK_NAME) {
      const e: NameExpression = {
        kind: "Name",
        name: this.tokStr,
        line: this.tokLine,
        column: this.tokCol,
        start: this.tokStart,
        end: this.tokEnd,
        endLine: this.tokEndLine,
        endColumn: this.tokEndCol,
      };
      this.next();
      return e;
    }
    if (this.t() === 40) {
      const s = this.tokStart, l = this.tokLine, c = this.tokCol;
      const line = this.tokEndLine;
      this.next();
      const st = this.stmtTail;
      this.stmtTail = false;
      const inner = this.expr();
      this.stmtTail = st;
      this.checkMatch(41, 40, line);
      return {
        kind: "Paren",
        expr: inner,
        line: l,
        column: c,
        start: s,
        end: this.prevEnd,
        endLine: this.prevEndLine,
        endColumn: this.prevEndCol,
      };
    }
    this.syntaxError("unexpected symbol");
  }

  private suffixedExp(): Expression {
    const line = this.tokEndLine;
    let e = this.primaryExp();
    for (;;) {
      switch (this.t()) {
        case 46: {
          // '.' NAME
          this.next();
          const name = this.checkName();
          e = {
            kind: "Member",
            object: e,
            name,
            line: e.line,
            column: e.column,
            start: e.start,
            end: this.prevEnd,
            endLine: this.prevEndLine,
            endColumn: this.prevEndCol,
          };
          break;
        }
        case 91: {
          // '[' exp ']'
          this.next();
          const st = this.stmtTail;
          this.stmtTail = false;
          const key = this.expr();
          this.stmtTail = st;
          this.checkNext(93);
          e = {
            kind: "Index",
            object: e,
            key,
            line: e.line,
            column: e.column,
            start: e.start,
            end: this.prevEnd,
            endLine: this.prevEndLine,
            endColumn: this.prevEndCol,
          };
          break;
        }
        case 58: {
          // ':' NAME funcargs
          this.next();
          const name = this.checkName();
          const args = this.funcArgs(line);
          e = {
            kind: "MethodCall",
            object: e,
            name,
            args,
            line: e.line,
            column: e.column,
            start: e.start,
            end: this.prevEnd,
            endLine: this.prevEndLine,
            endColumn: this.prevEndCol,
          };
          break;
        }
        case 40:
        case TK_STRING:
        case 123: {
          const args = this.funcArgs(line);
          e = {
            kind: "Call",
            callee: e,
            args,
            line: e.line,
            column: e.column,
            start: e.start,
            end: this.prevEnd,
            endLine: this.prevEndLine,
            endColumn: this.prevEndCol,
          };
          break;
        }
        default:
          return e;
      }
    }
  }

  private funcArgs(line: number): Expression[] {
    switch (this.t()) {
      case 40: {
        this.next();
        if (this.t() === 41) {
          this.next();
          return [];
        }
        const st = this.stmtTail;
        this.stmtTail = false;
        const args = this.exprList();
        this.stmtTail = st;
        this.checkMatch(41, 40, line);
        return args;
      }
      case 123:
        return [this.constructor_()];
      case TK_STRING: {
        const e: Expression = {
          kind: "String",
          value: this.tokStr,
          line: this.tokLine,
          column: this.tokCol,
          start: this.tokStart,
          end: this.tokEnd,
          endLine: this.tokEndLine,
          endColumn: this.tokEndCol,
        };
        this.next();
        return [e];
      }
      default:
        this.syntaxError("function arguments expected");
    }
  }

  /** Table constructor. */
  private constructor_(): Expression {
    const s = this.tokStart, l = this.tokLine, c = this.tokCol;
    const line = this.tokEndLine;
    const st = this.stmtTail;
    this.stmtTail = false;
    this.checkNext(123);
    const fields: TableField[] = [];
    do {
      if (this.t() === 125) break;
      const fs = this.tokStart, fl = this.tokLine, fc = this.tokCol;
      if (this.t() === TK_NAME && this.nameFollowedByAssign()) {
        const name = this.tokStr;
        this.next();
        this.next(); // '='
        const value = this.expr();
        fields.push({
          kind: "NamedField",
          name,
          value,
          line: fl,
          column: fc,
          start: fs,
          end: this.prevEnd,
          endLine: this.prevEndLine,
          endColumn: this.prevEndCol,
        });
      } else if (this.t() === 91) {
        this.next();
        const key = this.expr();
        this.checkNext(93);
        this.checkNext(61);
        const value = this.expr();
        fields.push({
          kind: "KeyedField",
          key,
          value,
          line: fl,
          column: fc,
          start: fs,
          end: this.prevEnd,
          endLine: this.prevEndLine,
          endColumn: this.prevEndCol,
        });
      } else {
        const value = this.expr();
        fields.push({
          kind: "PositionalField",
          value,
          line: value.line,
          column: value.column,
          start: value.start,
          end: value.end,
          endLine: value.endLine,
          endColumn: value.endColumn,
        });
      }
    } while (this.t() === 44 || this.t() === 59 ? (this.next(), true) : false);
    this.checkMatch(125, 123, line);
    this.stmtTail = st;
    return {
      kind: "Table",
      fields,
      line: l,
      column: c,
      start: s,
      end: this.prevEnd,
      endLine: this.prevEndLine,
      endColumn: this.prevEndCol,
    };
  }

  /** At a name in a table constructor: is the next token '='? */
  private nameFollowedByAssign(): boolean {
    const src = this.src;
    let p = this.pos;
    let ch = src.charCodeAt(p);
    while (ch === 32 || ch === 9 || ch === 10 || ch === 13) ch = src.charCodeAt(++p);
    if (ch === 61) return src.charCodeAt(p + 1) !== 61;
    if (ch === 45 && src.charCodeAt(p + 1) === 45) return this.peek() === 61; // a comment: scan properly
    if (ch === 11 || ch === 12) return this.peek() === 61;
    return false;
  }

  // ------------------------------------------------------------ types

  /** `<` Name [':' type] {',' ...} `>` */
  private typeParams(): TypeParam[] {
    this.next(); // '<'
    const list: TypeParam[] = [];
    for (;;) {
      if (this.t() !== TK_NAME) this.errorExpected(TK_NAME);
      const s = this.tokStart, l = this.tokLine, c = this.tokCol;
      const name = this.tokStr;
      this.next();
      let constraint: TypeExpr | undefined = undefined;
      if (this.t() === 58) {
        this.next();
        constraint = this.parseType();
      }
      list.push({
        kind: "TypeParam",
        name,
        constraint,
        line: l,
        column: c,
        start: s,
        end: this.prevEnd,
        endLine: this.prevEndLine,
        endColumn: this.prevEndCol,
      });
      if (this.t() !== 44) break;
      this.next();
    }
    this.closeAngle();
    return list;
  }

  private closeAngle(): void {
    const t = this.t();
    if (t === 62) this.next();
    else if (t === TK_SHR || t === TK_GE) this.splitGreater();
    else this.errorExpected(62);
  }

  /** A function's declared results (after `):`). */
  private returnTypes(): TypeExpr[] {
    let first: TypeExpr;
    if (this.t() === 40) {
      const s = this.tokStart, l = this.tokLine, c = this.tokCol;
      this.enterLevel();
      const r = this.parenType(true);
      if (Array.isArray(r)) {
        this.level--;
        return r;
      }
      first = this.continueType(r, s, l, c);
      this.level--;
    } else {
      first = this.parseType();
    }
    const list = [first];
    while (this.t() === 44) {
      this.next();
      list.push(this.parseType());
    }
    return list;
  }

  /** The results of a function type (after `->`). */
  private functionResults(): TypeExpr[] {
    if (this.t() === 40) {
      const s = this.tokStart, l = this.tokLine, c = this.tokCol;
      this.enterLevel();
      const r = this.parenType(true);
      if (Array.isArray(r)) {
        this.level--;
        return r;
      }
      const t = this.continueType(r, s, l, c);
      this.level--;
      return [t];
    }
    return [this.parseType()];
  }

  parseType(): TypeExpr {
    const s = this.tokStart, l = this.tokLine, c = this.tokCol;
    this.enterLevel();
    const prim = this.primaryType();
    const t = this.continueType(prim, s, l, c);
    this.level--;
    return t;
  }

  /** Postfix, intersection and union operators after a primary type starting at (s, l, c). */
  private continueType(prim: TypeExpr, s: number, l: number, c: number): TypeExpr {
    let t = this.postfixFrom(prim, s, l, c);
    if (this.t() === 38) t = this.interFrom(t, s, l, c);
    if (this.t() === 124) t = this.unionFrom(t, s, l, c);
    return t;
  }

  private unionFrom(first: TypeExpr, s: number, l: number, c: number): TypeExpr {
    const types = [first];
    while (this.t() === 124) {
      this.next();
      const ms = this.tokStart, ml = this.tokLine, mc = this.tokCol;
      let m = this.postfixType();
      if (this.t() === 38) m = this.interFrom(m, ms, ml, mc);
      types.push(m);
    }
    return {
      kind: "UnionType",
      types,
      line: l,
      column: c,
      start: s,
      end: this.prevEnd,
      endLine: this.prevEndLine,
      endColumn: this.prevEndCol,
    };
  }

  private interFrom(first: TypeExpr, s: number, l: number, c: number): TypeExpr {
    const types = [first];
    while (this.t() === 38) {
      this.next();
      types.push(this.postfixType());
    }
    return {
      kind: "IntersectionType",
      types,
      line: l,
      column: c,
      start: s,
      end: this.prevEnd,
      endLine: this.prevEndLine,
      endColumn: this.prevEndCol,
    };
  }

  private postfixType(): TypeExpr {
    const s = this.tokStart, l = this.tokLine, c = this.tokCol;
    const prim = this.primaryType();
    return this.postfixFrom(prim, s, l, c);
  }

  private postfixFrom(t: TypeExpr, s: number, l: number, c: number): TypeExpr {
    if (this.t() === 64) t = this.validated(t, s, l, c);
    for (;;) {
      if (this.t() === 63) {
        this.next();
        t = {
          kind: "OptionalType",
          inner: t,
          line: l,
          column: c,
          start: s,
          end: this.prevEnd,
          endLine: this.prevEndLine,
          endColumn: this.prevEndCol,
        };
      } else if (this.t() === 91 && this.peek() === 93) {
        this.next();
        this.next();
        t = {
          kind: "ArrayType",
          element: t,
          line: l,
          column: c,
          start: s,
          end: this.prevEnd,
          endLine: this.prevEndLine,
          endColumn: this.prevEndCol,
        };
      } else {
        return t;
      }
    }
  }

  /** Validators after a type starting at (s, l, c). */
  private validated(t: TypeExpr, s: number, l: number, c: number): TypeExpr {
    const validators: Validator[] = [];
    while (this.t() === 64) {
      const vs = this.tokStart, vl = this.tokLine, vc = this.tokCol;
      this.next();
      const name = this.checkName();
      const args: Expression[] = [];
      if (this.t() === 40) {
        this.next();
        if (this.t() !== 41) {
          args.push(this.literalArg());
          while (this.t() === 44) {
            this.next();
            args.push(this.literalArg());
          }
        }
        this.checkNext(41);
      }
      validators.push({
        kind: "Validator",
        name,
        args,
        line: vl,
        column: vc,
        start: vs,
        end: this.prevEnd,
        endLine: this.prevEndLine,
        endColumn: this.prevEndCol,
      });
    }
    return {
      kind: "ValidatedType",
      type: t,
      validators,
      line: l,
      column: c,
      start: s,
      end: this.prevEnd,
      endLine: this.prevEndLine,
      endColumn: this.prevEndCol,
    };
  }

  private literalArg(): Expression {
    switch (this.t()) {
      case TK_NIL:
      case TK_TRUE:
      case TK_FALSE:
      case TK_INT:
      case TK_FLT:
      case TK_STRING:
        return this.simpleExp();
      case 45: {
        const s = this.tokStart, l = this.tokLine, c = this.tokCol;
        this.next();
        if (this.t() !== TK_INT && this.t() !== TK_FLT) this.syntaxError("literal expected");
        const operand = this.simpleExp();
        return {
          kind: "Unary",
          operator: "-",
          operand,
          line: l,
          column: c,
          start: s,
          end: this.prevEnd,
          endLine: this.prevEndLine,
          endColumn: this.prevEndCol,
        };
      }
      default:
        this.syntaxError("literal expected");
    }
  }

  private primaryType(): TypeExpr {
    const s = this.tokStart, l = this.tokLine, c = this.tokCol;
    switch (this.t()) {
      case TK_NIL:
      case TK_TRUE:
      case TK_FALSE:
      case TK_INT:
      case TK_FLT:
      case TK_STRING: {
        const literal = this.simpleExp() as Extract<TypeExpr, { kind: "LiteralType" }>["literal"];
        return {
          kind: "LiteralType",
          literal,
          line: l,
          column: c,
          start: s,
          end: this.prevEnd,
          endLine: this.prevEndLine,
          endColumn: this.prevEndCol,
        };
      }
      case TK_NAME: {
        const name = this.tokStr;
        this.next();
        let args: TypeExpr[] | undefined = undefined;
        if (this.t() === 60) {
          this.next();
          args = [this.parseType()];
          while (this.t() === 44) {
            this.next();
            args.push(this.parseType());
          }
          this.closeAngle();
        }
        const t = this.t();
        if (t === 40) this.syntaxError("unexpected symbol");
        if ((t === TK_NAME || t === 123) && args === undefined) {
          if (name === "typeof" || name === "keyof" || name === "readonly") this.syntaxError("unexpected symbol");
        }
        return {
          kind: "NamedType",
          name,
          args,
          line: l,
          column: c,
          start: s,
          end: this.prevEnd,
          endLine: this.prevEndLine,
          endColumn: this.prevEndCol,
        };
      }
      case 123:
        return this.braceType();
      case 40: {
        const r = this.parenType(false);
        return r as TypeExpr;
      }
      default:
        this.syntaxError("type expected");
    }
  }

  /** `{T}`, `{[K]: V}`, `{f: T, ...}`, `{}` */
  private braceType(): TypeExpr {
    const s = this.tokStart, l = this.tokLine, c = this.tokCol;
    const line = this.tokEndLine;
    this.next(); // '{'
    if (this.t() === 125) {
      this.next();
      return {
        kind: "RecordType",
        fields: [],
        line: l,
        column: c,
        start: s,
        end: this.prevEnd,
        endLine: this.prevEndLine,
        endColumn: this.prevEndCol,
      };
    }
    if (this.t() === 91) {
      this.next();
      const key = this.parseType();
      this.checkNext(93);
      this.checkNext(58);
      const value = this.parseType();
      this.checkMatch(125, 123, line);
      return {
        kind: "MapType",
        key,
        value,
        line: l,
        column: c,
        start: s,
        end: this.prevEnd,
        endLine: this.prevEndLine,
        endColumn: this.prevEndCol,
      };
    }
    if (this.isFieldStart()) {
      const fields: RecordField[] = [];
      for (;;) {
        fields.push(this.recordField());
        if (this.t() === 44 || this.t() === 59) {
          this.next();
          if (this.t() === 125) break;
          continue;
        }
        break;
      }
      this.checkMatch(125, 123, line);
      return {
        kind: "RecordType",
        fields,
        line: l,
        column: c,
        start: s,
        end: this.prevEnd,
        endLine: this.prevEndLine,
        endColumn: this.prevEndCol,
      };
    }
    const element = this.parseType();
    this.checkMatch(125, 123, line);
    return {
      kind: "ArrayType",
      element,
      line: l,
      column: c,
      start: s,
      end: this.prevEnd,
      endLine: this.prevEndLine,
      endColumn: this.prevEndCol,
    };
  }

  /** A name or reserved word followed by `:` or `?` `:`. */
  private isFieldStart(): boolean {
    const t = this.t();
    if (t !== TK_NAME && !(t >= FIRST_RESERVED && t <= TK_WHILE)) return false;
    const st = this.save();
    this.next();
    let ok = this.t() === 58;
    if (!ok && this.t() === 63) {
      this.next();
      ok = this.t() === 58;
    }
    this.restore(st);
    return ok;
  }

  private recordField(): RecordField {
    const s = this.tokStart, l = this.tokLine, c = this.tokCol;
    const t = this.t();
    if (t !== TK_NAME && !(t >= FIRST_RESERVED && t <= TK_WHILE)) this.errorExpected(TK_NAME);
    const name = t === TK_NAME ? this.tokStr : this.src.slice(this.tokStart, this.tokEnd);
    this.next();
    let optional = false;
    if (this.t() === 63) {
      this.next();
      optional = true;
    }
    this.checkNext(58);
    const ts = this.tokStart, tl = this.tokLine, tc = this.tokCol;
    let type = this.parseType();
    if (this.t() === 64) type = this.validated(type, ts, tl, tc);
    return {
      kind: "RecordField",
      name,
      optional,
      type,
      line: l,
      column: c,
      start: s,
      end: this.prevEnd,
      endLine: this.prevEndLine,
      endColumn: this.prevEndCol,
    };
  }

  /**
   * `(` ... `)`: a function type, a grouping (returns the inner type), or,
   * when `allowTuple`, a list of result types (`()` or two or more types).
   */
  private parenType(allowTuple: boolean): TypeExpr | TypeExpr[] {
    const s = this.tokStart, l = this.tokLine, c = this.tokCol;
    const line = this.tokEndLine;
    this.next(); // '('
    const params: FunctionTypeParam[] = [];
    let vararg: TypeExpr | undefined = undefined;
    let named = false;
    if (this.t() !== 41) {
      for (;;) {
        if (this.t() === TK_DOTS) {
          this.next();
          vararg = this.parseType();
          break;
        }
        const ps = this.tokStart, pl = this.tokLine, pc = this.tokCol;
        let name: string | undefined = undefined;
        if (this.t() === TK_NAME && this.peek() === 58) {
          name = this.tokStr;
          named = true;
          this.next();
          this.next();
        }
        const type = this.parseType();
        params.push({
          kind: "FunctionTypeParam",
          name,
          type,
          line: pl,
          column: pc,
          start: ps,
          end: this.prevEnd,
          endLine: this.prevEndLine,
          endColumn: this.prevEndCol,
        });
        if (this.t() !== 44) break;
        this.next();
      }
    }
    this.checkMatch(41, 40, line);
    if (this.t() === 45 && this.src.charCodeAt(this.tokEnd) === 62) {
      this.next(); // '-'
      this.next(); // '>'
      const returns = this.functionResults();
      return {
        kind: "FunctionType",
        params,
        vararg,
        returns,
        line: l,
        column: c,
        start: s,
        end: this.prevEnd,
        endLine: this.prevEndLine,
        endColumn: this.prevEndCol,
      };
    }
    if (vararg === undefined && !named) {
      if (params.length === 1) return params[0]!.type;
      if (allowTuple && params.length !== 1) return params.map((p) => p.type);
    }
    this.syntaxError("'->' expected");
  }
}

/** Parses a whole chunk (no static checks). */
export function parseFast(source: string, chunkName: string): Chunk {
  return new Parser(source, chunkName).parseChunk();
}
