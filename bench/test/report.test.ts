// The runner's pure helpers: statistics, ratio tables and the SVG chart.
import { describe, expect, it } from "vitest";
import { geomean, median } from "../lib/measure.mjs";
import { geomeans, markdownTable, ratios, timeCell } from "../lib/report.mjs";
import { ratioChart } from "../lib/chart.mjs";

describe("statistics", () => {
  it("median of odd and even counts", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it("geometric mean", () => {
    expect(geomean([1, 4])).toBeCloseTo(2, 12);
    expect(geomean([2, 2, 2])).toBeCloseTo(2, 12);
    expect(geomean([])).toBeNull();
  });
});

describe("ratio tables", () => {
  const results = {
    fib: {
      "lua5.3": { state: "ok", seconds: 0.5 },
      fengari: { state: "ok", seconds: 10 },
      "wippy-lua": { state: "wrong", seconds: 1 },
    },
    sort: {
      "lua5.3": { state: "ok", seconds: 1 },
      fengari: { state: "ok", seconds: 40 },
      "wippy-lua": { state: "not built" },
    },
  };
  const engines = ["wippy-lua", "fengari", "lua5.3"];
  const table = ratios(results, ["fib", "sort"], engines, "lua5.3");

  it("divides by the baseline and leaves out wrong or missing results", () => {
    expect(table.fib.fengari).toBe(20);
    expect(table.sort.fengari).toBe(40);
    expect(table.fib["wippy-lua"]).toBeNull();
    expect(table.sort["wippy-lua"]).toBeNull();
  });

  it("geometric means count only the correct runs", () => {
    const means = geomeans(table, ["fib", "sort"], engines);
    expect(means.fengari.mean).toBeCloseTo(Math.sqrt(800), 9);
    expect(means.fengari.count).toBe(2);
    expect(means["wippy-lua"]).toEqual({ mean: null, count: 0 });
  });

  it("shows a wrong result with its time rather than hiding it", () => {
    expect(timeCell(results.fib["wippy-lua"])).toBe("wrong result (1.000)");
    expect(timeCell(results.sort["wippy-lua"])).toBe("not built");
  });

  it("pads Markdown columns to a common width", () => {
    const md = markdownTable(["a", "bb"], [["x", "1"], ["yyy", "22"]]);
    expect(md.split("\n")).toEqual(["| a   | bb |", "| --- | -: |", "| x   |  1 |", "| yyy | 22 |"]);
  });
});

describe("chart", () => {
  const svg: string = ratioChart({
    title: "t",
    series: ["fengari", "luajit"],
    groups: [
      { label: "fib", values: [20, 0.5] },
      { label: "loops", values: [12, null] },
    ],
  });

  it("draws one bar per known ratio plus the legend swatches", () => {
    const bars = svg.match(/<rect x="[^"]*" y="[^"]*" width="9"/g) ?? [];
    expect(bars.length).toBe(3);
    expect(svg).toContain("<title>fib · luajit: 0.5×</title>");
  });

  it("labels a logarithmic axis that spans every ratio", () => {
    for (const label of [">0.1×<", ">1×<", ">10×<", ">100×<"]) expect(svg).toContain(label);
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg.trim().endsWith("</svg>")).toBe(true);
  });
});
