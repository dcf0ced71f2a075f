// @wippy-lua/types/runtime: runtime type values (shared/spec/types.md §5-6).
// A separate entry point from the checker, so that a program that runs
// scripts loads only this much.

export { openTypes, typesOpener, hasTypes, type TypesOptions } from "./open.js";
export { type ErrorSupport, PLAIN_ERRORS } from "./errors.js";
export { isTypeValue } from "./values.js";
