// Blocks, labels and gotos. A goto whose label is not yet known stays pending
// in its block; when the block ends it moves out to the enclosing block (and
// learns to close the upvalues of the locals it leaves). `break` is a goto to
// the label "break" that every loop block defines at its end.

import {
  type BlockScope,
  type FuncState,
  type LabelDesc,
  jump,
  patchClose,
  patchList,
  patchToHere,
  removeVars,
  semanticError,
} from "./func-state.js";

export function enterBlock(fs: FuncState, isLoop: boolean): BlockScope {
  const bl: BlockScope = {
    previous: fs.block,
    firstLabel: fs.labels.length,
    firstGoto: fs.gotos.length,
    nactvar: fs.nactvar,
    upval: false,
    isLoop,
  };
  fs.block = bl;
  return bl;
}

export function leaveBlock(fs: FuncState): void {
  const bl = fs.block!;
  if (bl.previous !== null && bl.upval) {
    // Leaving the block closes the upvalues of its captured locals.
    const j = jump(fs);
    patchClose(fs, j, bl.nactvar);
    patchToHere(fs, j);
  }
  if (bl.isLoop) breakLabel(fs);
  fs.block = bl.previous;
  removeVars(fs, bl.nactvar);
  fs.freereg = fs.nactvar;
  fs.labels.length = bl.firstLabel;
  if (bl.previous !== null) moveGotosOut(fs, bl);
  else if (bl.firstGoto < fs.gotos.length) undefinedGoto(fs, fs.gotos[bl.firstGoto]!);
}

function undefinedGoto(fs: FuncState, gt: LabelDesc): never {
  const msg =
    gt.name === "break"
      ? `<break> at line ${gt.line} not inside a loop`
      : `no visible label '${gt.name}' for <goto> at line ${gt.line}`;
  semanticError(fs.ctx, msg);
}

/** Resolves pending goto `g` to `label` and drops it from the pending list. */
function closeGoto(fs: FuncState, g: number, label: LabelDesc): void {
  const gt = fs.gotos[g]!;
  if (gt.nactvar < label.nactvar) {
    const local = fs.locVars[fs.actVar[gt.nactvar]!]!.name;
    semanticError(fs.ctx, `<goto ${gt.name}> at line ${gt.line} jumps into the scope of local '${local}'`);
  }
  patchList(fs, gt.pc, label.pc);
  fs.gotos.splice(g, 1);
}

/** Tries to resolve pending goto `g` with a label of the current block. */
function findLabel(fs: FuncState, g: number): boolean {
  const bl = fs.block!;
  const gt = fs.gotos[g]!;
  for (let i = bl.firstLabel; i < fs.labels.length; i++) {
    const lb = fs.labels[i]!;
    if (lb.name === gt.name) {
      // A backward jump out of the scope of some locals closes their upvalues.
      if (gt.nactvar > lb.nactvar && (bl.upval || fs.labels.length > bl.firstLabel)) {
        patchClose(fs, gt.pc, lb.nactvar);
      }
      closeGoto(fs, g, lb);
      return true;
    }
  }
  return false;
}

/** Resolves the pending gotos of the current block that target `label`. */
function findGotos(fs: FuncState, label: LabelDesc): void {
  let i = fs.block!.firstGoto;
  while (i < fs.gotos.length) {
    if (fs.gotos[i]!.name === label.name) closeGoto(fs, i, label);
    else i++;
  }
}

/** Pending gotos of a finished block now belong to the enclosing one. */
function moveGotosOut(fs: FuncState, bl: BlockScope): void {
  let i = bl.firstGoto;
  while (i < fs.gotos.length) {
    const gt = fs.gotos[i]!;
    if (gt.nactvar > bl.nactvar) {
      if (bl.upval) patchClose(fs, gt.pc, bl.nactvar);
      gt.nactvar = bl.nactvar;
    }
    if (!findLabel(fs, i)) i++;
  }
}

function breakLabel(fs: FuncState): void {
  const label: LabelDesc = { name: "break", pc: fs.pc, line: 0, nactvar: fs.nactvar };
  fs.labels.push(label);
  findGotos(fs, label);
}

/** A goto (or break, named "break") whose jump list is `pc`. */
export function gotoStat(fs: FuncState, name: string, line: number, pc: number): void {
  fs.gotos.push({ name, pc, line, nactvar: fs.nactvar });
  findLabel(fs, fs.gotos.length - 1);
}

/**
 * A label statement. `isLast`: only labels follow it up to the end of a block
 * that is not closed by `until`, so the block's locals are already dead there.
 */
export function labelStat(fs: FuncState, name: string, line: number, pc: number, isLast: boolean): void {
  const bl = fs.block!;
  for (let i = bl.firstLabel; i < fs.labels.length; i++) {
    if (fs.labels[i]!.name === name) {
      semanticError(fs.ctx, `label '${name}' already defined on line ${fs.labels[i]!.line}`);
    }
  }
  const label: LabelDesc = { name, pc, line, nactvar: isLast ? bl.nactvar : fs.nactvar };
  fs.labels.push(label);
  findGotos(fs, label);
}
