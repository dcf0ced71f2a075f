// A listing of compiled functions in the layout of `luac -l -l`, for tests and
// debugging. Addresses are replaced by function indices so listings are
// deterministic.

import {
  BITRK,
  OP_NAMES,
  Op,
  getA,
  getAx,
  getB,
  getBx,
  getC,
  getOp,
  getSBx,
} from "./opcodes.js";
import type { Proto } from "./proto.js";
import { LuaFloat, type LuaValue } from "./value.js";

/** How luac prints operand B or C: unused, plain, or RK (constants negative). */
const enum ArgMode {
  N,
  U,
  R,
  K,
}

type Format = "ABC" | "ABx" | "AsBx" | "Ax";

const N = ArgMode.N;
const U = ArgMode.U;
const R = ArgMode.R;
const K = ArgMode.K;

// [format, B mode, C mode] per opcode, as lopcodes.c describes them.
const MODES: readonly (readonly [Format, ArgMode, ArgMode])[] = [
  ["ABC", R, N], // MOVE
  ["ABx", K, N], // LOADK
  ["ABx", N, N], // LOADKX
  ["ABC", U, U], // LOADBOOL
  ["ABC", U, N], // LOADNIL
  ["ABC", U, N], // GETUPVAL
  ["ABC", U, K], // GETTABUP
  ["ABC", R, K], // GETTABLE
  ["ABC", K, K], // SETTABUP
  ["ABC", U, N], // SETUPVAL
  ["ABC", K, K], // SETTABLE
  ["ABC", U, U], // NEWTABLE
  ["ABC", R, K], // SELF
  ["ABC", K, K], // ADD
  ["ABC", K, K], // SUB
  ["ABC", K, K], // MUL
  ["ABC", K, K], // MOD
  ["ABC", K, K], // POW
  ["ABC", K, K], // DIV
  ["ABC", K, K], // IDIV
  ["ABC", K, K], // BAND
  ["ABC", K, K], // BOR
  ["ABC", K, K], // BXOR
  ["ABC", K, K], // SHL
  ["ABC", K, K], // SHR
  ["ABC", R, N], // UNM
  ["ABC", R, N], // BNOT
  ["ABC", R, N], // NOT
  ["ABC", R, N], // LEN
  ["ABC", R, R], // CONCAT
  ["AsBx", R, N], // JMP
  ["ABC", K, K], // EQ
  ["ABC", K, K], // LT
  ["ABC", K, K], // LE
  ["ABC", N, U], // TEST
  ["ABC", R, U], // TESTSET
  ["ABC", U, U], // CALL
  ["ABC", U, U], // TAILCALL
  ["ABC", U, N], // RETURN
  ["AsBx", R, N], // FORLOOP
  ["AsBx", R, N], // FORPREP
  ["ABC", N, U], // TFORCALL
  ["AsBx", R, N], // TFORLOOP
  ["ABC", U, U], // SETLIST
  ["ABx", U, N], // CLOSURE
  ["ABC", U, N], // VARARG
  ["Ax", U, U], // EXTRAARG
];

/** C's printf("%.14g"). */
function formatG14(d: number): string {
  if (d === Infinity) return "inf";
  if (d === -Infinity) return "-inf";
  if (d !== d) return "nan";
  const [mant, ex] = d.toExponential(13).split("e") as [string, string];
  const exp = Number(ex);
  const strip = (t: string): string => (t.includes(".") ? t.replace(/0+$/, "").replace(/\.$/, "") : t);
  if (exp < -4 || exp >= 14) {
    const digits = String(Math.abs(exp)).padStart(2, "0");
    return `${strip(mant)}e${exp < 0 ? "-" : "+"}${digits}`;
  }
  return strip(d.toFixed(13 - exp));
}

function quoteString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    switch (c) {
      case 34: out += '\\"'; break;
      case 92: out += "\\\\"; break;
      case 7: out += "\\a"; break;
      case 8: out += "\\b"; break;
      case 12: out += "\\f"; break;
      case 10: out += "\\n"; break;
      case 13: out += "\\r"; break;
      case 9: out += "\\t"; break;
      case 11: out += "\\v"; break;
      default:
        out += c >= 32 && c < 127 ? s[i] : "\\" + String(c).padStart(3, "0");
    }
  }
  return out + '"';
}

/** A constant as luac prints it. */
export function formatConstant(v: LuaValue): string {
  if (v === undefined) return "nil";
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "string") return quoteString(v);
  if (typeof v === "bigint") return v.toString();
  if (v instanceof LuaFloat) {
    const s = formatG14(v.n);
    return /^-?\d+$/.test(s) ? s + ".0" : s;
  }
  if (typeof v === "number") {
    if (Number.isInteger(v)) return String(v);
    return formatG14(v);
  }
  return "?";
}

function plural(n: number): string {
  return n === 1 ? "" : "s";
}

