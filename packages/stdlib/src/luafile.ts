// The byte streams behind io's file handles: regular files read and written
// with synchronous fs calls through our own buffers, the standard streams,
// and the two kinds of io.popen pipe. Contents are byte strings (latin1).
//
// Standard output goes through the Lua state's own buffer (LuaState.write),
// which `print` shares, so the two never reorder. Standard input is one
// shared source for the whole process, read with fs.readSync(0) and retried
// on EAGAIN (non-blocking descriptors).

import * as fs from "node:fs";
import { constants as osConstants } from "node:os";
import { spawnSync } from "node:child_process";
import { closeReadPipe, openReadPipe, readPipe, type ReadPipe } from "./popen.js";
import type { LuaState } from "@wippy-lua/vm/libapi";

const BUFSIZE = 1 << 16;

export const enum Kind {
  File,
  Stdin,
  Stdout,
  Stderr,
  PopenRead,
  PopenWrite,
}

export const enum Vbuf {
  No,
  Full,
  Line,
}

/** An OS-level failure: glibc's strerror text and errno. */
export class SysError {
  constructor(readonly message: string, readonly errno: number) {}
}

const STRERROR: Record<string, string> = {
  EPERM: "Operation not permitted",
  ENOENT: "No such file or directory",
  EIO: "Input/output error",
  EBADF: "Bad file descriptor",
  EAGAIN: "Resource temporarily unavailable",
  EACCES: "Permission denied",
  EBUSY: "Device or resource busy",
  EEXIST: "File exists",
  EXDEV: "Invalid cross-device link",
  ENOTDIR: "Not a directory",
  EISDIR: "Is a directory",
  EINVAL: "Invalid argument",
  EMFILE: "Too many open files",
  ENOSPC: "No space left on device",
  ESPIPE: "Illegal seek",
  EROFS: "Read-only file system",
  EPIPE: "Broken pipe",
  ENAMETOOLONG: "File name too long",
  ENOTEMPTY: "Directory not empty",
  ELOOP: "Too many levels of symbolic links",
  ETXTBSY: "Text file busy",
  EFBIG: "File too large",
};

/** The SysError for an exception thrown by an fs call. */
export function sysError(e: unknown): SysError {
  const err = e as NodeJS.ErrnoException;
  const code = typeof err?.code === "string" ? err.code : "EIO";
  const errno = (osConstants.errno as Record<string, number>)[code] ?? (typeof err?.errno === "number" ? -err.errno : 5);
  let msg = STRERROR[code];
  if (msg === undefined) {
    const m = typeof err?.message === "string" ? err.message.replace(/^[A-Z]+: /, "").replace(/,.*$/, "") : code;
    msg = m.charAt(0).toUpperCase() + m.slice(1);
  }
  return new SysError(msg, errno);
}

export const EBADF = new SysError("Bad file descriptor", 9);
const ESPIPE = new SysError("Illegal seek", 29);
const EINVAL = new SysError("Invalid argument", 22);

/** How a child process ended: [ok, "exit" | "signal", code]. */
export type ExecResult = [boolean, string, number];

export function execResult(r: ReturnType<typeof spawnSync>): ExecResult | SysError {
  if (r.error !== undefined && r.status === null && r.signal === null) return sysError(r.error);
  if (r.signal !== null) {
    const signo = (osConstants.signals as Record<string, number>)[r.signal] ?? 0;
    return [false, "signal", signo];
  }
  const code = r.status ?? 0;
  return [code === 0, "exit", code];
}

// ---------------------------------------------------------------- stdin

const sleepCell = new Int32Array(new SharedArrayBuffer(4));

/** Standard input, shared by every state of the process. */
const stdinSource = {
  buf: Buffer.alloc(BUFSIZE),
  /** Reads what is available (blocking); "" at end of file. */
  read(): string {
    for (;;) {
      try {
        const n = fs.readSync(0, this.buf, 0, BUFSIZE, null);
        return this.buf.toString("latin1", 0, n);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === "EAGAIN") {
          Atomics.wait(sleepCell, 0, 0, 5);
          continue;
        }
        if (code === "EOF") return "";
        throw e;
      }
    }
  },
};

