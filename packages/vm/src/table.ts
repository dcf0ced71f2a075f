// Lua tables: an array part for the keys 1..n, a string part for string
// keys and a hash part (a JS Map) for every other key.
//
// The string part is a plain JS object whose prototype is one shared empty
// object with no prototype (so no inherited names such as "constructor").
// V8 gives such objects hidden classes: tables built the same way share
// one, and a compiled access with a constant name (`t.strs.x`, see jit/)
// gets an inline cache, where a Map lookup would hash the key every time.
// See docs/decisions/0008-table-string-keys.md.
//
// Invariant: no integer key in [1, arr.length + 1] lives in the hash part.
// Setting key arr.length + 1 appends to the array and pulls the following
// keys over from the hash, so `#t` never needs to search the hash.
//
// A table whose string part grows past STR_OBJECT_LIMIT keys moves its
// string keys into the hash part for good (`strs` null, `strCount` -1).
// Keys built at run time ("key" .. i) are not internalised: V8 must look
// such a string up in its string table before every property access, and
// an object with that many keys is a dictionary anyway, so a Map is
// cheaper there (ADR 0008, session 5). Readers that find `strs` null must
// therefore ask `getStr` rather than answer nil.
//
// Assigning nil to a string or hash entry leaves the key in place with an
// undefined value (a tombstone) so that `next` keeps working when a
// traversal clears fields, as Lua allows. Tombstones are swept when new keys
// are inserted (inserting during a traversal is undefined behaviour in Lua
// too).

import { runtimeError } from "./runtime-error.js";
import { LuaFloat, type LuaValue } from "./value.js";

/** Canonical boxes for integral floats outside the int64 range (1e300, 2^63, ±huge). */
const bigFloatKeys = new Map<number, LuaFloat>();

const TWO63 = 9223372036854775808;

/**
 * The key under which a value is stored: integral floats become integers
 * (or, beyond int64, one shared box per value), everything else is itself.
 */
export function normalizeKey(k: LuaValue): LuaValue {
  if (k instanceof LuaFloat) {
    const n = k.n;
    if (n >= -TWO63 && n < TWO63) {
      if (Number.isSafeInteger(n)) return n === 0 ? 0 : n;
      return BigInt(n);
    }
    let box = bigFloatKeys.get(n);
    if (box === undefined) {
      box = k;
      bigFloatKeys.set(n, box);
    }
    return box;
  }
  return k;
}

/** A table's string part: string key -> value; undefined values are tombstones. */
export type StrKeys = Record<string, LuaValue>;

/** String keys a string part may hold before they move to the hash part. */
export const STR_OBJECT_LIMIT = 256;

const STR_PROTO: object = Object.create(null) as object;

/** An empty string part (every one shares STR_PROTO, hence V8's initial hidden class). */
export function newStrKeys(): StrKeys {
  return Object.create(STR_PROTO) as StrKeys;
}

/** A string part holding the entries of `src` that are not tombstones. */
export function copyStrKeys(src: StrKeys): StrKeys {
  const o = newStrKeys();
  for (const k in src) {
    const v = src[k];
    if (v !== undefined) o[k] = v;
  }
  return o;
}

