// `@pattern` regular expressions: the syntax common to RE2 and ECMAScript
// (types.md §6). Patterns are checked against that subset when a type is
// created, so a pattern behaves the same here as in the reference runtime;
// anything that either engine reads differently (look-around, back
// references, named groups, inline flags, POSIX classes, unknown escapes,
// a `{` that is not a repetition) is refused.

/** Escapes that mean the same in both engines (outside a class). */
const ESCAPES = new Set(["d", "D", "w", "W", "s", "S", "b", "B", "n", "r", "t", "f", "v", "x"]);
/** Inside a class `\b` is a backspace in ECMAScript and an error in RE2. */
const CLASS_ESCAPES = new Set(["d", "D", "w", "W", "s", "S", "n", "r", "t", "f", "v", "x"]);
/** RE2's largest repetition count. */
const MAX_REPEAT = 1000;

const compiled = new Map<string, RegExp>();

function isHex(c: string | undefined): boolean {
  return c !== undefined && /^[0-9a-fA-F]$/.test(c);
}

function isAlnum(c: string): boolean {
  return /^[0-9A-Za-z]$/.test(c);
}

/** Why `p` is outside the common subset, or null when it is inside. */
function subsetProblem(p: string): string | null {
  let inClass = false;
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    if (c === "\\") {
      const d = p[i + 1];
      if (d === undefined) return "trailing backslash";
      if (isAlnum(d)) {
        if (!(inClass ? CLASS_ESCAPES : ESCAPES).has(d)) return `escape \\${d} is not supported`;
        if (d === "x") {
          if (!isHex(p[i + 2]) || !isHex(p[i + 3])) return "\\x needs two hexadecimal digits";
          i += 2;
        }
      }
      i++;
      continue;
    }
    if (inClass) {
      if (c === "]") inClass = false;
      else if (c === "[") return "'[' inside a character class (escape it)";
      continue;
    }
    switch (c) {
      case "[": {
        inClass = true;
        if (p[i + 1] === "^") i++;
        if (p[i + 1] === "]") return "a character class may not start with ']' (escape it)";
        break;
      }
      case "(":
        if (p[i + 1] === "?" && p[i + 2] !== ":") return "only (?:...) groups are supported (no look-around, named groups or flags)";
        break;
      case "{": {
        const m = /^\{(\d+)(,(\d*))?\}/.exec(p.slice(i));
        if (m === null) return "'{' must start a repetition {n}, {n,} or {n,m} (escape it otherwise)";
        if (Number(m[1]) > MAX_REPEAT || (m[3] !== undefined && m[3] !== "" && Number(m[3]) > MAX_REPEAT)) {
          return `repetition count above ${MAX_REPEAT}`;
        }
        i += m[0].length - 1;
        break;
      }
    }
  }
  if (inClass) return "missing ']'";
  return null;
}

/** The compiled `@pattern`, or a string saying why the pattern is refused. */
export function compilePattern(p: string): RegExp | string {
  const done = compiled.get(p);
  if (done !== undefined) return done;
  const problem = subsetProblem(p);
  if (problem !== null) return problem;
  let re: RegExp;
  try {
    re = new RegExp(p);
  } catch (e) {
    return (e as Error).message.replace(/^Invalid regular expression: /, "");
  }
  if (compiled.size >= 1000) compiled.clear();
  compiled.set(p, re);
  return re;
}
