// The `http_client` module (runtime spec §10) on Node's built-in fetch.
//
// A request is a promise: the calling coroutine parks until the whole
// body has been read, everything else keeps running. Redirects are
// followed here (up to 10) rather than by fetch, so the limit and the
// final URL are ours. Bodies are byte strings both ways: a request body
// is sent as its bytes, a response body is read once into one buffer and
// becomes one string (no per-chunk concatenation).
//
// Requests still in flight when their process exits, or when the run
// ends, are aborted.

import { CowTable, templateFrom } from "../cow-table.js";
import { ErrorValue, errorObject } from "../errors-lib.js";
import { procOf } from "../meta.js";
import type { Process } from "../runtime.js";
import { parseDurationText } from "../time-lib.js";
import {
  HostFunction, LuaFloat, LuaTable, arg, argError, checkString, numberToStringOrNull, typeError, type HostFn,
  type LuaThread, type LuaValue,
} from "../vm.js";
import { onExit, runtimeState } from "./resources.js";

const DEFAULT_TIMEOUT_MS = 30_000;
const MAX_REDIRECTS = 10;

/** A failed request: becomes `nil, err`. */
class HttpFailure extends Error {
  constructor(readonly kind: "INVALID" | "INTERNAL", message: string, readonly retryable?: boolean) {
    super(message);
  }
}

interface RequestSpec {
  method: string;
  url: URL;
  headers: Headers;
  body: Buffer | null;
  timeoutMs: number;
}

// ------------------------------------------------------------ requests in flight

const HTTP_STATE = Symbol("http_client");
const inFlightByProcess = new WeakMap<Process, Set<AbortController>>();

function track(p: Process, ctl: AbortController): () => void {
  const all = runtimeState(p.rt, HTTP_STATE, () => new Set<AbortController>(), (set) => {
    for (const c of set) c.abort();
    set.clear();
  });
  let mine = inFlightByProcess.get(p);
  if (mine === undefined) {
    const set = mine = new Set();
    inFlightByProcess.set(p, set);
    onExit(p, () => {
      for (const c of set) c.abort();
      set.clear();
    });
  }
  all.add(ctl);
  mine.add(ctl);
  return () => {
    all.delete(ctl);
    mine.delete(ctl);
  };
}

// ------------------------------------------------------------ byte strings

/** A Lua byte string read as UTF-8 text (URLs, form fields). */
function utf8Text(s: string): string {
  return Buffer.from(s, "latin1").toString("utf8");
}

/** JS text as a Lua byte string (its UTF-8 bytes). */
function bytesOf(s: string): string {
  return Buffer.from(s, "utf8").toString("latin1");
}

/** A string or number option value as text; anything else raises (options are argument n). */
function scalarText(L: LuaThread, n: number, v: LuaValue, what: string): string {
  if (typeof v === "string") return v;
  const text = numberToStringOrNull(v);
  if (text !== null) return text;
  return argError(L, n, `${what} must be a string or number`);
}

// ------------------------------------------------------------ options

function timeoutMs(L: LuaThread, n: number, v: LuaValue): number {
  if (v === undefined) return DEFAULT_TIMEOUT_MS;
  let ms: number | null = null;
  if (typeof v === "number") ms = v * 1000;
  else if (typeof v === "bigint") ms = Number(v) * 1000;
  else if (v instanceof LuaFloat) ms = v.n * 1000;
  else if (typeof v === "string") {
    const ns = parseDurationText(v);
    if (ns !== null) ms = ns / 1e6;
  }
  if (ms === null || !(ms > 0)) return argError(L, n, "timeout must be a positive number of seconds or a duration string");
  return ms;
}

/** Pairs of a table of scalars, sorted by key so requests are reproducible. */
function fields(L: LuaThread, n: number, t: LuaValue, what: string): [string, string][] {
  if (!(t instanceof LuaTable)) return argError(L, n, `${what} must be a table`);
  const out: [string, string][] = [];
  for (let k = t.next(undefined); k !== undefined; k = t.next(k)) {
    out.push([scalarText(L, n, k, `${what} key`), scalarText(L, n, t.nextValue, `${what} value`)]);
  }
  out.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return out;
}

/** Form encoding of pairs (spaces as '+'), on bytes. */
function formEncode(pairs: [string, string][]): string {
  return pairs.map(([k, v]) => encodeUri(k) + "=" + encodeUri(v)).join("&");
}

