// pow with |y ln x| far outside exp's range (found by the differential fuzzer,
// seed 2000): the double-double product must not turn into inf - inf = NaN.

import { describe, expect, it } from "vitest";
import { powFloat } from "../src/number.js";

describe("pow at the ends of the range (values from lua5.3)", () => {
  it("overflows to inf and underflows to 0 with the right sign", () => {
    expect(powFloat(63, 1e308)).toBe(Infinity);
    expect(powFloat(2, Infinity)).toBe(Infinity);
    expect(powFloat(9007199254740993, -Infinity)).toBe(0);
    expect(powFloat(0.5, 1e308)).toBe(0);
    expect(powFloat(1.0000001, 1e300)).toBe(Infinity);
    expect(powFloat(-3, 1e307)).toBe(Infinity); // even integer exponent
    expect(powFloat(3, -1e308)).toBe(0);
    expect(powFloat(-2, 1025)).toBe(-Infinity); // odd integer exponent keeps the sign
    expect(powFloat(-1, 1e308)).toBe(1); // |x| = 1: no log path (it overflowed into NaN)
    expect(powFloat(-1, 2 ** 53 + 2)).toBe(1);
    expect(powFloat(-1, 2 ** 52 + 1)).toBe(-1);
    expect(powFloat(-1, -1e300)).toBe(1);
  });
});
