// Float kernel shaped like n-body's advance(): pairwise differences, squared
// distances, a square root and velocity updates, over 5 bodies stored as
// Lua-table-like arrays of fields, in each candidate value representation.
import { compare } from "./harness.mjs";

class LuaFloat { constructor(n) { this.n = n; } }
const BODIES = 5;
const init = (k) => [
  [0.1 * k + 0.01, 0.2 * k - 0.03, -0.1 * k + 0.07],
  [0.01 * k + 0.001, -0.02 * k + 0.002, 0.003 * k - 0.0001],
  0.5 + 0.1 * k,
];

// (b) canonical: non-integral floats are plain numbers; an integral result
// would be boxed (checked on every result, as the VM's fast path must).
const fl = (r) => (Number.isInteger(r) ? new LuaFloat(r) : r);
const num = (v) => (typeof v === "number" ? v : v.n);
function subB(x, y) { return typeof x === "number" && typeof y === "number" ? fl(x - y) : fl(num(x) - num(y)); }
function mulB(x, y) { return typeof x === "number" && typeof y === "number" ? fl(x * y) : fl(num(x) * num(y)); }
function addB(x, y) { return typeof x === "number" && typeof y === "number" ? fl(x + y) : fl(num(x) + num(y)); }
function divB(x, y) { return fl(num(x) / num(y)); }
function runB(n) {
  const bodies = Array.from({ length: BODIES }, (_, k) => { const [p, v, m] = init(k); return { x: p[0], y: p[1], z: p[2], vx: v[0], vy: v[1], vz: v[2], m }; });
  const dt = 0.01;
  for (let step = 0; step < n; step++) {
    for (let i = 0; i < BODIES; i++) {
      const bi = bodies[i];
      for (let j = i + 1; j < BODIES; j++) {
        const bj = bodies[j];
        const dx = subB(bi.x, bj.x), dy = subB(bi.y, bj.y), dz = subB(bi.z, bj.z);
        const d2 = addB(addB(mulB(dx, dx), mulB(dy, dy)), mulB(dz, dz));
        const mag = divB(dt, mulB(d2, fl(Math.sqrt(num(d2)))));
        const mj = mulB(bj.m, mag), mi = mulB(bi.m, mag);
        bi.vx = subB(bi.vx, mulB(dx, mj)); bi.vy = subB(bi.vy, mulB(dy, mj)); bi.vz = subB(bi.vz, mulB(dz, mj));
        bj.vx = addB(bj.vx, mulB(dx, mi)); bj.vy = addB(bj.vy, mulB(dy, mi)); bj.vz = addB(bj.vz, mulB(dz, mi));
      }
    }
    for (const b of bodies) { b.x = addB(b.x, mulB(dt, b.vx)); b.y = addB(b.y, mulB(dt, b.vy)); b.z = addB(b.z, mulB(dt, b.vz)); }
  }
  return num(bodies[0].x) * 1e6;
}

// (a)/(c): floats are plain numbers and integers are told apart by a side tag
// (a) or by being bigints (c); for an all-float kernel both reduce to raw
// double arithmetic plus a type check per operand.
function runRaw(n) {
  const bodies = Array.from({ length: BODIES }, (_, k) => { const [p, v, m] = init(k); return { x: p[0], y: p[1], z: p[2], vx: v[0], vy: v[1], vz: v[2], m }; });
  const dt = 0.01;
  for (let step = 0; step < n; step++) {
    for (let i = 0; i < BODIES; i++) {
      const bi = bodies[i];
      for (let j = i + 1; j < BODIES; j++) {
        const bj = bodies[j];
        const dx = bi.x - bj.x, dy = bi.y - bj.y, dz = bi.z - bj.z;
        const d2 = dx * dx + dy * dy + dz * dz;
        const mag = dt / (d2 * Math.sqrt(d2));
        const mj = bj.m * mag, mi = bi.m * mag;
        bi.vx -= dx * mj; bi.vy -= dy * mj; bi.vz -= dz * mj;
        bj.vx += dx * mi; bj.vy += dy * mi; bj.vz += dz * mi;
      }
    }
    for (const b of bodies) { b.x += dt * b.vx; b.y += dt * b.vy; b.z += dt * b.vz; }
  }
  return bodies[0].x * 1e6;
}