export class LuaTable {
  /** Values of keys 1..arr.length (arr[0] is key 1); may hold nils. */
  arr: LuaValue[] = [];
  /** String keys (see the top of this file); null when there are none or they live in `hash`. */
  strs: StrKeys | null = null;
  /** Every other key; undefined values are tombstones. */
  hash: Map<LuaValue, LuaValue> | null = null;
  metatable: LuaTable | null = null;
  /** Bits of absent metamethods when this table is a metatable (see meta.ts). */
  tmAbsent = 0;
  /** Address shown by tostring; assigned on first use. */
  id = 0;
  /** The value that goes with the key `next` returned last. */
  nextValue: LuaValue = undefined;
  private tombstones = 0;
  /** Keys in strs, tombstones included (-1: string keys live in hash), and how many of them are tombstones. */
  private strCount = 0;
  private strDead = 0;
  /** Traversal of strs: its keys when the traversal started (dropped when a key is added), and the position of the last one returned. */
  private strKeys: string[] | null = null;
  private strPos = 0;
  private iterKey: LuaValue = undefined;
  private iter: Iterator<[LuaValue, LuaValue]> | null = null;
  get(k: LuaValue): LuaValue {
    if (typeof k === "number") {
      const i = k - 1;
      if (i >>> 0 === i && i < this.arr.length) return this.arr[i];
      return this.hash === null ? undefined : this.hash.get(k);
    }
    if (typeof k === "string") return this.strValue(k);
    if (k instanceof LuaFloat) {
      const nk = normalizeKey(k);
      if (nk instanceof LuaFloat) return this.hash === null ? undefined : this.hash.get(nk);
      return this.get(nk);
    }
    if (k === undefined || this.hash === null) return undefined;
    return this.hash.get(k);
  }

  getStr(k: string): LuaValue {
    return this.strValue(k);
  }

  /** The value of string key k (not overridden, unlike getStr: get must not pass through a subclass's getStr too). */
  private strValue(k: string): LuaValue {
    const o = this.strs;
    if (o !== null) return o[k];
    return this.strCount < 0 ? this.hash!.get(k) : undefined;
  }

  /** True when the string keys live in the hash part (see the top of this file). */
  strsInHash(): boolean {
    return this.strCount < 0;
  }

  /** Integer key that is a JS number. */
  getInt(k: number): LuaValue {
    const i = k - 1;
    if (i >>> 0 === i && i < this.arr.length) return this.arr[i];
    return this.hash === null ? undefined : this.hash.get(k);
  }

  /** Raw assignment; raises Lua's errors for nil and NaN keys. */
  set(k: LuaValue, v: LuaValue): void {
    if (typeof k === "number") {
      const i = k - 1;
      if (i >>> 0 === i) {
        const arr = this.arr;
        if (i < arr.length) {
          arr[i] = v;
          return;
        }
        if (i === arr.length) {
          if (v !== undefined) {
            arr.push(v);
            if (this.hash !== null && this.hash.size > 0) this.migrate();
          }
          return;
        }
      } else if (k !== k) {
        throw runtimeError("table index is NaN");
      }
      this.hashSet(k, v);
      return;
    }
    if (typeof k === "string") {
      this.tmAbsent = 0;
      this.strSet(k, v);
      return;
    }
    if (k === undefined) throw runtimeError("table index is nil");
    if (k instanceof LuaFloat) {
      const nk = normalizeKey(k);
      if (nk instanceof LuaFloat) this.hashSet(nk, v);
      else this.set(nk, v);
      return;
    }
    this.hashSet(k, v);
  }

  setInt(k: number, v: LuaValue): void {
    const i = k - 1;
    const arr = this.arr;
    if (i >>> 0 === i && i < arr.length) arr[i] = v;
    else this.set(k, v);
  }

  setStr(k: string, v: LuaValue): void {
    this.tmAbsent = 0;
    this.strSet(k, v);
  }

  /** SETLIST: t[start + j] = src[from + j - 1] for j = 1..n. */
  setList(start: number, src: LuaValue[], from: number, n: number): void {
    const arr = this.arr;
    if (start === 0 && arr.length === 0 && this.hash === null && from + n <= src.length) {
      // A constructor's first items: an array of exactly their size (pushing
      // would give it V8's growth capacity, 17 slots for {a, b}).
      this.arr = src.slice(from, from + n);
      return;
    }
    if (arr.length !== start) {
      for (let j = 1; j <= n; j++) this.set(start + j, src[from + j - 1]);
      return;
    }
    for (let j = 0; j < n; j++) arr.push(src[from + j]);
    const h = this.hash;
    if (h !== null && h.size > 0) {
      // Keys now covered by the array part must leave the hash.
      for (let j = 1; j <= n; j++) {
        if (h.has(start + j)) {
          if (h.get(start + j) === undefined) this.tombstones--;
          h.delete(start + j);
        }
      }
      this.migrate();
    }
  }

