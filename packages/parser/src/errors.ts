// Syntax errors in Lua's form, and chunk names as Lua displays them.

/** Maximum length of a chunk id, as Lua's LUA_IDSIZE (60) minus the terminator. */
const IDSIZE = 60;

/**
 * The short source name Lua shows in messages (luaO_chunkid's rules):
 * "=name" -> "name", "@file" -> "file" (long names keep their end, prefixed
 * with "..."), anything else -> [string "first line..."].
 */
export function chunkId(chunkName: string): string {
  // The C code works on a C string: a NUL byte ends the name.
  const z = chunkName.indexOf("\0");
  if (z >= 0) chunkName = chunkName.slice(0, z);
  if (chunkName.startsWith("=")) {
    return chunkName.slice(1, IDSIZE);
  }
  if (chunkName.startsWith("@")) {
    const name = chunkName.slice(1);
    if (name.length <= IDSIZE - 1) return name;
    return "..." + name.slice(name.length - (IDSIZE - 1 - 3));
  }
  // Only '\n' ends the first line here, as in the C code.
  const nl = chunkName.indexOf("\n");
  const room = IDSIZE - 1 - '[string "'.length - '..."]'.length;
  let body = nl >= 0 ? chunkName.slice(0, nl) : chunkName;
  if (nl < 0 && body.length < room) return `[string "${body}"]`;
  if (body.length > room) body = body.slice(0, room);
  return `[string "${body}..."]`;
}

/**
 * A Lua syntax (compile-time) error. `message` is the full text Lua prints,
 * e.g. `file.lua:3: 'end' expected (to close 'function' at line 1) near <eof>`.
 */
export class LuaSyntaxError extends Error {
  /** The line the error was reported at. */
  readonly line: number;
  /** True when the error is at the end of the input: the REPL then asks for more lines. */
  readonly incomplete: boolean;
  constructor(message: string, line: number, incomplete: boolean) {
    super(message);
    this.name = "LuaSyntaxError";
    this.line = line;
    this.incomplete = incomplete;
  }
}
