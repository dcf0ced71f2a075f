// os.date and os.time support: C99 strftime in the C locale, the `*t` date
// table, and mktime-style normalisation of a date table.
//
// strftime accepts exactly the conversions Lua 5.3's loslib allows
// (LUA_STRFTIMEOPTIONS for C99): the one-letter conversions
// aAbBcCdDeFgGhHIjmMnprRStTuUVwWxXyYzZ%, the E-modified Ec EC Ex EX Ey EY and
// the O-modified Od Oe OH OI Om OM OS Ou OU OV Ow OW Oy. In the C locale a
// modifier changes nothing. Output follows glibc: %Y, %C and %G are not
// zero-padded (year 999 is "999", %C is floor(year / 100)), %y and %g are
// the floor-modulo of the year by 100, and `!` (UTC) dates name their zone
// "GMT".
//
// The caller strips a leading `!` (passing utc = true) and handles `*t`
// through dateTable. Times are JS Dates; local time is the process's
// timezone, through the JS Date local-time methods.

import { EngineError } from "./lpattern.js";

/** The fields of os.date("*t") (and of the table os.time normalises). */
export interface DateFields {
  year: number;
  month: number; // 1-12
  day: number; // 1-31
  hour: number;
  min: number;
  sec: number;
  wday: number; // 1-7, Sunday is 1
  yday: number; // 1-366
  isdst: boolean;
}

/** Broken-down time, like C's struct tm (0-based month, wday and yday). */
interface Tm {
  year: number;
  month: number;
  day: number;
  hour: number;
  min: number;
  sec: number;
  wday: number;
  yday: number;
  isdst: boolean;
  /** Offset east of UTC, in seconds. */
  gmtoff: number;
  utc: boolean;
  date: Date;
}

const DAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTH_NAMES = [
  "January", "February", "March", "April", "May", "June",
  "July", "August", "September", "October", "November", "December",
];

const UNREPRESENTABLE = "time result cannot be represented in this installation";

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInYear(y: number): number {
  return isLeap(y) ? 366 : 365;
}

const DAYS_BEFORE_MONTH = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];

function dayOfYear(year: number, month: number, day: number): number {
  return DAYS_BEFORE_MONTH[month]! + (month > 1 && isLeap(year) ? 1 : 0) + day - 1;
}

/** Offset of local time east of UTC at `d`, in seconds. */
function localOffset(d: Date): number {
  return -Math.round(d.getTimezoneOffset() * 60);
}

/** Is local time at `d` daylight saving time (ahead of the year's standard offset)? */
function localIsDst(d: Date): boolean {
  const y = d.getFullYear();
  const jan = new Date(d.getTime());
  jan.setFullYear(y, 0, 1);
  const jul = new Date(d.getTime());
  jul.setFullYear(y, 6, 1);
  const standard = Math.min(localOffset(jan), localOffset(jul));
  return localOffset(d) > standard;
}

function breakDown(t: Date, utc: boolean): Tm {
  if (Number.isNaN(t.getTime())) throw new EngineError(UNREPRESENTABLE);
  if (utc) {
    const year = t.getUTCFullYear();
    const month = t.getUTCMonth();
    const day = t.getUTCDate();
    return {
      year, month, day,
      hour: t.getUTCHours(), min: t.getUTCMinutes(), sec: t.getUTCSeconds(),
      wday: t.getUTCDay(), yday: dayOfYear(year, month, day),
      isdst: false, gmtoff: 0, utc, date: t,
    };
  }
  const year = t.getFullYear();
  const month = t.getMonth();
  const day = t.getDate();
  return {
    year, month, day,
    hour: t.getHours(), min: t.getMinutes(), sec: t.getSeconds(),
    wday: t.getDay(), yday: dayOfYear(year, month, day),
    isdst: localIsDst(t), gmtoff: localOffset(t), utc, date: t,
  };
}

/** The `*t` table of os.date for time `t`. */
export function dateTable(t: Date, utc: boolean): DateFields {
  const tm = breakDown(t, utc);
  return {
    year: tm.year, month: tm.month + 1, day: tm.day,
    hour: tm.hour, min: tm.min, sec: tm.sec,
    wday: tm.wday + 1, yday: tm.yday + 1, isdst: tm.isdst,
  };
}

// ---------------------------------------------------------------------------
// Conversions

function pad2(n: number): string {
  return n < 10 ? "0" + n : String(n);
}

function pad3(n: number): string {
  return n < 10 ? "00" + n : n < 100 ? "0" + n : String(n);
}