// ---------------------------------------------------------------- files

/** Files whose write buffers hold data, flushed at process exit. */
const dirty = new Set<LuaFile>();
let exitHookInstalled = false;

function markDirty(f: LuaFile): void {
  dirty.add(f);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on("exit", flushAllFiles);
  }
}

/** Writes out every file buffer (at exit, like C's exit() flushing stdio). */
export function flushAllFiles(): void {
  for (const f of [...dirty]) f.flush();
}

export class LuaFile {
  kind: Kind;
  fd: number;
  closed = false;
  readable: boolean;
  writable: boolean;
  append: boolean;
  vbuf: Vbuf = Vbuf.Full;
  /** The state whose output buffer stdout writes to. */
  G: LuaState | null = null;
  /** Read-ahead: bytes rbuf[rpos..] come before the physical position. */
  rbuf = "";
  rpos = 0;
  /** Offset of the next physical read/write (regular files). */
  filePos = 0;
  /** Pending writes. */
  wparts: string[] = [];
  wlen = 0;
  /** The error of the last failed operation (ferror). */
  err: SysError | null = null;
  /** For io.popen: the command and, once finished, how it ended. */
  command = "";
  result: ExecResult | SysError | null = null;
  /** io.popen(cmd, "r") while the command runs (popen.ts). */
  pipe: ReadPipe | null = null;
  /** io.tmpfile: removed when closed. */
  tmpPath: string | null = null;
  /** Set when the physical source is exhausted (pipes). */
  eof = false;

  constructor(kind: Kind, fd: number, readable: boolean, writable: boolean, append = false) {
    this.kind = kind;
    this.fd = fd;
    this.readable = readable;
    this.writable = writable;
    this.append = append;
  }

  /** Reads more bytes into the read buffer; false at end of file or error. */
  fill(): boolean {
    if (!this.readable) {
      this.err = EBADF;
      return false;
    }
    let chunk: string;
    switch (this.kind) {
      case Kind.Stdin:
        try {
          // Show pending output (a prompt) before blocking on input.
          if (this.G !== null) this.G.flush();
          chunk = stdinSource.read();
        } catch (e) {
          this.err = sysError(e);
          return false;
        }
        break;
      case Kind.File: {
        if (this.wlen > 0 && !this.flush()) return false;
        const buf = Buffer.allocUnsafe(BUFSIZE);
        let n: number;
        try {
          n = fs.readSync(this.fd, buf, 0, BUFSIZE, this.filePos);
        } catch (e) {
          this.err = sysError(e);
          return false;
        }
        this.filePos += n;
        chunk = buf.toString("latin1", 0, n);
        break;
      }
      case Kind.PopenRead:
        if (this.pipe === null) return false; // output captured whole at open time
        try {
          chunk = readPipe(this.pipe, Buffer.allocUnsafe(BUFSIZE));
        } catch (e) {
          this.err = sysError(e);
          return false;
        }
        break;
      default:
        return false;
    }
    if (chunk === "") return false;
    this.rbuf = this.rpos < this.rbuf.length ? this.rbuf.slice(this.rpos) + chunk : chunk;
    this.rpos = 0;
    return true;
  }

  /** getc: the next byte, or -1 at end of file. */
  getc(): number {
    if (this.rpos >= this.rbuf.length && !this.fill()) return -1;
    return this.rbuf.charCodeAt(this.rpos++);
  }

  /** ungetc of the byte getc just returned. */
  ungetc(): void {
    this.rpos--;
  }

  /** A line, without (or with) its newline; null at end of file. */
  readLine(keepNewline: boolean): string | null {
    let out = "";
    for (;;) {
      if (this.rpos >= this.rbuf.length && !this.fill()) return out.length > 0 ? out : null;
      const nl = this.rbuf.indexOf("\n", this.rpos);
      if (nl >= 0) {
        out += this.rbuf.slice(this.rpos, keepNewline ? nl + 1 : nl);
        this.rpos = nl + 1;
        return out;
      }
      out += this.rpos === 0 ? this.rbuf : this.rbuf.slice(this.rpos);
      this.rpos = this.rbuf.length;
    }
  }

