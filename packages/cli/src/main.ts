#!/usr/bin/env node
// `node dist/main.js`, as the command has always been run: the launcher
// itself is main.cts (dist/main.cjs, the bin), which this loads. Through
// require, not import: the ES module loader's CommonJS translator would
// parse the file again for its exports.
import { createRequire } from "node:module";

createRequire(import.meta.url)("./main.cjs");
