/**
 * Zoned time: the one place that knows about time zones. Everything that turns an instant into a
 * local date, time or month (or back) in a municipality's zone comes from here: the 48-hour
 * clock, the statistics' month boundaries, Open311's date parameters, the sites' dates and the
 * demo and benchmark generator (scripts/lib/cases-gen.mjs).
 *
 * A local calendar date is a day number (`Day`): the days from 1970-01-01 to that date, so
 * arithmetic on dates is integer arithmetic and needs no zone. Where a day starts is the zone's
 * business: `dayStart` asks Intl once per zone and day and remembers it, which makes the clock
 * fast enough for tens of thousands of cases (the generator computes every synthetic deadline
 * here; asking Intl at every step of every deadline took about a millisecond a case). What is
 * remembered grows with the days asked about, a few thousand for a decade, also in a
 * long-running function.
 *
 * No imports, and erasable syntax only: the sites, the functions and the scripts (run by Node's
 * type stripping) all load this file.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

// ---------------------------------------------------------------------------------------------
// Local calendar days

/** A local calendar date as the number of days since 1970-01-01 (a date, not an instant). */
export type Day = number;

/** The day number of a calendar date; months and days past their end roll over (day 32 of January is 1 February). */
export const dayOfYmd = (year: number, month: number, day: number): Day => Date.UTC(year, month - 1, day) / DAY;

/** The day number of YYYY-MM-DD. */
export function dayOfDate(date: string): Day {
  const [y, m, d] = date.split('-').map(Number);
  return dayOfYmd(y!, m!, d!);
}

const dates = new Map<Day, string>();
/** YYYY-MM-DD of a day number (remembered: the generator asks for the same few thousand days again and again). */
export function dateOfDay(day: Day): string {
  let date = dates.get(day);
  if (date === undefined) {
    date = new Date(day * DAY).toISOString().slice(0, 10);
    dates.set(day, date);
  }
  return date;
}

/** 0 for Sunday to 6 for Saturday (1970-01-01, day 0, was a Thursday). */
export const weekdayOf = (day: Day): number => (((day + 4) % 7) + 7) % 7;

const wallFormats = new Map<string, Intl.DateTimeFormat>();
/**
 * The local wall-clock time at instant t, to the second, as the milliseconds of a UTC time with
 * the same fields: the difference to t (whole seconds) is the zone's offset at t.
 */
export function wallClock(t: number, timeZone: string): number {
  let f = wallFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    wallFormats.set(timeZone, f);
  }
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(t)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  return Date.UTC(p.year!, p.month! - 1, p.day, p.hour, p.minute, p.second);
}

/** The offset of a time zone from UTC at an instant, in ms (+3,600,000 for Belgrade in winter). */
export const zoneOffset = (t: number, timeZone: string): number => wallClock(t, timeZone) - Math.floor(t / 1000) * 1000;

/**
 * The instant a wall-clock time (as the ms of a UTC time with the same fields) happens in a zone.
 * The zone's offsets a day either side are the two in force around any change near it. As in
 * iCalendar (RFC 5545, 3.3.5), which the calendar files follow: a time the clocks repeat in
 * autumn is its first occurrence, and a time they skip in spring is read with the offset before
 * the change, so it comes out as much later as the gap (02:30 is 03:30).
 */
function wallToInstant(wall: number, timeZone: string, before = zoneOffset(wall - DAY, timeZone)): number {
  const after = zoneOffset(wall + DAY, timeZone);
  if (before === after) return wall - before;
  const withBefore = wall - before;
  const withAfter = wall - after;
  const beforeFits = zoneOffset(withBefore, timeZone) === before;
  const afterFits = zoneOffset(withAfter, timeZone) === after;
  if (beforeFits && afterFits) return Math.min(withBefore, withAfter);
  if (afterFits) return withAfter;
  return withBefore;
}

/** What one zone's days are known to be: where each starts, and the offset last seen (a good first guess). */
interface Zone {
  name: string;
  starts: Map<Day, number>;
  offset: number;
}
/** Per zone, one entry per local day ever asked about: a few thousand for a decade of cases. */
const zones = new Map<string, Zone>();
/** The zone asked about last: nearly always the one asked about next (one municipality at a time). */
let lastZone: Zone | undefined;
function zoneOf(timeZone: string): Zone {
  if (lastZone?.name === timeZone) return lastZone;
  let z = zones.get(timeZone);
  if (!z) zones.set(timeZone, (z = { name: timeZone, starts: new Map(), offset: 0 }));
  return (lastZone = z);
}

function startIn(z: Zone, day: Day): number {
  let t = z.starts.get(day);
  if (t === undefined) {
    // Days are mostly asked for in order: the offset the day before began with stands in for the
    // offset a day before this one (offsets change at most once in several days), which saves
    // one of the two Intl lookups a day costs.
    const previous = z.starts.get(day - 1);
    t = previous === undefined ? wallToInstant(day * DAY, z.name) : wallToInstant(day * DAY, z.name, (day - 1) * DAY - previous);
    z.starts.set(day, t);
  }
  return t;
}

function dayIn(z: Zone, t: number): Day {
  // The offset last seen is right but for the two days a year it changes; the checks below
  // correct the guess by a day either way.
  let day = Math.floor((t + z.offset) / DAY);
  while (t < startIn(z, day)) day--;
  while (t >= startIn(z, day + 1)) day++;
  z.offset = day * DAY - startIn(z, day);
  return day;
}

/** The instant a local day begins in a zone (its midnight; 23- and 25-hour days included). */
export const dayStart = (day: Day, timeZone: string): number => startIn(zoneOf(timeZone), day);