function space2(n: number): string {
  return n < 10 ? " " + n : String(n);
}

function floorMod(a: number, b: number): number {
  return ((a % b) + b) % b;
}

/** ISO 8601 week-based year and week number (weeks start on Monday). */
function isoWeek(tm: Tm): { year: number; week: number } {
  const mondayBased = (tm.wday + 6) % 7;
  // Day of the year of this week's Thursday decides which year the week is in.
  const thursday = tm.yday - mondayBased + 3;
  if (thursday < 0) {
    const prev = tm.year - 1;
    return { year: prev, week: Math.floor((thursday + daysInYear(prev)) / 7) + 1 };
  }
  if (thursday >= daysInYear(tm.year)) return { year: tm.year + 1, week: 1 };
  return { year: tm.year, week: Math.floor(thursday / 7) + 1 };
}

function hour12(h: number): number {
  const r = h % 12;
  return r === 0 ? 12 : r;
}

function numericOffset(gmtoff: number): string {
  const sign = gmtoff < 0 ? "-" : "+";
  const m = Math.floor(Math.abs(gmtoff) / 60);
  return sign + pad2(Math.floor(m / 60)) + pad2(m % 60);
}

/**
 * The zone abbreviation the C library would print. JS exposes zone names
 * only through Intl, whose short names depend on the locale; try the
 * locales that know the usual abbreviations, and fall back to tzdata's
 * numeric style ("+04", "+0530") when none has a name.
 */
function zoneName(tm: Tm): string {
  if (tm.utc) return "GMT";
  for (const locale of ["en-US", "en-GB", "en-CA", "en-AU", "en-IN"]) {
    let name: string | undefined;
    try {
      name = new Intl.DateTimeFormat(locale, { timeZoneName: "short" })
        .formatToParts(tm.date)
        .find((part) => part.type === "timeZoneName")?.value;
    } catch {
      name = undefined;
    }
    if (name !== undefined && (name === "UTC" || name === "GMT" || !/^(GMT|UTC)[+-−]/.test(name))) return name;
  }
  const off = numericOffset(tm.gmtoff);
  return off.endsWith("00") ? off.slice(0, 3) : off;
}

function convert(c: string, tm: Tm): string {
  switch (c) {
    case "a": return DAY_NAMES[tm.wday]!.slice(0, 3);
    case "A": return DAY_NAMES[tm.wday]!;
    case "b": case "h": return MONTH_NAMES[tm.month]!.slice(0, 3);
    case "B": return MONTH_NAMES[tm.month]!;
    case "c":
      return `${convert("a", tm)} ${convert("b", tm)} ${space2(tm.day)} ${convert("T", tm)} ${tm.year}`;
    case "C": return String(Math.floor(tm.year / 100));
    case "d": return pad2(tm.day);
    case "D": case "x": return `${pad2(tm.month + 1)}/${pad2(tm.day)}/${pad2(floorMod(tm.year, 100))}`;
    case "e": return space2(tm.day);
    case "F": return `${tm.year}-${pad2(tm.month + 1)}-${pad2(tm.day)}`;
    case "g": return pad2(floorMod(isoWeek(tm).year, 100));
    case "G": return String(isoWeek(tm).year);
    case "H": return pad2(tm.hour);
    case "I": return pad2(hour12(tm.hour));
    case "j": return pad3(tm.yday + 1);
    case "m": return pad2(tm.month + 1);
    case "M": return pad2(tm.min);
    case "n": return "\n";
    case "p": return tm.hour < 12 ? "AM" : "PM";
    case "r": return `${pad2(hour12(tm.hour))}:${pad2(tm.min)}:${pad2(tm.sec)} ${convert("p", tm)}`;
    case "R": return `${pad2(tm.hour)}:${pad2(tm.min)}`;
    case "S": return pad2(tm.sec);
    case "t": return "\t";
    case "T": case "X": return `${pad2(tm.hour)}:${pad2(tm.min)}:${pad2(tm.sec)}`;
    case "u": return String(tm.wday === 0 ? 7 : tm.wday);
    case "U": return pad2(Math.floor((tm.yday + 7 - tm.wday) / 7));
    case "V": return pad2(isoWeek(tm).week);
    case "w": return String(tm.wday);
    case "W": return pad2(Math.floor((tm.yday + 7 - ((tm.wday + 6) % 7)) / 7));
    case "y": return pad2(floorMod(tm.year, 100));
    case "Y": return String(tm.year);
    case "z": return numericOffset(tm.gmtoff);
    case "Z": return zoneName(tm);
    default: return "%"; // "%%"
  }
}

