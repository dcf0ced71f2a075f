// The REPL driven for real: through piped stdin (-i) and through a
// pseudo-terminal (util-linux `script`), checking what appears on screen.

import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
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
  it("prints expression values, several tab-separated, with prompts", () => {
    const r = repl("1 + 1\n'a', 2, nil\n");
    expect(r.out).toMatch(/^wippy-lua .*\n> 2\n> "a"\t2\tnil\n> $/);
    expect(r.status).toBe(0);
  });

  it("shows tables readably, with cycles marked", () => {
    const r = repl("t = {1, 2, x = 3}\nt\nt.self = t\nt\n{}\n");
    expect(r.out).toContain("{1, 2, x = 3}\n");
    expect(r.out).toContain("{1, 2, x = 3, self = <cycle>}\n");
    expect(r.out).toContain("> {}\n");
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
    const child = spawn(process.execPath, [BIN, "-i"], { env: { ...process.env, NO_COLOR: "1" } });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.stdin.write("while true do end\n");
    await new Promise((r) => setTimeout(r, 700));
    child.kill("SIGINT");
    await new Promise((r) => setTimeout(r, 300));
    child.stdin.end("print('alive')\n");
    const status = await new Promise((r) => child.on("close", r));
    expect(err).toContain("interrupted!");
    expect(out).toContain("alive\n");
    expect(status).toBe(0);
  });
});

describe.skipIf(!existsSync(SCRIPT))("REPL on a terminal (skipped where util-linux `script` is absent)", () => {
  it("edits lines, completes names with tab, keeps history in the home folder", () => {
    const home = mkdtempSync(join(tmpdir(), "wippy-home-"));
    const r = spawnSync(SCRIPT, ["-qfec", `${process.execPath} ${BIN}`, "/dev/null"], {
      input: "x = 41\nprint(x + 1)\nstring.up\t('ab')\n\x04",
      encoding: "utf8",
      timeout: 20000,
      env: { ...process.env, HOME: home, NO_COLOR: "1", TERM: "xterm" },
    });
    expect(r.stdout).toContain("42");
    expect(r.stdout).toContain("string.upper('ab')");
    expect(r.stdout).toContain('"AB"');
    const history = readFileSync(join(home, ".wippy_lua_history"), "utf8");
    expect(history).toContain("x = 41\nprint(x + 1)\n");
  });
});
