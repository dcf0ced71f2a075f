// The http_client module (runtime spec §10, §13 item 39) against a real
// HTTP server on 127.0.0.1 (node:http).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runLua } from "./helpers.js";

let server: Server;
let base = "";
let closedPort = 0;
const pending = new Set<ServerResponse>();
const tracked = { started: 0, aborted: 0 };

const LARGE = Buffer.alloc(8 * 1024 * 1024, "abcdefghij");

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve) => {
    const parts: Buffer[] = [];
    req.on("data", (c: Buffer) => parts.push(c));
    req.on("end", () => resolve(Buffer.concat(parts)));
  });
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", base);
  const body = await readBody(req);
  const p = url.pathname;
  if (p.startsWith("/status/")) {
    res.writeHead(Number(p.slice(8)), { "content-type": "text/plain" });
    res.end(`status ${p.slice(8)}`);
  } else if (p === "/echo") {
    res.writeHead(200, {
      "x-method": req.method ?? "",
      "x-url": req.url ?? "",
      "x-content-type": req.headers["content-type"] ?? "",
      "x-token": req.headers["x-token"] ?? "",
      "content-type": "application/octet-stream",
    });
    res.end(body);
  } else if (p === "/binary") {
    res.writeHead(200, { "content-type": "application/octet-stream" });
    res.end(Buffer.from(Array.from({ length: 256 }, (_, i) => i)));
  } else if (p === "/headers") {
    res.setHeader("X-Multi", ["one", "two"]);
    res.setHeader("Set-Cookie", ["a=1", "b=2"]);
    res.setHeader("content-type", "text/plain; charset=utf-8");
    res.end("héllo");
  } else if (p.startsWith("/redirect/")) {
    const n = Number(p.slice(10));
    if (n === 0) res.end(`landed ${req.method}`);
    else res.writeHead(302, { location: `/redirect/${n - 1}` }).end();
  } else if (p === "/loop") {
    res.writeHead(307, { location: "/loop" }).end();
  } else if (p === "/see-other") {
    res.writeHead(303, { location: "/echo?from=303" }).end();
  } else if (p === "/slow") {
    pending.add(res);
    setTimeout(() => {
      pending.delete(res);
      if (!res.destroyed) res.end("late");
    }, 3000);
  } else if (p === "/tracked") {
    tracked.started++;
    res.on("close", () => {
      if (!res.writableEnded) tracked.aborted++;
    });
    pending.add(res);
  } else if (p === "/tracked-stats") {
    res.end(`${tracked.started} ${tracked.aborted}`);
  } else if (p === "/large") {
    res.writeHead(200, { "content-length": LARGE.length });
    res.end(LARGE);
  } else {
    res.writeHead(404).end();
  }
}

beforeAll(async () => {
  server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
  closedPort = (probe.address() as AddressInfo).port;
  await new Promise<void>((r) => probe.close(() => r()));
});

