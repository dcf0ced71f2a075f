// Shared timing helper for the value-representation micro-benchmarks.
// Each variant runs `rounds` times interleaved with the others (so machine
// load hits all alike); the best time per variant is reported.

let sink = 0;

/**
 * variants: [name, fn(n) -> number][]; prints a markdown table. With `same`
 * set, all variants compute the same thing and their results are compared.
 */
export function compare(title, variants, n, { rounds = 7, same = true } = {}) {
  const best = new Map(variants.map(([name]) => [name, Infinity]));
  const checks = new Map();
  for (const [name, fn] of variants) checks.set(name, fn(Math.min(n, 1000))); // warm up + sanity
  for (let r = 0; r < rounds; r++) {
    for (const [name, fn] of variants) {
      const t0 = performance.now();
      const out = fn(n);
      const dt = performance.now() - t0;
      sink ^= Number(out) | 0;
      if (dt < best.get(name)) best.set(name, dt);
    }
  }
  const base = best.get(variants[0][0]);
  console.log(`\n### ${title} (n = ${n})\n`);
  console.log("| representation | best ms | ns/iter | vs first |");
  console.log("|---|---:|---:|---:|");
  for (const [name] of variants) {
    const ms = best.get(name);
    console.log(`| ${name} | ${ms.toFixed(1)} | ${((ms * 1e6) / n).toFixed(1)} | ${(ms / base).toFixed(2)}x |`);
  }
  const distinct = new Set([...checks.values()].map(String));
  if (same && distinct.size > 1) console.log(`(warning: variants disagree: ${[...checks].map(([k, v]) => `${k}=${v}`).join(", ")})`);
  return best;
}

export function keepAlive() {
  return sink;
}
