// The zoned 48-hour clock of core/time.ts: `clockRuns` (which local days count), `deadlineFrom`
// (hours of running clock after a case arrives) and `timeLeft` (running time until the deadline),
// across weekends, fixed and dated holidays, and the two days a year Belgrade changes its clocks
// (Sunday 29 March 2026 has 23 hours, Sunday 25 October 2026 has 25). Then properties over many
// random starts, checked against a slow, independent model of the clock.
// Belgrade is UTC+1 in winter and UTC+2 from 29 March to 25 October 2026; comments give local times.
import { describe, it, expect } from 'vitest';
import { seededRandom } from '../../scripts/lib/cases-gen.mjs';
import { deadlineFrom, timeLeft, clockRuns, type Clock } from '../../core/time.ts';

const HOUR = 3_600_000;
const tz = 'Europe/Belgrade';
/** Fixed dates every year (MM-DD) and Orthodox Easter 2026, Good Friday to Easter Monday, by date. */
const holidays = ['01-01', '01-02', '01-07', '2026-04-10', '2026-04-11', '2026-04-12', '2026-04-13'];
/** The municipalities' clock: stops at weekends and on holidays. */
const workdays: Clock = { hours: 48, countWeekends: false, countHolidays: false, holidays, timeZone: tz };
/** Counts weekends, stops on holidays. */
const weekends: Clock = { ...workdays, countWeekends: true };
/** Counts everything: every deadline is exactly `hours` of elapsed time later. */
const always: Clock = { ...workdays, countWeekends: true, countHolidays: true };

const at = (iso: string) => new Date(iso);
const deadline = (start: string, clock: Clock, hours = clock.hours) => deadlineFrom(at(start), { ...clock, hours }).toISOString();
const runs = (iso: string, clock: Clock) => clockRuns(Date.parse(iso), clock);

describe('clockRuns: which local days count', () => {
  it('stops for the whole local weekend, midnight to midnight in Belgrade', () => {
    expect(runs('2026-11-20T22:59:59.999Z', workdays)).toBe(true); // Friday 23:59:59.999
    expect(runs('2026-11-20T23:00:00.000Z', workdays)).toBe(false); // Saturday 00:00
    expect(runs('2026-11-22T22:59:59.999Z', workdays)).toBe(false); // Sunday 23:59:59.999
    expect(runs('2026-11-22T23:00:00.000Z', workdays)).toBe(true); // Monday 00:00
    // In summer the local day starts at 22:00 UTC.
    expect(runs('2026-06-05T21:59:59.999Z', workdays)).toBe(true); // Friday 23:59:59.999
    expect(runs('2026-06-05T22:00:00.000Z', workdays)).toBe(false); // Saturday 00:00
    for (const clock of [weekends, always]) expect(runs('2026-11-21T12:00:00Z', clock)).toBe(true);
  });

  it('stops on fixed holidays every year, and on dated ones only in their year', () => {
    for (const day of ['2026-01-01', '2026-01-02', '2026-01-07', '2027-01-01', '2027-01-07', '2030-01-02']) {
      expect(runs(`${day}T11:00:00Z`, weekends), day).toBe(false);
      expect(runs(`${day}T11:00:00Z`, always), day).toBe(true);
    }
    // 1 January starts at 23:00 UTC on 31 December.
    expect(runs('2025-12-31T22:59:59.999Z', workdays)).toBe(true);
    expect(runs('2025-12-31T23:00:00.000Z', workdays)).toBe(false);
    // Easter Monday 2026 is dated: 13 April 2026 stops the clock, 13 April 2027 (a Tuesday) does not.
    expect(runs('2026-04-13T10:00:00Z', weekends)).toBe(false);
    expect(runs('2027-04-13T10:00:00Z', workdays)).toBe(true);
    // Good Friday 2026 starts at 22:00 UTC on Thursday 9 April (summer time).
    expect(runs('2026-04-09T21:59:59.999Z', workdays)).toBe(true);
    expect(runs('2026-04-09T22:00:00.000Z', workdays)).toBe(false);
  });

  it('knows the days the clocks change, whatever hour', () => {
    // Sunday 29 March 2026 runs from 23:00 UTC on Saturday to 22:00 UTC on Sunday.
    for (const t of ['2026-03-28T23:00:00Z', '2026-03-29T00:30:00Z', '2026-03-29T01:30:00Z', '2026-03-29T21:59:59.999Z']) {
      expect(runs(t, workdays), t).toBe(false);
      expect(runs(t, weekends), t).toBe(true);
    }
    expect(runs('2026-03-29T22:00:00Z', workdays)).toBe(true); // Monday 00:00, UTC+2
    // Sunday 25 October 2026 runs from 22:00 UTC on Saturday to 23:00 UTC on Sunday (02:00–03:00 twice).
    for (const t of ['2026-10-24T22:00:00Z', '2026-10-25T00:30:00Z', '2026-10-25T01:30:00Z', '2026-10-25T22:59:59.999Z']) {
      expect(runs(t, workdays), t).toBe(false);
      expect(runs(t, weekends), t).toBe(true);
    }
    expect(runs('2026-10-25T23:00:00Z', workdays)).toBe(true); // Monday 00:00, UTC+1
  });
});

