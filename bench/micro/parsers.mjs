// The in-process parsers the parser micro-benchmark compares. Each entry's
// load() resolves to a parse function (byte string -> AST), or throws an
// Error whose message says why the parser is unavailable.
import { existsSync } from "node:fs";
import { pathToFileURL } from "node:url";
import path from "node:path";
import { REPO_DIR } from "../lib/engines.mjs";

export const OUR_PARSER_DIST = path.join(REPO_DIR, "packages", "parser", "dist", "index.js");

export const PARSERS = {
  "wippy-lua": {
    label: "wippy-lua parse()",
    async load() {
      if (!existsSync(OUR_PARSER_DIST)) throw new Error("not built (run pnpm build)");
      const mod = await import(pathToFileURL(OUR_PARSER_DIST).href);
      if (typeof mod.parse !== "function") throw new Error("packages/parser/dist/index.js exports no parse function");
      return (source) => mod.parse(source, { chunkName: "=input" });
    },
  },
  "wippy-lua-ohm": {
    label: "wippy-lua parse(), Ohm grammar",
    async load() {
      if (!existsSync(OUR_PARSER_DIST)) throw new Error("not built (run pnpm build)");
      const mod = await import(pathToFileURL(OUR_PARSER_DIST).href);
      if (typeof mod.loadOhmParser !== "function") throw new Error("packages/parser/dist/index.js exports no loadOhmParser function");
      await mod.loadOhmParser();
      const options = { chunkName: "=input", parser: "ohm" };
      return (source) => mod.parse(source, options);
    },
  },
  luaparse: {
    label: "luaparse (locations, ranges)",
    async load() {
      const luaparse = (await import("luaparse")).default;
      const options = { luaVersion: "5.3", locations: true, ranges: true };
      return (source) => luaparse.parse(source, options);
    },
  },
};
