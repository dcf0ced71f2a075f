// Runs Lua programs as root processes of a fresh runtime, in a temporary
// project directory, capturing their output.

import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { runMain, runProgram, type RunMainOptions } from "../src/index.js";

export interface RunResult {
  code: number;
  out: string;
  err: string;
}

/** Writes `files` (path -> source) into a new project root; `main.lua` is run. */
export async function runProject(files: Record<string, string>, options: RunMainOptions = {}, args: string[] = []): Promise<RunResult> {
  const root = mkdtempSync(path.join(tmpdir(), "wippy-sched-"));
  for (const [name, src] of Object.entries(files)) {
    const file = path.join(root, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, src);
  }
  let out = "";
  let err = "";
  const code = await runMain(path.join(root, "main.lua"), args, {
    ...options,
    stdout: (s) => { out += Buffer.from(s, "latin1").toString("utf8"); },
    stderr: (s) => { err += Buffer.from(s, "latin1").toString("utf8"); },
  });
  return { code, out, err };
}

/** Runs one main.lua; fails with its stderr if it did not exit normally. */
export async function runLua(main: string, extra: Record<string, string> = {}, options: RunMainOptions = {}): Promise<string> {
  const r = await runProject({ "main.lua": main, ...extra }, options);
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.err}\nstdout: ${r.out}`);
  return r.out;
}

/**
 * Runs `source` as the wippy-lua command runs a lone script (runProgram, as
 * chunk "=script"), in a new project root holding `files`; output as bytes.
 */
export async function runScript(source: string, files: Record<string, string> = {}): Promise<RunResult> {
  const root = mkdtempSync(path.join(tmpdir(), "wippy-cmd-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(root, name), text);
  let out = "";
  let err = "";
  const code = await runProgram([{ kind: "chunk", source, chunkName: "=script" }], {
    root,
    stdout: (s) => { out += s; },
    stderr: (s) => { err += s; },
  });
  return { code, out, err };
}