describe('deadlineFrom', () => {
  it('runs straight through when weekends and holidays count', () => {
    expect(deadline('2026-11-20T13:00:00Z', always)).toBe('2026-11-22T13:00:00.000Z');
  });

  it('skips the weekend: Friday 14:00 → Tuesday 14:00', () => {
    expect(deadline('2026-11-20T13:00:00Z', workdays)).toBe('2026-11-24T13:00:00.000Z');
    // The same with weekends counted: Sunday 14:00.
    expect(deadline('2026-11-20T13:00:00Z', weekends)).toBe('2026-11-22T13:00:00.000Z');
  });

  it('skips fixed holidays, in any year', () => {
    // Tuesday 6 January 2026 10:00; Wednesday 7 January → Friday 9 January 10:00.
    expect(deadline('2026-01-06T09:00:00Z', workdays)).toBe('2026-01-09T09:00:00.000Z');
    // Wednesday 31 December 2025 12:00; 1 and 2 January, the weekend → Tuesday 6 January 12:00.
    expect(deadline('2025-12-31T11:00:00Z', workdays)).toBe('2026-01-06T11:00:00.000Z');
    // With weekends counted: 12 h on the 31st, then Saturday 3 January 24 h, Sunday 12 h.
    expect(deadline('2025-12-31T11:00:00Z', weekends)).toBe('2026-01-04T11:00:00.000Z');
    // Wednesday 6 January 2027 12:00; Thursday 7 January 2027, the weekend → Monday 11 January 12:00.
    expect(deadline('2027-01-06T11:00:00Z', workdays)).toBe('2027-01-11T11:00:00.000Z');
  });

  it('skips Orthodox Easter 2026 by date, and not the same dates in 2027', () => {
    // Thursday 9 April 2026 12:00: 12 h on Thursday, Good Friday to Easter Monday stopped, 24 h
    // on Tuesday → Wednesday 15 April 12:00 (UTC+2).
    expect(deadline('2026-04-09T10:00:00Z', workdays)).toBe('2026-04-15T10:00:00.000Z');
    // With weekends counted the Saturday and Sunday are Easter holidays too: the same deadline.
    expect(deadline('2026-04-09T10:00:00Z', weekends)).toBe('2026-04-15T10:00:00.000Z');
    // Wednesday 8 April 12:00: 12 h, 24 h on Thursday, 12 h on Tuesday 14 April.
    expect(deadline('2026-04-08T10:00:00Z', workdays)).toBe('2026-04-14T10:00:00.000Z');
    // Monday 12 April 2027 12:00: 13 April 2027 is a working Tuesday → Wednesday 14 April 12:00.
    expect(deadline('2027-04-12T10:00:00Z', workdays)).toBe('2027-04-14T10:00:00.000Z');
  });

  it('starts at the next running midnight for a case received when the clock stops', () => {
    // Saturday 21 November 11:00 → from Monday 00:00, 48 h → Wednesday 00:00.
    expect(deadline('2026-11-21T10:00:00Z', workdays)).toBe('2026-11-24T23:00:00.000Z');
    // Good Friday 2026 09:00 → from Tuesday 14 April 00:00 → Thursday 16 April 00:00.
    expect(deadline('2026-04-10T07:00:00Z', workdays)).toBe('2026-04-15T22:00:00.000Z');
    // New Year's Day 2026 (Thursday), then 2 January and the weekend → from Monday 5 January
    // 00:00, to the end of Tuesday: Wednesday 7 January 00:00, the midnight a holiday begins.
    expect(deadline('2026-01-01T09:00:00Z', workdays)).toBe('2026-01-06T23:00:00.000Z');
    // Sunday 29 March 2026 (the short day) 10:00 → from Monday 00:00 (UTC+2) → Wednesday 1 April 00:00.
    expect(deadline('2026-03-29T08:00:00Z', workdays)).toBe('2026-03-31T22:00:00.000Z');
    // Exactly Monday 00:00 local → Wednesday 00:00.
    expect(deadline('2026-11-22T23:00:00Z', workdays)).toBe('2026-11-24T23:00:00.000Z');
  });

  it('counts the 23-hour Sunday of 29 March 2026 as 23 hours', () => {
    // From Sunday 00:00: 23 hours end at Monday 00:00, 24 at Monday 01:00.
    expect(deadline('2026-03-28T23:00:00Z', always, 23)).toBe('2026-03-29T22:00:00.000Z');
    expect(deadline('2026-03-28T23:00:00Z', always, 24)).toBe('2026-03-29T23:00:00.000Z');
    // Friday 27 March 12:00 (UTC+1), 48 h: weekends counted → Sunday 13:00 local (UTC+2), the
    // same instant as 48 elapsed hours; weekends stopped → Tuesday 31 March 12:00.
    expect(deadline('2026-03-27T11:00:00Z', always)).toBe('2026-03-29T11:00:00.000Z');
    expect(deadline('2026-03-27T11:00:00Z', weekends)).toBe('2026-03-29T11:00:00.000Z');
    expect(deadline('2026-03-27T11:00:00Z', workdays)).toBe('2026-03-31T10:00:00.000Z');
    // Saturday 28 March 12:00: 12 h on Saturday, 23 h on Sunday, 13 h on Monday → Monday 13:00.
    expect(deadline('2026-03-28T11:00:00Z', weekends)).toBe('2026-03-30T11:00:00.000Z');
  });

  it('counts the 25-hour Sunday of 25 October 2026 as 25 hours', () => {
    // From Sunday 00:00 (UTC+2): 25 hours end at Monday 00:00 (UTC+1), 24 at Sunday 23:00.
    expect(deadline('2026-10-24T22:00:00Z', always, 25)).toBe('2026-10-25T23:00:00.000Z');
    expect(deadline('2026-10-24T22:00:00Z', always, 24)).toBe('2026-10-25T22:00:00.000Z');
    // Friday 23 October 12:00 (UTC+2), 48 h: weekends counted → Sunday 11:00 local; weekends
    // stopped → Tuesday 27 October 12:00 (UTC+1).
    expect(deadline('2026-10-23T10:00:00Z', always)).toBe('2026-10-25T10:00:00.000Z');
    expect(deadline('2026-10-23T10:00:00Z', weekends)).toBe('2026-10-25T10:00:00.000Z');
    expect(deadline('2026-10-23T10:00:00Z', workdays)).toBe('2026-10-27T11:00:00.000Z');
  });

  it('refuses a clock that never runs', () => {
    const never: Clock = { ...workdays, holidays: Array.from({ length: 12 }, (_, m) => Array.from({ length: 31 }, (_, d) => `${String(m + 1).padStart(2, '0')}-${String(d + 1).padStart(2, '0')}`)).flat() };
    expect(() => deadlineFrom(at('2026-11-20T13:00:00Z'), never)).toThrow(/never runs/);
  });
});

