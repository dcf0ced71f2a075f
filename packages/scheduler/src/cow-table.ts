// Copy-on-write tables: how 100,000 processes each get their own, writable
// `string`, `math`, ... tables without 100,000 copies of them.
//
// A CowTable starts out sharing its array, string and hash storage with a
// template that nothing ever writes to. Reads go through LuaTable's own
// methods unchanged (the storage is an ordinary array, object and Map); the
// first write of any kind copies the storage, so the change stays in this
// one table.
// Every mutation path of LuaTable (set, setInt, setStr, setList) is
// overridden; the private helpers they call are only reached after the copy.

import { copyStrKeys, LuaTable, LuaThread, newStrKeys, type LuaState, type LuaValue, type StrKeys } from "./vm.js";

/** Storage a CowTable shares until its first write; must never be mutated. */
export interface TableTemplate {
  readonly arr: LuaValue[];
  readonly strs: StrKeys | null;
  readonly hash: Map<LuaValue, LuaValue> | null;
}

/** Freezes the current contents of `t` as a template (t itself must not be written afterwards). */
export function templateOf(t: LuaTable): TableTemplate {
  // Cleared keys stay in a LuaTable's storage as tombstones that the table
  // counts privately; a template must not carry them. String keys that a
  // big table keeps in its hash part go back to a string part.
  let hash: Map<LuaValue, LuaValue> | null = null;
  let strs = t.strs === null ? null : copyStrKeys(t.strs);
  if (t.hash !== null) {
    hash = new Map();
    for (const [k, v] of t.hash) {
      if (v === undefined) continue;
      if (typeof k === "string") (strs ??= newStrKeys())[k] = v;
      else hash.set(k, v);
    }
  }
  return { arr: t.arr.slice(), strs, hash };
}

/** A template holding `entries` (string keys). */
export function templateFrom(entries: Iterable<[string, LuaValue]>): TableTemplate {
  const strs = newStrKeys();
  for (const [k, v] of entries) strs[k] = v;
  return { arr: [], strs, hash: null };
}

export class CowTable extends LuaTable {
  /** True while arr and hash still belong to the template. */
  private shared = true;

  constructor(tpl: TableTemplate) {
    super();
    this.arr = tpl.arr;
    this.adoptStrs(tpl.strs);
    this.hash = tpl.hash;
  }

  private own(): void {
    this.shared = false;
    this.arr = this.arr.slice();
    if (this.strs !== null) this.adoptStrs(Object.assign(newStrKeys(), this.strs));
    if (this.hash !== null) this.hash = new Map(this.hash);
  }

  override set(k: LuaValue, v: LuaValue): void {
    if (this.shared) this.own();
    super.set(k, v);
  }

  override setInt(k: number, v: LuaValue): void {
    if (this.shared) this.own();
    super.setInt(k, v);
  }

  override setStr(k: string, v: LuaValue): void {
    if (this.shared) this.own();
    super.setStr(k, v);
  }

  override setList(start: number, src: LuaValue[], from: number, n: number): void {
    if (this.shared) this.own();
    super.setList(start, src, from, n);
  }
}

/**
 * Maps the objects of a template state to one process's own objects. The
 * template's library tables, globals, main thread, ... appear as values in
 * the shared storage of CowTrees; reading one through a tree returns the
 * process's counterpart, made on first use by its factory.
 */
export class Rebinder {
  private readonly bound = new Map<object, LuaValue>();
  constructor(readonly factories: ReadonlyMap<object, (rb: Rebinder) => LuaValue>, readonly state: LuaState) {}

  /** Fixes the counterpart of `templateObj` (the process's globals, main thread, ...). */
  preset(templateObj: object, v: LuaValue): void {
    this.bound.set(templateObj, v);
  }

  bind(v: LuaValue): LuaValue {
    if (!(v instanceof LuaTable || v instanceof LuaThread)) return v;
    const f = this.factories.get(v);
    if (f === undefined) return v;
    let x = this.bound.get(v);
    if (x === undefined) {
      x = f(this);
      this.bound.set(v, x);
    }
    return x;
  }
}

/**
 * A copy-on-write table whose shared storage refers to template objects:
 * every read passes the value through the process's Rebinder, so libraries
 * are instantiated for a process only when it first touches them.
 */
export class CowTree extends CowTable {
  constructor(tpl: TableTemplate, private readonly rb: Rebinder) {
    super(tpl);
  }

  override get(k: LuaValue): LuaValue {
    return this.rb.bind(super.get(k));
  }

  override getStr(k: string): LuaValue {
    return this.rb.bind(super.getStr(k));
  }

  override getInt(k: number): LuaValue {
    return this.rb.bind(super.getInt(k));
  }

  override next(k: LuaValue): LuaValue {
    const key = super.next(k);
    this.nextValue = this.rb.bind(this.nextValue);
    return key;
  }
}
