#!/usr/bin/env node
// The product catalog the service example fetches from: a small JSON API
// on 127.0.0.1 (node:http).
//
//   node examples/service/catalog.mjs COMMAND [ARGS...]
//       starts the catalog on a free port, runs COMMAND with CATALOG_URL set
//       to it, and exits with COMMAND's status;
//   node examples/service/catalog.mjs
//       serves on http://127.0.0.1:8765 until interrupted.
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";

const NAMES = ["kettle", "teapot", "mug", "grinder", "scale", "filter", "café crème", "jar", "whisk", "tray"];
const TAGS = ["kitchen", "coffee", "tea", "glass", "steel"];

/** Page n (1..PAGES) of the catalog: five products each, deterministic. */
function page(n) {
  const products = [];
  for (let i = 0; i < 5; i++) {
    const id = (n - 1) * 5 + i + 1;
    products.push({
      id,
      name: `${NAMES[id % NAMES.length]} ${id}`,
      price: Math.round((id * 7.31 % 50 + 2) * 100) / 100,
      tags: [TAGS[id % TAGS.length], TAGS[(id * 3) % TAGS.length]].filter((t, j, a) => a.indexOf(t) === j),
    });
  }
  return { page: n, products };
}

export const PAGES = 4;

/** Starts the catalog; resolves with its base URL and a close function. */
export function startCatalog(port = 0) {
  const server = createServer((req, res) => {
    const m = /^\/pages(?:\/(\d+))?$/.exec(new URL(req.url ?? "/", "http://x").pathname);
    if (m === null || (m[1] !== undefined && !(Number(m[1]) >= 1 && Number(m[1]) <= PAGES))) {
      res.writeHead(404, { "content-type": "application/json" }).end('{"error":"not found"}');
      return;
    }
    const body = m[1] === undefined ? { pages: PAGES } : page(Number(m[1]));
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
  });
  return new Promise((resolve) => {
    server.listen(port, "127.0.0.1", () => {
      resolve({
        url: `http://127.0.0.1:${server.address().port}`,
        close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
      });
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const command = process.argv.slice(2);
  const catalog = await startCatalog(command.length > 0 ? 0 : 8765);
  if (command.length === 0) {
    console.log(`catalog on ${catalog.url} (CATALOG_URL=${catalog.url})`);
  } else {
    const child = spawn(command[0], command.slice(1), { stdio: "inherit", env: { ...process.env, CATALOG_URL: catalog.url } });
    child.on("exit", async (code, signal) => {
      await catalog.close();
      process.exitCode = code ?? (signal ? 1 : 0);
    });
  }
}
