import { describe, expect, it } from "vitest";
import { run } from "./helper.js";

describe("smoke", () => {
  it("runs", () => {
    const r = run(`print(("x"):rep(3), string.format("%5.2f", 3.14159), math.maxinteger, #"abc")`);
    expect(r.error).toBe(null);
    expect(r.stdout).toBe("xxx\t 3.14\t9223372036854775807\t3\n");
  });
});
