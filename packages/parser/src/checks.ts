// The compile-time checks Lua 5.3 makes while parsing that need scope
// information, run over the AST after either parser:
//
//   <break> at line N not inside a loop
//   no visible label 'x' for <goto> at line N
//   <goto x> at line N jumps into the scope of local 'y'
//   label 'x' already defined on line N          (same block only, as in 5.3)
//   cannot use '...' outside a vararg function near '...'
//   too many local variables (limit is 200) in <function> near X
//   too many upvalues (limit is 255) in <function> near X
//
// The walk mirrors lparser.c: the same label/goto lists, blocks and active
// local counts (including the hidden for-loop variables), visited in source
// order so the first error reported is the one Lua reports. Lines are those
// of the token Lua's scanner is at when it detects the error (e.g. for an
// undefined goto, the token after the function's `end`); computing them needs
// the source text. Without it (checkChunk(chunk, name) with no source), the
// end line of the relevant construct is used instead and the `near` part of
// limit errors is omitted.
//
// Differences from C Lua, by construction: all syntax errors are reported
// before any of these (C Lua reports whichever comes first in the text), and
// `type` aliases do not count as local variables here.

import type {
  Block,
  Chunk,
  Expression,
  FunctionExpression,
  LabelStatement,
  Statement,
  TableField,
} from "./ast.js";
import { LuaSyntaxError, chunkId } from "./errors.js";
import { Lexer, TK_EOS } from "./lexer.js";

const MAXVARS = 200;
const MAXUPVAL = 255;

interface LabelDesc {
  name: string;
  line: number;
  nactvar: number;
}

interface BlockCnt {
  previous: BlockCnt | null;
  firstlabel: number;
  firstgoto: number;
  nactvar: number;
  isloop: boolean;
}

interface FuncState {
  prev: FuncState | null;
  isVararg: boolean;
  /** linedefined (0 for the main chunk), or -1 until computed from (at, atLine, atColumn) */
  line: number;
  /** where the token whose line is linedefined is searched from (see lineAfter) */
  at: number;
  atLine: number;
  atColumn: number;
  firstlocal: number;
  nactvar: number;
  bl: BlockCnt | null;
  /** upvalue names, in creation order */
  upvals: string[];
  upvalSet: Set<string>;
  /** active locals of this function: name -> how many are active */
  locals: Map<string, number>;
}

/** Nodes whose first child is visited first and can form long left chains. */
function isSpine(e: Expression): boolean {
  switch (e.kind) {
    case "Binary":
    case "Index":
    case "Member":
    case "Call":
    case "MethodCall":
    case "Cast":
    case "NonNil":
      return true;
    default:
      return false;
  }
}

function leftOf(e: Expression): Expression {
  switch (e.kind) {
    case "Binary":
      return e.left;
    case "Index":
    case "Member":
    case "MethodCall":
      return e.object;
    case "Call":
      return e.callee;
    case "Cast":
    case "NonNil":
      return e.expr;
    default:
      return e;
  }
}

const LOCAL = 1;
const UPVAL = 2;
const GLOBAL = 0;

/**
 * Runs the static checks on a parsed chunk; throws LuaSyntaxError. Pass the
 * source text for exact error lines (parse() does).
 */
export function checkChunk(chunk: Chunk, chunkName: string, source?: string): void {
  new Checker(chunkName, source).run(chunk);
}

class Checker {
  private readonly chunkName: string;
  private readonly source: string | undefined;
  private actvar: string[] = [];
  private labels: LabelDesc[] = [];
  private gotos: LabelDesc[] = [];
  private fs!: FuncState;
  private eofLine = 1;

  constructor(chunkName: string, source: string | undefined) {
    this.chunkName = chunkName;
    this.source = source;
  }

  run(chunk: Chunk): void {
    this.eofLine = chunk.endLine;
    this.openFunc(true, 0, 0, 1, 1);
    this.fs.upvals.push("_ENV");
    this.fs.upvalSet.add("_ENV");
    this.statlist(chunk.body, false);
    this.closeFunc(-1, chunk.endLine, chunk.endColumn);
  }

