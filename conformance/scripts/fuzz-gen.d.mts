// Types for fuzz-gen.mjs, so TypeScript tests can import it.

/** Statements of program number `n` for `seed`; statement 0 is the prelude. */
export function generateProgram(seed: number, n: number): string[];