// (d) a tagged object per value, a new one per result.
const F = (n) => ({ t: 1, n });
function runD(n) {
  const bodies = Array.from({ length: BODIES }, (_, k) => { const [p, v, m] = init(k); return { x: F(p[0]), y: F(p[1]), z: F(p[2]), vx: F(v[0]), vy: F(v[1]), vz: F(v[2]), m: F(m) }; });
  const dt = F(0.01);
  const sub = (a, b) => F(a.n - b.n), add = (a, b) => F(a.n + b.n), mul = (a, b) => F(a.n * b.n);
  for (let step = 0; step < n; step++) {
    for (let i = 0; i < BODIES; i++) {
      const bi = bodies[i];
      for (let j = i + 1; j < BODIES; j++) {
        const bj = bodies[j];
        const dx = sub(bi.x, bj.x), dy = sub(bi.y, bj.y), dz = sub(bi.z, bj.z);
        const d2 = add(add(mul(dx, dx), mul(dy, dy)), mul(dz, dz));
        const mag = F(dt.n / mul(d2, F(Math.sqrt(d2.n))).n);
        const mj = mul(bj.m, mag), mi = mul(bi.m, mag);
        bi.vx = sub(bi.vx, mul(dx, mj)); bi.vy = sub(bi.vy, mul(dy, mj)); bi.vz = sub(bi.vz, mul(dz, mj));
        bj.vx = add(bj.vx, mul(dx, mi)); bj.vy = add(bj.vy, mul(dy, mi)); bj.vz = add(bj.vz, mul(dz, mi));
      }
    }
    for (const b of bodies) { b.x = add(b.x, mul(dt, b.vx)); b.y = add(b.y, mul(dt, b.vy)); b.z = add(b.z, mul(dt, b.vz)); }
  }
  return bodies[0].x.n * 1e6;
}

// (e) body fields in a Float64Array with a parallel Uint8Array of tags.
function runE(n) {
  const V = new Float64Array(BODIES * 7), T = new Uint8Array(BODIES * 7).fill(1);
  for (let k = 0; k < BODIES; k++) { const [p, v, m] = init(k); V.set([...p, ...v, m], k * 7); }
  const dt = 0.01;
  for (let step = 0; step < n; step++) {
    for (let i = 0; i < BODIES; i++) {
      const bi = i * 7;
      for (let j = i + 1; j < BODIES; j++) {
        const bj = j * 7;
        if ((T[bi] & T[bj]) !== 1) throw new Error("int path not exercised");
        const dx = V[bi] - V[bj], dy = V[bi + 1] - V[bj + 1], dz = V[bi + 2] - V[bj + 2];
        const d2 = dx * dx + dy * dy + dz * dz;
        const mag = dt / (d2 * Math.sqrt(d2));
        const mj = V[bj + 6] * mag, mi = V[bi + 6] * mag;
        V[bi + 3] -= dx * mj; V[bi + 4] -= dy * mj; V[bi + 5] -= dz * mj;
        V[bj + 3] += dx * mi; V[bj + 4] += dy * mi; V[bj + 5] += dz * mi;
        T[bi + 3] = T[bj + 3] = 1;
      }
    }
    for (let k = 0; k < BODIES; k++) { const b = k * 7; V[b] += dt * V[b + 3]; V[b + 1] += dt * V[b + 4]; V[b + 2] += dt * V[b + 5]; T[b] = 1; }
  }
  return V[0] * 1e6;
}

compare("float kernel: n-body advance() steps", [
  ["(b) canonical number/bigint/LuaFloat", runB],
  ["(a)/(c) raw doubles (type check elided)", runRaw],
  ["(d) tagged object per value", runD],
  ["(e) Uint8Array tags + Float64Array", runE],
], 400_000);