  // ------------------------------------------------------------ errors

  private fail(msg: string, line: number, near: string, atEof: boolean): never {
    let text = `${chunkId(this.chunkName)}:${line}: ${msg}`;
    if (near !== "") text += ` near ${near}`;
    throw new LuaSyntaxError(text, line, atEof);
  }

  /** The token Lua's scanner would be at after the text ending at `offset`. */
  private tokenAfter(offset: number, line: number, column: number, skipSemicolons: boolean): Lexer | undefined {
    const src = this.source;
    if (src === undefined) return undefined;
    const lx = new Lexer(src, this.chunkName);
    lx.pos = offset;
    lx.line = line;
    lx.lineStart = offset - (column - 1);
    lx.next();
    while (skipSemicolons && lx.tok === 59) lx.next();
    return lx;
  }

  private errorLimit(fs: FuncState, limit: number, what: string, at: number, line: number, column: number): never {
    if (fs.line < 0) fs.line = this.lineAfter(fs.at, fs.atLine, fs.atColumn);
    const where = fs.line === 0 ? "main function" : `function at line ${fs.line}`;
    const msg = `too many ${what} (limit is ${limit}) in ${where}`;
    const lx = this.tokenAfter(at, line, column, false);
    if (lx === undefined) this.fail(msg, line, "", false);
    this.fail(msg, lx.tokEndLine, lx.nearToken(), lx.tok === TK_EOS);
  }

  // ------------------------------------------------------------ functions, blocks, variables

  private openFunc(isVararg: boolean, line: number, at: number, atLine: number, atColumn: number): void {
    const fs: FuncState = {
      prev: this.fs ?? null,
      isVararg,
      line,
      at,
      atLine,
      atColumn,
      firstlocal: this.actvar.length,
      nactvar: 0,
      bl: null,
      upvals: [],
      upvalSet: new Set(),
      locals: new Map(),
    };
    this.fs = fs;
    this.enterBlock(false);
  }

  /** `endOffset` is the end of the function's `end` (-1 for the main chunk). */
  private closeFunc(endOffset: number, endLine: number, endColumn: number): void {
    const fs = this.fs;
    const bl = fs.bl!;
    // leaveblock of the outermost block
    fs.bl = bl.previous;
    this.removeVars(bl.nactvar);
    if (this.labels.length !== bl.firstlabel) this.labels.length = bl.firstlabel;
    if (bl.firstgoto < this.gotos.length) {
      const gt = this.gotos[bl.firstgoto]!;
      let line = endLine;
      if (endOffset >= 0) {
        const lx = this.tokenAfter(endOffset, endLine, endColumn, false);
        if (lx !== undefined) line = lx.tokEndLine;
      } else {
        line = this.eofLine;
      }
      const msg =
        gt.name === "break"
          ? `<break> at line ${gt.line} not inside a loop`
          : `no visible label '${gt.name}' for <goto> at line ${gt.line}`;
      this.fail(msg, line, "", false);
    }
    this.fs = fs.prev!;
  }

  private enterBlock(isloop: boolean): void {
    const fs = this.fs;
    fs.bl = {
      previous: fs.bl,
      firstlabel: this.labels.length,
      firstgoto: this.gotos.length,
      nactvar: fs.nactvar,
      isloop,
    };
  }

  private leaveBlock(): void {
    const fs = this.fs;
    const bl = fs.bl!;
    if (bl.isloop) {
      // breaklabel
      this.labels.push({ name: "break", line: 0, nactvar: fs.nactvar });
      this.findGotos(this.labels[this.labels.length - 1]!, 0);
    }
    fs.bl = bl.previous;
    this.removeVars(bl.nactvar);
    if (this.labels.length !== bl.firstlabel) this.labels.length = bl.firstlabel;
    // movegotosout
    const gl = this.gotos;
    let i = bl.firstgoto;
    while (i < gl.length) {
      const gt = gl[i]!;
      if (gt.nactvar > bl.nactvar) gt.nactvar = bl.nactvar;
      if (!this.findLabel(i, 0)) i++;
    }
  }

