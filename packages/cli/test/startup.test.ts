// How the command starts: from the bundle and code cache that the build
// writes to dist/bundled (scripts/bundle.mjs) while they match the files they
// were made from, and from the plain modules otherwise, with the same result.

import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const CLI = fileURLToPath(new URL("..", import.meta.url));
const DIST = join(CLI, "dist");
// The bin (CommonJS) and its ES module twin, `node dist/main.js`.
const LAUNCHER = "main.cjs";
const TWIN = "main.js";
const PLAIN_ENTRY = "/cli.js";

type Stamp = [string, number, number];
interface Manifest { format: number; program: Stamp; cache: Stamp | null; inputs: Stamp[] }

// A loader hook that lists every module Node's ES module loader loads (with
// --import it also loads the CommonJS entry), one URL a line on stderr.
const hooks = mkdtempSync(join(tmpdir(), "wippy-startup-"));
writeFileSync(join(hooks, "hooks.mjs"), "export async function load(url, context, next) {\n  process._rawDebug('loaded ' + url);\n  return next(url, context);\n}\n");
writeFileSync(join(hooks, "register.mjs"), `import { register } from "node:module";\nregister(${JSON.stringify(pathToFileURL(join(hooks, "hooks.mjs")).href)});\n`);
// Copies of dist live beside it, at the same depth, so that the bundle's
// relative paths to its inputs (../../../vm/dist/...) reach the same files.
const copies: string[] = [];
afterAll(() => {
  for (const dir of [hooks, ...copies]) rmSync(dir, { recursive: true, force: true });
});

function run(launcher: string, args: string[]) {
  const r = spawnSync(process.execPath, ["--import", join(hooks, "register.mjs"), launcher, ...args], { encoding: "utf8", timeout: 20000 });
  const loaded = r.stderr.split("\n").filter((l) => l.startsWith("loaded file:")).map((l) => l.slice("loaded ".length));
  const err = r.stderr.split("\n").filter((l) => l !== "" && !l.startsWith("loaded ")).join("\n");
  return { out: r.stdout, err, status: r.status, loaded };
}

function readManifest(dist: string): Manifest {
  return JSON.parse(readFileSync(join(dist, "bundled", "manifest.json"), "utf8")) as Manifest;
}

/** A copy of dist whose bundle is as fresh as the original's (copying does not keep mtimes exactly). */
function copyOfDist(): string {
  const dir = mkdtempSync(join(CLI, ".startup-test-"));
  copies.push(dir);
  cpSync(DIST, dir, { recursive: true });
  const manifest = readManifest(dir);
  const restamp = (s: Stamp): Stamp => {
    const file = resolve(dir, "bundled", s[0]);
    if (!file.startsWith(dir + sep)) return s;
    const st = statSync(file);
    return [s[0], st.size, st.mtimeMs];
  };
  manifest.program = restamp(manifest.program);
  manifest.cache = manifest.cache === null ? null : restamp(manifest.cache);
  manifest.inputs = manifest.inputs.map(restamp);
  writeFileSync(join(dir, "bundled", "manifest.json"), JSON.stringify(manifest));
  return dir;
}

const PROGRAM = "local t = {} for i = 1, 3 do t[i] = i * i end print(table.concat(t, ' '), select('#', ...))";
const EXPECTED = "1 4 9\t0\n";

describe("start-up", () => {
  it("the built command runs from its bundle: the launcher is the only module loaded", () => {
    const manifest = readManifest(DIST);
    const stale = [manifest.program, ...manifest.inputs].filter(([name, size, mtimeMs]) => {
      const st = statSync(join(DIST, "bundled", name), { throwIfNoEntry: false });
      return st === undefined || st.size !== size || st.mtimeMs !== mtimeMs;
    });
    expect(stale.map((s) => s[0]), "dist/bundled is older than its inputs: run `pnpm run build`").toEqual([]);
    const r = run(join(DIST, LAUNCHER), ["-e", PROGRAM]);
    expect(r).toEqual({ out: EXPECTED, err: "", status: 0, loaded: [pathToFileURL(join(DIST, LAUNCHER)).href] });
    const twin = run(join(DIST, TWIN), ["-e", PROGRAM]);
    // main.js requires main.cjs, past the ES module loader.
    expect(twin).toEqual({ out: EXPECTED, err: "", status: 0, loaded: [pathToFileURL(join(DIST, TWIN)).href] });
  });

  it("a bundle older than one of its inputs is not used: the plain modules give the same result", () => {
    const dist = copyOfDist();
    // The copy's own cli modules are inputs too; touching one makes the bundle stale.
    const manifest = readManifest(dist);
    const own = manifest.inputs.find(([name]) => name.startsWith("../") && !name.startsWith("../../"));
    expect(own, "the bundle lists the command's own modules among its inputs").toBeDefined();
    const later = new Date(Date.now() + 5000);
    utimesSync(join(dist, "bundled", own![0]), later, later);
    const r = run(join(dist, LAUNCHER), ["-e", PROGRAM]);
    expect(r.out).toBe(EXPECTED);
    expect(r.status).toBe(0);
    expect(r.loaded.some((u) => u.endsWith(PLAIN_ENTRY))).toBe(true);
  });

  it("a missing or unreadable manifest makes the launcher use the plain modules", () => {
    const dist = copyOfDist();
    writeFileSync(join(dist, "bundled", "manifest.json"), "{ not json");
    const r = run(join(dist, LAUNCHER), ["-e", PROGRAM]);
    expect({ out: r.out, err: r.err, status: r.status }).toEqual({ out: EXPECTED, err: "", status: 0 });
    expect(r.loaded.some((u) => u.endsWith(PLAIN_ENTRY))).toBe(true);
  });

  it("a code cache V8 cannot use is ignored (the bundle is compiled from source)", () => {
    const dist = copyOfDist();
    const manifest = readManifest(dist);
    const cacheFile = join(dist, "bundled", manifest.cache![0]);
    writeFileSync(cacheFile, Buffer.alloc(4096, 0x5a));
    const st = statSync(cacheFile);
    manifest.cache = [manifest.cache![0], st.size, st.mtimeMs];
    writeFileSync(join(dist, "bundled", "manifest.json"), JSON.stringify(manifest));
    const r = run(join(dist, LAUNCHER), ["-e", PROGRAM]);
    expect(r).toEqual({ out: EXPECTED, err: "", status: 0, loaded: [pathToFileURL(join(dist, LAUNCHER)).href] });
  });

  it("the parts imported on demand are in the bundle: the Ohm parser and the SQLite driver", () => {
    const launcher = join(DIST, LAUNCHER);
    const only = [pathToFileURL(launcher).href];
    expect(run(launcher, ["--parser=ohm", "-e", "local x = 6 * 7 print(x)"])).toEqual({ out: "42\n", err: "", status: 0, loaded: only });
    const db = "local db = assert(require('sql').get('sqlite::memory:'))\n"
      + "assert(db:execute('create table t (a integer)'))\nassert(db:execute('insert into t values (?)', {5}))\n"
      + "print(db:query('select a from t')[1].a)";
    expect(run(launcher, ["-e", db])).toEqual({ out: "5\n", err: "", status: 0, loaded: only });
  });

  it("errors are reported the same way from the bundle", () => {
    const r = run(join(DIST, LAUNCHER), ["-e", "error('boom')"]);
    expect(r.status).toBe(1);
    expect(r.out).toBe("");
    expect(r.err).toBe("wippy-lua: (command line):1: boom\nstack traceback:\n\t[C]: in function 'error'\n\t(command line):1: in main chunk\n\t[C]: in ?");
  });
});
