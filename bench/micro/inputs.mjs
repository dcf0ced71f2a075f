// Parser inputs for the micro-benchmarks: Lua sources of a chosen size, made
// of whole files (our benchmark programs and, when present, the official
// Lua 5.3 tests) each wrapped in `do ... end` so that they form one chunk.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { BENCH_DIR, REPO_DIR } from "../lib/engines.mjs";

const OFFICIAL_DIR = path.join(REPO_DIR, ".official-tests");

function luaFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".lua"))
    .sort()
    .map((f) => path.join(dir, f));
}

/** Does luac5.3 accept `source`? (true when luac5.3 is not installed: nothing to check with) */
function luacAccepts(source, scratch) {
  const file = path.join(scratch, "piece.lua");
  writeFileSync(file, source, "latin1");
  const r = spawnSync("luac5.3", ["-p", file], { stdio: "ignore" });
  return r.error ? true : r.status === 0;
}

/**
 * The pieces available, as byte strings (one char per byte) wrapped in
 * `do ... end`; a leading '#' line is dropped, and pieces luac5.3 rejects as
 * one block are left out.
 */
export function loadPieces() {
  const scratch = mkdtempSync(path.join(tmpdir(), "wippy-parse-"));
  try {
    const files = [...luaFiles(path.join(BENCH_DIR, "programs")), ...luaFiles(OFFICIAL_DIR)];
    const pieces = [];
    for (const file of files) {
      let text = readFileSync(file, "latin1");
      if (text.startsWith("#")) text = text.slice(text.indexOf("\n") + 1);
      const piece = `do -- ${path.basename(file)}\n${text}\nend\n`;
      if (luacAccepts(piece, scratch)) pieces.push({ name: path.relative(REPO_DIR, file), text: piece });
    }
    return pieces;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Concatenates pieces (cycling through them) until at least `minBytes`; stops before `maxBytes` when possible. */
export function buildInput(pieces, minBytes, maxBytes = Infinity) {
  let out = "";
  const used = new Set();
  for (let i = 0; out.length < minBytes; i++) {
    const piece = pieces[i % pieces.length];
    if (out.length > 0 && out.length + piece.text.length > maxBytes) {
      if (i >= pieces.length * 4) break;
      continue;
    }
    out += piece.text;
    used.add(piece.name);
  }
  return { text: out, files: [...used] };
}