  private removeVars(tolevel: number): void {
    const fs = this.fs;
    const act = this.actvar;
    const locals = fs.locals;
    for (let i = fs.firstlocal + fs.nactvar - 1; i >= fs.firstlocal + tolevel; i--) {
      const name = act[i]!;
      const n = locals.get(name)!;
      if (n === 1) locals.delete(name);
      else locals.set(name, n - 1);
    }
    if (fs.nactvar !== tolevel) act.length -= fs.nactvar - tolevel;
    fs.nactvar = tolevel;
  }

  /** new_localvar; (at, line, column) locate the name (for the limit error). */
  private newLocalVar(name: string, at: number, line: number, column: number): void {
    const fs = this.fs;
    if (this.actvar.length + 1 - fs.firstlocal > MAXVARS) this.errorLimit(fs, MAXVARS, "local variables", at, line, column);
    this.actvar.push(name);
  }

  private adjustLocalVars(n: number): void {
    const fs = this.fs;
    const act = this.actvar;
    const locals = fs.locals;
    const from = fs.firstlocal + fs.nactvar;
    for (let i = from; i < from + n; i++) {
      const name = act[i]!;
      locals.set(name, (locals.get(name) ?? 0) + 1);
    }
    fs.nactvar += n;
  }

  /** singlevar: resolves a name as Lua does, creating upvalues. */
  private singleVar(name: string, at: number, line: number, column: number): void {
    if (this.singleVarAux(this.fs, name, true, at, line, column) === GLOBAL) {
      this.singleVarAux(this.fs, "_ENV", true, at, line, column);
    }
  }

  private singleVarAux(fs: FuncState | null, name: string, base: boolean, at: number, line: number, column: number): number {
    if (fs === null) return GLOBAL;
    if (fs.locals.has(name)) return LOCAL;
    if (!fs.upvalSet.has(name)) {
      if (this.singleVarAux(fs.prev, name, false, at, line, column) === GLOBAL) return GLOBAL;
      if (fs.upvals.length + 1 > MAXUPVAL) this.errorLimit(fs, MAXUPVAL, "upvalues", at, line, column);
      fs.upvals.push(name);
      fs.upvalSet.add(name);
    }
    void base;
    return UPVAL;
  }

  // ------------------------------------------------------------ labels and gotos

  /** closegoto for gotos[g] and `label`; `errLine` is the line for a scope error. */
  private closeGoto(g: number, label: LabelDesc, errLine: number): void {
    const gt = this.gotos[g]!;
    if (gt.nactvar < label.nactvar) {
      const vname = this.actvar[this.fs.firstlocal + gt.nactvar]!;
      this.fail(`<goto ${gt.name}> at line ${gt.line} jumps into the scope of local '${vname}'`, errLine, "", false);
    }
    this.gotos.splice(g, 1);
  }

  /** findlabel: tries to close gotos[g] with a label of the current block. */
  private findLabel(g: number, errLine: number): boolean {
    const bl = this.fs.bl!;
    const gt = this.gotos[g]!;
    const labels = this.labels;
    for (let i = bl.firstlabel; i < labels.length; i++) {
      const lb = labels[i]!;
      if (lb.name === gt.name) {
        this.closeGoto(g, lb, errLine);
        return true;
      }
    }
    return false;
  }

  /** findgotos: closes the pending gotos of the current block that match `lb`. */
  private findGotos(lb: LabelDesc, errLine: number): void {
    const gl = this.gotos;
    let i = this.fs.bl!.firstgoto;
    while (i < gl.length) {
      if (gl[i]!.name === lb.name) this.closeGoto(i, lb, errLine);
      else i++;
    }
  }

  // ------------------------------------------------------------ statements

  private statlist(block: Block, inRepeat: boolean): void {
    const stats = block.body;
    const n = stats.length;
    let i = 0;
    while (i < n) i = this.statement(stats, i, inRepeat);
  }

  private block(block: Block): void {
    this.enterBlock(false);
    this.statlist(block, false);
    this.leaveBlock();
  }

