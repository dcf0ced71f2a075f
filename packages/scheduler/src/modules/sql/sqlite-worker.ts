// The code of the thread that owns a SQLite connection (sqlite.ts starts
// one per database). better-sqlite3 is synchronous, so running it on the
// main thread would stall every process and Node's event loop for as long
// as a statement runs; here a slow query only delays the coroutines that
// wait for its answer.
//
// It is plain JavaScript in a string because a worker thread runs outside
// the TypeScript toolchain (vitest runs the sources, the CLI the build),
// and it loads only the driver, whose path the main thread resolves.
// Dynamic imports keep it valid both as a CommonJS and as a module script.
//
// Protocol: the main thread posts {id, op, ...}; every request gets one
// reply {id, ok: true, value} or {id, ok: false, error: {kind, message,
// retryable}}, in order. Ops: open {file, timeout}, query / execute {sql,
// params}, exec {sql}, finish {command: "COMMIT" | "ROLLBACK"} (a failed
// COMMIT is rolled back in the same request), close.

export const SQLITE_WORKER_SOURCE = String.raw`
(async () => {
  const { parentPort, workerData } = await import("node:worker_threads");
  const { createRequire } = await import("node:module");
  const Database = createRequire(workerData.driver)(workerData.driver);
  const STATEMENT_CACHE = 64;
  const cache = new Map();
  let db = null;
  let changesStmt = null;

  function prepare(sql) {
    let st = cache.get(sql);
    if (st !== undefined) return st;
    st = db.prepare(sql);
    st.safeIntegers(true);
    if (st.reader) st.raw(true);
    if (cache.size >= STATEMENT_CACHE) cache.delete(cache.keys().next().value);
    cache.set(sql, st);
    return st;
  }

  function lastChanges() {
    changesStmt ??= db.prepare("SELECT changes(), last_insert_rowid()").raw(true).safeIntegers(true);
    const [changes, lastId] = changesStmt.get();
    return { changes, lastId };
  }

  function query(sql, params) {
    const st = prepare(sql);
    if (!st.reader) {
      st.run(...params);
      return { columns: [], rows: [] };
    }
    return { columns: st.columns().map((c) => c.name), rows: st.all(...params) };
  }

  // Without parameters, a script of several statements runs as one.
  function execute(sql, params) {
    let st;
    try {
      st = prepare(sql);
    } catch (e) {
      if (params.length === 0 && e instanceof RangeError && /more than one statement/.test(e.message)) {
        db.exec(sql);
        return lastChanges();
      }
      throw e;
    }
    if (st.reader) {
      st.all(...params);
      return lastChanges();
    }
    const r = st.run(...params);
    return { changes: BigInt(r.changes), lastId: BigInt(r.lastInsertRowid) };
  }

  function finish(command) {
    if (command === "ROLLBACK") {
      if (db.inTransaction) db.exec("ROLLBACK");
      return null;
    }
    try {
      db.exec("COMMIT");
    } catch (e) {
      if (db.inTransaction) db.exec("ROLLBACK");
      throw e;
    }
    return null;
  }

  function run(m) {
    switch (m.op) {
      case "open":
        db = new Database(m.file, { timeout: m.timeout });
        db.pragma("foreign_keys = ON");
        db.defaultSafeIntegers(true);
        return null;
      case "query":
        return query(m.sql, m.params);
      case "execute":
        return execute(m.sql, m.params);
      case "exec":
        db.exec(m.sql);
        return null;
      case "finish":
        return finish(m.command);
      case "close":
        if (db !== null && db.open) db.close();
        parentPort.close();
        return null;
    }
    throw new Error("unknown request " + m.op);
  }

  // Engine errors to kinds (spec section 9.4), with the engine's message.
  function failure(e) {
    const message = String((e && e.message) ?? e);
    const code = e && typeof e.code === "string" ? e.code : "";
    if (code.startsWith("SQLITE_CONSTRAINT")) return { kind: "CONFLICT", message };
    if (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED")) return { kind: "UNAVAILABLE", message, retryable: true };
    if (code === "SQLITE_ERROR" || code === "SQLITE_RANGE" || code === "SQLITE_MISMATCH" || e instanceof RangeError || e instanceof TypeError) {
      return { kind: "INVALID", message };
    }
    return { kind: "INTERNAL", message };
  }

  parentPort.on("message", (m) => {
    let reply;
    try {
      reply = { id: m.id, ok: true, value: run(m) };
    } catch (e) {
      reply = { id: m.id, ok: false, error: failure(e) };
    }
    if (m.op !== "close") parentPort.postMessage(reply);
  });
})();
`;
