// package library and require tests (loadlib behaviour).
// Expected outputs were produced by the reference lua5.3 (5.3.6) on the
// same snippets; the test does not need lua5.3.

import { describe, expect, it } from "vitest";
import { run } from "./helper.js";

const CASES: [string, string, string][] = [
  ["require from package.path", "local dir = \"/tmp/wippy_stdlib_req_\"\nlocal f = io.open(dir .. \"moda.lua\", \"w\")\nf:write(\"local name, file = ...\\nprint('loading', name, file)\\nreturn {value = 42}\\n\") f:close()\nf = io.open(dir .. \"modb.lua\", \"w\") f:write(\"x_from_b = 1\\n\") f:close()\nf = io.open(dir .. \"modc.lua\", \"w\") f:write(\"return nil +\\n\") f:close()\nf = io.open(dir .. \"modd.lua\", \"w\") f:write(\"error('boom')\\n\") f:close()\npackage.path = dir .. \"?.lua;\" .. dir .. \"?/init.lua\"\npackage.cpath = \"/nonexistent/?.so\"\nlocal a = require(\"moda\")\nprint(a.value, require(\"moda\") == a, package.loaded.moda == a)\nprint(require(\"modb\"), package.loaded.modb, x_from_b)\nprint(pcall(require, \"modc\"))\nprint(pcall(require, \"modd\"))\nprint(pcall(require, \"nosuchmod\"))\nprint(package.searchpath(\"moda\", package.path))\nprint(package.searchpath(\"a.b.c\", \"/nonexistent/?.x;/nonexistent2/?\"))\nprint(package.searchpath(\"a.b\", \"/nonexistent/?.x\", \".\", \"_\"))\nprint(package.searchpath(\"a.b\", \"/nonexistent/?.x\", \"\"))\nfor _, n in ipairs({\"moda\", \"modb\", \"modc\", \"modd\"}) do os.remove(dir .. n .. \".lua\") end", "loading\tmoda\t/tmp/wippy_stdlib_req_moda.lua\n42\ttrue\ttrue\ntrue\ttrue\t1\nfalse\terror loading module 'modc' from file '/tmp/wippy_stdlib_req_modc.lua':\n\t/tmp/wippy_stdlib_req_modc.lua:2: unexpected symbol near <eof>\nfalse\t/tmp/wippy_stdlib_req_modd.lua:1: boom\nfalse\tmodule 'nosuchmod' not found:\n\tno field package.preload['nosuchmod']\n\tno file '/tmp/wippy_stdlib_req_nosuchmod.lua'\n\tno file '/tmp/wippy_stdlib_req_nosuchmod/init.lua'\n\tno file '/nonexistent/nosuchmod.so'\n/tmp/wippy_stdlib_req_moda.lua\nnil\t\n\tno file '/nonexistent/a/b/c.x'\n\tno file '/nonexistent2/a/b/c'\nnil\t\n\tno file '/nonexistent/a_b.x'\nnil\t\n\tno file '/nonexistent/a.b.x'\n"],
  ["preload, loaded and searchers", "package.preload.pm = function(...) print(\"preload args\", ...) return \"pm value\" end\nprint(require(\"pm\"), package.loaded.pm)\npackage.loaded.fake = \"already\"\nprint(require(\"fake\"))\nprint(type(package.searchers), #package.searchers, package.config)\nprint(package.loaded.string == string, package.loaded._G == _G, package.loaded.package == package)\nprint(pcall(require))\nlocal saved = package.searchers\npackage.searchers = nil\nprint(pcall(require, \"zzz\"))\npackage.searchers = {function(n) return \"\\n\\tcustom miss \" .. n end, function(n) return function(...) return select(\"#\", ...), ... end, \"extra\" end}\nprint(require(\"zzz\"))\npackage.searchers = saved\npackage.cpath = \"./?.so\"\npackage.path = 1\nprint(pcall(require, \"yyy\"))", "preload args\tpm\tnil\npm value\tpm value\nalready\ntable\t4\t/\n;\n?\n!\n-\n\ntrue\ttrue\ttrue\nfalse\tbad argument #1 to 'require' (string expected, got no value)\nfalse\t'package.searchers' must be a table\n2\nfalse\tmodule 'yyy' not found:\n\tno field package.preload['yyy']\n\tno file '1'\n\tno file './yyy.so'\n"],
];

