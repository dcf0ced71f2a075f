// Runtime spec §6, §7 and §13 items 34, 37, plus cleanup: errors objects,
// durations, sleeping, timers and tickers, and no timer outliving its process.
import { describe, expect, it } from "vitest";
import { formatDuration, parseDurationText } from "../src/index.js";
import { runLua } from "./helpers.js";

describe("errors (spec §6, §13 item 34)", () => {
  it("34: wrap keeps kind and retryable; tostring and pcall keep the object", async () => {
    expect(await runLua(`
      local e = errors.wrap(errors.new({message = "db down", kind = errors.UNAVAILABLE, retryable = true}), "load user")
      print(e:message(), e:kind() == errors.UNAVAILABLE, e:retryable(), tostring(e) == e:message())
      local ok, got = pcall(error, e)
      print(ok, rawequal(got, e), type(e))
      print("x: " .. e, e .. "!")`)).toBe("load user: db down\ttrue\ttrue\ttrue\nfalse\ttrue\tuserdata\nx: load user: db down\tload user: db down!\n");
  });

  it("errors.new forms, details, is, and bad arguments", async () => {
    expect(await runLua(`
      local e = errors.new("plain")
      print(e:kind() == errors.UNKNOWN, e:retryable(), e:details(), type(e:stack()))
      local d = {a = {b = 1}, f = print}
      local e2 = errors.new({message = "m", details = d})
      d.a.b = 2
      print(e2:details().a.b, e2:details().f)
      print(errors.is(e2, errors.UNKNOWN), errors.is("x", errors.UNKNOWN), pcall(errors.is, e2, 1))
      print((pcall(errors.new, {})), (pcall(errors.new, 5)), (pcall(errors.wrap, nil, "c")))
      print(errors.wrap("inner", errors.new("ctx")):message(), errors.NOT_FOUND)
      print(errors.new("k", "ignored"):message())`)).toMatch(/^true\tnil\tnil\tstring\n1\tnil\ntrue\tfalse\tfalse\t.*\nfalse\tfalse\tfalse\nctx: inner\tNOT_FOUND\nk\n$/);
  });
});

describe("time (spec §7, §13 item 37)", () => {
  it("durations parse and print like Go", () => {
    expect(parseDurationText("1h30m")).toBe(5400e9);
    expect(parseDurationText("1.5s")).toBe(1.5e9);
    expect(parseDurationText("-250ms")).toBe(-250e6);
    expect(parseDurationText("0")).toBe(0);
    expect(parseDurationText("5")).toBeNull();
    expect(parseDurationText("1x")).toBeNull();
    expect(formatDuration(5400e9)).toBe("1h30m0s");
    expect(formatDuration(250e6)).toBe("250ms");
    expect(formatDuration(0)).toBe("0s");
    expect(formatDuration(1.5e9)).toBe("1.5s");
    expect(formatDuration(1500)).toBe("1.5\xc2\xb5s");
  });

  it("37: after wins a select, sleep waits, after(0) raises, a stopped timer stays silent", async () => {
    expect(await runLua(`
      local time = require("time")
      local t0 = time.now()
      local never = channel.new()
      local r = channel.select{never:case_receive(), time.after("30ms"):case_receive()}
      print(r.channel ~= never, r.value:sub(t0):milliseconds() >= 30)
      local t1 = time.now()
      time.sleep(20 * time.MILLISECOND)
      print(time.now():sub(t1):milliseconds() >= 20)
      local ok, e = pcall(time.after, 0)
      print(ok, errors.is(e, errors.INVALID))
      local tm = time.timer("10ms")
      print(tm:stop(), tm:stop())
      time.sleep("30ms")
      print(channel.select{tm:channel():case_receive(), default = true}.default)
      print(tm:response() == tm:channel())`)).toBe("true\ttrue\ntrue\nfalse\ttrue\ntrue\tfalse\ntrue\ntrue\n");
  });

  it("timers reset, tickers tick and stop, time values compare and format", async () => {
    expect(await runLua(`
      local time = require("time")
      local tm = time.timer("1h")
      print(tm:reset("5ms"))
      print(tm:channel():receive() ~= nil)
      local tk = time.ticker("2ms")
      tk:channel():receive(); tk:channel():receive()
      tk:stop()
      print("ticked")
      local a = time.unix(1700000000, 5)
      print(a:unix(), a:unix_nano(), a:format_rfc3339())
      local b = a:add("1s")
      print(b:after(a), a:before(b), a:equal(time.unix(1700000000, 5)), tostring(b:sub(a)), b:sub(a):seconds())
      local d = time.parse_duration("1m30s")
      print(d:seconds(), d:minutes(), d:milliseconds(), tostring(d))
      print(select(2, time.parse_duration("zz")):kind() == errors.INVALID)
      print(pcall(time.sleep, "nope"))
      time.sleep(0)
      print(time.now():unix() > 1700000000)`)).toMatch(
      /^true\ntrue\nticked\n1700000000\t1700000000000000005\t2023-11-14T22:13:20Z\ntrue\ttrue\ttrue\t1s\t1\.0\n90\.0\t1\.5\t90000\t1m30s\ntrue\nfalse\t.*invalid duration.*\ntrue\n$/);
  });

  it("no timer keeps Node alive after its process ended", async () => {
    const before = (process as unknown as { getActiveResourcesInfo(): string[] }).getActiveResourcesInfo()
      .filter((r) => r === "Timeout").length;
    expect(await runLua(`
      process.spawn_monitored("timers.lua")
      process.events():receive()
      print("done")`, {
      "timers.lua": `local time = require("time")
        time.ticker("1ms"); time.timer("1h"); time.after("1h")
        coroutine.spawn(function() time.sleep("1h") end)
        error("bye")`,
    })).toBe("done\n");
    const after = (process as unknown as { getActiveResourcesInfo(): string[] }).getActiveResourcesInfo()
      .filter((r) => r === "Timeout").length;
    expect(after).toBeLessThanOrEqual(before);
  });
});
