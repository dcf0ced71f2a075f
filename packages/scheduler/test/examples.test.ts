// The programs in examples/ run as documented.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runMain } from "../src/index.js";

const EXAMPLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../examples");

async function run(file: string): Promise<{ code: number; out: string }> {
  let out = "";
  const code = await runMain(path.join(EXAMPLES, file), [], { stdout: (s) => { out += s; }, stderr: (s) => { out += s; } });
  return { code, out };
}

describe("examples", () => {
  it("worker_pool.lua", async () => {
    expect(await run("worker_pool.lua")).toEqual({ code: 0, out: "sum of squares 1..10 = 385\n" });
  });

  it("supervisor.lua", async () => {
    const r = await run("supervisor.lua");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/worker 1 crashed: .*transient failure\n/);
    expect(r.out).toMatch(/worker 2 finished: result 20\n/);
    expect(r.out).toMatch(/restarts:\t2\n$/);
  });

  it("timeouts.lua", async () => {
    expect(await run("timeouts.lua")).toEqual({
      code: 0,
      out: "reply after 10ms\nnil\ttimed out after 50ms\ttrue\ttrue\nticks before the deadline:\ttrue\n",
    });
  });
});
