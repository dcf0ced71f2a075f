// A hand-written SVG bar chart of run-time ratios on a logarithmic axis.
// Bars grow from the 1x line: up for slower than the baseline, down for faster.

const COLORS = ["#d1495b", "#edae49", "#00798c", "#30638e", "#6a4c93", "#8d6a9f"];

function escapeXml(s) {
  return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function formatRatio(r) {
  if (r >= 10) return `${Math.round(r)}×`;
  if (r >= 1) return `${Number(r.toFixed(1))}×`;
  return `${Number(r.toPrecision(2))}×`;
}

/** Tick values 1, 2, 5 x 10^k covering [lo, hi]. */
function logTicks(lo, hi) {
  const ticks = [];
  for (let k = Math.floor(Math.log10(lo)); k <= Math.ceil(Math.log10(hi)); k++) {
    for (const m of [1, 2, 5]) {
      const v = m * 10 ** k;
      if (v >= lo * 0.999 && v <= hi * 1.001) ticks.push(v);
    }
  }
  return ticks;
}

/**
 * groups: [{ label, values: [ratio|null per series] }], series: [name],
 * title, subtitle. A null value draws a small "n/a" mark instead of a bar.
 */
export function ratioChart({ groups, series, title, subtitle = "", baseline = "lua5.3" }) {
  const all = groups.flatMap((g) => g.values).filter((v) => v != null && v > 0);
  const lo = 10 ** Math.floor(Math.log10(Math.min(1, ...all)));
  const hi = 10 ** Math.ceil(Math.log10(Math.max(2, ...all)));

  const barWidth = 11;
  const groupGap = 18;
  const groupWidth = series.length * barWidth + groupGap;
  const left = 70;
  const top = 70;
  const plotHeight = 360;
  const plotWidth = Math.max(groups.length * groupWidth, 300);
  const width = left + plotWidth + 190;
  const height = top + plotHeight + 110;

  const y = (v) => top + plotHeight - ((Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))) * plotHeight;
  const out = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="12">`);
  out.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  out.push(`<text x="${left}" y="24" font-size="16" font-weight="bold">${escapeXml(title)}</text>`);
  if (subtitle) out.push(`<text x="${left}" y="44" fill="#555">${escapeXml(subtitle)}</text>`);

  for (const t of logTicks(lo, hi)) {
    const ty = y(t).toFixed(1);
    const major = Math.abs(Math.log10(t) - Math.round(Math.log10(t))) < 1e-9;
    out.push(`<line x1="${left}" x2="${left + plotWidth}" y1="${ty}" y2="${ty}" stroke="${major ? "#bbb" : "#e6e6e6"}"/>`);
    out.push(`<text x="${left - 6}" y="${ty}" text-anchor="end" dominant-baseline="middle" fill="#333">${formatRatio(t)}</text>`);
  }
  const baseY = y(1);
  out.push(`<line x1="${left}" x2="${left + plotWidth}" y1="${baseY.toFixed(1)}" y2="${baseY.toFixed(1)}" stroke="#000" stroke-width="1.5"/>`);
  out.push(`<text x="${left + plotWidth + 4}" y="${baseY.toFixed(1)}" dominant-baseline="middle" font-size="11">${escapeXml(baseline)} = 1×</text>`);
  out.push(`<line x1="${left}" x2="${left}" y1="${top}" y2="${top + plotHeight}" stroke="#000"/>`);
  out.push(`<text transform="translate(18 ${top + plotHeight / 2}) rotate(-90)" text-anchor="middle" fill="#333">time relative to ${escapeXml(baseline)} (log scale, lower is faster)</text>`);

  groups.forEach((g, gi) => {
    const gx = left + gi * groupWidth + groupGap / 2;
    g.values.forEach((v, si) => {
      const x = gx + si * barWidth;
      if (v == null || !(v > 0)) {
        out.push(`<text x="${x + barWidth / 2}" y="${(baseY - 4).toFixed(1)}" text-anchor="middle" font-size="8" fill="#999">·</text>`);
        return;
      }
      const vy = y(v);
      const y0 = Math.min(vy, baseY);
      const h = Math.max(Math.abs(vy - baseY), 1);
      out.push(`<rect x="${x}" y="${y0.toFixed(1)}" width="${barWidth - 2}" height="${h.toFixed(1)}" fill="${COLORS[si % COLORS.length]}"><title>${escapeXml(`${g.label} · ${series[si]}: ${formatRatio(v)}`)}</title></rect>`);
    });
    const lx = gx + (series.length * barWidth) / 2;
    const ly = top + plotHeight + 14;
    out.push(`<text transform="translate(${lx.toFixed(1)} ${ly}) rotate(-35)" text-anchor="end" fill="#222">${escapeXml(g.label)}</text>`);
  });

  series.forEach((name, si) => {
    const lx = left + plotWidth + 20;
    const ly = top + 20 + si * 20;
    out.push(`<rect x="${lx}" y="${ly - 10}" width="12" height="12" fill="${COLORS[si % COLORS.length]}"/>`);
    const empty = groups.every((g) => g.values[si] == null);
    out.push(`<text x="${lx + 18}" y="${ly}">${escapeXml(empty ? `${name} (no data)` : name)}</text>`);
  });
  out.push(`</svg>`);
  return out.join("\n") + "\n";
}
