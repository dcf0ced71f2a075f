// Signatures of the CORE runtime API of runtime-api.md: the globals
// process, channel, errors and coroutine.spawn, and the modules time, json,
// sql and http_client (reached through require). Same declaration format as
// stdlib-signatures.ts. ErrorMethods are the methods of `error` values.

export const RUNTIME_DECLARATIONS = `
type Channel = {
  send: (self: Channel, value: any) -> boolean,
  receive: (self: Channel) -> (any, boolean),
  close: (self: Channel) -> (),
  case_receive: (self: Channel) -> any,
  case_send: (self: Channel, value: any) -> any,
}
type SelectResult = {channel?: Channel, value: any, ok: boolean, default?: boolean}
type ErrorMethods = {
  message: (self: error) -> string,
  kind: (self: error) -> string,
  retryable: (self: error) -> boolean?,
  details: (self: error) -> table?,
  stack: (self: error) -> string,
}
type Duration = {
  nanoseconds: (self: Duration) -> integer,
  microseconds: (self: Duration) -> integer,
  milliseconds: (self: Duration) -> integer,
  seconds: (self: Duration) -> number,
  minutes: (self: Duration) -> number,
  hours: (self: Duration) -> number,
}
type Dur = number | string | Duration
type Time = {
  unix: (self: Time) -> integer,
  unix_nano: (self: Time) -> integer,
  sub: (self: Time, t: Time) -> Duration,
  add: (self: Time, d: Dur) -> Time,
  before: (self: Time, t: Time) -> boolean,
  after: (self: Time, t: Time) -> boolean,
  equal: (self: Time, t: Time) -> boolean,
  format_rfc3339: (self: Time) -> string,
  utc: (self: Time) -> Time,
  is_zero: (self: Time) -> boolean,
}
type Timer = {
  response: (self: Timer) -> Channel,
  channel: (self: Timer) -> Channel,
  stop: (self: Timer) -> boolean,
  reset: (self: Timer, d: Dur) -> boolean,
}
type Ticker = {
  response: (self: Ticker) -> Channel,
  channel: (self: Ticker) -> Channel,
  stop: (self: Ticker) -> (),
}
type Rows = {{[string]: any}}
type ExecResult = {rows_affected: integer, last_insert_id: integer}
type Tx = {
  query: (self: Tx, sql: string, params: table?) -> (Rows?, error?),
  execute: (self: Tx, sql: string, params: table?) -> (ExecResult?, error?),
  commit: (self: Tx) -> (boolean?, error?),
  rollback: (self: Tx) -> (boolean?, error?),
}
type DB = {
  query: (self: DB, sql: string, params: table?) -> (Rows?, error?),
  execute: (self: DB, sql: string, params: table?) -> (ExecResult?, error?),
  begin: (self: DB, options: table?) -> (Tx?, error?),
  type: (self: DB) -> (string, error?),
  release: (self: DB) -> (boolean, error?),
}
type HttpOptions = {
  headers?: {[string]: string},
  body?: string,
  query?: table,
  timeout?: number | string,
  form?: table,
}
type Response = {
  status_code: integer,
  body: string,
  body_size: integer,
  headers: {[string]: string},
  url: string,
}

function process.pid(): string end
function process.id(): string end
function process.spawn(target: string, host: string?, ...: any): (string?, error?) end
function process.spawn_monitored(target: string, host: string?, ...: any): (string?, error?) end
function process.spawn_linked(target: string, host: string?, ...: any): (string?, error?) end
function process.spawn_linked_monitored(target: string, host: string?, ...: any): (string?, error?) end
function process.send(destination: string, topic: string, ...: any): (boolean?, error?) end
function process.inbox(): Channel end
function process.listen(topic: string, options: {message?: boolean}?): (Channel?, error?) end
function process.unlisten(ch: Channel) end
function process.events(): Channel end
function process.monitor(destination: string): (boolean?, error?) end
function process.unmonitor(destination: string): (boolean?, error?) end
function process.link(destination: string): (boolean?, error?) end
function process.unlink(destination: string): (boolean?, error?) end
function process.get_options(): {trap_links: boolean, upgradable: boolean} end
function process.set_options(options: table): (boolean, error?) end
function process.terminate(destination: string): (boolean?, error?) end
function process.cancel(destination: string, reason: string?): (boolean?, error?) end
function process.exec(target: string, host: string?, ...: any): (any, error?) end
function process.registry.register(name: string, pid: string?, scope: string?): (boolean?, error?) end
function process.registry.lookup(name: string, scope: string?): (string?, error?) end
function process.registry.unregister(name: string, scope: string?): boolean end
process.registry.LOCAL = nil :: string
process.registry.EVENTUAL = nil :: string
process.registry.CONSISTENT = nil :: string
process.registry.STRONG = nil :: string
process.event.CANCEL = nil :: string
process.event.EXIT = nil :: string
process.event.LINK_DOWN = nil :: string

function channel.new(capacity: integer?): Channel end
function channel.select(cases: table, default: boolean?): SelectResult end

function coroutine.spawn(fn: any): thread end

function errors.new(spec: string | {message: string, kind?: string, retryable?: boolean, details?: table}): error end
function errors.wrap(err: error | string, context: string | error): error end
function errors.is(err: any, kind: string): boolean end
errors.UNKNOWN = nil :: string
errors.INVALID = nil :: string
errors.NOT_FOUND = nil :: string
errors.ALREADY_EXISTS = nil :: string
errors.PERMISSION_DENIED = nil :: string
errors.TIMEOUT = nil :: string
errors.CANCELED = nil :: string
errors.UNAVAILABLE = nil :: string
errors.INTERNAL = nil :: string
errors.CONFLICT = nil :: string
errors.RATE_LIMITED = nil :: string

function time.parse_duration(d: Dur): (Duration?, error?) end
function time.sleep(d: Dur) end
function time.after(d: Dur): Channel end
function time.timer(d: Dur): Timer end
function time.ticker(d: Dur): Ticker end
function time.now(): Time end
function time.unix(sec: integer, nsec: integer): Time end
time.NANOSECOND = nil :: integer
time.MICROSECOND = nil :: integer
time.MILLISECOND = nil :: integer
time.SECOND = nil :: integer
time.MINUTE = nil :: integer
time.HOUR = nil :: integer

function json.encode(value: any): (string?, error?) end
function json.decode(text: string): (any, error?) end

function sql.get(id: string): (DB?, error?) end
sql.NULL = nil :: any

function http_client.get(url: string, options: HttpOptions?): (Response?, error?) end
function http_client.post(url: string, options: HttpOptions?): (Response?, error?) end
function http_client.put(url: string, options: HttpOptions?): (Response?, error?) end
function http_client.patch(url: string, options: HttpOptions?): (Response?, error?) end
function http_client.delete(url: string, options: HttpOptions?): (Response?, error?) end
function http_client.head(url: string, options: HttpOptions?): (Response?, error?) end
function http_client.request(method: string, url: string, options: HttpOptions?): (Response?, error?) end
function http_client.encode_uri(s: string): string end
function http_client.decode_uri(s: string): (string?, error?) end
`;

/** Modules reached with require() rather than as globals. */
export const RUNTIME_MODULES = ["time", "json", "sql", "http_client"];
