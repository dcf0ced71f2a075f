// The io library (liolib.c's interface). File handles are userdata whose
// value is a LuaFile (luafile.ts) and whose metatable is the state's
// "FILE*" metatable in the registry; the default input and output files
// live in the registry too (_IO_input, _IO_output), so every state has its
// own.

import {
  HostFunction, LuaError, LuaFloat, LuaTable, LuaUserdata, addressOf, hostClosure, formatG14, integerToString,
  stringToNumber, type LuaState, type LuaThread, type LuaValue,
} from "@wippy-lua/vm/libapi";
import { argAt, argError, checkInteger, checkOption, checkString, optString, typeError } from "./args.js";
import {
  Kind, LuaFile, SysError, Vbuf, fileFinalizer, openFile, openPipe, openTempFile, stdStreams, type ExecResult,
} from "./luafile.js";
import { libTemplate, newLibTable } from "./libtable.js";

const IO_INPUT = "_IO_input";
const IO_OUTPUT = "_IO_output";
const FILE_META = "FILE*";
/** liolib's MAXARGLINE: formats io.lines can store. */
const MAXARGLINE = 250;
/** liolib's L_MAXLENNUM: longest numeral read by read("n"). */
const MAXLENNUM = 200;

/** The LuaFile in a file handle, or null for other values. */
export function fileOf(v: LuaValue): LuaFile | null {
  return v instanceof LuaUserdata && v.value instanceof LuaFile ? v.value : null;
}

function newFileHandle(G: LuaState, f: LuaFile): LuaUserdata {
  const meta = G.registry.getStr(FILE_META);
  const h = new LuaUserdata(f, meta instanceof LuaTable ? meta : null);
  if (f.kind === Kind.File) fileFinalizer.register(h, f);
  return h;
}

/** luaL_checkudata(arg, "FILE*"). */
function checkFileArg(L: LuaThread, base: number, nargs: number, arg: number): LuaFile {
  const f = fileOf(argAt(L, base, nargs, arg));
  if (f === null) throw typeError(L, base, nargs, arg, FILE_META);
  return f;
}

/** tofile: an open file argument. */
function toFile(L: LuaThread, base: number, nargs: number): LuaFile {
  const f = checkFileArg(L, base, nargs, 1);
  if (f.closed) throw new LuaError("attempt to use a closed file", true);
  return f;
}

/** luaL_fileresult for a failure: nil, "[fname: ]message", errno. */
function pushFailure(L: LuaThread, err: SysError, fname: string | null): number {
  const s = L.stack;
  s[L.top++] = undefined;
  s[L.top++] = fname !== null ? `${fname}: ${err.message}` : err.message;
  s[L.top++] = err.errno;
  return 3;
}

/** luaL_execresult. */
export function pushExecResult(L: LuaThread, r: ExecResult | SysError): number {
  if (r instanceof SysError) return pushFailure(L, r, null);
  const s = L.stack;
  s[L.top++] = r[0] ? true : undefined;
  s[L.top++] = r[1];
  s[L.top++] = r[2];
  return 3;
}

// ---------------------------------------------------------------- reading

/** read("n"): liolib's read_number, at most MAXLENNUM characters of numeral. */
function readNumber(f: LuaFile): LuaValue {
  let buff = "";
  let c = 0;
  let overflow = false;
  const next = (): void => {
    if (buff.length >= MAXLENNUM) {
      overflow = true;
      c = -1;
      return;
    }
    buff += String.fromCharCode(c);
    c = f.getc();
  };
  const test2 = (set: string): boolean => {
    if (c === set.charCodeAt(0) || c === set.charCodeAt(1)) {
      next();
      return true;
    }
    return false;
  };
  const readDigits = (hex: boolean): number => {
    let count = 0;
    while (!overflow && (hex ? isHexDigit(c) : c >= 48 && c <= 57)) {
      next();
      count++;
    }
    return count;
  };
  do c = f.getc(); while (c === 32 || (c >= 9 && c <= 13));
  let count = 0;
  let hex = false;
  test2("-+");
  if (test2("00")) {
    if (test2("xX")) hex = true;
    else count = 1;
  }
  count += readDigits(hex);
  if (test2("..")) count += readDigits(hex);
  if (count > 0 && test2(hex ? "pP" : "eE")) {
    test2("-+");
    readDigits(false);
  }
  if (c !== -1) f.ungetc();
  if (overflow) return undefined;
  return stringToNumber(buff);
}

