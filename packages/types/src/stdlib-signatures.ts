// Signatures of the Lua 5.3 standard library, written as annotated Lua
// declarations (bodies are empty and never checked). `Rest<T>` as the last
// result means any number of further T results (declaration files only).
// assert, setmetatable and require have results computed per call
// (expressions.ts specialCall); their signatures here check the arguments.

export const STDLIB_DECLARATIONS = `
type File = {
  close: (self: File) -> (boolean?, string?),
  flush: (self: File) -> File,
  lines: (self: File, ...any) -> any,
  read: (self: File, ...any) -> Rest<any>,
  seek: (self: File, whence: string?, offset: integer?) -> (integer?, string?),
  setvbuf: (self: File, mode: string, size: integer?) -> boolean,
  write: (self: File, ...string | number) -> (File?, string?),
}

function assert(v: any, message: any?, ...: any): Rest<any> end
function collectgarbage(opt: string?, arg: number?): any end
function dofile(filename: string?): Rest<any> end
function error(message: any?, level: integer?): never end
function getmetatable(v: any): any end
function ipairs<T>(t: {T} | table): (((any, integer) -> (integer?, T)), any, integer) end
function load(chunk: any, chunkname: string?, mode: string?, env: any?): (any, string?) end
function loadfile(filename: string?, mode: string?, env: any?): (any, string?) end
function next(t: table, k: any?): (any, any) end
function pairs<K, V>(t: {[K]: V} | table): (((any, any) -> (K?, V)), any, any) end
function pcall(f: any, ...: any): (boolean, Rest<any>) end
function print(...: any) end
function rawequal(a: any, b: any): boolean end
function rawget(t: table, k: any): any end
function rawlen(v: table | string): integer end
function rawset(t: table, k: any, v: any): table end
function require(name: string): any end
function select(n: integer | string, ...: any): Rest<any> end
function setmetatable(t: table, mt: table?): any end
function tonumber(v: any, base: integer?): number? end
function tostring(v: any): string end
function type(v: any): string end
function xpcall(f: any, msgh: any, ...: any): (boolean, Rest<any>) end
function unpack<T>(t: {T} | table, i: integer?, j: integer?): Rest<T> end
_G = nil :: table
_ENV = nil :: table
arg = nil :: {[integer]: string}
_VERSION = nil :: string

function string.byte(s: string, i: integer?, j: integer?): Rest<integer> end
function string.char(...: integer): string end
function string.dump(f: any, strip: boolean?): string end
function string.find(s: string, pattern: string, init: integer?, plain: boolean?): (integer?, integer?, Rest<any>) end
function string.format(fmt: string, ...: any): string end
function string.gmatch(s: string, pattern: string): (() -> Rest<any>) end
function string.gsub(s: string, pattern: string, repl: any, n: integer?): (string, integer) end
function string.len(s: string): integer end
function string.lower(s: string): string end
function string.match(s: string, pattern: string, init: integer?): (string?, Rest<any>) end
function string.pack(fmt: string, ...: any): string end
function string.packsize(fmt: string): integer end
function string.rep(s: string, n: integer, sep: string?): string end
function string.reverse(s: string): string end
function string.sub(s: string, i: integer, j: integer?): string end
function string.unpack(fmt: string, s: string, pos: integer?): Rest<any> end
function string.upper(s: string): string end

function table.concat(list: table, sep: string?, i: integer?, j: integer?): string end
function table.insert(list: table, ...: any) end
function table.move(a1: table, f: integer, e: integer, t: integer, a2: table?): table end
function table.pack(...: any): table end
function table.remove<T>(list: {T} | table, pos: integer?): T? end
function table.sort(list: table, comp: any?) end
function table.unpack<T>(list: {T} | table, i: integer?, j: integer?): Rest<T> end

function math.abs(x: number): number end
function math.acos(x: number): number end
function math.asin(x: number): number end
function math.atan(y: number, x: number?): number end
function math.ceil(x: number): integer end
function math.cos(x: number): number end
function math.deg(x: number): number end
function math.exp(x: number): number end
function math.floor(x: number): integer end
function math.fmod(x: number, y: number): number end
function math.log(x: number, base: number?): number end
function math.max(x: number, ...: number): number end
function math.min(x: number, ...: number): number end
function math.modf(x: number): (number, number) end
function math.rad(x: number): number end
function math.random(m: integer?, n: integer?): number end
function math.randomseed(x: number?) end
function math.sin(x: number): number end
function math.sqrt(x: number): number end
function math.tan(x: number): number end
function math.tointeger(x: any): integer? end
function math.type(x: any): string? end
function math.ult(m: integer, n: integer): boolean end
-- LUA_COMPAT_5_2 functions, present in our runtime as in Debian's lua5.3.
function math.cosh(x: number): number end
function math.sinh(x: number): number end
function math.tanh(x: number): number end
function math.pow(x: number, y: number): number end
function math.frexp(x: number): (number, integer) end
function math.ldexp(m: number, e: integer): number end
function math.log10(x: number): number end
function bit32.arshift(x: integer, disp: integer): integer end
function bit32.band(...: integer): integer end
function bit32.bnot(x: integer): integer end
function bit32.bor(...: integer): integer end
function bit32.btest(...: integer): boolean end
function bit32.bxor(...: integer): integer end
function bit32.extract(n: integer, field: integer, width: integer?): integer end
function bit32.lrotate(x: integer, disp: integer): integer end
function bit32.lshift(x: integer, disp: integer): integer end
function bit32.replace(n: integer, v: integer, field: integer, width: integer?): integer end
function bit32.rrotate(x: integer, disp: integer): integer end
function bit32.rshift(x: integer, disp: integer): integer end
math.huge = nil :: number
math.pi = nil :: number
math.maxinteger = nil :: integer
math.mininteger = nil :: integer

function io.close(file: File?): (boolean?, string?) end
function io.flush(): File end
function io.input(file: any?): File end
function io.lines(filename: string?, ...: any): any end
function io.open(filename: string, mode: string?): (File?, string?, integer?) end
function io.output(file: any?): File end
function io.popen(prog: string, mode: string?): (File?, string?) end
function io.read(...: any): Rest<any> end
function io.tmpfile(): File end
function io.type(obj: any): string? end
function io.write(...: string | number): (File?, string?) end
io.stdin = nil :: File
io.stdout = nil :: File
io.stderr = nil :: File

function os.clock(): number end
function os.date(format: string?, time: integer?): any end
function os.difftime(t2: number, t1: number?): number end
function os.execute(command: string?): (boolean?, string?, integer?) end
function os.exit(code: any?, close: boolean?): never end
function os.getenv(varname: string): string? end
function os.remove(filename: string): (boolean?, string?, integer?) end
function os.rename(oldname: string, newname: string): (boolean?, string?, integer?) end
function os.setlocale(locale: string?, category: string?): string? end
function os.time(t: table?): integer end
function os.tmpname(): string end

function coroutine.create(f: any): thread end
function coroutine.isyieldable(): boolean end
function coroutine.resume(co: thread, ...: any): (boolean, Rest<any>) end
function coroutine.running(): (thread, boolean) end
function coroutine.status(co: thread): string end
function coroutine.wrap(f: any): any end
function coroutine.yield(...: any): Rest<any> end

function utf8.char(...: integer): string end
function utf8.codepoint(s: string, i: integer?, j: integer?): Rest<integer> end
function utf8.codes(s: string): (((any, integer) -> (integer?, integer)), any, integer) end
function utf8.len(s: string, i: integer?, j: integer?): (integer?, integer?) end
function utf8.offset(s: string, n: integer, i: integer?): integer? end
utf8.charpattern = nil :: string

function debug.debug() end
function debug.gethook(...: any): Rest<any> end
function debug.getinfo(...: any): any end
function debug.getlocal(...: any): Rest<any> end
function debug.getmetatable(v: any): any end
function debug.getregistry(): table end
function debug.getupvalue(f: any, up: integer): Rest<any> end
function debug.getuservalue(u: any): any end
function debug.sethook(...: any) end
function debug.setlocal(...: any): Rest<any> end
function debug.setmetatable(v: any, mt: table?): any end
function debug.setupvalue(f: any, up: integer, value: any): Rest<any> end
function debug.setuservalue(u: any, value: any): any end
function debug.traceback(...: any): any end
function debug.upvalueid(f: any, n: integer): any end
function debug.upvaluejoin(f1: any, n1: integer, f2: any, n2: integer) end

function package.loadlib(libname: string, funcname: string): Rest<any> end
function package.searchpath(name: string, path: string, sep: string?, rep: string?): (string?, string?) end
package.config = nil :: string
package.cpath = nil :: string
package.path = nil :: string
package.loaded = nil :: table
package.preload = nil :: table
package.searchers = nil :: table
`;
