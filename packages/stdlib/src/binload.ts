// Loading the binary chunks string.dump makes. The VM's own load accepts
// only source text, so the stdlib installs `load`, `loadfile` and `dofile`
// that recognise a binary chunk (first byte ESC) and hand source text to
// the base library's load unchanged. dofile is a small Lua function so that
// the file's chunk can yield.

import * as fs from "node:fs";
import { baseFunction, compileChunk } from "@wippy-lua/vm";
import {
  HostFunction, LuaClosure, LuaError, UpVal, callFunction, where, type LuaState, type LuaThread, type LuaValue,
  type Proto,
} from "@wippy-lua/vm/libapi";
import { argAt, optString, typeError } from "./args.js";
import { ChunkError, undumpChunk } from "./dump.js";
import { sysError } from "./luafile.js";

/** lundump's name for a chunk in messages. */
function chunkLabel(chunkName: string): string {
  const c = chunkName.charCodeAt(0);
  if (c === 64 /* @ */ || c === 61 /* = */) return chunkName.slice(1);
  if (c === 0x1b) return "binary string";
  return chunkName;
}

/**
 * A closure for binary chunk `s`; its first upvalue is `env` (Lua's load
 * sets _ENV this way). Errors are LuaErrors without position, like load's.
 */
export function loadBinaryChunk(s: string, chunkName: string, mode: string, env: LuaValue): LuaClosure {
  if (!mode.includes("b")) throw new LuaError(`attempt to load a binary chunk (mode is '${mode}')`);
  let proto;
  try {
    proto = undumpChunk(s);
  } catch (e) {
    if (e instanceof ChunkError) throw new LuaError(`${chunkLabel(chunkName)}: ${e.message} precompiled chunk`);
    throw e;
  }
  const upvals: UpVal[] = [];
  for (let i = 0; i < proto.upvalues.length; i++) {
    const uv = new UpVal(null, 0);
    if (i === 0) uv.value = env;
    upvals.push(uv);
  }
  return new LuaClosure(proto, upvals);
}

/** Pieces from a reader function until nil or "" (lua_load with a lua_Reader). */
function readPieces(L: LuaThread, f: LuaValue): string {
  const parts: string[] = [];
  for (;;) {
    const r = callFunction(L, f, [], 1)[0];
    if (r === undefined || r === "") break;
    if (typeof r !== "string") throw new LuaError(where(L, 1) + "reader function must return a string");
    parts.push(r);
  }
  return parts.join("");
}

function loadAny(L: LuaThread, base: number, nargs: number): number {
  const baseLoad = baseFunction("load");
  let chunk = argAt(L, base, nargs, 1);
  let name: string;
  if (typeof chunk === "string") {
    name = optString(L, base, nargs, 2, chunk);
  } else if (chunk instanceof LuaClosure || chunk instanceof HostFunction) {
    name = optString(L, base, nargs, 2, "=(load)");
    try {
      chunk = readPieces(L, chunk);
    } catch (e) {
      if (e instanceof LuaError) {
        L.stack[L.top++] = undefined;
        L.stack[L.top++] = e.value;
        return 2;
      }
      throw e;
    }
  } else {
    throw typeError(L, base, nargs, 1, "function");
  }
  if (chunk.charCodeAt(0) === 0x1b) {
    const mode = optString(L, base, nargs, 3, "bt");
    const env = nargs >= 4 ? L.stack[base + 3] : L.G.globals;
    try {
      L.stack[L.top++] = loadBinaryChunk(chunk, name, mode, env);
      return 1;
    } catch (e) {
      if (!(e instanceof LuaError)) throw e;
      L.stack[L.top++] = undefined;
      L.stack[L.top++] = e.value;
      return 2;
    }
  }
  // Source text: the base library's load, with the same arguments.
  const args: LuaValue[] = [chunk, name];
  for (let i = 3; i <= nargs; i++) args.push(L.stack[base + i - 1]);
  const r = callFunction(L, baseLoad, args, -1);
  for (const v of r) L.stack[L.top++] = v;
  return r.length;
}

/** `load` accepting string.dump's binary chunks as well as source text. */
export const LOAD = new HostFunction("load", loadAny);