function isHexDigit(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

/**
 * g_read: reads with the formats in L.stack[first .. first + nfmt - 1]
 * (none: one line) and pushes the results; on failure the last result is
 * nil, on an I/O error nil, message, errno.
 */
function gRead(L: LuaThread, f: LuaFile, first: number, nfmt: number, argOffset: number): number {
  f.err = null;
  const stack = L.stack;
  const top0 = L.top;
  let ok = true;
  if (nfmt === 0) {
    const line = f.readLine(false);
    stack[L.top++] = line ?? undefined;
    ok = line !== null;
  } else {
    if (L.top + nfmt + 20 > stack.length) {
      while (stack.length < L.top + nfmt + 20) stack.push(undefined);
    }
    // Argument numbers for messages: format k is Lua argument k + argOffset.
    const fbase = first - argOffset + 1;
    const fnargs = nfmt + argOffset - 1;
    for (let k = 0; k < nfmt && ok; k++) {
      const fmt = stack[first + k];
      let v: LuaValue;
      if (typeof fmt === "number" || typeof fmt === "bigint" || fmt instanceof LuaFloat) {
        const n = checkInteger(L, fbase, fnargs, k + argOffset);
        const cnt = typeof n === "bigint" ? Number(n) : n;
        if (cnt === 0) v = f.notAtEof() ? "" : undefined;
        else v = f.readChars(cnt < 0 ? 2 ** 53 : cnt) ?? undefined;
      } else {
        if (typeof fmt !== "string") {
          throw typeError(L, fbase, fnargs, k + argOffset, "string");
        }
        const p = fmt.charCodeAt(0) === 42 /* * */ ? fmt.charAt(1) : fmt.charAt(0);
        switch (p) {
          case "n":
            v = readNumber(f);
            break;
          case "l":
            v = f.readLine(false) ?? undefined;
            break;
          case "L":
            v = f.readLine(true) ?? undefined;
            break;
          case "a":
            v = f.readAll();
            break;
          default:
            throw argError(L, k + argOffset, "invalid format");
        }
      }
      stack[L.top++] = v;
      ok = v !== undefined;
    }
  }
  if (f.err !== null) {
    L.top = top0;
    return pushFailure(L, f.err, null);
  }
  return L.top - top0;
}

// ---------------------------------------------------------------- writing

function gWrite(L: LuaThread, f: LuaFile, base: number, nargs: number, first: number, handle: LuaValue): number {
  f.err = null;
  let ok = true;
  for (let arg = first; arg <= nargs; arg++) {
    const v = L.stack[base + arg - 1];
    let s: string;
    if (typeof v === "string") s = v;
    else if (typeof v === "number") s = Number.isInteger(v) ? "" + v : formatG14(v);
    else if (typeof v === "bigint") s = integerToString(v);
    else if (v instanceof LuaFloat) s = formatG14(v.n);
    else s = checkString(L, base, nargs, arg);
    if (ok) ok = f.write(s);
  }
  if (ok) {
    L.stack[L.top++] = handle;
    return 1;
  }
  return pushFailure(L, f.err!, null);
}

// ---------------------------------------------------------------- default files

function getIoFile(L: LuaThread, key: string): LuaUserdata {
  const h = L.G.registry.getStr(key);
  const f = fileOf(h);
  if (f === null || f.closed) {
    throw new LuaError(`standard ${key === IO_INPUT ? "input" : "output"} file is closed`, true);
  }
  return h as LuaUserdata;
}

function gIoFile(L: LuaThread, base: number, nargs: number, key: string, mode: string): number {
  const v = argAt(L, base, nargs, 1);
  if (v !== undefined) {
    if (typeof v === "string") {
      const f = openFile(v, mode);
      if (f instanceof SysError) throw new LuaError(`cannot open file '${v}' (${f.message})`, true);
      L.G.registry.setStr(key, newFileHandle(L.G, f));
    } else {
      toFile(L, base, nargs);
      L.G.registry.setStr(key, v);
    }
  }
  L.stack[L.top++] = L.G.registry.getStr(key);
  return 1;
}

// ---------------------------------------------------------------- lines

function auxLines(L: LuaThread, handle: LuaUserdata, formats: LuaValue[], toClose: boolean): HostFunction {
  if (formats.length > MAXARGLINE) throw argError(L, MAXARGLINE + 2, "too many arguments");
  const f = handle.value as LuaFile;
  // Upvalues as in liolib.c's aux_lines: the file, the format count, whether to close, the formats.
  const upvalues: LuaValue[] = [handle, formats.length, toClose, ...formats];
  return hostClosure("lines_iterator", (L2) => {
    if (f.closed) throw new LuaError("file is already closed", true);
    const first = L2.top;
    const stack = L2.stack;
    while (stack.length < first + formats.length + 40) stack.push(undefined);
    for (let i = 0; i < formats.length; i++) stack[first + i] = formats[i];
    L2.top = first + formats.length;
    const n = gRead(L2, f, first, formats.length, 2);
    // Move the results down over the formats.
    const res = L2.top - n;
    for (let i = 0; i < n; i++) stack[first + i] = stack[res + i];
    L2.top = first + n;
    const v = stack[first];
    if (v !== undefined && v !== false) return n;
    if (n > 1) throw new LuaError(String(stack[first + 1]), true);
    L2.top = first;
    if (toClose) f.close();
    return 0;
  }, upvalues);
}

// ---------------------------------------------------------------- io.*

function ioOpen(L: LuaThread, base: number, nargs: number): number {
  const name = checkString(L, base, nargs, 1);
  const mode = optString(L, base, nargs, 2, "r");
  if (!/^[rwa]\+?b*$/.test(mode)) throw argError(L, 2, "invalid mode");
  const f = openFile(name, mode);
  if (f instanceof SysError) return pushFailure(L, f, name);
  L.stack[L.top++] = newFileHandle(L.G, f);
  return 1;
}

function ioPopen(L: LuaThread, base: number, nargs: number): number {
  const prog = checkString(L, base, nargs, 1);
  const mode = optString(L, base, nargs, 2, "r");
  if (mode !== "r" && mode !== "w") throw argError(L, 2, "invalid mode");
  L.stack[L.top++] = newFileHandle(L.G, openPipe(prog, mode, L.G));
  return 1;
}

function ioTmpfile(L: LuaThread): number {
  const f = openTempFile();
  if (f instanceof SysError) return pushFailure(L, f, null);
  L.stack[L.top++] = newFileHandle(L.G, f);
  return 1;
}

function ioType(L: LuaThread, base: number, nargs: number): number {
  if (nargs < 1) throw argError(L, 1, "value expected");
  const f = fileOf(argAt(L, base, nargs, 1));
  L.stack[L.top++] = f === null ? undefined : f.closed ? "closed file" : "file";
  return 1;
}

function closeHandle(L: LuaThread, f: LuaFile): number {
  if (f.kind === Kind.Stdin || f.kind === Kind.Stdout || f.kind === Kind.Stderr) {
    L.stack[L.top++] = undefined;
    L.stack[L.top++] = "cannot close standard file";
    return 2;
  }
  const r = f.close();
  if (r === true) {
    L.stack[L.top++] = true;
    return 1;
  }
  if (r instanceof SysError) return pushFailure(L, r, null);
  return pushExecResult(L, r);
}

function ioClose(L: LuaThread, base: number, nargs: number): number {
  if (nargs < 1 || L.stack[base] === undefined) {
    const h = L.G.registry.getStr(IO_OUTPUT);
    const f = fileOf(h);
    if (f === null || f.closed) throw new LuaError("attempt to use a closed file", true);
    return closeHandle(L, f);
  }
  return closeHandle(L, toFile(L, base, nargs));
}

function ioInput(L: LuaThread, base: number, nargs: number): number {
  return gIoFile(L, base, nargs, IO_INPUT, "r");
}

function ioOutput(L: LuaThread, base: number, nargs: number): number {
  return gIoFile(L, base, nargs, IO_OUTPUT, "w");
}

function ioRead(L: LuaThread, base: number, nargs: number): number {
  const h = getIoFile(L, IO_INPUT);
  return gRead(L, h.value as LuaFile, base, nargs, 1);
}

function ioWrite(L: LuaThread, base: number, nargs: number): number {
  const h = getIoFile(L, IO_OUTPUT);
  return gWrite(L, h.value as LuaFile, base, nargs, 1, h);
}

function ioFlush(L: LuaThread): number {
  const f = getIoFile(L, IO_OUTPUT).value as LuaFile;
  if (f.flush()) {
    L.stack[L.top++] = true;
    return 1;
  }
  return pushFailure(L, f.err!, null);
}

function ioLines(L: LuaThread, base: number, nargs: number): number {
  let handle: LuaUserdata;
  let toClose: boolean;
  const v = argAt(L, base, nargs, 1);
  if (v === undefined) {
    handle = getIoFile(L, IO_INPUT);
    toClose = false;
  } else {
    const name = checkString(L, base, nargs, 1);
    const f = openFile(name, "r");
    if (f instanceof SysError) throw new LuaError(`cannot open file '${name}' (${f.message})`, true);
    handle = newFileHandle(L.G, f);
    toClose = true;
  }
  L.stack[L.top++] = auxLines(L, handle, L.stack.slice(base + 1, base + Math.max(nargs, 1)), toClose);
  return 1;
}

// ---------------------------------------------------------------- file methods

function fClose(L: LuaThread, base: number, nargs: number): number {
  return closeHandle(L, toFile(L, base, nargs));
}

function fRead(L: LuaThread, base: number, nargs: number): number {
  const f = toFile(L, base, nargs);
  return gRead(L, f, base + 1, nargs - 1, 2);
}

function fWrite(L: LuaThread, base: number, nargs: number): number {
  const f = toFile(L, base, nargs);
  return gWrite(L, f, base, nargs, 2, L.stack[base]);
}

function fLines(L: LuaThread, base: number, nargs: number): number {
  toFile(L, base, nargs);
  const handle = L.stack[base] as LuaUserdata;
  L.stack[L.top++] = auxLines(L, handle, L.stack.slice(base + 1, base + nargs), false);
  return 1;
}

const SEEK_MODES = ["set", "cur", "end"];

function fSeek(L: LuaThread, base: number, nargs: number): number {
  const f = toFile(L, base, nargs);
  const whence = checkOption(L, base, nargs, 2, "cur", SEEK_MODES);
  const off = nargs >= 3 && L.stack[base + 2] !== undefined ? checkInteger(L, base, nargs, 3) : 0;
  const r = f.seek(whence, Number(off));
  if (r instanceof SysError) return pushFailure(L, r, null);
  L.stack[L.top++] = r;
  return 1;
}

const VBUF_MODES = ["no", "full", "line"];

function fSetvbuf(L: LuaThread, base: number, nargs: number): number {
  const f = toFile(L, base, nargs);
  const mode = checkOption(L, base, nargs, 2, null, VBUF_MODES);
  if (!f.flush()) return pushFailure(L, f.err!, null);
  f.vbuf = mode === 0 ? Vbuf.No : mode === 1 ? Vbuf.Full : Vbuf.Line;
  L.stack[L.top++] = true;
  return 1;
}

function fFlush(L: LuaThread, base: number, nargs: number): number {
  const f = toFile(L, base, nargs);
  if (f.flush()) {
    L.stack[L.top++] = true;
    return 1;
  }
  return pushFailure(L, f.err!, null);
}

function fGc(L: LuaThread, base: number, nargs: number): number {
  const f = checkFileArg(L, base, nargs, 1);
  if (!f.closed && f.kind !== Kind.Stdin && f.kind !== Kind.Stdout && f.kind !== Kind.Stderr) {
    f.close();
  }
  return 0;
}

function fTostring(L: LuaThread, base: number, nargs: number): number {
  const f = checkFileArg(L, base, nargs, 1);
  L.stack[L.top++] = f.closed ? "file (closed)" : `file (${addressOf(L.G, L.stack[base] as LuaUserdata)})`;
  return 1;
}

const IO_FUNCS: readonly HostFunction[] = [
  new HostFunction("close", ioClose),
  new HostFunction("flush", ioFlush),
  new HostFunction("input", ioInput),
  new HostFunction("lines", ioLines),
  new HostFunction("open", ioOpen),
  new HostFunction("output", ioOutput),
  new HostFunction("popen", ioPopen),
  new HostFunction("read", ioRead),
  new HostFunction("tmpfile", ioTmpfile),
  new HostFunction("type", ioType),
  new HostFunction("write", ioWrite),
];
const IO_TEMPLATE = libTemplate(IO_FUNCS);

const METHODS: readonly HostFunction[] = [
  new HostFunction("close", fClose),
  new HostFunction("flush", fFlush),
  new HostFunction("lines", fLines),
  new HostFunction("read", fRead),
  new HostFunction("seek", fSeek),
  new HostFunction("setvbuf", fSetvbuf),
  new HostFunction("write", fWrite),
];
const METHODS_TEMPLATE = libTemplate(METHODS);

const GC = new HostFunction("__gc", fGc);
const TOSTRING = new HostFunction("__tostring", fTostring);

export function openIo(G: LuaState): LuaTable {
  const lib = newLibTable(IO_TEMPLATE);
  const meta = new LuaTable();
  meta.setStr("__index", newLibTable(METHODS_TEMPLATE));
  meta.setStr("__gc", GC);
  meta.setStr("__tostring", TOSTRING);
  meta.setStr("__name", FILE_META);
  G.registry.setStr(FILE_META, meta);
  const [stdin, stdout, stderr] = stdStreams(G);
  const hin = new LuaUserdata(stdin, meta);
  const hout = new LuaUserdata(stdout, meta);
  lib.setStr("stdin", hin);
  lib.setStr("stdout", hout);
  lib.setStr("stderr", new LuaUserdata(stderr, meta));
  G.registry.setStr(IO_INPUT, hin);
  G.registry.setStr(IO_OUTPUT, hout);
  return lib;
}