afterAll(async () => {
  for (const res of pending) res.destroy();
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

function lua(src: string, extra: Record<string, string> = {}): Promise<string> {
  return runLua(`local http = require("http_client")\nlocal BASE = "${base}"\n${src}`, extra);
}

describe("http_client", () => {
  it("spec §13 item 39: a 404 is a response; a closed port is a retryable error", async () => {
    expect(await lua(`
      local resp, err = http.get(BASE .. "/status/404")
      print(resp.status_code, err, resp.body)
      local r2, e2 = http.get("http://127.0.0.1:${closedPort}/")
      print(r2, e2:retryable(), errors.is(e2, errors.INTERNAL), e2:message():find("ECONNREFUSED", 1, true) ~= nil)
    `)).toBe("404\tnil\tstatus 404\nnil\ttrue\ttrue\ttrue\n");
  });

  it("status codes, body, body_size, canonical headers, final url", async () => {
    expect(await lua(`
      for _, code in ipairs({200, 201, 204, 500, 503}) do
        local r = assert(http.get(BASE .. "/status/" .. code))
        print(r.status_code, math.type(r.status_code), r.body_size, #r.body)
      end
      local r = assert(http.get(BASE .. "/headers"))
      print(r.body, r.body_size, r.headers["Content-Type"], r.headers["X-Multi"], r.headers["Set-Cookie"])
      print(r.url == BASE .. "/headers", r.headers["content-type"])
    `)).toBe([
      "200\tinteger\t10\t10", "201\tinteger\t10\t10", "204\tinteger\t0\t0", "500\tinteger\t10\t10", "503\tinteger\t10\t10",
      "héllo\t6\ttext/plain; charset=utf-8\tone, two\ta=1, b=2", "true\tnil", "",
    ].join("\n"));
  });

  it("methods, headers, query, body and form are sent", async () => {
    expect(await lua(`
      local r = assert(http.post(BASE .. "/echo", {body = "raw\\0bytes\\255", headers = {["X-Token"] = "t1", ["Content-Type"] = "application/x-thing"}}))
      print(r.headers["X-Method"], r.body == "raw\\0bytes\\255", r.headers["X-Content-Type"], r.headers["X-Token"])
      r = assert(http.get(BASE .. "/echo?a=1", {query = {q = "a b&c", n = 5}}))
      print(r.headers["X-Url"])
      r = assert(http.put(BASE .. "/echo", {form = {name = "Zoë", x = "1+1"}}))
      print(r.headers["X-Method"], r.body, r.headers["X-Content-Type"])
      for _, m in ipairs({"patch", "delete"}) do print(assert(http[m](BASE .. "/echo")).headers["X-Method"]) end
      r = assert(http.request("options", BASE .. "/echo"))
      print(r.headers["X-Method"])
      r = assert(http.head(BASE .. "/binary"))
      print(r.status_code, r.body == "", r.body_size)
    `)).toBe([
      "POST\ttrue\tapplication/x-thing\tt1",
      "/echo?a=1&n=5&q=a+b%26c",
      "PUT\tname=Zo%C3%AB&x=1%2B1\tapplication/x-www-form-urlencoded",
      "PATCH", "DELETE", "OPTIONS", "200\ttrue\t0", "",
    ].join("\n"));
  });

  it("binary and large bodies arrive as byte strings", async () => {
    expect(await lua(`
      local r = assert(http.get(BASE .. "/binary"))
      local ok = #r.body == 256
      for i = 1, 256 do ok = ok and r.body:byte(i) == i - 1 end
      print(ok)
      r = assert(http.get(BASE .. "/large"))
      print(r.body_size, #r.body, r.body:sub(1, 12), r.body:sub(-3))
    `)).toBe(`true\n${LARGE.length}\t${LARGE.length}\tabcdefghijab\t${LARGE.toString("latin1", LARGE.length - 3)}\n`);
  });

  it("redirects are followed (up to 10); 303 continues as GET", async () => {
    expect(await lua(`
      local r = assert(http.get(BASE .. "/redirect/3"))
      print(r.status_code, r.body, r.url == BASE .. "/redirect/0")
      print(assert(http.get(BASE .. "/redirect/10")).body)
      local v, e = http.get(BASE .. "/redirect/11"); print(v, e:kind(), e:message():match("stopped after 10 redirects") ~= nil)
      v, e = http.get(BASE .. "/loop"); print(v, e:retryable())
      r = assert(http.post(BASE .. "/see-other", {body = "x"}))
      print(r.headers["X-Method"], r.headers["X-Url"], r.body == "")
    `)).toBe("200\tlanded GET\ttrue\nlanded GET\nnil\tINTERNAL\ttrue\nnil\tnil\nGET\t/echo?from=303\ttrue\n");
  });

  it("timeouts are retryable errors that say so, and do not stall other coroutines", async () => {
    expect(await lua(`
      local ch = channel.new(2)
      coroutine.spawn(function()
        local v, e = http.get(BASE .. "/slow", {timeout = 0.2})
        ch:send(tostring(v) .. " " .. e:kind() .. " " .. tostring(e:retryable()) .. " " .. tostring(e:message():find("timeout") ~= nil))
      end)
      coroutine.spawn(function() ch:send("other coroutine ran") end)
      print(ch:receive())
      print(ch:receive())
      local v, e = http.get(BASE .. "/slow", {timeout = "150ms"})
      print(v, e:retryable())
    `)).toBe("other coroutine ran\ttrue\nnil INTERNAL true true\ttrue\nnil\ttrue\n");
  });

  it("a request in flight is aborted when its process is terminated", async () => {
    expect(await lua(`
      local time = require("time")
      local function stats()
        local r = assert(http.get(BASE .. "/tracked-stats"))
        local started, aborted = r.body:match("(%d+) (%d+)")
        return tonumber(started), tonumber(aborted)
      end
      local pid = process.spawn("child.lua", nil, BASE)
      for _ = 1, 500 do if stats() == 1 then break end time.sleep("10ms") end
      process.terminate(pid)
      for _ = 1, 500 do if select(2, stats()) == 1 then break end time.sleep("10ms") end
      print(stats())
    `, { "child.lua": "local http = require('http_client')\nlocal base = ...\nhttp.get(base .. '/tracked')" })).toBe("1\t1\n");
  });

  it("bad URLs are errors; bad arguments raise", async () => {
    expect(await lua(`
      local v, e = http.get("not a url"); print(v, e:kind())
      v, e = http.get("ftp://example.com/x"); print(v, e:kind(), e:message())
      print(pcall(http.get, nil))
      print(pcall(http.get, BASE, "opts"))
      print(pcall(http.get, BASE, {timeout = -1}))
      print(pcall(http.get, BASE, {headers = {x = {}}}))
      print(pcall(http.request, "GET", BASE, {timeout = "soon"}))
      print(pcall(http.request, "G E T", BASE))
    `)).toMatch(new RegExp([
      "nil\tINVALID", "nil\tINVALID\tunsupported URL scheme: ftp",
      "false\tbad argument #1 to '.*' \\(string expected, got nil\\)",
      "false\tbad argument #2 to '.*' \\(table expected, got string\\)",
      "false\tbad argument #2 to '.*' \\(timeout must be .*\\)",
      "false\tbad argument #2 to '.*' \\(headers value must be a string or number\\)",
      "false\tbad argument #3 to '.*' \\(timeout must be .*\\)",
      "false\tbad argument #1 to '.*' \\(invalid HTTP method\\)\n$",
    ].join("\n")));
  });

  it("encode_uri and decode_uri", async () => {
    expect(await lua(`
      print(http.encode_uri("a b&c=d/é~_.-"))
      print(http.decode_uri("a+b%26c%3Dd%2F%C3%A9~_.-"))
      print(http.decode_uri("%zz"))
      local v, e = http.decode_uri("%4"); print(v, e:kind())
    `)).toMatch(/^a\+b%26c%3Dd%2F%C3%A9~_\.-\na b&c=d\/é~_\.-\tnil\nnil\tinvalid URL escape in: %zz\nnil\tINVALID\n$/);
  });
});