const PLAIN_CONVERSIONS = "aAbBcCdDeFgGhHIjmMnprRStTuUVwWxXyYzZ%";
const E_CONVERSIONS = "cCxXyY";
const O_CONVERSIONS = "deHImMSuUVwWy";

/**
 * os.date's formatting of `t` (the format without its `!`/`*t` prefix).
 * An invalid conversion is reported against argument 1, quoting the rest of
 * the format from the `%` on, as Lua does.
 */
export function strftime(fmt: string, t: Date, utc: boolean): string {
  const tm = breakDown(t, utc);
  let out = "";
  let from = 0;
  let at = fmt.indexOf("%");
  while (at >= 0) {
    out += fmt.slice(from, at);
    const c = fmt.charAt(at + 1);
    let conv = "";
    let next = at + 2;
    if (c !== "" && PLAIN_CONVERSIONS.includes(c)) {
      conv = c;
    } else if (c === "E" || c === "O") {
      const m = fmt.charAt(at + 2);
      if (m !== "" && (c === "E" ? E_CONVERSIONS : O_CONVERSIONS).includes(m)) {
        conv = m;
        next = at + 3;
      }
    }
    if (conv === "") {
      throw new EngineError(`invalid conversion specifier '${fmt.slice(at)}'`, 1);
    }
    out += convert(conv, tm);
    from = next;
    at = fmt.indexOf("%", from);
  }
  return out + fmt.slice(from);
}

// ---------------------------------------------------------------------------
// os.time

/** Date-table fields os.time reads; hour defaults to 12, min and sec to 0. */
export interface TimeFields {
  year: number;
  month: number;
  day: number;
  hour: number;
  min: number;
  sec: number;
  /** Daylight saving hint (tm_isdst): true, false, or undefined for "unknown". */
  isdst: boolean | undefined;
}

export interface NormalisedTime {
  /** Seconds since the epoch. */
  time: number;
  /** The fields rewritten to their normalised values, as os.time does. */
  fields: DateFields;
}

const INT_MAX = 2147483647;
const INT_MIN = -2147483648;

/** Checks that a field fits C's int after subtracting its bias, as loslib does. */
function checkField(name: string, value: number, delta: number): void {
  if (!Number.isInteger(value)) throw new EngineError(`field '${name}' is not an integer`);
  const ok = value >= 0 ? value - delta <= INT_MAX : INT_MIN + delta <= value;
  if (!ok) throw new EngineError(`field '${name}' is out-of-bound`);
}

/**
 * os.time's mktime: turn possibly out-of-range fields (month 14, day 0,
 * negative hours...) into a time, carrying overflow into the larger units,
 * in local time or UTC. Returns the time and the normalised fields.
 */
export function normaliseTime(f: TimeFields, utc: boolean): NormalisedTime {
  checkField("year", f.year, 1900);
  checkField("month", f.month, 1);
  checkField("day", f.day, 0);
  checkField("hour", f.hour, 0);
  checkField("min", f.min, 0);
  checkField("sec", f.sec, 0);
  const d = new Date(0);
  if (utc) {
    d.setUTCFullYear(f.year, f.month - 1, f.day);
    d.setUTCHours(f.hour, f.min, f.sec, 0);
  } else {
    // Build the wall-clock time, then let Date resolve it in the local zone.
    d.setFullYear(f.year, f.month - 1, f.day);
    d.setHours(f.hour, f.min, f.sec, 0);
    if (f.isdst !== undefined && localIsDst(d) !== f.isdst) {
      // Like glibc's mktime, a wall-clock time said to be in the other
      // DST state is read with that state's offset.
      d.setTime(d.getTime() + (f.isdst ? -1 : 1) * dstShift(d));
    }
  }
  const ms = d.getTime();
  // mktime signals failure with -1, so Lua rejects that one valid time too.
  if (Number.isNaN(ms) || ms === -1000) throw new EngineError(UNREPRESENTABLE);
  return { time: Math.floor(ms / 1000), fields: dateTable(d, utc) };
}

/** Size of the local DST shift in the year of `d`, in milliseconds. */
function dstShift(d: Date): number {
  const jan = new Date(d.getTime());
  jan.setMonth(0, 1);
  const jul = new Date(d.getTime());
  jul.setMonth(6, 1);
  return Math.abs(localOffset(jan) - localOffset(jul)) * 1000;
}
