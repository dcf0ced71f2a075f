// The wippy-lua command as a user meets it: options, arg, exit codes,
// error reports, LUA_INIT, -l, stdin scripts. Runs the built bin.

import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const BIN = fileURLToPath(new URL("../dist/main.js", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "wippy-cli-"));

function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, ...extra };
  for (const k of ["LUA_INIT", "LUA_INIT_5_3", "LUA_PATH", "LUA_PATH_5_3"]) if (!(k in extra)) delete e[k];
  return e;
}

function run(args: string[], opts: { input?: string; env?: Record<string, string>; cwd?: string; argv0?: string } = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    input: opts.input ?? "",
    env: env(opts.env),
    cwd: opts.cwd ?? dir,
    encoding: "latin1",
    timeout: 20000,
    ...(opts.argv0 !== undefined ? { argv0: opts.argv0 } : {}),
  });
  return { out: r.stdout, err: r.stderr, status: r.status };
}

function script(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text, "latin1");
  return p;
}

describe("wippy-lua command", () => {
  it("-e runs code, -v prints the version", () => {
    expect(run(["-e", "print(1 + 1, 7 // 2, 2^53)"])).toEqual({ out: "2\t3\t9.007199254741e+15\n", err: "", status: 0 });
    const v = run(["-v"]);
    expect(v.out).toMatch(/^wippy-lua .*Lua 5\.3/);
    expect(v.status).toBe(0);
  });

  it("builds the arg table like lua: script at 0, options below, arguments above and as ...", () => {
    const p = script("args.lua", "for i = -3, #arg do io.write(i, '=', tostring(arg[i]), ' ') end print() print(...)");
    const r = run(["-e", "x=1", p, "a", "b c"]);
    expect(r.out).toBe(`-3=wippy-lua -2=-e -1=x=1 0=${p} 1=a 2=b c \na\tb c\n`);
    expect(r.status).toBe(0);
  });

  it("reports runtime errors on stderr with a traceback and exits 1", () => {
    const p = script("boom.lua", "print('before')\nlocal t = nil\nprint(t.x)\n");
    const r = run([p]);
    expect(r.out).toBe("before\n");
    expect(r.err).toContain(`wippy-lua: ${p}:3: attempt to index a nil value (local 't')\nstack traceback:\n`);
    expect(r.status).toBe(1);
  });

  it("reports error objects the way lua.c does", () => {
    expect(run(["-e", "error({})"]).err).toMatch(/^wippy-lua: \(error object is a table value\)\n/);
    expect(run(["-e", "error(setmetatable({}, {__tostring = function() return 'custom' end}))"]).err).toBe(
      "wippy-lua: custom\n",
    );
    expect(run(["-e", "error('plain', 0)"]).err).toMatch(/^wippy-lua: plain\nstack traceback:/);
  });

  it("reports syntax errors without a traceback", () => {
    const p = script("bad.lua", "x = = 1\n");
    const r = run([p]);
    expect(r.err).toBe(`wippy-lua: ${p}:1: unexpected symbol near '='\n`);
    expect(r.status).toBe(1);
  });

  it("os.exit exits with its code after flushing output", () => {
    const r = run(["-e", "io.write('partial') print(' line') os.exit(3)"]);
    expect(r.out).toBe("partial line\n");
    expect(r.status).toBe(3);
    expect(run(["-e", "os.exit(false)"]).status).toBe(1);
    expect(run(["-e", "os.exit(true)"]).status).toBe(0);
  });

  it("runs a script from stdin with '-' and when no script is given", () => {
    expect(run(["-", "a", "b"], { input: "print(arg[0], ...)" }).out).toBe("-\ta\tb\n");
    expect(run([], { input: "print('from stdin')" }).out).toBe("from stdin\n");
  });

  it("its main thread is lua.c's: coroutine.yield raises there, coroutines still yield, blocking calls park", () => {
    // The plain Lua lines print what lua5.3 prints.
    const code = "print(coroutine.isyieldable(), pcall(coroutine.yield, 1)) " +
      "print(coroutine.wrap(function() return coroutine.yield(2) end)())";
    const expected = "false\tfalse\tattempt to yield from outside a coroutine\n2\n";
    expect(run(["-e", code])).toEqual({ out: expected, err: "", status: 0 });
    expect(run([script("yield.lua", code)])).toEqual({ out: expected, err: "", status: 0 });
    expect(run(["-"], { input: code })).toEqual({ out: expected, err: "", status: 0 });
    const r = run(["-e", "coroutine.yield()"]);
    expect(r.err).toMatch(/^wippy-lua: attempt to yield from outside a coroutine\nstack traceback:\n/);
    expect(r.status).toBe(1);
    const blocking = "local ch = channel.new() coroutine.spawn(function() coroutine.yield() ch:send('v') end) print(ch:receive())";
    expect(run(["-e", blocking])).toEqual({ out: "v\ttrue\n", err: "", status: 0 });
  });

  it("a script read from a pipe sees the whole standard library", () => {
    // Node 20 resolved the runtime's imports to a second copy of the VM after a pipe was read.
    const r = run(["-"], { input: "print(type(load), type(string.rep), io.type(io.stdout))" });
    expect(r).toEqual({ out: "function\tfunction\tfile\n", err: "", status: 0 });
  });

  it("LUA_PATH / LUA_CPATH set the paths as for lua (';;' is the default), -E ignores them", () => {
    const show = ["-e", "print(package.path) print(package.cpath)"];
    expect(run(show, { env: { LUA_PATH: "x", LUA_CPATH: "xuxu" } }).out).toBe("x\nxuxu\n");
    expect(run(show, { env: { LUA_PATH_5_3: "y", LUA_PATH: "x", LUA_CPATH_5_3: "yacc", LUA_CPATH: "x" } }).out)
      .toBe("y\nyacc\n");
    const defaults = run(show).out;
    expect(run(["-E", ...show], { env: { LUA_PATH: "xxx", LUA_CPATH: "xxx" } }).out).toBe(defaults);
    const def = defaults.split("\n")[0];
    expect(run(["-e", "print(package.path)"], { env: { LUA_PATH: "a;;b" } }).out).toBe(`a;${def};b\n`);
    script("pathmod.lua", "return 'found'");
    expect(run(["-e", "print(require('pathmod'))"], { env: { LUA_PATH: "./?.lua" } }).out).toBe("found\n");
  });

  it("takes its name from argv[0] (when it is not node itself) for reports and arg", () => {
    const r = run(["-e", "print(arg[0]) error('x')"], { argv0: "/opt/bin/mylua" });
    expect(r.out).toBe("/opt/bin/mylua\n");
    expect(r.err).toMatch(/^\/opt\/bin\/mylua: \(command line\):1: x\n/);
    expect(run(["-e", "print(arg[0])"]).out).toBe("wippy-lua\n");
  });

  it("passes the script arg[1..#arg] as -e left it, like lua", () => {
    expect(run(["-e", "arg[1] = 100", "-"], { input: "print(...)" }).out).toBe("100\n");
    expect(run(["-e", "arg = {1, 2, nil, 4}", "-"], { input: "print(...)" }).out).toBe("1\t2\tnil\t4\n");
    const bad = run(["-e", "arg = 1", "-"], { input: "" });
    expect(bad.err).toMatch(/^wippy-lua: 'arg' is not a table\n/);
    expect(bad.status).toBe(1);
    expect(run(["-e", "load = nil", "-"], { input: "print(1)" }).out).toBe("1\n");
  });

  it("Ctrl-C makes the running code raise 'interrupted!', which pcall catches", async () => {
    const child = spawn(process.execPath, [BIN, "-e", "print(pcall(function() print(12) while true do end end)) print(42)"], {
      cwd: dir,
      env: env(),
    });
    let out = "";
    const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
    await new Promise<void>((resolve) => {
      child.stdout.on("data", (b: Buffer) => {
        out += b.toString("latin1");
        if (out.includes("12\n")) resolve();
      });
    });
    child.kill("SIGINT");
    expect(await exited).toBe(0);
    expect(out).toMatch(/^12\nfalse\t\(command line\):1: interrupted!\n42\n$/);
  });

  it("runs LUA_INIT_5_3 / LUA_INIT first, and -E ignores them", () => {
    expect(run(["-e", "print(x)"], { env: { LUA_INIT: "x = 5" } }).out).toBe("5\n");
    expect(run(["-e", "print(x)"], { env: { LUA_INIT: "x = 5", LUA_INIT_5_3: "x = 6" } }).out).toBe("6\n");
    const init = script("init.lua", "y = 'from file'");
    expect(run(["-e", "print(y)"], { env: { LUA_INIT: "@" + init } }).out).toBe("from file\n");
    expect(run(["-E", "-e", "print(x)"], { env: { LUA_INIT: "x = 5" } }).out).toBe("nil\n");
  });

  it("-l requires a module into a global", () => {
    script("mymod.lua", "return { v = 42 }");
    const r = run(["-l", "mymod", "-e", "print(mymod.v)"], { env: { LUA_PATH: "./?.lua" } });
    expect(r.out).toBe("42\n");
    const missing = run(["-l", "nosuchmod"], { env: { LUA_PATH: "./?.lua" } });
    expect(missing.err).toContain("wippy-lua: module 'nosuchmod' not found:");
    expect(missing.status).toBe(1);
  });

  it("rejects unknown options with the usage text", () => {
    const r = run(["-x"]);
    expect(r.err).toContain("wippy-lua: unrecognized option '-x'\nusage: wippy-lua [options] [script [args]]");
    expect(r.status).toBe(1);
    expect(run(["-e"]).err).toContain("'-e' needs argument");
  });

  it("--help lists every option", () => {
    const r = run(["--help"]);
    for (const opt of ["-e stat", "-i", "-l name", "-v", "-E", "--", "--parser=ohm", "--sandbox", "--check"]) expect(r.out).toContain(opt);
  });

  it("rejects -h as lua does (only --help is ours)", () => {
    const r = run(["-h"]);
    expect(r.err).toContain("wippy-lua: unrecognized option '-h'\n");
    expect(r.status).toBe(1);
  });

  it("--sandbox removes what the runtime's sandbox profile removes", () => {
    const p = script("sandboxed.lua", [
      "print(io, debug, load, loadfile, dofile, package.loadlib, os.execute, os.exit, os.remove, os.rename, os.tmpname, os.getenv)",
      "print(type(os.time), type(string.rep), type(require), type(process))",
    ].join("\n"));
    const r = run(["--sandbox", p]);
    expect(r.out).toBe(Array(12).fill("nil").join("\t") + "\nfunction\tfunction\tfunction\ttable\n");
    expect(r.status).toBe(0);
    expect(run([p]).out).not.toContain("nil\tnil");
  });

  it("cannot open a missing script", () => {
    const r = run(["nonexistent.lua"]);
    expect(r.err).toBe("wippy-lua: cannot open nonexistent.lua: No such file or directory\n");
    expect(r.status).toBe(1);
  });

  it("keeps every byte of strings and source files", () => {
    const p = script("bytes.lua", "local s = '\u00e9\u00ff\u0080' print(#s, s:byte(1, -1))");
    expect(run([p]).out).toBe("3\t233\t255\t128\n");
  });
});
