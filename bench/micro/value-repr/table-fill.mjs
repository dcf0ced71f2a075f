// Table-heavy kernel: t[i] = i * 2 for i = 1..n (array part growing), then
// s = s + t[i] over the table, with keys and values in each representation.
import { compare } from "./harness.mjs";

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

// (b) canonical: integer keys index a JS array directly; values stored as is.
function runB(n) {
  const arr = [];
  for (let i = 1; i <= n; i++) {
    let v = i * 2;
    if (!(v >= -MAX_SAFE && v <= MAX_SAFE)) v = BigInt.asIntN(64, BigInt(i) * 2n);
    if (typeof i === "number" && i === arr.length + 1) arr.push(v);
    else throw new Error("hash part not exercised");
  }
  let s = 0;
  for (let i = 1; i <= n; i++) {
    const v = arr[i - 1];
    if (typeof v === "number" && Number.isInteger(v)) {
      const r = s + v;
      s = r >= -MAX_SAFE && r <= MAX_SAFE ? r : Number.NaN;
    }
  }
  return s;
}

// (a) doubles with side tags, for the table's array part as well.
function runA(n) {
  const vals = [], tags = [];
  for (let i = 1; i <= n; i++) {
    vals.push(i * 2);
    tags.push(0);
  }
  let s = 0;
  for (let i = 1; i <= n; i++) if (tags[i - 1] === 0) s += vals[i - 1];
  return s;
}

// (c) all integers bigint: keys converted to array indexes, values bigint.
function runC(n) {
  const arr = [];
  for (let i = 1n, N = BigInt(n); i <= N; i++) {
    const k = Number(i);
    if (k === arr.length + 1) arr.push(BigInt.asIntN(64, i * 2n));
    else throw new Error("hash part not exercised");
  }
  let s = 0n;
  for (let i = 1n, N = BigInt(n); i <= N; i++) s = BigInt.asIntN(64, s + arr[Number(i) - 1]);
  return Number(s);
}

// (d) tagged objects: a new object per value.
function runD(n) {
  const arr = [];
  for (let i = 1; i <= n; i++) {
    const key = { t: 0, n: i };
    const v = { t: 0, n: key.n * 2 };
    if (key.t === 0 && key.n === arr.length + 1) arr.push(v);
    else throw new Error("hash part not exercised");
  }
  let s = { t: 0, n: 0 };
  for (let i = 1; i <= n; i++) {
    const v = arr[i - 1];
    if (v.t === 0) s = { t: 0, n: s.n + v.n };
  }
  return s.n;
}

// (e) the array part as a growable Float64Array plus a Uint8Array of tags.
function runE(n) {
  let vals = new Float64Array(4), tags = new Uint8Array(4), len = 0;
  for (let i = 1; i <= n; i++) {
    if (len === vals.length) {
      const nv = new Float64Array(len * 2); nv.set(vals); vals = nv;
      const nt = new Uint8Array(len * 2); nt.set(tags); tags = nt;
    }
    vals[len] = i * 2; tags[len] = 0; len++;
  }
  let s = 0;
  for (let i = 0; i < len; i++) if (tags[i] === 0) s += vals[i];
  return s;
}

compare("table fill + read: t[i] = i*2; s = s + t[i]", [
  ["(b) canonical number/bigint/LuaFloat", runB],
  ["(a) doubles + side tag", runA],
  ["(c) all integers BigInt", runC],
  ["(d) tagged object per value", runD],
  ["(e) Uint8Array tags + Float64Array", runE],
], 1_000_000);
