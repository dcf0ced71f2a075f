// wippy-lua's command-line pieces, for tools that embed them: argument
// parsing with lua.c's rules and the REPL's value printer.

export { parseArgs, argTableEntries, USAGE, type Options, type Action } from "./args.js";
export { formatValue, quote, plainPainter, type Painter } from "./pretty.js";
