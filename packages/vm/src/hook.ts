// Debug hooks (debug.sethook): per-thread call, return, line and count
// hooks, run by the execute loop (vm.ts).
//
// Hooks live in a side table, not on LuaThread, and `hookedThreads` counts
// the threads that have one: while it is zero the loop never looks further,
// so code that sets no hook pays one compare per call and nothing per
// instruction.

import { callFunction } from "./call.js";
import { CIST, type CallInfo, type LuaThread } from "./state.js";
import type { LuaValue } from "./value.js";

/** Hook mask bits (lua.h's LUA_MASKCALL ... LUA_MASKCOUNT). */
export const HOOK_CALL = 1;
export const HOOK_RET = 2;
export const HOOK_LINE = 4;
export const HOOK_COUNT = 8;

export class Hook {
  /** The Lua function called as fn(event, line). */
  fn: LuaValue;
  mask: number;
  /** Instructions between count events (0: no count hook). */
  count: number;
  /** Instructions left before the next count event. */
  left: number;
  /** Index of the last instruction traced in the running function (lua_State's oldpc). */
  oldPc = 0;
  /** True while the hook function runs: hooks do not nest (lua_State's allowhook). */
  running = false;
  constructor(fn: LuaValue, mask: number, count: number) {
    this.fn = fn;
    this.mask = mask;
    this.count = count;
    this.left = count;
  }
}

const hooks = new WeakMap<LuaThread, Hook>();

/** Number of threads with a hook set; the execute loop skips all hook work while it is 0. */
export let hookedThreads = 0;

/**
 * Sets thread L's hook (lua_sethook): `fn` is called with the event name
 * ("call", "tail call", "return", "line", "count") and, for line events,
 * the line. `mask` is a combination of HOOK_CALL, HOOK_RET, HOOK_LINE; a
 * `count` > 0 adds count events every `count` instructions. A nil `fn` or an
 * empty mask with no count removes the hook.
 */
export function setHook(L: LuaThread, fn: LuaValue, mask: number, count: number): void {
  if (count > 0) mask |= HOOK_COUNT;
  else mask &= ~HOOK_COUNT;
  const old = hooks.get(L);
  if (old !== undefined) {
    // A running loop may still hold the old hook until its next call or return: make it inert.
    old.mask = 0;
    old.fn = undefined;
  }
  if (fn === undefined || mask === 0) {
    if (old !== undefined) {
      hooks.delete(L);
      hookedThreads--;
    }
    return;
  }
  const h = new Hook(fn, mask, count);
  if (old !== undefined) h.running = old.running;
  const ci = L.ci;
  // The instruction that called sethook counts as traced: no line event
  // until execution moves to another line.
  if ((ci.status & CIST.Lua) !== 0) h.oldPc = ci.savedPc - 1;
  else if (ci.prev !== null && (ci.prev.status & CIST.Lua) !== 0) h.oldPc = ci.prev.savedPc - 1;
  hooks.set(L, h);
  if (old === undefined) hookedThreads++;
}

/** Thread L's hook as set by setHook: {fn, mask, count}, or null when there is none. */
export function getHook(L: LuaThread): { fn: LuaValue; mask: number; count: number } | null {
  const h = hooks.get(L);
  return h === undefined ? null : { fn: h.fn, mask: h.mask & ~HOOK_COUNT, count: h.count };
}

/** The hook of thread L (null when none). Only called while hookedThreads > 0. */
export function hookOf(L: LuaThread): Hook | null {
  return hooks.get(L) ?? null;
}

/**
 * Calls the hook function for `event` with the running frame `ci` marked
 * as hooked (debug.getinfo names the hook "hook"). L.top is left as it was.
 */
export function runHook(L: LuaThread, h: Hook, ci: CallInfo, event: string, line: LuaValue): void {
  if (h.running) return;
  h.running = true;
  const status = ci.status;
  ci.status = status | CIST.Hooked;
  try {
    callFunction(L, h.fn, line === undefined ? [event] : [event, line], 0);
  } finally {
    h.running = false;
    const now = hooks.get(L);
    if (now !== undefined) now.running = false;
    ci.status = (ci.status & ~CIST.Hooked) | (status & CIST.Hooked);
  }
}

/**
 * Before the instruction at index `npc` of Lua frame `ci` (ci.savedPc is
 * already past it): count and line events (ldebug.c's luaG_traceexec). A
 * line event fires on entering a function, on a jump backwards and when the
 * line changes.
 */
export function traceExec(L: LuaThread, h: Hook, ci: CallInfo, npc: number): void {
  // Instructions of the hook function itself count too, as in C Lua, but
  // raise no events (runHook does nothing while a hook runs).
  const mask = h.mask;
  if ((mask & HOOK_COUNT) !== 0 && --h.left === 0) {
    h.left = h.count;
    runHook(L, h, ci, "count", undefined);
  }
  if ((mask & HOOK_LINE) !== 0) {
    const lines = ci.closure!.proto.lineInfo;
    const old = h.oldPc;
    const line = lines[npc]!;
    h.oldPc = npc;
    if (npc === 0 || npc <= old || line !== lines[old]) runHook(L, h, ci, "line", line);
  }
}