  /** Visits stats[i]; returns the index of the next statement to visit. */
  private statement(stats: Statement[], i: number, inRepeat: boolean): number {
    const s = stats[i]!;
    switch (s.kind) {
      case "Local": {
        for (const tn of s.names) this.newLocalVar(tn.name, tn.start + tn.name.length, tn.line, tn.column + tn.name.length);
        for (const e of s.exprs) this.expr(e);
        this.adjustLocalVars(s.names.length);
        break;
      }
      case "LocalFunction": {
        const nm = s.name;
        this.newLocalVar(nm.name, nm.end, nm.endLine, nm.endColumn);
        this.adjustLocalVars(1);
        this.body(s.func, false, -1, nm.end, nm.endLine, nm.endColumn);
        break;
      }
      case "Function": {
        const b = s.base;
        this.singleVar(b.name, b.end, b.endLine, b.endColumn);
        this.body(s.func, s.method !== undefined, s.line, 0, 0, 0);
        break;
      }
      case "Assign":
        for (const t of s.targets) this.expr(t);
        for (const e of s.exprs) this.expr(e);
        break;
      case "CallStatement":
        this.expr(s.call);
        break;
      case "Do":
        this.block(s.body);
        break;
      case "While":
        this.expr(s.condition);
        this.enterBlock(true);
        this.block(s.body);
        this.leaveBlock();
        break;
      case "Repeat":
        this.enterBlock(true);
        this.enterBlock(false);
        this.statlist(s.body, true);
        this.expr(s.condition);
        this.leaveBlock();
        this.leaveBlock();
        break;
      case "If":
        for (const cl of s.clauses) {
          this.expr(cl.condition);
          this.enterBlock(false);
          this.statlist(cl.body, false);
          this.leaveBlock();
        }
        if (s.orelse !== undefined) this.block(s.orelse);
        break;
      case "NumericFor": {
        this.enterBlock(true);
        const v = s.variable;
        const at = v.start + v.name.length;
        const col = v.column + v.name.length;
        this.newLocalVar("(for index)", at, v.line, col);
        this.newLocalVar("(for limit)", at, v.line, col);
        this.newLocalVar("(for step)", at, v.line, col);
        this.newLocalVar(v.name, at, v.line, col);
        this.expr(s.init);
        this.expr(s.limit);
        if (s.step !== undefined) this.expr(s.step);
        this.forBody(s.body, 1);
        this.leaveBlock();
        break;
      }
      case "GenericFor": {
        this.enterBlock(true);
        const v = s.names[0]!;
        const at = v.start + v.name.length;
        const col = v.column + v.name.length;
        this.newLocalVar("(for generator)", at, v.line, col);
        this.newLocalVar("(for state)", at, v.line, col);
        this.newLocalVar("(for control)", at, v.line, col);
        for (const tn of s.names) this.newLocalVar(tn.name, tn.start + tn.name.length, tn.line, tn.column + tn.name.length);
        for (const e of s.exprs) this.expr(e);
        this.forBody(s.body, s.names.length);
        this.leaveBlock();
        break;
      }
      case "Return":
        for (const e of s.exprs) this.expr(e);
        break;
      case "Break":
      case "Goto": {
        const name = s.kind === "Goto" ? s.label : "break";
        this.gotos.push({ name, line: s.line, nactvar: this.fs.nactvar });
        this.findLabel(this.gotos.length - 1, s.endLine);
        break;
      }
      case "Label":
        return this.labelStat(stats, i, inRepeat);
      case "TypeAlias":
        break;
    }
    return i + 1;
  }

  private forBody(body: Block, nvars: number): void {
    this.adjustLocalVars(3);
    this.enterBlock(false);
    this.adjustLocalVars(nvars);
    this.block(body);
    this.leaveBlock();
  }

