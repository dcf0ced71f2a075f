// The REPL driven for real: through piped stdin (-i) and through a
// pseudo-terminal (util-linux `script`), checking what appears on screen.

import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const BIN = fileURLToPath(new URL("../dist/main.js", import.meta.url));
const SCRIPT = "/usr/bin/script";

function repl(input: string, extraEnv: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, "-i"], {
    input,
    encoding: "utf8",
    timeout: 20000,
    env: { ...process.env, NO_COLOR: "1", ...extraEnv },
  });
  return { out: r.stdout, err: r.stderr, status: r.status };
}

describe("REPL over piped stdin", () => {
  it("prints expression values through the global print, tab-separated, with prompts (as lua does off a terminal)", () => {
    const r = repl("1 + 1\n'a', 2, nil\n{}\n");
    expect(r.out).toMatch(/^wippy-lua .*\n> 2\n> a\t2\tnil\n> table: 0x[0-9a-f]+\n> $/);
    expect(r.status).toBe(0);
  });

  it("uses whatever print is at the time, and reports a missing one as lua does", () => {
    const r = repl("print = function(...) io.write('<', select('#', ...), '>\\n') end\n1, 2\nprint = nil\n3\n");
    expect(r.out).toContain("> <2>\n");
    expect(r.err).toContain("wippy-lua: error calling 'print' (attempt to call a nil value)\n");
    expect(r.status).toBe(0);
  });

  it("asks for more lines while the chunk is incomplete", () => {
    const r = repl("for i = 1, 2 do\nprint(i)\nend\nfunction f()\nreturn 7\nend\nf()\n");
    expect(r.out).toContain("> >> >> 1\n2\n");
    expect(r.out).toContain("7\n");
  });

  it("reports errors and keeps going", () => {
    const r = repl("error('boom')\nx = = 1\nprint('still here')\n");
    expect(r.err).toContain("wippy-lua: stdin:1: boom\nstack traceback:");
    expect(r.err).toContain("wippy-lua: stdin:1: unexpected symbol near '='\n");
    expect(r.out).toContain("still here\n");
  });

  it("an interrupt stops running Lua code and returns to the prompt", async () => {
    const r = await interruptAtPrompt("while true do end\n");
    expect(r.err).toContain("interrupted!");
    expect(r.out).toContain("alive\n");
    expect(r.status).toBe(0);
  });
});

describe("REPL chunks run in a root process of the actor runtime", () => {
  it("has process, channel, coroutine.spawn and require('time'); blocking calls return at the prompt", () => {
    const r = repl([
      "type(process), type(channel), type(coroutine.spawn), type(errors)",
      "time = require('time')",
      "time.sleep(0.1)",
      "time.sleep('10ms') print('slept')",
      "ch = channel.new()",
      "coroutine.spawn(function() ch:send('from a coroutine') end)",
      "ch:receive()",
      "process.exec('no/such.lua')",
      "coroutine.isyieldable()",
      "",
    ].join("\n"));
    expect(r.out).toContain("> false\n");
    expect(r.out).toContain("> table\ttable\tfunction\ttable\n");
    expect(r.out).toContain("slept\n");
    expect(r.out).toContain("from a coroutine\ttrue\n");
    expect(r.out).toMatch(/nil\t[^\n]*entry not found/);
    expect(r.err).toBe("");
    expect(r.status).toBe(0);
  });

  it("a chunk that can never be woken reports a deadlock and the REPL goes on", () => {
    const r = repl("channel.new():receive()\nprint('still here')\n");
    expect(r.err).toContain("wippy-lua: stdin:1: deadlock: every process is blocked\nstack traceback:");
    expect(r.out).toContain("still here\n");
    expect(r.status).toBe(0);
  });

  it("os.exit at the prompt ends the REPL with its status", () => {
    const r = repl("print('bye')\nos.exit(3)\nprint('not reached')\n");
    expect(r.out).toContain("bye\n");
    expect(r.out).not.toContain("not reached");
    expect(r.status).toBe(3);
  });

  it("-i runs -e and the script in the same process before the prompt", () => {
    const dir = mkdtempSync(join(tmpdir(), "wippy-repl-"));
    const script = join(dir, "s.lua");
    writeFileSync(script, "y = (x or 0) + select('#', ...) ch = channel.new(1) ch:send('kept')\n");
    const r = spawnSync(process.execPath, [BIN, "-e", "x = 10", "-i", script, "a", "b"], {
      input: "y, ch:receive()\n", encoding: "utf8", timeout: 20000, env: { ...process.env, NO_COLOR: "1" },
    });
    expect(r.stdout).toContain("> 12\tkept\ttrue\n");
    expect(r.status).toBe(0);
  });

  it("an interrupt stops a chunk that waits on a timer, and the REPL goes on", async () => {
    const r = await interruptAtPrompt("require('time').sleep('30s')\n");
    expect(r.err).toContain("wippy-lua: stdin:1: interrupted!");
    expect(r.out).toContain("alive\n");
    expect(r.status).toBe(0);
  });
});