describe("package library", () => {
  for (const [name, src, expected] of CASES) {
    it(name, () => {
      const r = run(src);
      expect(r.stdout + (r.error !== null ? `ERROR: ${r.error}\n` : "")).toBe(expected);
    });
  }
});

// C modules cannot be loaded by this implementation: the C searchers and
// package.loadlib answer the way a Lua built without dynamic libraries does.
describe("C modules", () => {
  it("report every path tried, then refuse a found library", () => {
    const r = run(`package.path = ""
package.cpath = "/nonexistent/?.so"
print(pcall(require, "cmod"))
print(pcall(require, "cmod.sub"))
local f = io.open("/tmp/wippy_stdlib_cmod.so", "w") f:write("not really") f:close()
package.cpath = "/tmp/wippy_stdlib_?.so"
print(pcall(require, "cmod"))
print(pcall(require, "cmod.inner"))
os.remove("/tmp/wippy_stdlib_cmod.so")
print(package.loadlib("/nonexistent.so", "f"))
print(pcall(package.loadlib))`);
    expect(r.error).toBe(null);
    const dl = "dynamic libraries not enabled; check your Lua installation";
    expect(r.stdout).toBe(
      "false\tmodule 'cmod' not found:\n\tno field package.preload['cmod']\n\tno file '/nonexistent/cmod.so'\n" +
      "false\tmodule 'cmod.sub' not found:\n\tno field package.preload['cmod.sub']\n" +
      "\tno file '/nonexistent/cmod/sub.so'\n\tno file '/nonexistent/cmod.so'\n" +
      `false\terror loading module 'cmod' from file '/tmp/wippy_stdlib_cmod.so':\n\t${dl}\n` +
      `false\terror loading module 'cmod.inner' from file '/tmp/wippy_stdlib_cmod.so':\n\t${dl}\n` +
      `nil\t${dl}\tabsent\n` +
      "false\tbad argument #1 to 'package.loadlib' (string expected, got no value)\n");
  });
});

// lua.c's setpath: LUA_PATH_5_3, else LUA_PATH, with ";;" standing for the
// default; lua -E ignores them (OpenLibsOptions.ignoreEnv). Embedders may
// give their own default path (OpenLibsOptions.defaultPath).
describe("package.path and package.cpath from the environment", () => {
  const NAMES = ["LUA_PATH", "LUA_PATH_5_3", "LUA_CPATH", "LUA_CPATH_5_3"];
  function withEnv(env: Record<string, string>, f: () => void): void {
    const saved = NAMES.map((n) => [n, process.env[n]] as const);
    for (const n of NAMES) delete process.env[n];
    Object.assign(process.env, env);
    try {
      f();
    } finally {
      for (const [n, v] of saved) {
        if (v === undefined) delete process.env[n];
        else process.env[n] = v;
      }
    }
  }
  const show = "print(package.path) print(package.cpath)";

  it("LUA_PATH and LUA_CPATH set them; the _5_3 forms win; ';;' is the default", () => {
    withEnv({ LUA_PATH: "x", LUA_CPATH: "xuxu" }, () => expect(run(show).stdout).toBe("x\nxuxu\n"));
    withEnv({ LUA_PATH: "x", LUA_PATH_5_3: "y", LUA_CPATH: "x", LUA_CPATH_5_3: "yacc" }, () => {
      expect(run(show).stdout).toBe("y\nyacc\n");
    });
    withEnv({ LUA_PATH: ";;a;;b" }, () => {
      expect(run("print(package.path)", { defaultPath: "D" }).stdout).toBe(";D;a;D;b\n");
    });
  });

  it("ignoreEnv (lua -E) keeps the defaults", () => {
    withEnv({ LUA_PATH: "xxx", LUA_CPATH: "xxx" }, () => {
      const out = run(show, { ignoreEnv: true }).stdout;
      expect(out).toBe("/usr/local/share/lua/5.3/?.lua;/usr/local/share/lua/5.3/?/init.lua;" +
        "/usr/local/lib/lua/5.3/?.lua;/usr/local/lib/lua/5.3/?/init.lua;./?.lua;./?/init.lua\n" +
        "/usr/local/lib/lua/5.3/?.so;/usr/local/lib/lua/5.3/loadall.so;./?.so\n");
      expect(run("print(package.path)", { ignoreEnv: true, defaultPath: "P" }).stdout).toBe("P\n");
    });
  });
});
