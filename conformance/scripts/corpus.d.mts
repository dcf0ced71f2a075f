// Types for corpus.mjs, so TypeScript tests can import it.

export interface Expected {
  stdout: string;
  stderr: string;
  status: number;
}

export interface Actual extends Expected {
  rawStderr: string;
  timedOut: boolean;
}

export interface CaseResult {
  casePath: string;
  ok: boolean;
  message: string | null;
}

export interface RunCorpusOptions {
  bin?: string;
  dir?: string;
  timeoutMs?: number;
  filter?: string;
  jobs?: number;
  onResult?: (result: CaseResult) => void;
}

export const REPO_ROOT: string;
export const CASES_DIR: string;
export const DEFAULT_CLI: string;
export const DEFAULT_BIN: string;
export const DEFAULT_TIMEOUT_MS: number;

export function caseEnv(): NodeJS.ProcessEnv;
export function splitCommand(command: string): string[];
export function normaliseStderr(text: string): string;
export function listCases(dir?: string): string[];
export function readExpected(casePath: string, dir?: string): Expected | null;
export function runCase(casePath: string, opts?: { bin?: string; dir?: string; timeoutMs?: number }): Promise<Actual>;
export function describeMismatch(expected: Expected, actual: Actual): string | null;
export function runCorpus(opts?: RunCorpusOptions): Promise<{ results: CaseResult[]; passed: number; failed: number }>;
export function writeExpected(casePath: string, result: Expected, dir?: string): void;