/**
 * A file's chunk as luaL_loadfilex reads it: a UTF-8 BOM and a first line
 * starting with '#' are skipped (the line's newline is kept for source text,
 * so line numbers stay right). Returns the text, or an error message.
 */
export function readChunkFile(filename: string | null): string | { error: string } {
  let s: string;
  try {
    s = fs.readFileSync(filename === null ? 0 : Buffer.from(filename, "latin1")).toString("latin1");
  } catch (e) {
    const err = sysError(e);
    const what = (e as NodeJS.ErrnoException).code === "EISDIR" ? "read" : "open";
    return { error: `cannot ${what} ${filename ?? "stdin"}: ${err.message}` };
  }
  if (s.startsWith("\xEF\xBB\xBF")) s = s.slice(3);
  if (s.charCodeAt(0) === 35 /* # */) {
    const nl = s.indexOf("\n");
    s = nl < 0 ? "" : s.slice(nl);
    if (s.charCodeAt(1) === 0x1b) s = s.slice(1);
  }
  return s;
}

/** loadfile's work: a closure for the file, or an error message. */
function loadFileChunk(L: LuaThread, filename: string | null, mode: string, env: LuaValue,
  hasEnv: boolean): LuaValue[] {
  const src = readChunkFile(filename);
  if (typeof src !== "string") return [undefined, src.error];
  const name = filename === null ? "=stdin" : "@" + filename;
  if (src.charCodeAt(0) === 0x1b) {
    try {
      return [loadBinaryChunk(src, name, mode, hasEnv ? env : L.G.globals)];
    } catch (e) {
      if (e instanceof LuaError) return [undefined, e.value];
      throw e;
    }
  }
  const args: LuaValue[] = [src, name, mode];
  if (hasEnv) args.push(env);
  return callFunction(L, baseFunction("load"), args, 2);
}

function loadfileAny(L: LuaThread, base: number, nargs: number): number {
  const fname = argAt(L, base, nargs, 1);
  const filename = fname === undefined ? null : optString(L, base, nargs, 1, "");
  const mode = optString(L, base, nargs, 2, "bt");
  const r = loadFileChunk(L, filename, mode, argAt(L, base, nargs, 3), nargs >= 3);
  for (const v of r) L.stack[L.top++] = v;
  return r.length;
}

/**
 * dofile's loading half: the chunk of the file, ready to call. Argument
 * errors name 'dofile' and carry the position of dofile's caller (two
 * levels up: this function runs inside the Lua wrapper below).
 */
function dofileLoad(L: LuaThread, base: number, nargs: number): number {
  const fname = argAt(L, base, nargs, 1);
  let filename: string | null;
  try {
    filename = fname === undefined ? null : optString(L, base, nargs, 1, "");
  } catch (e) {
    if (e instanceof LuaError && typeof e.value === "string") throw new LuaError(where(L, 2) + e.value);
    throw e;
  }
  const r = loadFileChunk(L, filename, "bt", undefined, false);
  if (r[0] === undefined) throw new LuaError(r[1]);
  L.stack[L.top++] = r[0];
  return 1;
}

/** `loadfile` that also reads string.dump's binary chunks. */
export const LOADFILE = new HostFunction("loadfile", loadfileAny);

// dofile is a Lua function that tail-calls the loaded chunk, so the chunk
// may yield (C Lua's dofile continues with lua_callk for the same reason).
const DOFILE_SOURCE = "local dofile = ...\nreturn function (...) return dofile(...)() end\n";
const DOFILE_LOAD = new HostFunction("dofile", dofileLoad);
let dofileProto: Proto | null = null;

/** The state's dofile: a closure over the shared wrapper Proto. */
export function makeDofile(G: LuaState): LuaClosure {
  if (dofileProto === null) dofileProto = compileChunk(DOFILE_SOURCE, "=[C]").protos[0]!;
  const upvals = dofileProto.upvalues.map((u) => {
    const uv = new UpVal(null, 0);
    uv.value = u.name === "dofile" ? DOFILE_LOAD : G.globals;
    return uv;
  });
  return new LuaClosure(dofileProto, upvals);
}