/** The local day containing instant t. */
export const localDay = (t: number, timeZone: string): Day => dayIn(zoneOf(timeZone), t);

/** YYYY-MM-DD of the local date at instant t. */
export const localDate = (t: number, timeZone: string): string => dateOfDay(localDay(t, timeZone));

/** The instant local midnight begins on a calendar date (month 1–12; a day past the month's end rolls over). */
export const zonedMidnight = (year: number, month: number, day: number, timeZone: string): number => dayStart(dayOfYmd(year, month, day), timeZone);

/** Converts a wall-clock time in a time zone (YYYY-MM-DD or YYYY-MM-DDTHH:MM) to the UTC instant. */
export function zonedToUtc(isoLocal: string, timeZone: string): Date {
  const [date, time = '00:00'] = isoLocal.split('T');
  const [y, mo, d] = date!.split('-').map(Number);
  const [h, mi] = time.split(':').map(Number);
  return new Date(wallToInstant(Date.UTC(y!, mo! - 1, d!, h!, mi!), timeZone));
}

// ---------------------------------------------------------------------------------------------
// Formatting in a zone

/**
 * A function giving the local YYYY-MM of an ISO time in a time zone (the statistics' months).
 * No time zone is more than 14 hours from UTC, so from the 2nd to the 27th of a UTC month the
 * local month is the same; only times near a month's end are looked up (a large speed-up for
 * tens of thousands of cases).
 */
export function monthIn(timeZone: string): (iso: string) => string {
  return (iso) => {
    const day = Number(iso.slice(8, 10));
    if (iso.endsWith('Z') && day >= 2 && day <= 27) return iso.slice(0, 7);
    return localDate(Date.parse(iso), timeZone).slice(0, 7);
  };
}

/** A function giving the local year (YYYY) of an ISO time in a time zone. */
export function yearIn(timeZone: string): (iso: string) => string {
  return (iso) => localDate(Date.parse(iso), timeZone).slice(0, 4);
}

/** A function giving "14:05", the local time of day of an ISO time (one formatter for every call). */
export function timeOfDayIn(timeZone: string): (iso: string) => string {
  const format = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return (iso) => format.format(new Date(iso));
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();
/**
 * An Intl formatter for a language (BCP 47: sr-Cyrl, sr-Latn, sq) in a time zone, made once:
 * making one costs far more than formatting with it.
 */
export function dateFormat(lang: string, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${lang}|${timeZone}|${JSON.stringify(options)}`;
  let f = dateFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(lang, { timeZone, ...options });
    dateFormats.set(key, f);
  }
  return f;
}

// ---------------------------------------------------------------------------------------------
// The 48-hour clock

/**
 * The 48-hour clock. Whether weekends and public holidays count is each municipality's choice;
 * when they don't, the clock stops for those whole local days. A clock is read as immutable
 * (which days it runs on is remembered per clock object).
 */
export interface Clock {
  hours: number;
  countWeekends: boolean;
  countHolidays: boolean;
  /** YYYY-MM-DD, or MM-DD for every year. */
  holidays: readonly string[];
  timeZone: string;
}

const runsByClock = new WeakMap<Clock, Map<Day, boolean>>();
let lastClock: Clock | undefined;
let lastRuns = new Map<Day, boolean>();
/** Whether the clock runs on a local day. */
export function clockRunsOn(day: Day, clock: Clock): boolean {
  if (clock !== lastClock) {
    let known = runsByClock.get(clock);
    if (!known) runsByClock.set(clock, (known = new Map()));
    lastClock = clock;
    lastRuns = known;
  }
  let runs = lastRuns.get(day);
  if (runs === undefined) {
    const weekday = weekdayOf(day);
    const date = dateOfDay(day);
    const weekend = weekday === 0 || weekday === 6;
    const holiday = clock.holidays.includes(date) || clock.holidays.includes(date.slice(5));
    runs = !((!clock.countWeekends && weekend) || (!clock.countHolidays && holiday));
    lastRuns.set(day, runs);
  }
  return runs;
}

/** Whether the clock runs on the local day containing instant t. */
export const clockRuns = (t: number, clock: Clock): boolean => clockRunsOn(localDay(t, clock.timeZone), clock);

/** The deadline for a case received at `start`: `clock.hours` of running time later. */
export function deadlineFrom(start: Date, clock: Clock): Date {
  const zone = zoneOf(clock.timeZone);
  let remaining = clock.hours * HOUR;
  let t = start.getTime();
  let day = dayIn(zone, t);
  for (let guard = 0; guard < 400; guard++, day++) {
    const dayEnd = startIn(zone, day + 1);
    if (clockRunsOn(day, clock)) {
      if (t + remaining <= dayEnd) return new Date(t + remaining);
      remaining -= dayEnd - t;
    }
    t = dayEnd;
  }
  throw new Error('deadline: the clock never runs; check the holidays list');
}

/** Running clock time left until the deadline (negative when overdue), in milliseconds. */
export function timeLeft(now: Date, deadline: Date, clock: Clock): number {
  if (now >= deadline) return deadline.getTime() - now.getTime();
  const zone = zoneOf(clock.timeZone);
  const end = deadline.getTime();
  let left = 0;
  let t = now.getTime();
  for (let day = dayIn(zone, t); t < end; day++) {
    const dayEnd = Math.min(startIn(zone, day + 1), end);
    if (clockRunsOn(day, clock)) left += dayEnd - t;
    t = dayEnd;
  }
  return left;
}
