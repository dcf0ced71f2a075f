// Strings: Lua strings as JS strings holding one char per byte (latin1), vs
// Uint8Array byte strings, on concatenation + table-key use; plus the cost of
// the UTF-8 edge conversions the latin1 choice needs for output and input.
import { compare } from "./harness.mjs";

// JS one-byte strings: concatenation makes ropes, Map hashes and compares them.
function runJs(n) {
  const t = new Map();
  for (let i = 1; i <= n; i++) {
    const k = "key" + (i % 1000);
    t.set(k, (t.get(k) ?? 0) + 1);
  }
  return t.size + t.get("key7");
}

// Uint8Array strings: concat copies bytes; keys need interning by content.
const enc = (s) => Uint8Array.from(s, (c) => c.charCodeAt(0));
function concatBytes(a, b) { const r = new Uint8Array(a.length + b.length); r.set(a); r.set(b, a.length); return r; }
function hashBytes(b) { let h = 2166136261; for (let i = 0; i < b.length; i++) h = Math.imul(h ^ b[i], 16777619); return h >>> 0; }
function sameBytes(a, b) { if (a.length !== b.length) return false; for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false; return true; }
const digits = Array.from({ length: 1000 }, (_, i) => enc(String(i)));
function runBytes(n) {
  const buckets = new Map(); // hash -> [[bytes, count], ...]
  const prefix = enc("key");
  let size = 0;
  for (let i = 1; i <= n; i++) {
    const k = concatBytes(prefix, digits[i % 1000]);
    const h = hashBytes(k);
    let list = buckets.get(h);
    if (!list) buckets.set(h, (list = []));
    let e = list.find((p) => sameBytes(p[0], k));
    if (!e) { list.push((e = [k, 0])); size++; }
    e[1]++;
  }
  const key7 = buckets.get(hashBytes(enc("key7"))).find((p) => sameBytes(p[0], enc("key7")));
  return size + key7[1];
}

compare("string concat + table key: t[\"key\" .. i % 1000] += 1", [
  ["latin1 JS strings (chosen)", runJs],
  ["Uint8Array strings + interning", runBytes],
], 1_000_000);

// Edge costs of the latin1 choice for a 40-byte line with non-ASCII text.
const line = Buffer.from("héllo wörld, ünïcode → ok; ".repeat(3).slice(0, 40), "utf8").toString("latin1");
compare("edges: 40-byte line, per conversion", [
  ["output: Buffer.from(s, 'latin1')", (n) => { let x = 0; for (let i = 0; i < n; i++) x += Buffer.from(line, "latin1").length; return x > 0 ? 1 : 0; }],
  ["input: buf.toString('latin1')", (n) => { const b = Buffer.from(line, "latin1"); let x = 0; for (let i = 0; i < n; i++) x += b.toString("latin1").length; return x > 0 ? 1 : 0; }],
  ["host API: UTF-8 decode of the bytes", (n) => { const b = Buffer.from(line, "latin1"); let x = 0; for (let i = 0; i < n; i++) x += b.toString("utf8").length; return x > 0 ? 1 : 0; }],
], 1_000_000);