  /** Up to n bytes; null when none could be read. */
  readChars(n: number): string | null {
    const parts: string[] = [];
    let got = 0;
    while (got < n) {
      if (this.rpos >= this.rbuf.length && !this.fill()) break;
      const take = Math.min(n - got, this.rbuf.length - this.rpos);
      parts.push(this.rbuf.slice(this.rpos, this.rpos + take));
      this.rpos += take;
      got += take;
    }
    return got > 0 ? parts.join("") : null;
  }

  readAll(): string {
    const parts: string[] = [];
    for (;;) {
      if (this.rpos < this.rbuf.length) {
        parts.push(this.rpos === 0 ? this.rbuf : this.rbuf.slice(this.rpos));
        this.rpos = this.rbuf.length;
      }
      if (!this.fill()) break;
    }
    return parts.join("");
  }

  /** True unless at end of file (read(0)). */
  notAtEof(): boolean {
    return this.rpos < this.rbuf.length || this.fill();
  }

  write(s: string): boolean {
    if (!this.writable) {
      this.err = EBADF;
      return false;
    }
    switch (this.kind) {
      case Kind.Stdout: {
        const G = this.G!;
        G.write(s);
        if (this.vbuf === Vbuf.No || (this.vbuf === Vbuf.Line && s.includes("\n"))) G.flush();
        return true;
      }
      case Kind.Stderr:
        this.G!.stderr(s);
        return true;
      case Kind.PopenWrite:
        this.wparts.push(s);
        return true;
    }
    if (this.rpos < this.rbuf.length) {
      // Writing after reading: continue from the logical position.
      this.filePos -= this.rbuf.length - this.rpos;
    }
    this.rbuf = "";
    this.rpos = 0;
    this.wparts.push(s);
    this.wlen += s.length;
    if (this.wlen === s.length) markDirty(this);
    if (this.vbuf === Vbuf.No || this.wlen >= BUFSIZE || (this.vbuf === Vbuf.Line && s.includes("\n"))) {
      return this.flush();
    }
    return true;
  }

  /** Writes out buffered data; false (with err set) on failure. */
  flush(): boolean {
    if (this.kind === Kind.Stdout) {
      this.G!.flush();
      return true;
    }
    if (this.kind !== Kind.File || this.wlen === 0) return true;
    const data = Buffer.from(this.wparts.join(""), "latin1");
    this.wparts = [];
    this.wlen = 0;
    dirty.delete(this);
    try {
      let off = 0;
      while (off < data.length) {
        off += fs.writeSync(this.fd, data, off, data.length - off, this.append ? null : this.filePos + off);
      }
      this.filePos = this.append ? fs.fstatSync(this.fd).size : this.filePos + data.length;
    } catch (e) {
      this.err = sysError(e);
      return false;
    }
    return true;
  }

  /** fseek: the new position, or a SysError. */
  seek(whence: number, offset: number): number | SysError {
    if (this.kind !== Kind.File) return ESPIPE;
    if (!this.flush()) return this.err!;
    let base: number;
    if (whence === 0) base = 0;
    else if (whence === 1) base = this.filePos - (this.rbuf.length - this.rpos);
    else {
      try {
        base = fs.fstatSync(this.fd).size;
      } catch (e) {
        return sysError(e);
      }
    }
    const pos = base + offset;
    if (pos < 0) return EINVAL;
    this.filePos = pos;
    this.rbuf = "";
    this.rpos = 0;
    return pos;
  }