  private strSet(k: string, v: LuaValue): void {
    let o = this.strs;
    if (o === null) {
      if (this.strCount < 0) {
        this.hashSet(k, v);
        return;
      }
      if (v === undefined) return;
      o = this.strs = newStrKeys();
      o[k] = v;
      this.strCount = 1;
      return;
    }
    const old = o[k];
    if (old !== undefined) {
      if (v === undefined) this.strDead++;
      o[k] = v;
      return;
    }
    if (v === undefined) return;
    // Without tombstones a missing value means a missing key: skip the second lookup.
    if (this.strDead > 0 && k in o) {
      // A tombstone comes back to life.
      this.strDead--;
      o[k] = v;
      return;
    }
    if (this.strDead > 8 && this.strDead * 2 > this.strCount) o = this.sweepStrs();
    if (this.strCount >= STR_OBJECT_LIMIT) {
      this.moveStrsToHash(o);
      this.hashSet(k, v);
      return;
    }
    o[k] = v;
    this.strCount++;
    this.strKeys = null;
  }

  /** A fresh string part without the tombstones (deleting properties would turn V8's object into a dictionary). */
  private sweepStrs(): StrKeys {
    const o = copyStrKeys(this.strs!);
    this.strs = o;
    this.strCount -= this.strDead;
    this.strDead = 0;
    this.strKeys = null;
    return o;
  }

  /** Moves the live string keys into the hash part, for good. */
  private moveStrsToHash(o: StrKeys): void {
    let h = this.hash;
    if (h === null) h = this.hash = new Map();
    for (const key in o) {
      const v = o[key];
      if (v !== undefined) h.set(key, v);
    }
    this.strs = null;
    this.strCount = -1;
    this.strDead = 0;
    this.strKeys = null;
  }

  private hashSet(k: LuaValue, v: LuaValue): void {
    let h = this.hash;
    if (h === null) {
      if (v === undefined) return;
      h = this.hash = new Map();
      h.set(k, v);
      return;
    }
    if (v !== undefined) {
      // Without tombstones, storing a value is one Map.set whether the key is new or not.
      if (this.tombstones !== 0 && h.get(k) === undefined) {
        if (h.has(k)) this.tombstones--; // a tombstone comes back to life
        else if (this.tombstones > 8 && this.tombstones * 2 > h.size) this.sweep();
      }
      h.set(k, v);
      return;
    }
    if (h.get(k) !== undefined) {
      h.set(k, undefined);
      this.tombstones++;
    }
  }

  private sweep(): void {
    const h = this.hash!;
    for (const [k, v] of h) if (v === undefined) h.delete(k);
    this.tombstones = 0;
    this.iter = null;
  }

  /** Moves keys arr.length+1, +2, ... out of the hash after the array grew. */
  private migrate(): void {
    const h = this.hash!;
    const arr = this.arr;
    for (;;) {
      const k = arr.length + 1;
      const v = h.get(k);
      if (v === undefined) {
        if (h.has(k)) {
          h.delete(k);
          this.tombstones--;
        }
        return;
      }
      h.delete(k);
      arr.push(v);
    }
  }

  /** The border `#t` (luaH_getn): arr.length unless the array ends in nil. */
  length(): number {
    const arr = this.arr;
    let j = arr.length;
    if (j === 0 || arr[j - 1] !== undefined) return j;
    // Binary search for i with t[i] ~= nil and t[i+1] == nil (t[0] counts as non-nil).
    let i = 0;
    while (j - i > 1) {
      const m = (i + j) >>> 1;
      if (arr[m - 1] === undefined) j = m;
      else i = m;
    }
    return i;
  }

