// Every file of the official Lua 5.3 test suite parses, and round-trips
// through the printer.

import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { parse, printLua } from "../src/index.js";
import { strip } from "./helpers.js";

const DIR = fileURLToPath(new URL("../../../.official-tests/", import.meta.url));
const present = existsSync(DIR);
const files = present ? readdirSync(DIR).filter((f) => f.endsWith(".lua")).sort() : [];

describe.skipIf(!present)(present ? "official test suite" : "official test suite: SKIPPED, .official-tests/ is absent", () => {
  test.each(files)("%s", (f) => {
    const src = readFileSync(join(DIR, f), "latin1");
    const chunk = parse(src, { chunkName: "@" + f });
    expect(chunk.end).toBe(src.length);
    const printed = printLua(chunk);
    const again = parse(printed, { chunkName: "@printed-" + f });
    expect(strip(again)).toEqual(strip(chunk));
  });
});