  /** Closes the stream: true, a child's exit result (popen), or a SysError. */
  close(): true | ExecResult | SysError {
    const flushed = this.flush();
    this.closed = true;
    dirty.delete(this);
    switch (this.kind) {
      case Kind.PopenRead:
        if (this.pipe !== null) {
          this.result = closeReadPipe(this.pipe);
          this.pipe = null;
        }
        return this.result!;
      case Kind.PopenWrite: {
        if (this.G !== null) this.G.flush();
        const r = spawnSync("/bin/sh", ["-c", this.command], {
          input: Buffer.from(this.wparts.join(""), "latin1"),
          stdio: ["pipe", "inherit", "inherit"],
        });
        this.wparts = [];
        return execResult(r);
      }
    }
    let res: true | SysError = flushed ? true : this.err!;
    try {
      fs.closeSync(this.fd);
    } catch (e) {
      if (res === true) res = sysError(e);
    }
    if (this.tmpPath !== null) {
      try {
        fs.unlinkSync(this.tmpPath);
      } catch {
        // Already gone: nothing to clean up.
      }
    }
    this.fd = -1;
    return res;
  }
}

/**
 * Closes files whose handles the JS garbage collector reclaimed without a
 * close (C Lua's __gc on FILE* does the same), so descriptors do not leak.
 */
export const fileFinalizer = new FinalizationRegistry<LuaFile>((f) => {
  if (!f.closed) f.close();
});

/** fopen with a checked Lua mode ("r", "w+", "ab", ...). */
export function openFile(name: string, mode: string): LuaFile | SysError {
  // Handles dropped without close are never finalised here (C Lua's GC
  // would close them), so their buffered data is written out before any
  // file is opened: whoever opens it next sees what was written.
  if (dirty.size > 0) flushAllFiles();
  const m = mode.replace(/b/g, "");
  let fd: number;
  try {
    fd = fs.openSync(Buffer.from(name, "latin1"), m);
  } catch (e) {
    return sysError(e);
  }
  const plus = m.includes("+");
  const f = new LuaFile(Kind.File, fd, m[0] === "r" || plus, m[0] !== "r" || plus, m[0] === "a");
  return f;
}

/**
 * io.popen: for "r" the command runs while its output is read (popen.ts;
 * where that is impossible it runs now and its output is captured); for
 * "w" it runs at close with what was written as its input.
 */
export function openPipe(command: string, mode: string, G: LuaState): LuaFile {
  if (mode === "r") {
    G.flush();
    const f = new LuaFile(Kind.PopenRead, -1, true, false);
    f.pipe = openReadPipe(command);
    if (f.pipe !== null) return f;
    const r = spawnSync("/bin/sh", ["-c", command], {
      stdio: ["inherit", "pipe", "inherit"],
      maxBuffer: 1 << 30,
    });
    f.rbuf = r.stdout !== null ? (r.stdout as Buffer).toString("latin1") : "";
    f.result = execResult(r);
    return f;
  }
  const f = new LuaFile(Kind.PopenWrite, -1, false, true);
  f.command = command;
  f.G = G;
  return f;
}

/** The standard streams of state G. */
export function stdStreams(G: LuaState): [LuaFile, LuaFile, LuaFile] {
  const stdin = new LuaFile(Kind.Stdin, 0, true, false);
  stdin.G = G;
  const stdout = new LuaFile(Kind.Stdout, 1, false, true);
  stdout.G = G;
  const stderr = new LuaFile(Kind.Stderr, 2, false, true);
  stderr.G = G;
  stderr.vbuf = Vbuf.No;
  return [stdin, stdout, stderr];
}

/** A fresh temporary file name (created empty, like mkstemp), or a SysError. */
export function makeTempName(): string | SysError {
  const dir = "/tmp";
  for (let tries = 0; tries < 100; tries++) {
    const name = `${dir}/lua_${Math.random().toString(36).slice(2, 8).padEnd(6, "0")}`;
    try {
      fs.closeSync(fs.openSync(name, "wx", 0o600));
      return name;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") return sysError(e);
    }
  }
  return new SysError("File exists", 17);
}

/** io.tmpfile: a "w+" file removed when closed. */
export function openTempFile(): LuaFile | SysError {
  const name = makeTempName();
  if (name instanceof SysError) return name;
  const f = openFile(name, "w+");
  if (f instanceof LuaFile) f.tmpPath = name;
  return f;
}
