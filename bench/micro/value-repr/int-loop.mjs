// Integer kernel: s = s + (i * 3) % 7 - (s // 1024), i = 1..n, through
// register-machine style operand reads/writes, in each candidate value
// representation. Every variant implements Lua's int64 semantics where the
// representation allows it (see the notes in the ADR).
import { compare } from "./harness.mjs";

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
class LuaFloat { constructor(n) { this.n = n; } }

// (b) canonical: safe integers as numbers, bigint beyond, boxed integral floats.
function addB(x, y) {
  if (typeof x === "number" && typeof y === "number") {
    const r = x + y;
    if (Number.isInteger(x) && Number.isInteger(y)) return r >= -MAX_SAFE && r <= MAX_SAFE ? r : BigInt(x) + BigInt(y);
    return Number.isInteger(r) ? new LuaFloat(r) : r;
  }
  throw new Error("slow path not exercised");
}
function subB(x, y) {
  if (typeof x === "number" && typeof y === "number") {
    const r = x - y;
    if (Number.isInteger(x) && Number.isInteger(y)) return r >= -MAX_SAFE && r <= MAX_SAFE ? r : BigInt(x) - BigInt(y);
    return Number.isInteger(r) ? new LuaFloat(r) : r;
  }
  throw new Error("slow path not exercised");
}
function mulB(x, y) {
  if (typeof x === "number" && typeof y === "number" && Number.isInteger(x) && Number.isInteger(y)) {
    const r = x * y;
    if (r >= -MAX_SAFE && r <= MAX_SAFE) return r + 0;
    return BigInt.asIntN(64, BigInt(x) * BigInt(y));
  }
  throw new Error("slow path not exercised");
}
function modB(x, y) {
  if (typeof x === "number" && typeof y === "number" && Number.isInteger(x) && Number.isInteger(y) && y !== 0) {
    const r = x % y;
    return (r !== 0 && r < 0 !== y < 0 ? r + y : r) + 0;
  }
  throw new Error("slow path not exercised");
}
function idivB(x, y) {
  if (typeof x === "number" && typeof y === "number" && Number.isInteger(x) && Number.isInteger(y) && y !== 0) {
    const r = x % y;
    const q = (x - r) / y;
    return (r !== 0 && r < 0 !== y < 0 ? q - 1 : q) + 0;
  }
  throw new Error("slow path not exercised");
}
function runB(n) {
  const R = [0, 0, 3, 7, 1024, 0];
  for (let i = 1; i <= n; i++) {
    R[1] = i;
    R[5] = modB(mulB(R[1], R[2]), R[3]);
    R[0] = subB(addB(R[0], R[5]), idivB(R[0], R[4]));
  }
  return R[0];
}

// (a) doubles with a side tag array (0 = int, 1 = float); ints limited to 2^53.
function runA(n) {
  const R = [0, 0, 3, 7, 1024, 0];
  const T = new Uint8Array(6);
  for (let i = 1; i <= n; i++) {
    R[1] = i; T[1] = 0;
    // mul, mod, idiv, add with tag dispatch; overflow past 2^53 is not handled
    const m = T[1] === 0 && T[2] === 0 ? R[1] * R[2] : R[1] * R[2];
    const md = T[3] === 0 ? ((m % R[3]) + R[3]) % R[3] : m % R[3];
    R[5] = md; T[5] = 0;
    const q = T[0] === 0 && T[4] === 0 ? Math.floor(R[0] / R[4]) : Math.floor(R[0] / R[4]);
    R[0] = T[0] === 0 && T[5] === 0 ? R[0] + R[5] - q : R[0] + R[5] - q;
  }
  return R[0];
}

// (c) every integer a bigint, wrapped to int64 after each operation.
function runC(n) {
  const R = [0n, 0n, 3n, 7n, 1024n, 0n];
  for (let i = 1; i <= n; i++) {
    R[1] = BigInt(i);
    let m = BigInt.asIntN(64, R[1] * R[2]);
    let r = m % R[3];
    if (r !== 0n && r < 0n !== R[3] < 0n) r += R[3];
    R[5] = r;
    let q = R[0] / R[4];
    if (R[0] % R[4] !== 0n && R[0] < 0n !== R[4] < 0n) q -= 1n;
    R[0] = BigInt.asIntN(64, BigInt.asIntN(64, R[0] + R[5]) - q);
  }
  return R[0];
}

// (d) every value a tagged object {t, n}, a new object per result.
function boxI(n) { return { t: 0, n }; }
function runD(n) {
  const R = [boxI(0), boxI(0), boxI(3), boxI(7), boxI(1024), boxI(0)];
  for (let i = 1; i <= n; i++) {
    R[1] = boxI(i);
    const a = R[1], b = R[2];
    let m = a.n * b.n;
    if (!(m >= -MAX_SAFE && m <= MAX_SAFE)) m = Number(BigInt.asIntN(64, BigInt(a.n) * BigInt(b.n)));
    const mb = boxI(m);
    let r = mb.n % R[3].n;
    if (r !== 0 && r < 0 !== R[3].n < 0) r += R[3].n;
    R[5] = boxI(r + 0);
    const x = R[0].n, y = R[4].n;
    const rr = x % y;
    const q = boxI((x - rr) / y + (rr !== 0 && rr < 0 !== y < 0 ? -1 : 0));
    const s1 = R[0].n + R[5].n;
    const s = boxI(s1 >= -MAX_SAFE && s1 <= MAX_SAFE ? s1 : NaN);
    const s2 = s.n - q.n;
    R[0] = boxI(s2 >= -MAX_SAFE && s2 <= MAX_SAFE ? s2 : NaN);
  }
  return R[0].n;
}

// (e) registers as two parallel typed arrays: Uint8Array tags + Float64Array values.
function runE(n) {
  const V = new Float64Array([0, 0, 3, 7, 1024, 0]);
  const T = new Uint8Array(6);
  for (let i = 1; i <= n; i++) {
    V[1] = i; T[1] = 0;
    let m = V[1] * V[2];
    if (!(m >= -MAX_SAFE && m <= MAX_SAFE)) m = Number(BigInt.asIntN(64, BigInt(V[1]) * BigInt(V[2])));
    let r = m % V[3];
    if (r !== 0 && r < 0 !== V[3] < 0) r += V[3];
    V[5] = r; T[5] = 0;
    const x = V[0], y = V[4];
    const rr = x % y;
    const q = (x - rr) / y + (rr !== 0 && rr < 0 !== y < 0 ? -1 : 0);
    V[0] = x + V[5] - q; T[0] = 0;
  }
  return V[0];
}

compare("integer loop: s = s + (i*3) % 7 - s // 1024", [
  ["(b) canonical number/bigint/LuaFloat", runB],
  ["(a) doubles + side tag (no int64)", runA],
  ["(c) all integers BigInt", runC],
  ["(d) tagged object per value", runD],
  ["(e) Uint8Array tags + Float64Array", runE],
], 3_000_000);