function header(p: Proto): string {
  let src = p.source;
  if (src.startsWith("@") || src.startsWith("=")) src = src.slice(1);
  else if (src.startsWith("\x1bLua")) src = "(bstring)";
  else src = "(string)";
  const n = p.code.length;
  const kind = p.lineDefined === 0 ? "main" : "function";
  return (
    `${kind} <${src}:${p.lineDefined},${p.lastLineDefined}> (${n} instruction${plural(n)})\n` +
    `${p.numParams}${p.isVararg ? "+" : ""} param${plural(p.numParams)}, ` +
    `${p.maxStackSize} slot${plural(p.maxStackSize)}, ${p.upvalues.length} upvalue${plural(p.upvalues.length)}, ` +
    `${p.locVars.length} local${plural(p.locVars.length)}, ${p.constants.length} constant${plural(p.constants.length)}, ` +
    `${p.protos.length} function${plural(p.protos.length)}\n`
  );
}

function rk(x: number): string {
  return String(x & BITRK ? -1 - (x & ~BITRK) : x);
}

function kOf(p: Proto, x: number): string {
  return formatConstant(p.constants[x & ~BITRK]);
}

function upName(p: Proto, i: number): string {
  return p.upvalues[i]?.name ?? "-";
}

/** One instruction, as `pc [line] OPNAME args ; comment` (pc 1-based). */
export function formatInstruction(p: Proto, pc: number): string {
  const i = p.code[pc]!;
  const op = getOp(i);
  const [fmt, bMode, cMode] = MODES[op]!;
  const a = getA(i);
  const b = getB(i);
  const c = getC(i);
  const bx = getBx(i);
  const sbx = getSBx(i);
  let args: string;
  switch (fmt) {
    case "ABC":
      args = String(a);
      // luac shows any B or C >= BITRK as a constant, whatever the operand's mode.
      if (bMode !== ArgMode.N) args += " " + rk(b);
      if (cMode !== ArgMode.N) args += " " + rk(c);
      break;
    case "ABx":
      args = String(a);
      if (bMode === ArgMode.K) args += " " + String(-1 - bx);
      else if (bMode === ArgMode.U) args += " " + String(bx);
      break;
    case "AsBx":
      args = `${a} ${sbx}`;
      break;
    default:
      args = String(-1 - getAx(i));
  }
  let note = "";
  switch (op) {
    case Op.LOADK:
      note = formatConstant(p.constants[bx]);
      break;
    case Op.GETUPVAL:
    case Op.SETUPVAL:
      note = upName(p, b);
      break;
    case Op.GETTABUP:
      note = upName(p, b) + (c & BITRK ? " " + kOf(p, c) : "");
      break;
    case Op.SETTABUP:
      note = upName(p, a) + (b & BITRK ? " " + kOf(p, b) : "") + (c & BITRK ? " " + kOf(p, c) : "");
      break;
    case Op.GETTABLE:
    case Op.SELF:
      if (c & BITRK) note = kOf(p, c);
      break;
    case Op.SETTABLE:
    case Op.ADD: case Op.SUB: case Op.MUL: case Op.MOD: case Op.POW: case Op.DIV: case Op.IDIV:
    case Op.BAND: case Op.BOR: case Op.BXOR: case Op.SHL: case Op.SHR:
    case Op.EQ: case Op.LT: case Op.LE:
      if (b & BITRK || c & BITRK) note = (b & BITRK ? kOf(p, b) : "-") + " " + (c & BITRK ? kOf(p, c) : "-");
      break;
    case Op.JMP:
    case Op.FORLOOP:
    case Op.FORPREP:
    case Op.TFORLOOP:
      note = `to ${sbx + pc + 2}`;
      break;
    case Op.CLOSURE:
      note = `function ${bx}`;
      break;
    case Op.SETLIST:
      note = String(c === 0 ? getAx(p.code[pc + 1] ?? 0) : c);
      break;
    case Op.EXTRAARG:
      // luac folds this line into the SETLIST; here it stays visible.
      if (pc > 0 && getOp(p.code[pc - 1]!) === Op.LOADKX) note = formatConstant(p.constants[getAx(i)]);
      break;
    default:
      break;
  }
  const line = p.lineInfo[pc]! > 0 ? `[${p.lineInfo[pc]}]` : "[-]";
  const name = (OP_NAMES[op] ?? "?").padEnd(9);
  return `\t${pc + 1}\t${line}\t${name}\t${args}${note ? "\t; " + note : ""}`;
}

/** A `luac -l -l` style listing of `p` and, after it, of its nested functions. */
export function disassemble(p: Proto): string {
  let out = header(p);
  for (let pc = 0; pc < p.code.length; pc++) out += formatInstruction(p, pc) + "\n";
  out += `constants (${p.constants.length}):\n`;
  p.constants.forEach((k, i) => (out += `\t${i + 1}\t${formatConstant(k)}\n`));
  out += `locals (${p.locVars.length}):\n`;
  p.locVars.forEach((v, i) => (out += `\t${i}\t${v.name}\t${v.startPc + 1}\t${v.endPc + 1}\n`));
  out += `upvalues (${p.upvalues.length}):\n`;
  p.upvalues.forEach((u, i) => (out += `\t${i}\t${u.name}\t${u.inStack ? 1 : 0}\t${u.index}\n`));
  for (const child of p.protos) out += "\n" + disassemble(child);
  return out;
}