  /**
   * The key after `k` in traversal order (undefined at the end); the value
   * is left in `nextValue`. Raises "invalid key to 'next'" for unknown keys.
   */
  next(k: LuaValue): LuaValue {
    const arr = this.arr;
    let i = 0;
    if (k !== undefined) {
      k = normalizeKey(k);
      if (typeof k === "number" && k - 1 >>> 0 === k - 1 && k <= arr.length) i = k;
      else if (typeof k === "string" && this.strCount >= 0) return this.nextInStrs(k);
      else return this.nextInHash(k);
    }
    for (; i < arr.length; i++) {
      const v = arr[i];
      if (v !== undefined) {
        this.nextValue = v;
        return i + 1;
      }
    }
    return this.strsFrom(0);
  }

  /** The first live string key at or after position `pos` of the traversal's key list, else the hash part's first. */
  private strsFrom(pos: number): LuaValue {
    const o = this.strs;
    if (o !== null) {
      let keys = this.strKeys;
      if (keys === null || pos === 0) keys = this.strKeys = Object.keys(o);
      for (; pos < keys.length; pos++) {
        const key = keys[pos]!;
        const v = o[key];
        if (v !== undefined) {
          this.strPos = pos;
          this.nextValue = v;
          return key;
        }
      }
    }
    const h = this.hash;
    if (h === null) return undefined;
    return this.advance(h.entries());
  }

  private nextInStrs(k: string): LuaValue {
    const o = this.strs;
    if (o === null || !(k in o)) throw runtimeError("invalid key to 'next'");
    let keys = this.strKeys;
    let pos = this.strPos;
    if (keys === null || keys[pos] !== k) {
      if (keys === null) keys = this.strKeys = Object.keys(o);
      pos = keys.indexOf(k);
      if (pos < 0) throw runtimeError("invalid key to 'next'");
    }
    return this.strsFrom(pos + 1);
  }

  private nextInHash(k: LuaValue): LuaValue {
    const h = this.hash;
    if (h === null) throw runtimeError("invalid key to 'next'");
    let it = this.iter;
    // The usual loop passes back the key returned last: its iterator goes on
    // from there (Map iterators survive updates; sweeps drop it).
    if (it === null || this.iterKey !== k) {
      if (!h.has(k)) throw runtimeError("invalid key to 'next'");
      it = h.entries();
      for (;;) {
        const r = it.next();
        if (r.done) throw runtimeError("invalid key to 'next'");
        if (r.value[0] === k) break;
      }
    }
    return this.advance(it);
  }

  private advance(it: Iterator<[LuaValue, LuaValue]>): LuaValue {
    for (;;) {
      const r = it.next();
      if (r.done) {
        this.iter = null;
        this.iterKey = undefined;
        return undefined;
      }
      const entry = r.value;
      const key = entry[0];
      const v = entry[1];
      if (v !== undefined) {
        this.iter = it;
        this.iterKey = key;
        this.nextValue = v;
        return key;
      }
    }
  }

  /** Number of non-nil entries in the string and hash parts (for sizing and toJS). */
  hashSize(): number {
    const strs = this.strCount < 0 ? 0 : this.strCount - this.strDead;
    return (this.hash === null ? 0 : this.hash.size - this.tombstones) + strs;
  }

  /** Number of keys stored in the string and hash parts, tombstones included (the collector's size estimate). */
  storedKeys(): number {
    return (this.hash === null ? 0 : this.hash.size) + Math.max(this.strCount, 0);
  }

  /**
   * Replaces the string part by `o` (a string part nothing else writes to
   * afterwards, such as a fresh copy or one built by a decoder). Only for a
   * table whose string keys are not in its hash part.
   */
  adoptStrs(o: StrKeys | null): void {
    this.strs = o;
    let n = 0;
    let dead = 0;
    if (o !== null) {
      for (const k in o) {
        n++;
        if (o[k] === undefined) dead++;
      }
    }
    this.strCount = n;
    this.strDead = dead;
    this.strKeys = null;
  }
}
