// @wippy-lua/types: the static checker of wippy-lua's gradual type system
// (shared/spec/types.md §3-4).

export { check, checkSource, type CheckOptions, type SourceFile } from "./check.js";
export {
  type Diagnostic,
  type DiagnosticCode,
  type FormatOptions,
  formatDiagnostic,
  formatDiagnostics,
  sortDiagnostics,
} from "./diagnostics.js";
export { checkBeforeRun, checkFiles, fileModuleResolver, runCheckCommand, type CheckCommandOptions } from "./command.js";
export { builtins } from "./builtins.js";
export { isAssignable } from "./subtype.js";
export * as types from "./types.js";
export { openTypes, typesOpener, hasTypes, isTypeValue, PLAIN_ERRORS, type TypesOptions, type ErrorSupport } from "./runtime/index.js";
