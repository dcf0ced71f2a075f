// Turning source text into a closure: parse, compile, attach _ENV.
//
// Compiled Protos are immutable, so states share them: a small cache keyed
// by chunk name and text spares 100,000 actor states the same compile.

import { parse } from "@wippy-lua/parser";
import { compile } from "./compiler/index.js";
import { LuaClosure, UpVal } from "./function.js";
import { LuaError } from "./lua-error.js";
import type { Proto } from "./proto.js";
import type { LuaState } from "./state.js";
import type { LuaValue } from "./value.js";

const CACHE_LIMIT = 256;
const CACHEABLE_SIZE = 1 << 20;
const protoCache = new Map<string, Proto>();

/** Compiles `source` (a byte string) to a Proto; throws LuaSyntaxError. */
export function compileChunk(source: string, chunkName: string): Proto {
  const cacheable = source.length <= CACHEABLE_SIZE;
  const key = cacheable ? chunkName + "\u0000" + source : "";
  if (cacheable) {
    const hit = protoCache.get(key);
    if (hit !== undefined) return hit;
  }
  const proto = compile(parse(source, { chunkName }), chunkName, source);
  if (cacheable) {
    if (protoCache.size >= CACHE_LIMIT) protoCache.delete(protoCache.keys().next().value!);
    protoCache.set(key, proto);
  }
  return proto;
}

/**
 * load(): checks the mode, compiles, and makes a closure whose first
 * upvalue (_ENV) is `env` (the globals unless `hasEnv`). Mode errors are
 * LuaErrors without position; syntax errors are LuaSyntaxErrors.
 */
export function loadChunk(G: LuaState, source: string, chunkName: string, mode = "bt",
  env?: LuaValue, hasEnv = false): LuaClosure {
  if (source.charCodeAt(0) === 0x1b) {
    if (!mode.includes("b")) throw new LuaError(`attempt to load a binary chunk (mode is '${mode}')`);
    throw new LuaError(`${chunkName.replace(/^[@=]/, "")}: binary chunks are not supported`);
  }
  if (!mode.includes("t")) throw new LuaError(`attempt to load a text chunk (mode is '${mode}')`);
  const proto = compileChunk(source, chunkName);
  const upvals: UpVal[] = [];
  for (let i = 0; i < proto.upvalues.length; i++) {
    const uv = new UpVal(null, 0);
    if (i === 0) uv.value = hasEnv ? env : G.globals;
    upvals.push(uv);
  }
  return new LuaClosure(proto, upvals);
}
