// @wippy-lua/scheduler: the actor runtime. Isolated Lua processes with
// message passing, Go-style channels and select, coroutine.spawn, timers
// and structured errors, on one Node event loop. See README.md.

export { runMain, runProgram, createRuntime, type RunMainOptions, type RunProgramOptions, type ProgramStep } from "./main.js";
export { Runtime, Process, Task, PARK, wakeTask, failTask, abortTask, type RuntimeOptions, type ExitResult } from "./runtime.js";
export { startSession, type Session, type SessionOptions, type SessionOutcome } from "./session.js";
export { startProcess, resolveTarget, entryProto, type Entry } from "./spawn.js";
export { CowTable, CowTree, Rebinder, templateOf, templateFrom, type TableTemplate } from "./cow-table.js";
export { ErrorValue, KINDS, errorObject, isErrorObject, type Kind } from "./errors-lib.js";
export { Channel } from "./channel.js";
export { formatDuration, parseDurationText } from "./time-lib.js";
