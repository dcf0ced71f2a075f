#!/usr/bin/env node
// `node dist/main.js`, as the command has always been run: the launcher
// itself is main.cts (dist/main.cjs, the bin), which this loads.
import "./main.cjs";
