// Command-line parsing with the rules of the standalone `lua` 5.3 (lua.c's
// collectargs/createargtable), plus wippy-lua's own long options.

export type Action =
  | { kind: "exec"; code: string } // -e stat
  | { kind: "require"; name: string }; // -l name

export interface Options {
  /** -e and -l in command-line order. */
  actions: Action[];
  interactive: boolean; // -i
  version: boolean; // -v
  ignoreEnv: boolean; // -E
  help: boolean;
  /** Use the Ohm grammar of record instead of the fast parser. */
  ohmParser: boolean;
  /** --sandbox: every process gets the runtime's sandbox profile (no io, debug, load, os.exit...). */
  sandbox: boolean;
  /** --check: type-check the script before running it. */
  check: boolean;
  /** `wippy-lua check FILE...`: only type-check these files. */
  checkOnly: string[] | undefined;
  /** The script: a path, "-" for stdin, or undefined. */
  script: string | undefined;
  /** Index in argv of the script (or argv.length when there is none). */
  scriptIndex: number;
}

export interface ArgError {
  error: string;
}

/**
 * Parses argv (without the node executable and script path: argv[0] is the
 * first real argument). Mirrors lua.c: options stop at the first non-option,
 * at "--", or at "-" (which is itself the script: stdin).
 */
export function parseArgs(argv: readonly string[]): Options | ArgError {
  const opts: Options = {
    actions: [],
    interactive: false,
    version: false,
    ignoreEnv: false,
    help: false,
    ohmParser: false,
    sandbox: false,
    check: false,
    checkOnly: undefined,
    script: undefined,
    scriptIndex: argv.length,
  };
  if (argv[0] === "check") {
    opts.checkOnly = argv.slice(1);
    return opts;
  }
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith("-")) break; // the script
    if (a === "-") break; // stdin as the script
    if (a === "--") {
      i++;
      break;
    }
    // Only the long form: lua.c rejects -h, and scripts may rely on that.
    if (a === "--help") {
      opts.help = true;
      continue;
    }
    if (a === "--sandbox") {
      opts.sandbox = true;
      continue;
    }
    if (a === "--check") {
      opts.check = true;
      continue;
    }
    if (a === "--parser=ohm") {
      opts.ohmParser = true;
      continue;
    }
    if (a === "--parser=fast") {
      opts.ohmParser = false;
      continue;
    }
    switch (a[1]) {
      case "i":
        if (a.length !== 2) return { error: `unrecognized option '${a}'` };
        opts.interactive = true;
        opts.version = true; // -i implies -v, as in lua.c
        break;
      case "v":
        if (a.length !== 2) return { error: `unrecognized option '${a}'` };
        opts.version = true;
        break;
      case "E":
        if (a.length !== 2) return { error: `unrecognized option '${a}'` };
        opts.ignoreEnv = true;
        break;
      case "e":
      case "l": {
        let value = a.slice(2);
        if (value === "") {
          i++;
          if (i >= argv.length || argv[i]!.startsWith("-")) return { error: `'${a}' needs argument` };
          value = argv[i]!;
        }
        opts.actions.push(a[1] === "e" ? { kind: "exec", code: value } : { kind: "require", name: value });
        break;
      }
      default:
        return { error: `unrecognized option '${a}'` };
    }
  }
  if (i < argv.length) {
    opts.script = argv[i];
    opts.scriptIndex = i;
  }
  return opts;
}

/**
 * The `arg` table's entries as lua.c builds them: the script at 0, the
 * interpreter and the options before it at negative indices, the script's
 * arguments at 1..n. Without a script, the interpreter name is at 0.
 */
/**
 * The LUA_INIT code lua.c runs first: LUA_INIT_5_3, else LUA_INIT, with the
 * chunk name lua.c gives it; null when neither is set.
 */
export function luaInit(env: NodeJS.ProcessEnv = process.env): { name: string; init: string } | null {
  const v53 = env.LUA_INIT_5_3;
  if (v53 !== undefined) return { name: "=LUA_INIT_5_3", init: v53 };
  const v = env.LUA_INIT;
  return v === undefined ? null : { name: "=LUA_INIT", init: v };
}

export function argTableEntries(progName: string, argv: readonly string[], scriptIndex: number): [number, string][] {
  const all = [progName, ...argv];
  const script = scriptIndex < argv.length ? scriptIndex + 1 : 0;
  return all.map((s, j) => [j - script, s] as [number, string]);
}

export const USAGE = `usage: wippy-lua [options] [script [args]]
       wippy-lua check FILE...   type-check files without running them
Available options are:
  -e stat   execute string 'stat'
  -i        enter interactive mode after executing 'script'
  -l name   require library 'name' into global 'name'
  -v        show version information
  -E        ignore environment variables
  --        stop handling options
  -         stop handling options and execute stdin
  --check   type-check the script before running it (exit 1 on diagnostics)
  --sandbox run with the sandbox profile: no io, debug, load, loadfile, dofile,
            package.loadlib, os.execute/exit/remove/rename/tmpname/getenv
  --parser=ohm   parse with the Ohm grammar of record (slower) instead of the fast parser
  --help    show this help
Environment: LUA_INIT_5_3 or LUA_INIT (code, or @file) runs first unless -E;
LUA_PATH_5_3 / LUA_PATH set package.path; NO_COLOR turns off colours in the REPL.`;
