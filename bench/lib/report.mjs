// Tables (Markdown, also printed to the console) from the measured results.
import { geomean } from "./measure.mjs";

/** A Markdown table with padded columns, readable as plain text too. */
export function markdownTable(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) =>
    "| " + cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join(" | ") + " |";
  const rule = "| " + widths.map((w, i) => (i === 0 ? "-".repeat(w) : "-".repeat(w - 1) + ":")).join(" | ") + " |";
  return [line(header), rule, ...rows.map(line)].join("\n");
}

/** The seconds of a result that counts (correct output), else null. */
export function goodSeconds(result) {
  return result && result.state === "ok" ? result.seconds : null;
}

export function timeCell(result) {
  if (!result) return "—";
  switch (result.state) {
    case "ok":
      return result.seconds.toFixed(3);
    case "wrong":
      return `wrong result (${result.seconds.toFixed(3)})`;
    default:
      return result.state;
  }
}

export function memoryCell(result) {
  if (!result || (result.state !== "ok" && result.state !== "wrong")) return "—";
  return result.rssKB == null ? "?" : (result.rssKB / 1024).toFixed(1);
}

function ratioCell(r) {
  if (r == null) return "—";
  return r >= 100 ? r.toFixed(0) : r >= 10 ? r.toFixed(1) : r.toFixed(2);
}

/**
 * ratio[program][engine] = time(engine) / time(base), for correct results only.
 * @returns {Record<string, Record<string, number | null>>}
 */
export function ratios(results, programs, engines, base) {
  /** @type {Record<string, Record<string, number | null>>} */
  const table = {};
  for (const p of programs) {
    table[p] = {};
    const b = goodSeconds(results[p][base]);
    for (const e of engines) {
      const t = goodSeconds(results[p][e]);
      table[p][e] = b != null && t != null ? t / b : null;
    }
  }
  return table;
}

/**
 * Geometric mean per engine over the programs where both runs were correct.
 * @returns {Record<string, { mean: number | null, count: number }>}
 */
export function geomeans(ratioTable, programs, engines) {
  /** @type {Record<string, { mean: number | null, count: number }>} */
  const out = {};
  for (const e of engines) {
    const values = programs.map((p) => ratioTable[p][e]).filter((v) => v != null);
    out[e] = { mean: geomean(values), count: values.length };
  }
  return out;
}

export function timeTable(results, programs, engines) {
  return markdownTable(
    ["program", ...engines],
    programs.map((p) => [p, ...engines.map((e) => timeCell(results[p][e]))]),
  );
}

export function memoryTable(results, programs, engines) {
  return markdownTable(
    ["program", ...engines],
    programs.map((p) => [p, ...engines.map((e) => memoryCell(results[p][e]))]),
  );
}

export function ratioTableMarkdown(ratioTable, means, programs, engines) {
  const rows = programs.map((p) => [p, ...engines.map((e) => ratioCell(ratioTable[p][e]))]);
  rows.push([
    "**geometric mean**",
    ...engines.map((e) => (means[e].mean == null ? "—" : `**${ratioCell(means[e].mean)}** (${means[e].count})`)),
  ]);
  return markdownTable(["program", ...engines], rows);
}
