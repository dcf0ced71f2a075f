// Debug information from bytecode (ldebug.c's territory): current lines,
// names of the variables behind a value (for "attempt to index a nil value
// (local 'x')"), names of called functions, error positions and tracebacks.

import { chunkId } from "@wippy-lua/parser";
import { BITRK, getA, getAx, getB, getBx, getC, getOp, getSBx, Op } from "./opcodes.js";
import type { Proto } from "./proto.js";
import { CIST, type CallInfo, type LuaThread } from "./state.js";
import { LuaTable } from "./table.js";
import { TM_NAMES } from "./meta.js";

/** Opcodes that write register A (lopcodes.c's testAMode). */
const SETS_A: readonly boolean[] = (() => {
  const sets = new Array<boolean>(47).fill(true);
  for (const op of [Op.SETTABUP, Op.SETUPVAL, Op.SETTABLE, Op.JMP, Op.EQ, Op.LT, Op.LE, Op.TEST,
    Op.RETURN, Op.TFORCALL, Op.SETLIST, Op.EXTRAARG]) sets[op] = false;
  return sets;
})();

export function currentPc(ci: CallInfo): number {
  return ci.savedPc - 1;
}

export function currentLine(ci: CallInfo): number {
  const p = ci.closure!.proto;
  if (p.lineInfo.length === 0) return -1; // stripped debug information
  const pc = Math.max(ci.savedPc - 1, 0);
  return pc < p.lineInfo.length ? p.lineInfo[pc]! : p.lineDefined;
}

/** Name of the n-th (1-based) local variable active at `pc` (luaF_getlocalname). */
export function getLocalName(p: Proto, n: number, pc: number): string | null {
  const vars = p.locVars;
  for (let i = 0; i < vars.length && vars[i]!.startPc <= pc; i++) {
    const v = vars[i]!;
    if (pc < v.endPc) {
      n--;
      if (n === 0) return v.name;
    }
  }
  return null;
}

function upvalName(p: Proto, i: number): string {
  // Stripped chunks have no names (empty), shown as "?" like ldebug.c's upvalname.
  const u = p.upvalues[i];
  return u === undefined || u.name === "" ? "?" : u.name;
}

// The last instruction before `lastpc` that wrote register `reg`, ignoring
// writes a jump could have skipped (ldebug.c's findsetreg).
function findSetReg(p: Proto, lastpc: number, reg: number): number {
  let setreg = -1;
  let jmptarget = 0;
  const code = p.code;
  for (let pc = 0; pc < lastpc; pc++) {
    const i = code[pc]!;
    const op = getOp(i);
    const a = getA(i);
    let sets = false;
    switch (op) {
      case Op.LOADNIL:
        sets = a <= reg && reg <= a + getB(i);
        break;
      case Op.TFORCALL:
        sets = reg >= a + 2;
        break;
      case Op.CALL:
      case Op.TAILCALL:
        sets = reg >= a;
        break;
      case Op.JMP: {
        const dest = pc + 1 + getSBx(i);
        if (pc < dest && dest <= lastpc && dest > jmptarget) jmptarget = dest;
        break;
      }
      default:
        sets = SETS_A[op]! && reg === a;
    }
    if (sets) setreg = pc < jmptarget ? -1 : pc;
  }
  return setreg;
}

function constName(p: Proto, pc: number, c: number): string {
  if (c >= BITRK) {
    const k = p.constants[c - BITRK];
    return typeof k === "string" ? k : "?";
  }
  const r = getObjName(p, pc, c);
  return r !== null && r[0] === "constant" ? r[1] : "?";
}

/** What register `reg` held at `lastpc`: [kind, name] (ldebug.c's getobjname). */
export function getObjName(p: Proto, lastpc: number, reg: number): [string, string] | null {
  const local = getLocalName(p, reg + 1, lastpc);
  if (local !== null) return ["local", local];
  const pc = findSetReg(p, lastpc, reg);
  if (pc === -1) return null;
  const i = p.code[pc]!;
  switch (getOp(i)) {
    case Op.MOVE: {
      const b = getB(i);
      if (b < getA(i)) return getObjName(p, pc, b);
      return null;
    }
    case Op.GETTABUP:
    case Op.GETTABLE: {
      const t = getB(i);
      const vn = getOp(i) === Op.GETTABLE ? getLocalName(p, t + 1, pc) : upvalName(p, t);
      return [vn === "_ENV" ? "global" : "field", constName(p, pc, getC(i))];
    }
    case Op.GETUPVAL:
      return ["upvalue", upvalName(p, getB(i))];
    case Op.LOADK:
    case Op.LOADKX: {
      const b = getOp(i) === Op.LOADK ? getBx(i) : getAx(p.code[pc + 1]!);
      const k = p.constants[b];
      return typeof k === "string" ? ["constant", k] : null;
    }
    case Op.SELF:
      return ["method", constName(p, pc, getC(i))];
  }
  return null;
}

/** " (local 'x')" for register `reg` of Lua frame `ci`, or "". */
export function varInfoReg(ci: CallInfo, reg: number): string {
  if (!(ci.status & CIST.Lua)) return "";
  const r = getObjName(ci.closure!.proto, ci.savedPc - 1, reg);
  return r === null ? "" : ` (${r[0]} '${r[1]}')`;
}

/** " (upvalue 'x')" for upvalue `idx` of Lua frame `ci`. */
export function varInfoUpval(ci: CallInfo, idx: number): string {
  if (!(ci.status & CIST.Lua)) return "";
  return ` (upvalue '${upvalName(ci.closure!.proto, idx)}')`;
}