/** Reads the url and options arguments; raises for programming errors, throws HttpFailure for a bad URL. */
function requestSpec(L: LuaThread, method: string, urlArg: number): RequestSpec {
  const rawUrl = checkString(L, urlArg);
  const optArg = urlArg + 1;
  const opts = arg(L, optArg);
  if (opts !== undefined && !(opts instanceof LuaTable)) typeError(L, optArg, "table");
  let url: URL;
  try {
    url = new URL(utf8Text(rawUrl));
  } catch {
    throw new HttpFailure("INVALID", `malformed URL: ${rawUrl}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new HttpFailure("INVALID", `unsupported URL scheme: ${bytesOf(url.protocol.slice(0, -1))}`);
  }
  const headers = new Headers();
  let body: Buffer | null = null;
  let timeout = DEFAULT_TIMEOUT_MS;
  if (opts instanceof LuaTable) {
    const h = opts.get("headers");
    if (h !== undefined) {
      for (const [k, v] of fields(L, optArg, h, "headers")) {
        try {
          headers.append(k, v);
        } catch {
          throw new HttpFailure("INVALID", `invalid header: ${k}`);
        }
      }
    }
    const q = opts.get("query");
    if (q !== undefined) {
      const extra = formEncode(fields(L, optArg, q, "query"));
      if (extra !== "") url.search = url.search === "" ? "?" + extra : url.search + "&" + extra;
    }
    const form = opts.get("form");
    if (form !== undefined) {
      body = Buffer.from(formEncode(fields(L, optArg, form, "form")), "latin1");
      if (!headers.has("content-type")) headers.set("content-type", "application/x-www-form-urlencoded");
    }
    const b = opts.get("body");
    if (b !== undefined) {
      if (typeof b !== "string") return argError(L, optArg, "body must be a string");
      body = Buffer.from(b, "latin1");
    }
    timeout = timeoutMs(L, optArg, opts.get("timeout"));
  }
  return { method, url, headers, body, timeoutMs: timeout };
}

// ------------------------------------------------------------ sending

const REDIRECT = new Set([301, 302, 303, 307, 308]);

/** "content-type" → "Content-Type" (Go's canonical header keys). */
function canonical(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase());
}

function headersTable(h: Headers): LuaTable {
  const joined = new Map<string, string>();
  // Headers gives set-cookie entries one by one, other repeated headers already joined.
  h.forEach((value, name) => {
    const key = canonical(name);
    const prev = joined.get(key);
    joined.set(key, prev === undefined ? value : prev + ", " + value);
  });
  const t = new LuaTable();
  for (const [k, v] of joined) t.setStr(bytesOf(k), bytesOf(v));
  return t;
}

function describe(e: unknown): string {
  const cause = (e as { cause?: { code?: unknown; message?: unknown } }).cause;
  if (cause !== undefined && cause !== null) {
    const code = typeof cause.code === "string" ? `${cause.code}: ` : "";
    return code + String(cause.message ?? cause);
  }
  return e instanceof Error ? e.message : String(e);
}

async function send(spec: RequestSpec, signal: AbortSignal, timedOut: () => boolean): Promise<LuaTable> {
  let { method, url, body } = spec;
  const headers = spec.headers;
  let res: Response;
  for (let hops = 0; ; hops++) {
    try {
      res = await fetch(url, { method, headers, body, redirect: "manual", signal });
    } catch (e) {
      if (timedOut()) throw new HttpFailure("INTERNAL", `request timeout after ${spec.timeoutMs / 1000}s: ${method} ${url.href}`, true);
      throw new HttpFailure("INTERNAL", `request failed: ${method} ${url.href}: ${describe(e)}`, true);
    }
    const location = res.headers.get("location");
    if (!REDIRECT.has(res.status) || location === null) break;
    await res.body?.cancel();
    if (hops === MAX_REDIRECTS) throw new HttpFailure("INTERNAL", `stopped after ${MAX_REDIRECTS} redirects: ${url.href}`);
    url = new URL(location, url);
    // 303 (and, as browsers and Go do, 301/302 after a POST) continue as a GET without a body.
    if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === "POST")) {
      if (method !== "HEAD") method = "GET";
      body = null;
      headers.delete("content-type");
    }
  }
  let bytes: Buffer;
  try {
    bytes = method === "HEAD" ? Buffer.alloc(0) : Buffer.from(await res.arrayBuffer());
  } catch (e) {
    if (timedOut()) throw new HttpFailure("INTERNAL", `request timeout after ${spec.timeoutMs / 1000}s reading the body: ${url.href}`, true);
    throw new HttpFailure("INTERNAL", `reading the response body failed: ${url.href}: ${describe(e)}`, true);
  }
  const t = new LuaTable();
  t.setStr("status_code", res.status);
  t.setStr("body", bytes.toString("latin1"));
  t.setStr("body_size", bytes.length);
  t.setStr("headers", headersTable(res.headers));
  t.setStr("url", bytesOf(url.href));
  return t;
}

function failure(p: Process, e: unknown): LuaValue[] {
  const f = e instanceof HttpFailure ? e : new HttpFailure("INTERNAL", e instanceof Error ? e.message : String(e));
  return [undefined, errorObject(p, new ErrorValue(f.message, f.kind, f.retryable, undefined, ""))];
}

/** Starts the request described by the arguments; the calling coroutine parks on the promise. */
function request(L: LuaThread, method: string, urlArg: number): number | PromiseLike<unknown> {
  const p = procOf(L);
  let spec: RequestSpec;
  try {
    spec = requestSpec(L, method, urlArg);
  } catch (e) {
    if (!(e instanceof HttpFailure)) throw e;
    const [v, err] = failure(p, e);
    L.stack[L.top++] = v;
    L.stack[L.top++] = err;
    return 2;
  }
  const ctl = new AbortController();
  let expired = false;
  const timer = setTimeout(() => {
    expired = true;
    ctl.abort();
  }, spec.timeoutMs);
  const untrack = track(p, ctl);
  return send(spec, ctl.signal, () => expired).then(
    (t): LuaValue[] => [t, undefined],
    (e: unknown) => failure(p, e),
  ).finally(() => {
    clearTimeout(timer);
    untrack();
  });
}

function methodFn(method: string): HostFunction {
  return new HostFunction(method.toLowerCase(), (L) => request(L, method, 1));
}

const requestAny: HostFn = (L) => {
  const m = checkString(L, 1);
  if (!/^[A-Za-z]+$/.test(m)) return argError(L, 1, "invalid HTTP method");
  return request(L, m.toUpperCase(), 2);
};

// ------------------------------------------------------------ encode_uri / decode_uri

const UNRESERVED = /[A-Za-z0-9\-_.~]/;

/** Form encoding of a byte string: unreserved bytes as is, space as '+', the rest %XX. */
export function encodeUri(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (UNRESERVED.test(ch)) out += ch;
    else if (ch === " ") out += "+";
    else out += "%" + s.charCodeAt(i).toString(16).toUpperCase().padStart(2, "0");
  }
  return out;
}

/** The inverse of encodeUri ('+' is a space); null when a '%' is not followed by two hex digits. */
export function decodeUri(s: string): string | null {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (ch === "+") out += " ";
    else if (ch !== "%") out += ch;
    else {
      const hex = s.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) return null;
      out += String.fromCharCode(parseInt(hex, 16));
      i += 2;
    }
  }
  return out;
}

const HTTP_TEMPLATE = templateFrom([
  ["get", methodFn("GET")],
  ["post", methodFn("POST")],
  ["put", methodFn("PUT")],
  ["patch", methodFn("PATCH")],
  ["delete", methodFn("DELETE")],
  ["head", methodFn("HEAD")],
  ["request", new HostFunction("request", requestAny)],
  ["encode_uri", new HostFunction("encode_uri", (L) => {
    L.stack[L.top++] = encodeUri(checkString(L, 1));
    return 1;
  })],
  ["decode_uri", new HostFunction("decode_uri", (L) => {
    const s = checkString(L, 1);
    const d = decodeUri(s);
    L.stack[L.top++] = d ?? undefined;
    L.stack[L.top++] = d === null ? errorObject(procOf(L), new ErrorValue(`invalid URL escape in: ${s}`, "INVALID", undefined, undefined, "")) : undefined;
    return 2;
  })],
]);

/** The loader `require("http_client")` finds. */
export const HTTP_CLIENT_LOADER = new HostFunction("http_client", (L) => {
  L.stack[L.top++] = new CowTable(HTTP_TEMPLATE);
  return 1;
});
