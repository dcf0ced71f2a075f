// What Lua's exact int64/float semantics cost in the canonical representation
// (b): the range check on integer add, the overflow check on multiply, the
// bigint slow path beyond 2^53, and boxing of integral-valued float results.
import { compare } from "./harness.mjs";

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
class LuaFloat { constructor(n) { this.n = n; } }

function addChecked(a, b) {
  const r = a + b;
  if (Number.isInteger(a) && Number.isInteger(b)) return r >= -MAX_SAFE && r <= MAX_SAFE ? r : BigInt.asIntN(64, BigInt(a) + BigInt(b));
  return Number.isInteger(r) ? new LuaFloat(r) : r;
}
function mulChecked(a, b) {
  const r = a * b;
  if (Number.isInteger(a) && Number.isInteger(b)) {
    if (r >= -MAX_SAFE && r <= MAX_SAFE) return r + 0;
    return BigInt.asIntN(64, BigInt(a) * BigInt(b));
  }
  return Number.isInteger(r) ? new LuaFloat(r) : r;
}
function addBig(a, b) {
  return BigInt.asIntN(64, (typeof a === "bigint" ? a : BigInt(a)) + (typeof b === "bigint" ? b : BigInt(b)));
}

const ints = Int32Array.from({ length: 1024 }, (_, i) => (i * 7919) % 100000 - 50000);
const fracs = Float64Array.from({ length: 1024 }, (_, i) => i * 0.37 + 0.01);
const halves = Float64Array.from({ length: 1024 }, (_, i) => i + 0.5);
const bigs = Array.from({ length: 1024 }, (_, i) => 2n ** 62n + BigInt(i));

compare("integer add: s = s + x (operands from an Int32Array)", [
  ["raw JS a + b (no int64 semantics)", (n) => { let s = 0; for (let i = 0; i < n; i++) s = (s + ints[i & 1023]) | 0; return s; }],
  ["(b) add with safe-range check", (n) => { let s = 0; for (let i = 0; i < n; i++) { s = addChecked(s, ints[i & 1023]); if (s > 1e9) s = 0; } return s; }],
  ["(b) bigint slow path (operands > 2^53)", (n) => { let s = 0n; for (let i = 0; i < n; i++) s = addBig(s, bigs[i & 1023]); return Number(s & 1023n); }],
], 5_000_000, { same: false });

compare("integer multiply: s = (s * x) wrapped", [
  ["raw JS a * b (inexact past 2^53)", (n) => { let s = 0; for (let i = 0; i < n; i++) s = (s + ints[i & 1023] * ints[(i + 1) & 1023]) % 1000003; return s; }],
  ["(b) mul with overflow check", (n) => { let s = 0; for (let i = 0; i < n; i++) s = (s + mulChecked(ints[i & 1023], ints[(i + 1) & 1023])) % 1000003; return s; }],
  ["(b) mul overflowing into bigint", (n) => { let c = 0; for (let i = 0; i < n; i++) c += typeof mulChecked(ints[i & 1023] * 1e5 + 1, ints[(i + 1) & 1023] * 1e5 + 1) === "bigint" ? 1 : 0; return c; }],
], 5_000_000, { same: false });

compare("float add: results integral (boxed) or not", [
  ["(b) non-integral results (plain numbers)", (n) => { let c = 0; for (let i = 0; i < n; i++) { const r = addChecked(fracs[i & 1023], 0.25); c += typeof r === "number" ? 1 : 2; } return c; }],
  ["(b) integral results (LuaFloat boxes)", (n) => { let c = 0; for (let i = 0; i < n; i++) { const r = addChecked(halves[i & 1023], 0.5); c += typeof r === "number" ? 2 : 1; } return c; }],
], 5_000_000, { same: false });
