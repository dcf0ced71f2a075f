// The gradual promise: unannotated Lua 5.3 programs check clean except for
// real undefined globals (T006) and deliberate syntax errors (P001). Every
// official-suite and conformance file is checked as `wippy-lua check FILE`
// checks it; what remains is pinned per file, by code and global name. Each
// name is a read of a global that no chunk of that file assigns, and each is
// justified:
//   T          the C test library (ltests builds only); reads are guarded by `if T`
//   Message    optional reporter set by the test driver: `(Message or print)(...)`
//   _soft _port _ARG   set by all.lua (another chunk) before it runs each file
//   deep       defined by calls.lua, which all.lua runs through dofile
//   REQUIRED B written by module files attrib.lua creates on disk at run time
//   module     the Lua 5.1 function; attrib.lua asserts that calling it fails
//   exit       calls.lua: a call after error(), never reached
//   f          code.lua: inside a function whose opcodes are inspected, never run
//   Y          coroutine.lua: set from C by T.testC's `setglobal Y`
//   XX         db.lua: set by a chunk run through load()
//   I          errors.lua: asserts that a loop variable did not leak (must be nil)
//   x2         files.lua: set by a file the test writes and then runs
//   temp       gc.lua: defined by a chunk built with load()
//   querytab   locals.lua: an ltests function, guarded by rawget(_G, "querytab")
//   conformance: undefined_* are read on purpose to test the error messages;
//   z is set through _ENV[name]; y, a, x are set by chunks run through load();
//   loadstring and setfenv are printed to show they are absent in 5.3. The
//   P001 are the cases that test syntax errors.

import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { check, checkFiles } from "../src/index.js";

const root = join(import.meta.dirname, "..", "..", "..");

function walk(d: string, out: string[]): void {
  for (const n of readdirSync(d)) {
    const p = join(d, n);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (p.endsWith(".lua")) out.push(p);
  }
}

const expected = new Map<string, Record<string, number>>([
  [".official-tests/all.lua", { "T006 deep": 2 }],
  [".official-tests/api.lua", { "T006 Message": 1, "T006 T": 239, "T006 _soft": 4 }],
  [".official-tests/attrib.lua", { "T006 B": 1, "T006 Message": 1, "T006 REQUIRED": 1, "T006 _port": 1, "T006 _soft": 1, "T006 module": 1 }],
  [".official-tests/big.lua", { "T006 _soft": 1 }],
  [".official-tests/calls.lua", { "T006 exit": 2 }],
  [".official-tests/checktable.lua", { "T006 T": 8 }],
  [".official-tests/code.lua", { "T006 Message": 1, "T006 T": 6, "T006 f": 1 }],
  [".official-tests/constructs.lua", { "T006 _soft": 2 }],
  [".official-tests/coroutine.lua", { "T006 Message": 2, "T006 T": 29, "T006 Y": 1, "T006 _soft": 1 }],
  [".official-tests/db.lua", { "T006 XX": 1, "T006 _soft": 2 }],
  [".official-tests/errors.lua", { "T006 I": 1, "T006 _soft": 2 }],
  [".official-tests/events.lua", { "T006 Message": 1 }],
  [".official-tests/files.lua", { "T006 Message": 1, "T006 _ARG": 1, "T006 _port": 3, "T006 _soft": 1, "T006 x2": 1 }],
  [".official-tests/gc.lua", { "T006 Message": 1, "T006 T": 29, "T006 _port": 2, "T006 _soft": 2, "T006 temp": 1 }],
  [".official-tests/literals.lua", { "T006 Message": 1 }],
  [".official-tests/locals.lua", { "T006 querytab": 2 }],
  [".official-tests/main.lua", { "T006 T": 1, "T006 _ARG": 1, "T006 _port": 1 }],
  [".official-tests/math.lua", { "T006 _port": 2, "T006 _soft": 1 }],
  [".official-tests/nextvar.lua", { "T006 Message": 2, "T006 T": 6 }],
  [".official-tests/pm.lua", { "T006 _soft": 1 }],
  [".official-tests/sort.lua", { "T006 _soft": 2 }],
  [".official-tests/strings.lua", { "T006 Message": 1, "T006 _port": 2 }],
  [".official-tests/verybig.lua", { "T006 _soft": 1 }],
  ["conformance/cases/assign/globals_env.lua", { "T006 undefined_global": 1, "T006 z": 1 }],
  ["conformance/cases/errors/variable_names_global.lua", { "T006 undefined_fn": 1, "T006 undefined_tbl": 2, "T006 undefined_v": 2 }],
  ["conformance/cases/fail/runtime_call_global.lua", { "T006 undefined_function": 1 }],
  ["conformance/cases/fail/syntax_bad_escape.lua", { "P001": 1 }],
  ["conformance/cases/fail/syntax_goto_missing_label.lua", { "P001": 1 }],
  ["conformance/cases/fail/syntax_malformed_number.lua", { "P001": 1 }],
  ["conformance/cases/fail/syntax_missing_end.lua", { "P001": 1 }],
  ["conformance/cases/fail/syntax_unexpected_eof_in_call.lua", { "P001": 1 }],
  ["conformance/cases/fail/syntax_unexpected_symbol.lua", { "P001": 1 }],
  ["conformance/cases/fail/syntax_unfinished_string.lua", { "P001": 1 }],
  ["conformance/cases/load/env_param.lua", { "T006 y": 1 }],
  ["conformance/cases/load/load_upvalues_env.lua", { "T006 a": 1 }],
  ["conformance/cases/load/loadstring_compat.lua", { "T006 loadstring": 1, "T006 setfenv": 1 }],
  ["conformance/cases/load/string_chunks.lua", { "T006 x": 1 }],
]);

/** "T006 name" for undefined globals, the bare code otherwise, with counts. */
function countsOf(file: string): Record<string, number> {
  const out: Record<string, number> = {};
  // As `wippy-lua check FILE` does: require resolves next to the file, and
  // every diagnostic (a required file's too) counts.
  for (const d of checkFiles([join(root, file)]).diagnostics) {
    const global = d.code === "T006" ? /undefined global '(.*)'/.exec(d.message) : null;
    const key = global ? `T006 ${global[1]}` : d.code;
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}

for (const dir of [".official-tests", "conformance/cases"]) {
  const abs = join(root, dir);
  describe.skipIf(!existsSync(abs))(`unannotated corpus: ${dir}`, () => {
    const files: string[] = [];
    if (existsSync(abs)) walk(abs, files);
    it("every file checks clean or with its pinned, justified diagnostics", () => {
      expect(files.length).toBeGreaterThan(0);
      const actual: Record<string, Record<string, number>> = {};
      const pinned: Record<string, Record<string, number>> = {};
      for (const f of files) {
        const rel = f.slice(root.length + 1);
        const counts = countsOf(rel);
        if (Object.keys(counts).length > 0) actual[rel] = counts;
        const want = expected.get(rel);
        if (want !== undefined) pinned[rel] = want;
      }
      expect(actual).toEqual(pinned);
    });
    it("strict mode (every chunk fully checked) never crashes", () => {
      for (const f of files) {
        const src = readFileSync(f, "latin1");
        expect(() => check({ name: f, source: src }, { strict: true })).not.toThrow();
      }
    });
  });
}