describe('timeLeft', () => {
  it('counts running time, not wall time', () => {
    const d = deadlineFrom(at('2026-11-20T13:00:00Z'), workdays); // Tuesday 24 November 14:00
    // Saturday noon: the weekend does not count, so all of Monday (24 h) and Tuesday to 14:00 (14 h) remain.
    expect(timeLeft(at('2026-11-21T11:00:00Z'), d, workdays)).toBe(38 * HOUR);
    // It stands still while the clock stops: the same on Sunday evening.
    expect(timeLeft(at('2026-11-22T19:00:00Z'), d, workdays)).toBe(38 * HOUR);
    // Monday 14:00: 24 h to Tuesday 14:00.
    expect(timeLeft(at('2026-11-23T13:00:00Z'), d, workdays)).toBe(24 * HOUR);
  });

  it('is zero at the deadline and negative after it (by the wall time since the deadline)', () => {
    const d = deadlineFrom(at('2026-11-20T13:00:00Z'), workdays);
    expect(timeLeft(d, d, workdays)).toBe(0);
    expect(timeLeft(at('2026-11-24T14:00:00Z'), d, workdays)).toBe(-HOUR);
    // Overdue time is not paused by the weekend: Tuesday 14:00 to Monday 14:00 is six days.
    expect(timeLeft(at('2026-11-30T13:00:00Z'), d, workdays)).toBe(-6 * 24 * HOUR);
  });

  it('measures the 23- and 25-hour Sundays', () => {
    // Sunday 00:00 to Monday 00:00 in Belgrade.
    expect(timeLeft(at('2026-03-28T23:00:00Z'), at('2026-03-29T22:00:00Z'), always)).toBe(23 * HOUR);
    expect(timeLeft(at('2026-10-24T22:00:00Z'), at('2026-10-25T23:00:00Z'), always)).toBe(25 * HOUR);
    // With weekends stopped, Saturday 00:00 to Tuesday 00:00 is Monday alone, 24 h, both times.
    expect(timeLeft(at('2026-03-27T23:00:00Z'), at('2026-03-30T22:00:00Z'), workdays)).toBe(24 * HOUR);
    expect(timeLeft(at('2026-10-23T22:00:00Z'), at('2026-10-26T23:00:00Z'), workdays)).toBe(24 * HOUR);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties over many random starts
// ---------------------------------------------------------------------------------------------


const QUARTER = 15 * 60_000;
const localFormat = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', weekday: 'short' });

/**
 * A slow model of the clock, written independently of core/time.ts: Belgrade's midnights and
 * offsets fall on whole quarter hours, so every quarter hour lies within one local day, and the
 * clock either runs for all of it or for none.
 */
function modelRuns(t: number, clock: Clock): boolean {
  const p = Object.fromEntries(localFormat.formatToParts(new Date(t)).map((x) => [x.type, x.value]));
  const date = `${p.year}-${p.month}-${p.day}`;
  if (!clock.countWeekends && (p.weekday === 'Sat' || p.weekday === 'Sun')) return false;
  if (!clock.countHolidays && clock.holidays.some((h) => h === date || h === date.slice(5))) return false;
  return true;
}
/** The deadline by counting running quarter hours one by one. */
function modelDeadline(start: number, clock: Clock): number {
  let left = clock.hours * 4;
  let t = start;
  while (left > 0) {
    if (modelRuns(t, clock)) left--;
    t += QUARTER;
  }
  return t;
}
/** Running time from `now` to `deadline`, by counting quarter hours. */
function modelTimeLeft(now: number, deadline: number, clock: Clock): number {
  let left = 0;
  for (let t = now; t < deadline; t += QUARTER) if (modelRuns(t, clock)) left += QUARTER;
  return left;
}

const clocks = { workdays, weekends, always };
/** October 2025 to December 2027: two springs and autumns of clock changes, Easter 2026, three New Years. */
const FROM = Date.parse('2025-10-01T00:00:00Z');
const SPAN = Date.parse('2027-12-31T00:00:00Z') - FROM;
const HOURS = [1, 5, 23, 24, 25, 48, 72];

describe('properties of the clock over random starts', () => {
  it('agrees with the quarter-hour model on deadlines and time left', () => {
    const random = seededRandom(48);
    for (const [name, base] of Object.entries(clocks)) {
      for (let i = 0; i < 120; i++) {
        const start = FROM + Math.floor((random() * SPAN) / QUARTER) * QUARTER;
        const clock = { ...base, hours: HOURS[Math.floor(random() * HOURS.length)]! };
        const d = deadlineFrom(new Date(start), clock).getTime();
        const why = `${name}, ${clock.hours} h from ${new Date(start).toISOString()}`;
        expect(new Date(d).toISOString(), why).toBe(new Date(modelDeadline(start, clock)).toISOString());
        // Some time between the start and a day past the deadline, on the quarter-hour grid.
        const now = start + Math.floor((random() * (d - start + 24 * HOUR)) / QUARTER) * QUARTER;
        const expected = now >= d ? d - now : modelTimeLeft(now, d, clock);
        expect(timeLeft(new Date(now), new Date(d), clock), `${why}, now ${new Date(now).toISOString()}`).toBe(expected);
      }
    }
  });

  it('gives exactly `hours` of running time from any instant to its deadline', () => {
    // What is exactly true for every clock: the running time from the start to the deadline is
    // the clock's hours, to the millisecond; the deadline itself ends a stretch of running time;
    // and the wall time is at least that long, exactly that long for a clock that never stops.
    const random = seededRandom(2026);
    for (const [name, base] of Object.entries(clocks)) {
      for (let i = 0; i < 150; i++) {
        const start = FROM + Math.floor(random() * SPAN); // any millisecond
        const clock = { ...base, hours: HOURS[Math.floor(random() * HOURS.length)]! };
        const d = deadlineFrom(new Date(start), clock);
        const why = `${name}, ${clock.hours} h from ${new Date(start).toISOString()}`;
        expect(timeLeft(new Date(start), d, clock), why).toBe(clock.hours * HOUR);
        expect(clockRuns(d.getTime() - 1, clock), why).toBe(true);
        if (name === 'always') expect(d.getTime() - start, why).toBe(clock.hours * HOUR);
        else expect(d.getTime() - start, why).toBeGreaterThanOrEqual(clock.hours * HOUR);
        // Stopping for more days can only move a deadline later.
        if (name === 'workdays') expect(d.getTime(), why).toBeGreaterThanOrEqual(deadlineFrom(new Date(start), { ...weekends, hours: clock.hours }).getTime());
      }
    }
  });

  it('counts time left down at most as fast as the wall clock, and never up', () => {
    const random = seededRandom(7);
    for (let i = 0; i < 60; i++) {
      const start = FROM + Math.floor(random() * SPAN);
      const d = deadlineFrom(new Date(start), workdays);
      let prev = timeLeft(new Date(start), d, workdays);
      let prevT = start;
      for (let t = start + HOUR * 3 * random(); t < d.getTime() + 12 * HOUR; t += HOUR * 7 * random() + 1) {
        const left = timeLeft(new Date(t), d, workdays);
        expect(left).toBeLessThanOrEqual(prev);
        expect(prev - left).toBeLessThanOrEqual(Math.ceil(t - prevT));
        prev = left;
        prevT = t;
      }
    }
  });
});