/**
 * How the function running in `ci` was called, from its caller's code:
 * [namewhat, name] like lua_getinfo's "n" (getfuncname/funcnamefromcode).
 */
export function funcNameOf(ci: CallInfo): [string, string] | null {
  // A frame during whose run a finalizer was called reports itself as
  // that metamethod, as ldebug.c's getfuncname does with CIST_FIN.
  if (ci.status & CIST.Finalizer) return ["metamethod", "__gc"];
  const caller = ci.prev;
  if (caller === null || (ci.status & CIST.Tail) || !(caller.status & CIST.Lua)) return null;
  if (caller.status & CIST.Hooked) return ["hook", "?"];
  if (ci.status & CIST.Fin) {
    // A metamethod called by an opcode.
    return metaNameFromCode(caller);
  }
  const p = caller.closure!.proto;
  const pc = caller.savedPc - 1;
  const i = p.code[pc]!;
  switch (getOp(i)) {
    case Op.CALL:
    case Op.TAILCALL:
      return getObjName(p, pc, getA(i));
    case Op.TFORCALL:
      return ["for iterator", "for iterator"];
  }
  return metaNameFromCode(caller);
}

function metaNameFromCode(caller: CallInfo): [string, string] | null {
  const p = caller.closure!.proto;
  const i = p.code[caller.savedPc - 1]!;
  const op = getOp(i);
  let tm: number;
  switch (op) {
    case Op.SELF:
    case Op.GETTABUP:
    case Op.GETTABLE:
      tm = 0;
      break;
    case Op.SETTABUP:
    case Op.SETTABLE:
      tm = 1;
      break;
    case Op.UNM:
      tm = 18;
      break;
    case Op.BNOT:
      tm = 19;
      break;
    case Op.LEN:
      tm = 4;
      break;
    case Op.CONCAT:
      tm = 22;
      break;
    case Op.EQ:
      tm = 5;
      break;
    case Op.LT:
      tm = 20;
      break;
    case Op.LE:
      tm = 21;
      break;
    default:
      if (op >= Op.ADD && op <= Op.SHR) tm = 6 + (op - Op.ADD);
      else return null;
  }
  return ["metamethod", TM_NAMES[tm]!];
}

/** "chunk:line: " for a Lua frame, "" otherwise (luaL_where). */
export function whereCi(ci: CallInfo | null): string {
  if (ci === null || !(ci.status & CIST.Lua)) return "";
  const p = ci.closure!.proto;
  return `${chunkId(p.source)}:${currentLine(ci)}: `;
}

/** The frame `level` steps down from the running one (0 = running), or null. */
export function frameAt(L: LuaThread, level: number): CallInfo | null {
  let ci: CallInfo | null = L.ci;
  while (level > 0 && ci !== null && ci !== L.baseCi) {
    ci = ci.prev;
    level--;
  }
  return ci === null || ci === L.baseCi ? null : ci;
}

/** luaL_where(L, level). */
export function where(L: LuaThread, level: number): string {
  return whereCi(frameAt(L, level));
}

/** Name of a function reachable from package.loaded ("string.rep", "print"): pushglobalfuncname. */
export function globalFuncName(L: LuaThread, f: unknown): string | null {
  const loaded = L.G.registry.getStr("_LOADED");
  if (!(loaded instanceof LuaTable)) return null;
  for (let k = loaded.next(undefined); k !== undefined; k = loaded.next(k)) {
    const mod = loaded.nextValue;
    if (typeof k !== "string" || !(mod instanceof LuaTable)) continue;
    for (let k2 = mod.next(undefined); k2 !== undefined; k2 = mod.next(k2)) {
      if (mod.nextValue === f && typeof k2 === "string") {
        return k === "_G" ? k2 : `${k}.${k2}`;
      }
    }
  }
  return null;
}

function funcDescription(L: LuaThread, ci: CallInfo): string {
  const f = L.stack[ci.func];
  const g = globalFuncName(L, f);
  if (g !== null) return `function '${g}'`;
  const n = funcNameOf(ci);
  if (n !== null) return `${n[0]} '${n[1]}'`;
  if (ci.status & CIST.Lua) {
    const p = ci.closure!.proto;
    if (p.lineDefined === 0) return "main chunk";
    return `function <${chunkId(p.source)}:${p.lineDefined}>`;
  }
  return "?";
}

/** luaL_traceback: "stack traceback:\n\t..." for thread `L` from `level`. */
export function traceback(L: LuaThread, msg: string | null, level: number): string {
  const lines: string[] = [];
  if (msg !== null) lines.push(msg);
  lines.push("stack traceback:");
  const frames: CallInfo[] = [];
  for (let ci: CallInfo | null = frameAt(L, level); ci !== null && ci !== L.baseCi; ci = ci.prev) {
    frames.push(ci);
  }
  const LEVELS1 = 10;
  const LEVELS2 = 11;
  for (let i = 0; i < frames.length; i++) {
    if (frames.length > LEVELS1 + LEVELS2 && i === LEVELS1) {
      lines.push("\t...");
      i = frames.length - LEVELS2 - 1;
      continue;
    }
    const ci = frames[i]!;
    let src: string;
    if (ci.status & CIST.Lua) {
      const p = ci.closure!.proto;
      src = `${chunkId(p.source)}:${currentLine(ci)}:`;
    } else {
      src = "[C]:";
    }
    lines.push(`\t${src} in ${funcDescription(L, ci)}`);
    if (ci.status & CIST.Tail) lines.push("\t(...tail calls...)");
  }
  return lines.join("\n");
}