  /** labelstat, including skipnoopstat's following labels; returns the next index. */
  private labelStat(stats: Statement[], i: number, inRepeat: boolean): number {
    const s = stats[i] as LabelStatement;
    const fs = this.fs;
    const labels = this.labels;
    // checkrepeated (current block only)
    for (let k = fs.bl!.firstlabel; k < labels.length; k++) {
      if (labels[k]!.name === s.name) {
        this.fail(`label '${s.name}' already defined on line ${labels[k]!.line}`, s.endLine, "", false);
      }
    }
    const lb: LabelDesc = { name: s.name, line: s.line, nactvar: fs.nactvar };
    labels.push(lb);
    // skipnoopstat: the labels that follow (';' are not in the AST)
    let j = i + 1;
    while (j < stats.length && stats[j]!.kind === "Label") j = this.labelStat(stats, j, inRepeat);
    if (j === stats.length && !inRepeat) {
      // label is the last no-op statement in the block: locals are out of scope
      lb.nactvar = fs.bl!.nactvar;
    }
    // the scanner is at the token after the run of labels and ';'
    const last = stats[j - 1]!;
    let line = last.endLine;
    const lx = this.tokenAfter(last.end, last.endLine, last.endColumn, true);
    if (lx !== undefined) line = lx.tokEndLine;
    this.findGotos(lb, line);
    return j;
  }

  /** End line of the token after the text ending at (offset, line, column). */
  private lineAfter(offset: number, line: number, column: number): number {
    const lx = this.tokenAfter(offset, line, column, false);
    return lx === undefined ? line : lx.tokEndLine;
  }

  /** A function body; `line` is linedefined, or -1 to take it from the token after (at, atLine, atColumn). */
  private body(f: FunctionExpression, isMethod: boolean, line: number, at: number, atLine: number, atColumn: number): void {
    this.openFunc(f.isVararg, line, at, atLine, atColumn);
    if (isMethod) {
      this.newLocalVar("self", f.start, f.line, f.column);
      this.adjustLocalVars(1);
    }
    for (const p of f.params) this.newLocalVar(p.name, p.start + p.name.length, p.line, p.column + p.name.length);
    this.adjustLocalVars(f.params.length);
    this.statlist(f.body, false);
    this.closeFunc(f.end, f.endLine, f.endColumn);
  }

  // ------------------------------------------------------------ expressions

  private expr(e: Expression): void {
    for (;;) {
      switch (e.kind) {
        case "Name":
          this.singleVar(e.name, e.end, e.endLine, e.endColumn);
          return;
        case "Vararg":
          if (!this.fs.isVararg) this.fail("cannot use '...' outside a vararg function", e.endLine, "'...'", false);
          return;
        case "FunctionExpr":
          this.body(e, false, -1, e.start + 8, e.line, e.column + 8);
          return;
        case "Table":
          this.fields(e.fields);
          return;
        case "Paren":
        case "Cast":
        case "NonNil":
          e = e.expr;
          continue;
        case "Unary":
          e = e.operand;
          continue;
        case "Binary":
        case "Index":
        case "Member":
        case "Call":
        case "MethodCall":
          if (isSpine(leftOf(e))) {
            this.spine(e);
            return;
          }
          this.expr(leftOf(e));
          switch (e.kind) {
            case "Binary":
              e = e.right;
              continue;
            case "Index":
              e = e.key;
              continue;
            case "Call":
            case "MethodCall":
              this.args(e.args);
              return;
            default:
              return;
          }
        default:
          return; // literals
      }
    }
  }

  /** A chain of binary / suffix nodes along the left spine, visited iteratively. */
  private spine(e: Expression): void {
    const spine: Expression[] = [];
    while (isSpine(e)) {
      spine.push(e);
      e = leftOf(e);
    }
    this.expr(e);
    for (let i = spine.length - 1; i >= 0; i--) {
      const s = spine[i]!;
      switch (s.kind) {
        case "Binary":
          this.expr(s.right);
          break;
        case "Index":
          this.expr(s.key);
          break;
        case "Call":
        case "MethodCall":
          this.args(s.args);
          break;
        default:
          break;
      }
    }
  }

  private args(list: Expression[]): void {
    for (let i = 0; i < list.length; i++) this.expr(list[i]!);
  }

  private fields(fields: TableField[]): void {
    for (const f of fields) {
      if (f.kind === "KeyedField") this.expr(f.key);
      this.expr(f.value);
    }
  }
}
