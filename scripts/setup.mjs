#!/usr/bin/env node
// `npm run setup`: installs the workspace with the frozen lockfile and builds it.
//
// better-sqlite3 compiles a native addon with node-gyp when no prebuilt binary
// can be downloaded (as on an offline machine); node-gyp then needs Node's C
// headers. When the running Node has them installed beside it
// (<prefix>/include/node), point node-gyp there instead of letting it try to
// download them. pnpm passes npm_config_* variables on to install scripts.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";

const env = { ...process.env };
const prefix = dirname(dirname(process.execPath));
if (!env.npm_config_nodedir && existsSync(join(prefix, "include", "node", "node_version.h"))) {
  env.npm_config_nodedir = prefix;
}

for (const args of [["install", "--frozen-lockfile"], ["run", "build"]]) {
  console.log(`== pnpm ${args.join(" ")}`);
  const r = spawnSync("pnpm", args, { stdio: "inherit", env });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