/**
 * Runs `wippy-lua -i` over pipes: types `chunk` at the first prompt, sends
 * SIGINT while it runs, then `print('alive')` and end of input.
 */
async function interruptAtPrompt(chunk: string): Promise<{ out: string; err: string; status: unknown }> {
  const child = spawn(process.execPath, [BIN, "-i"], { env: { ...process.env, NO_COLOR: "1" } });
  const guard = setTimeout(() => child.kill("SIGKILL"), 10000);
  let out = "";
  let err = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (err += d));
  // Wait for the first prompt: before it, SIGINT would find no handler yet.
  for (let i = 0; i < 200 && !out.includes("> "); i++) await new Promise((r) => setTimeout(r, 50));
  child.stdin.write(chunk);
  await new Promise((r) => setTimeout(r, 500));
  child.kill("SIGINT");
  for (let i = 0; i < 100 && !err.includes("interrupted!"); i++) await new Promise((r) => setTimeout(r, 50));
  child.stdin.end("print('alive')\n");
  const status = await new Promise((r) => child.on("close", r));
  clearTimeout(guard);
  return { out, err, status };
}

/** Starts the REPL on a pseudo-terminal and returns a way to type and to wait for the screen. */
function terminal(home: string) {
  const child = spawn(SCRIPT, ["-qfec", `${process.execPath} ${BIN}`, "/dev/null"], {
    env: { ...process.env, HOME: home, NO_COLOR: "1", TERM: "xterm" },
  });
  let screen = "";
  child.stdout.on("data", (d) => (screen += d));
  const waitFor = async (text: string, from = 0): Promise<number> => {
    for (let i = 0; i < 200; i++) {
      const at = screen.indexOf(text, from);
      if (at >= 0) return at + text.length;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`timed out waiting for ${JSON.stringify(text)} in ${JSON.stringify(screen)}`);
  };
  const closed = new Promise((r) => child.on("close", r));
  // A failed wait must not leave the REPL running.
  const guard = setTimeout(() => child.kill("SIGKILL"), 15000);
  child.on("close", () => clearTimeout(guard));
  return { type: (keys: string) => child.stdin.write(keys), waitFor, screen: () => screen, closed };
}

describe.skipIf(!existsSync(SCRIPT))("REPL on a terminal (skipped where util-linux `script` is absent)", () => {
  it("edits lines, completes names with tab, keeps history in the home folder, exits on Ctrl-D", async () => {
    const home = mkdtempSync(join(tmpdir(), "wippy-home-"));
    const t = terminal(home);
    let at = await t.waitFor("> ");
    t.type("x = 41\r");
    at = await t.waitFor("> ", at);
    t.type("print(x + 1)\r");
    at = await t.waitFor("42", at);
    t.type("string.up\t");
    at = await t.waitFor("string.upper", at);
    t.type("('ab')\r");
    at = await t.waitFor('"AB"', at);
    // Up-arrow brings back the previous line; Ctrl-D then leaves.
    t.type("\x1b[A\r");
    await t.waitFor('"AB"', at);
    t.type("\x04");
    await t.closed;
    const history = readFileSync(join(home, ".wippy_lua_history"), "utf8");
    expect(history).toBe("x = 41\nprint(x + 1)\nstring.upper('ab')\nstring.upper('ab')\n");
  });

  it("shows values readably: strings quoted, tables with cycles marked", async () => {
    const t = terminal(mkdtempSync(join(tmpdir(), "wippy-home-")));
    let at = await t.waitFor("> ");
    t.type("t = {1, 2, x = 3}\r");
    at = await t.waitFor("> ", at);
    t.type("t, 'a'\r");
    at = await t.waitFor('{1, 2, x = 3}\t"a"', at);
    t.type("t.self = t\r");
    at = await t.waitFor("> ", at);
    t.type("t\r");
    at = await t.waitFor("{1, 2, x = 3, self = <cycle>}", at);
    t.type("\x04");
    await t.closed;
  });

  it("Ctrl-C interrupts an infinite loop and the REPL goes on", async () => {
    const t = terminal(mkdtempSync(join(tmpdir(), "wippy-home-")));
    let at = await t.waitFor("> ");
    t.type("while true do end\r");
    await new Promise((r) => setTimeout(r, 500));
    t.type("\x03");
    at = await t.waitFor("interrupted!", at);
    t.type("print('alive')\r");
    await t.waitFor("alive", at);
    t.type("\x04");
    await t.closed;
  });
});
