// Runs a Lua file under wasmoon (PUC-Rio Lua 5.4 compiled to WebAssembly):
// standard libraries opened, `arg` set, print to stdout.
// Usage: node drivers/wasmoon.mjs file.lua [args...]
import { readFile } from "node:fs/promises";
import { LuaFactory } from "wasmoon";

const [script, ...args] = process.argv.slice(2);
if (!script) {
  process.stderr.write("usage: wasmoon.mjs file.lua [args...]\n");
  process.exit(1);
}

/** A Lua string literal for an arbitrary JS string, every non-alphanumeric byte escaped. */
function luaQuote(s) {
  let out = '"';
  for (const byte of Buffer.from(s, "utf8")) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9 ._\/-]/.test(c) ? c : `\\${byte}`;
  }
  return out + '"';
}

try {
  const factory = new LuaFactory();
  // The file is mounted in the module's virtual file system so that error
  // messages carry its name, as they would with the `lua` command.
  await factory.mountFile(script, await readFile(script));
  const engine = await factory.createEngine({ openStandardLibs: true, injectObjects: false });
  const argItems = [`[0] = ${luaQuote(script)}`, ...args.map(luaQuote)];
  await engine.doString(`arg = { ${argItems.join(", ")} }`);
  await engine.doFile(script);
  engine.global.close();
} catch (err) {
  process.stderr.write(`wasmoon: ${err && err.message ? err.message : err}\n`);
  process.exitCode = 1;
}
