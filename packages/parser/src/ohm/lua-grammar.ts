// The grammar of record: Lua 5.3 (reference manual §3 and §9) plus the type
// annotations of spec/types.md §2, written in Ohm.
//
// The fast hand-written parser (../parser.ts) must accept exactly the language
// described here and build the same AST; semantics.ts turns a match of this
// grammar into that AST.
//
// Conventions, chosen so Ohm stays fast on large files:
// - Tokens are lexical rules (lower-case names): identifiers, keywords (with a
//   word boundary), numerals, strings, long brackets. Comments and white space
//   live in `space`, which Ohm skips before every token of a syntactic rule.
// - Binary expressions are one flat sequence `Term (binop Term)*`; operator
//   precedence and associativity are resolved in the semantic action, as Lua's
//   own subexpr() does, instead of one rule per precedence level.
// - Where a character sequence could start a longer token, the shorter token
//   carries a negative look-ahead placed before it (`~"==" "="`, `~"::" ":"`), so the
//   grammar splits tokens exactly as Lua's scanner (maximal munch) does.
// - Where Lua's recursive-descent parser commits after one token, the grammar
//   commits too (no silent backtracking into a different reading), so syntax
//   errors are found at the same token.
//
// A first line starting with `#` is blanked out before matching (parseOhm does
// it, keeping offsets), as the standalone interpreter skips it.
export const luaGrammarSource = String.raw`
Lua {
  // ================================================================ chunk

  Chunk = Block end

  // A block is a list of statements, optionally ended by a return statement.
  Block = Stat* RetStat?

  // ================================================================ statements

  // Alternatives in order of frequency. They start with different tokens,
  // except the two forms of 'local' and of 'for' (tried in this order).
  Stat
    = NonemptyListOf<Target, ","> assign TailExpList        -- assign
    | CallExp                                               -- call
    | kw<"local"> kw<"function"> name FuncBody               -- localFunction
    | kw<"local"> NonemptyListOf<TypedName, ","> (assign TailExpList)?  -- local
    | kw<"if"> Exp kw<"then"> Block ElseIf* Else? kw<"end"> -- if
    | kw<"function"> FuncName FuncBody                      -- function
    | kw<"for"> TypedName assign Exp "," Exp ("," Exp)? kw<"do"> Block kw<"end">  -- numericFor
    | kw<"for"> NonemptyListOf<TypedName, ","> kw<"in"> ExpList kw<"do"> Block kw<"end">  -- genericFor
    | kw<"while"> Exp kw<"do"> Block kw<"end">              -- while
    | kw<"do"> Block kw<"end">                              -- do
    | kw<"repeat"> Block kw<"until"> TailExp                -- repeat
    | kw<"break">                                           -- break
    | kw<"goto"> name                                       -- goto
    | "::" name "::"                                        -- label
    | ";"                                                   -- empty
    | TypeAlias

  ElseIf = kw<"elseif"> Exp kw<"then"> Block
  Else = kw<"else"> Block

  // 'return' may only end a block; its ';' is not part of the statement.
  RetStat = kw<"return"> ListOf<Exp, ","> ";"?

  // 'type' is a contextual keyword: only 'type Name =' and 'type Name <' start
  // an alias; everywhere else 'type' is an ordinary name (type(x), type = 1).
  TypeAlias = contextual<"type"> name TypeParams? assign Type

  FuncName = name (dot name)* (colon name)?

  FuncBody = TypeParams? "(" ParList ")" ReturnAnnotation? Block kw<"end">

  ParList
    = NonemptyListOf<Param, ","> ("," VarargParam)?         -- named
    | VarargParam                                            -- vararg
    |                                                        -- none

  Param = name (colon Type)?
  VarargParam = "..." (colon Type)?

  // Declared results: one type, '()' for none, or several (parenthesised or not).
  ReturnAnnotation = colon ReturnTypes
  ReturnTypes
    = NonemptyListOf<Type, ",">                             -- list
    | "(" ")"                                                -- none
    | "(" Type "," NonemptyListOf<Type, ","> ")"             -- tuple

  TypedName = name (colon Type)?

  // ================================================================ expressions

  ExpList = NonemptyListOf<Exp, ",">

  // A flat operator sequence; the semantic action applies Lua's priorities.
  Exp = Term (binop Term)*

  // Unary operators bind tighter than every binary operator except '^'.
  Term = unop* Operand

  // Casts and '!' are postfix and bind tighter than every operator, but they
  // make an expression, not a prefix expression: '(u!).name', not 'u!.name'.
  Operand = SimpleExp (~(~postfixStart) PostfixOp)*
  postfixStart = "::" | "!" | "as"

  PostfixOp
    = castOp Type                                           -- cast
    | "!"                                                   -- nonNil

  // '::' followed by 'Name ::' is a label after the expression, as in plain Lua.
  castOp = ~("::" space* name space* "::") "::" | contextual<"as">

  // The same expression in statement-tail position: the expression list of
  // an assignment or 'local', and the condition of 'until' (not inside
  // brackets or functions there). A new statement may begin right after it,
  // possibly with the name 'as': 'x = y  as "s"' is 'x = y; as("s")' in
  // Lua. So there 'as' followed by a string, '{' or '(' is not a cast.
  TailExpList = NonemptyListOf<TailExp, ",">
  TailExp = TailTerm (binop TailTerm)*
  TailTerm = unop* TailOperand
  TailOperand = SimpleExp (~(~postfixStart) TailPostfixOp)*
  TailPostfixOp
    = tailCastOp Type                                       -- cast
    | "!"                                                   -- nonNil
  tailCastOp
    = ~("::" space* name space* "::") "::"
    | contextual<"as"> ~(space* ("\"" | "'" | "[[" | "[=" | "{" | "("))

  // (Alternatives in order of frequency: they start with different tokens.)
  SimpleExp
    = SuffixedExp                                           -- suffixed
    | number                                                -- number
    | string                                                -- string
    | kw<"nil">                                             -- nil
    | kw<"true">                                            -- true
    | kw<"false">                                           -- false
    | "..."                                                 -- vararg
    | kw<"function"> FuncBody                               -- function
    | TableCons                                             -- table

  PrimaryExp
    = name                                                  -- name
    | "(" Exp ")"                                           -- paren

  // (Each '~(~suffixStart)' is a cheap look-ahead of arity 0 that spares
  // trying every kind of suffix where none can start.)
  SuffixedExp = PrimaryExp (~(~suffixStart) Suffix)*
  suffixStart = "." | "[" | ":" | "(" | "{" | "\"" | "'"

  Suffix
    = dot name                                              -- member
    | lbracket Exp "]"                                      -- index
    | colon name CallArgs                                   -- method
    | CallArgs                                              -- call

  // An assignable expression: a name, or a suffixed expression whose last
  // suffix is a field or an index.
  Target
    = PrimaryExp (~(~suffixStart) Suffix &Suffix)* TargetSuffix  -- suffixed
    | name                                                  -- name

  TargetSuffix
    = dot name                                              -- member
    | lbracket Exp "]"                                      -- index

  // A call statement: a suffixed expression whose last suffix is a call.
  CallExp = PrimaryExp (~(~suffixStart) Suffix &Suffix)* CallSuffix

  CallSuffix
    = colon name CallArgs                                   -- method
    | CallArgs                                              -- call

  CallArgs
    = "(" ListOf<Exp, ","> ")"                              -- list
    | TableCons                                             -- table
    | string                                                -- string

  // A separator may follow a field, never stand alone: '{;}' is an error.
  TableCons = "{" (NonemptyListOf<Field, fieldSep> fieldSep?)? "}"

  Field
    = lbracket Exp "]" assign Exp                           -- keyed
    | name assign Exp                                       -- named
    | Exp                                                   -- positional

  fieldSep = "," | ";"

  // (Keywords among operators are tested inline: these rules run after
  // every operand, where a rule application per keyword would be costly.)
  unop (a unary operator) = "not" ~nameChar | "-" | "#" | ~"~=" "~"

  binop (a binary operator)
    = "or" ~nameChar | "and" ~nameChar
    | "<=" | ">=" | "<<" | ">>" | "<" | ">" | "~=" | "=="
    | "|" | "~" | "&" | "//" | "/" | "*" | "%" | "^"
    | ~"..." ".." | "+" | "-"

  // ================================================================ types

  // '&' binds tighter than '|'.
  Type = NonemptyListOf<InterType, "|">
  InterType = NonemptyListOf<PostfixType, "&">

  // Validators attach to the term they follow; then '?' and '[]' apply.
  PostfixType = PrimaryType Validator* TypeSuffix*

  TypeSuffix
    = "?"                                                   -- optional
    | lbracket "]"                                          -- array

  PrimaryType
    = kw<"nil">                                             -- nil
    | kw<"true">                                            -- true
    | kw<"false">                                           -- false
    | string                                                -- string
    | number                                                -- number
    | FunctionType
    | "(" Type ")"                                          -- group
    | "{" lbracket Type "]" colon Type "}"                  -- map
    | "{" (NonemptyListOf<RecordField, fieldSep> fieldSep?)? "}"  -- record
    | "{" Type "}"                                          -- array
    | typeName TypeArgs                                     -- generic
    | bareTypeName                                          -- named

  // Later type syntax is refused rather than misread: a type name directly
  // followed by '(' (fun(...), typeof(x), keyof(T)), and 'typeof', 'keyof',
  // 'readonly' used as a type name before a name or '{'. (The other later
  // forms, such as 'extends', 'asserts' or 'T["k"]', end the type before them
  // and fail where they stand.) These look-aheads sit in lexical rules so
  // that the white space they look across stays outside the type's span.
  typeName = ~(("typeof" | "keyof" | "readonly") ~nameChar space* (name | "{")) name

  // '<' after a type name always opens type arguments.
  bareTypeName = typeName ~(space* ("(" | typeAngle))
  TypeArgs = typeAngle NonemptyListOf<Type, ","> typeArgsEnd
  typeArgsEnd = ">" ~(space* "(")
  typeAngle = ~("<=" | "<<") "<"

  // Field names may be keywords: {end: number}. Validators after the field's
  // type wrap the whole type: 'f: T? @min(0)'.
  RecordField
    = word "?" colon Type Validator*                        -- optional
    | word colon Type Validator*                            -- required

  FunctionType = "(" FunctionTypeParams ")" "->" FunctionResults

  FunctionTypeParams
    = NonemptyListOf<FunctionTypeParam, ","> ("," "..." Type)?  -- named
    | "..." Type                                             -- vararg
    |                                                        -- none

  FunctionTypeParam
    = name colon Type                                       -- named
    | Type                                                  -- anonymous

  FunctionResults
    = Type                                                  -- one
    | "(" ")"                                               -- none
    | "(" Type "," NonemptyListOf<Type, ","> ")"            -- tuple

  TypeParams = typeAngle NonemptyListOf<TypeParam, ","> ">"
  TypeParam = name (colon Type)?

  Validator = "@" name ValidatorArgs?
  ValidatorArgs = "(" ListOf<ValidatorArg, ","> ")"
  ValidatorArg
    = kw<"nil">                                             -- nil
    | kw<"true">                                            -- true
    | kw<"false">                                           -- false
    | string                                                -- string
    | "-" number                                            -- negative
    | number                                                -- number

  // ================================================================ tokens

  // Lua's white space (C locale isspace) and comments.
  // A whole run of white space is one 'space', to keep rule applications few.
  // (~(~"--") is a look-ahead of arity 0: try 'comment' only where one starts.)
  space := (" " | "\t" | "\n" | "\r" | "\x0B" | "\x0C")+ | ~(~"--") comment
  // What Ohm skips before each token of a syntactic rule: 'space*' written
  // out, saving a rule application per token.
  spaces := (" " | "\t" | "\n" | "\r" | "\x0B" | "\x0C" | ~(~"--") comment)*
  whitespace = " " | "\t" | "\n" | "\r" | "\x0B" | "\x0C"

  // An unfinished long comment is an error, not a line comment.
  comment = "--" (longBracket | ~longOpen (~("\n" | "\r") "\x00".."\uFFFF")*)


  kw<word> = word ~nameChar
  contextual<word> = word ~nameChar

  keyword
    = "and" | "break" | "do" | "elseif" | "else" | "end" | "false" | "for"
    | "function" | "goto" | "if" | "in" | "local" | "nil" | "not" | "or"
    | "repeat" | "return" | "then" | "true" | "until" | "while"

  // (keyword and word spelt out inline: a name is the commonest token.)
  name (a name)
    = ~(( "and" | "break" | "do" | "elseif" | "else" | "end" | "false" | "for"
        | "function" | "goto" | "if" | "in" | "local" | "nil" | "not" | "or"
        | "repeat" | "return" | "then" | "true" | "until" | "while") ~nameChar)
      ("a".."z" | "A".."Z" | "_") ("a".."z" | "A".."Z" | "_" | "0".."9")*
  // Character classes are spelt out inline where they repeat: a rule
  // application per character would dominate the matching time. For the
  // same reason "\x00".."\uFFFF" stands for any character instead of the
  // 'any' rule (the source is a byte string, so: any byte).
  word = ("a".."z" | "A".."Z" | "_") ("a".."z" | "A".."Z" | "_" | "0".."9")*
  nameChar = "a".."z" | "A".."Z" | "_" | "0".."9"

  // Tokens that are a prefix of a longer token. (The look-ahead comes first
  // so that a failure is reported at the token's start.)
  assign = ~"==" "="
  dot = ~(".." | "." "0".."9") "."
  colon = ~"::" ":"
  lbracket = ~("[[" | "[=") "["

  // A numeral ends where Lua's scanner stops reading one (hex digits, '.',
  // exponent marks); anything else left in that run makes it malformed.
  number (a numeral)
    = "0" ("x" | "X") hexMantissa hexExponent? ~(hexDigit | "." | "p" | "P")  -- hex
    | decMantissa decExponent? ~(hexDigit | ".")                            -- decimal

  hexMantissa
    = hexDigit+ ("." hexDigit*)?                            -- digits
    | "." hexDigit+                                          -- fraction
  hexExponent = ("p" | "P") ("+" | "-")? decDigit+
  decMantissa
    = decDigit+ ("." decDigit*)?                            -- digits
    | "." decDigit+                                          -- fraction
  decExponent = ("e" | "E") ("+" | "-")? decDigit+
  decDigit = "0".."9"

  string (a string) = shortString | longBracket

  // A character of a quoted string: anything but a line break, or an escape.
  shortString
    = "\"" (~("\"" | "\\" | "\n" | "\r") "\x00".."\uFFFF" | escape)* "\""  -- double
    | "'" (~("'" | "\\" | "\n" | "\r") "\x00".."\uFFFF" | escape)* "'"       -- single

  escape
    = "\\" ("a" | "b" | "f" | "n" | "r" | "t" | "v" | "\\" | "\"" | "'")  -- simple
    | "\\" ("\r\n" | "\n\r" | "\n" | "\r")                  -- newline
    | "\\z" whitespace*                                     -- skip
    | "\\x" hexDigit hexDigit                               -- hex
    | "\\" decimalEscape                                    -- decimal
    | "\\u{" &hexDigit "0"* utf8Value? "}"                  -- utf8

  // At most 255, read as up to three digits.
  decimalEscape
    = "0".."1" decDigit decDigit                            -- three
    | "2" "0".."4" decDigit                                 -- twoHundreds
    | "25" "0".."5"                                         -- twoFifty
    | decDigit decDigit ~decDigit                           -- two
    | decDigit ~decDigit                                    -- one

  // At most 10FFFF (leading zeros already skipped).
  utf8Value
    = "10" hexDigit hexDigit hexDigit hexDigit              -- plane16
    | hexDigit hexDigit? hexDigit? hexDigit? hexDigit? ~hexDigit  -- short

  // [[...]], [=[...]=], ...: the closing bracket has as many '=' as the opening.
  longOpen = "[" "="* "["
  longBracket = "[" longLevel<"">
  longLevel<eqs>
    = "=" longLevel<both<eqs, "=">>                         -- deeper
    | "[" (~("]" eqs "]") "\x00".."\uFFFF")* "]" eqs "]"                -- body
  both<a, b> = a b
}
`;
