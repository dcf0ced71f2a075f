// Loading the binary chunks string.dump makes. The VM's own load accepts
// only source text, so the stdlib installs a `load` that recognises a
// binary chunk (first byte ESC) and hands everything else to the base
// library's load unchanged.

import { baseFunction } from "@wippy-lua/vm";
import {
  HostFunction, LuaClosure, LuaError, UpVal, callFunction, type LuaThread, type LuaValue,
} from "@wippy-lua/vm/libapi";
import { argAt, optString, typeError } from "./args.js";
import { ChunkError, undumpChunk } from "./dump.js";

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
    if (typeof r !== "string") throw new LuaError("reader function must return a string");
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
    throw typeError(L, base, nargs, 1, "string");
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
