import { defineConfig } from "vitest/config";

// Tests import sibling packages through their "wippy-source" export condition,
// so they run against the TypeScript sources without a build step.
export default defineConfig({
  resolve: { conditions: ["wippy-source"] },
  // Tests run in Vite's SSR (node) environment, which takes its own conditions.
  ssr: { resolve: { conditions: ["wippy-source"] } },
  test: {
    include: ["packages/*/test/**/*.test.ts", "conformance/test/**/*.test.ts", "bench/test/**/*.test.ts"],
    testTimeout: 30000,
    pool: "threads",
    // .ci/run asks for a JSON report to print its "N passed, M failed" line.
    reporters: process.env.WIPPY_TEST_REPORT ? ["default", ["json", { outputFile: process.env.WIPPY_TEST_REPORT }]] : ["default"],
  },
});
