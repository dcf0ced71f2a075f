// io.popen(cmd, "r") as a real pipe (C's popen): the command runs while
// Lua reads its output, so a command that never ends (or leaves a
// background job holding its output) can still be read line by line.
//
// Node has no synchronous pipe to a child, so the output goes through a
// FIFO: the shell opens it for writing while we open it for reading (each
// open waits for the other), and fs.readSync then blocks like fread.
// pclose's wait for the shell cannot use the child's exit event (no event
// runs while Lua code does): the exit status is read from /proc/<pid>/stat
// once the shell is a zombie, unless the event already delivered it.
// Where mkfifo or /proc are missing, openReadPipe returns null and the
// caller captures the whole output up front instead.

import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import { constants as osConstants, tmpdir } from "node:os";
import * as path from "node:path";
import type { ExecResult } from "./luafile.js";

export interface ReadPipe {
  /** Read end of the FIFO (blocking reads). */
  fd: number;
  pid: number;
  /** How the shell ended, once known. */
  result: ExecResult | null;
}

const sleepCell = new Int32Array(new SharedArrayBuffer(4));

/** Starts `/bin/sh -c command` with its standard output readable from the returned pipe, or null. */
export function openReadPipe(command: string): ReadPipe | null {
  if (!fs.existsSync("/proc/self/stat")) return null;
  let dir: string;
  try {
    dir = fs.mkdtempSync(path.join(tmpdir(), "wippy-popen-"));
  } catch {
    return null;
  }
  const fifo = path.join(dir, "out");
  let child: ReturnType<typeof spawn> | null = null;
  try {
    if (spawnSync("mkfifo", ["-m", "600", fifo]).status !== 0) return null;
    // The first shell points its output at the FIFO ($1), then becomes
    // `sh -c command` ($2) as popen's child is (same pid, same "sh" in messages).
    child = spawn("/bin/sh", ["-c", 'exec >"$1" || exit 127; exec /bin/sh -c "$2" sh', "sh", fifo,
      Buffer.from(command, "latin1").toString("utf8")], { stdio: ["inherit", "ignore", "inherit"] });
    const pid = child.pid;
    if (pid === undefined) return null;
    // A command left running (a popen never closed) must not keep the program alive, as in C.
    child.unref();
    const pipe: ReadPipe = { fd: -1, pid, result: null };
    child.on("exit", (code, signal) => {
      pipe.result = signal !== null
        ? [false, "signal", (osConstants.signals as Record<string, number>)[signal] ?? 0]
        : [code === 0, "exit", code ?? 0];
    });
    pipe.fd = fs.openSync(fifo, "r");
    child = null;
    return pipe;
  } catch {
    return null;
  } finally {
    // A child that could not be joined would wait on the FIFO forever.
    child?.kill("SIGKILL");
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Reads what the command wrote (blocking); "" at end of output. */
export function readPipe(p: ReadPipe, buf: Buffer): string {
  const n = fs.readSync(p.fd, buf, 0, buf.length, null);
  return buf.toString("latin1", 0, n);
}

/** pclose: closes the read end and waits for the shell to end; how it ended. */
export function closeReadPipe(p: ReadPipe): ExecResult {
  fs.closeSync(p.fd);
  p.fd = -1;
  for (;;) {
    if (p.result !== null) return p.result;
    const status = zombieStatus(p.pid);
    if (status !== null) return status;
    Atomics.wait(sleepCell, 0, 0, 2);
  }
}

/** The wait status of process `pid` if it has ended and not been reaped (field 52 of /proc/<pid>/stat). */
function zombieStatus(pid: number): ExecResult | null {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, "latin1");
  } catch {
    // Reaped: its exit event has been queued; treat as a normal end.
    return [true, "exit", 0];
  }
  // The command name (field 2) may hold spaces and parentheses: fields start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  if (fields[0] !== "Z" && fields[0] !== "X") return null;
  const w = Number(fields[49]);
  if (!Number.isFinite(w)) return [true, "exit", 0];
  const sig = w & 0x7f;
  if (sig !== 0) return [false, "signal", sig];
  const code = (w >> 8) & 0xff;
  return [code === 0, "exit", code];
}
