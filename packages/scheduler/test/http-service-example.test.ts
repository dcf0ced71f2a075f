// examples/service runs as its README says: worker processes fetch the
// catalog over HTTP (a real server on 127.0.0.1), decode the JSON and store
// the products in SQLite.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runMain } from "../src/index.js";
// @ts-expect-error: a plain ES module without type declarations
import { startCatalog } from "../../../examples/service/catalog.mjs";

const MAIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../examples/service/main.lua");

describe("examples/service", () => {
  it("fetches, decodes and stores every page, then reports from SQL", async () => {
    const catalog = await startCatalog() as { url: string; close: () => Promise<void> };
    let out = "";
    try {
      const code = await runMain(MAIN, [catalog.url], { stdout: (s) => { out += s; }, stderr: (s) => { out += s; } });
      expect(code).toBe(0);
    } finally {
      await catalog.close();
    }
    const lines = Buffer.from(out, "latin1").toString("utf8").split("\n");
    expect(lines[0]).toBe("4 workers stored 20 products");
    const report = JSON.parse(lines[1]!) as { products: number; most_expensive: { name: string }[]; tags: { n: number }[] };
    expect(report.products).toBe(20);
    expect(report.most_expensive.map((p) => p.name)).toEqual(["kettle 20", "grinder 13", "café crème 6"]);
    expect(report.tags.reduce((a, t) => a + t.n, 0)).toBe(36);
  });
});
