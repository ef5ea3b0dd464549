/**
 * core/time.ts: local days, wall-clock times and months in a zone, and that the remembered-days
 * clock gives exactly what the step-by-step clock it replaced gave. The clock's own rules across
 * daylight saving, weekends and holidays are tested in tests/unit/clock.test.ts.
 */
import { describe, it, expect } from 'vitest';
import {
  zonedToUtc, zonedMidnight, dayStart, localDay, localDate, dayOfDate, dateOfDay, dayOfYmd, weekdayOf, zoneOffset,
  monthIn, yearIn, timeOfDayIn, dateFormat, clockRuns, deadlineFrom, timeLeft, type Clock,
} from '../../core/time.ts';
import { getMunicipality } from '../../core/municipalities/index.ts';
import { seededRandom } from '../../scripts/lib/cases-gen.mjs';

const BG = 'Europe/Belgrade';
const NY = 'America/New_York';
const iso = (t: number | Date) => new Date(t).toISOString();

describe('zonedToUtc', () => {
  it('reads a wall-clock time with the offset in force then, in winter and summer', () => {
    expect(iso(zonedToUtc('2026-01-15T18:00', BG))).toBe('2026-01-15T17:00:00.000Z');
    expect(iso(zonedToUtc('2026-07-15T18:00', BG))).toBe('2026-07-15T16:00:00.000Z');
    expect(iso(zonedToUtc('2026-07-15', BG))).toBe('2026-07-14T22:00:00.000Z');
    expect(iso(zonedToUtc('2026-07-15T18:00', NY))).toBe('2026-07-15T22:00:00.000Z');
  });

  it('the day clocks go forward: times before and after the gap, and one in it (an hour later, as iCalendar reads it)', () => {
    // Belgrade: 02:00 CET becomes 03:00 CEST on 29 March 2026 (01:00 UTC).
    expect(iso(zonedToUtc('2026-03-29T00:30', BG))).toBe('2026-03-28T23:30:00.000Z');
    expect(iso(zonedToUtc('2026-03-29T01:30', BG))).toBe('2026-03-29T00:30:00.000Z');
    expect(iso(zonedToUtc('2026-03-29T02:30', BG))).toBe('2026-03-29T01:30:00.000Z');
    expect(iso(zonedToUtc('2026-03-29T03:00', BG))).toBe('2026-03-29T01:00:00.000Z');
    expect(iso(zonedToUtc('2026-03-29T03:30', BG))).toBe('2026-03-29T01:30:00.000Z');
    // New York, west of Greenwich: 02:00 EST becomes 03:00 EDT on 8 March 2026 (07:00 UTC).
    expect(iso(zonedToUtc('2026-03-08T01:30', NY))).toBe('2026-03-08T06:30:00.000Z');
    expect(iso(zonedToUtc('2026-03-08T02:30', NY))).toBe('2026-03-08T07:30:00.000Z');
    expect(iso(zonedToUtc('2026-03-08T03:30', NY))).toBe('2026-03-08T07:30:00.000Z');
  });

  it('the day clocks go back: times before and after the repeated hour, and one in it (its first occurrence)', () => {
    // Belgrade: 03:00 CEST becomes 02:00 CET on 25 October 2026 (01:00 UTC).
    expect(iso(zonedToUtc('2026-10-25T00:30', BG))).toBe('2026-10-24T22:30:00.000Z');
    expect(iso(zonedToUtc('2026-10-25T01:30', BG))).toBe('2026-10-24T23:30:00.000Z');
    expect(iso(zonedToUtc('2026-10-25T02:30', BG))).toBe('2026-10-25T00:30:00.000Z');
    expect(iso(zonedToUtc('2026-10-25T03:30', BG))).toBe('2026-10-25T02:30:00.000Z');
    // New York: 02:00 EDT becomes 01:00 EST on 1 November 2026 (06:00 UTC).
    expect(iso(zonedToUtc('2026-11-01T00:30', NY))).toBe('2026-11-01T04:30:00.000Z');
    expect(iso(zonedToUtc('2026-11-01T01:30', NY))).toBe('2026-11-01T05:30:00.000Z');
    expect(iso(zonedToUtc('2026-11-01T02:30', NY))).toBe('2026-11-01T07:30:00.000Z');
  });

  it('agrees with Intl: every quarter hour of the change days reads back as written, but in the skipped hour', () => {
    const days = [['2026-03-29', BG, '02'], ['2026-10-25', BG, ''], ['2026-03-08', NY, '02'], ['2026-11-01', NY, '']] as const;
    for (const [date, tz, skipped] of days) {
      const f = new Intl.DateTimeFormat('sv-SE', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
      for (let q = 0; q < 96; q++) {
        const hour = String(Math.floor(q / 4)).padStart(2, '0');
        const wall = `${date}T${hour}:${String((q % 4) * 15).padStart(2, '0')}`;
        if (hour !== skipped) expect(f.format(zonedToUtc(wall, tz)).replace(' ', 'T'), `${wall} ${tz}`).toBe(wall);
      }
    }
  });
});

describe('local days', () => {
  it('day numbers are dates: round trip, roll over, weekdays', () => {
    expect(dayOfDate('1970-01-01')).toBe(0);
    expect(dateOfDay(dayOfDate('2026-02-28') + 1)).toBe('2026-03-01');
    expect(dayOfYmd(2026, 1, 32)).toBe(dayOfDate('2026-02-01'));
    expect(dayOfYmd(2026, 13, 1)).toBe(dayOfDate('2027-01-01'));
    expect(weekdayOf(dayOfDate('2026-11-01'))).toBe(0); // a Sunday
    expect(weekdayOf(dayOfDate('2026-11-07'))).toBe(6);
    expect(weekdayOf(dayOfDate('1969-12-28'))).toBe(0); // before day 0
  });

  it('zoned midnight: winter, summer, and the 23- and 25-hour days', () => {
    expect(iso(zonedMidnight(2026, 1, 15, BG))).toBe('2026-01-14T23:00:00.000Z');
    expect(iso(zonedMidnight(2026, 7, 15, BG))).toBe('2026-07-14T22:00:00.000Z');
    expect(iso(zonedMidnight(2026, 3, 29, BG))).toBe('2026-03-28T23:00:00.000Z');
    expect(zonedMidnight(2026, 3, 30, BG) - zonedMidnight(2026, 3, 29, BG)).toBe(23 * 3_600_000);
    expect(iso(zonedMidnight(2026, 10, 25, BG))).toBe('2026-10-24T22:00:00.000Z');
    expect(zonedMidnight(2026, 10, 26, BG) - zonedMidnight(2026, 10, 25, BG)).toBe(25 * 3_600_000);
    expect(zonedMidnight(2026, 2, 29, BG)).toBe(zonedMidnight(2026, 3, 1, BG)); // a day past the month's end rolls over
  });

  it('a day whose midnight is skipped starts when the clocks jump (Santiago goes from 24:00 to 01:00)', () => {
    expect(iso(dayStart(dayOfDate('2026-09-06'), 'America/Santiago'))).toBe('2026-09-06T04:00:00.000Z');
    expect(localDate(Date.parse('2026-09-06T03:59:59.999Z'), 'America/Santiago')).toBe('2026-09-05');
    expect(localDate(Date.parse('2026-09-06T04:00:00Z'), 'America/Santiago')).toBe('2026-09-06');
  });

  it('days start at the same instants whatever order they are asked in (two names of one zone: two caches)', () => {
    for (const [forward, backward] of [['America/Santiago', 'Chile/Continental'], ['Europe/Belgrade', 'Europe/Ljubljana'], ['America/New_York', 'US/Eastern']]) {
      const first = dayOfDate('2025-01-01');
      const last = dayOfDate('2027-01-01');
      const ahead: number[] = [];
      for (let day = first; day <= last; day++) ahead.push(dayStart(day, forward!));
      for (let day = last; day >= first; day--) expect(dayStart(day, backward!), `${dateOfDay(day)} ${forward}`).toBe(ahead[day - first]);
    }
  });

  it('the local day of an instant, to the millisecond at midnight, in any order of asking', () => {
    const cases: [string, string][] = [
      ['2026-03-28T22:59:59.999Z', '2026-03-28'], ['2026-03-28T23:00:00.000Z', '2026-03-29'],
      ['2026-03-29T21:59:59.999Z', '2026-03-29'], ['2026-03-29T22:00:00.000Z', '2026-03-30'],
      ['2026-10-24T21:59:59.999Z', '2026-10-24'], ['2026-10-24T22:00:00.000Z', '2026-10-25'],
      ['2026-10-25T22:59:59.999Z', '2026-10-25'], ['2026-10-25T23:00:00.000Z', '2026-10-26'],
      ['2017-12-31T23:00:00.000Z', '2018-01-01'], ['2030-06-30T21:59:59.999Z', '2030-06-30'],
    ];
    // Shuffled, so a first guess from an offset seen long before or after is corrected too.
    for (const [at, date] of [...cases, ...cases.reverse()]) {
      expect(localDate(Date.parse(at), BG), at).toBe(date);
      expect(localDay(Date.parse(at), BG)).toBe(dayOfDate(date));
    }
  });

  it('days start where Open311 and the demo generator started them (two offset lookups), every day for ten years', () => {
    const twoStep = (day: number, tz: string) => {
      const wall = day * 86_400_000;
      return wall - zoneOffset(wall - zoneOffset(wall, tz), tz);
    };
    for (let day = dayOfDate('2017-01-01'); day < dayOfDate('2027-01-01'); day++) expect(dayStart(day, BG)).toBe(twoStep(day, BG));
  });
});

describe('months, years and times of day in a zone', () => {
  const month = monthIn(BG);
  it('month boundaries in local time, in winter and in summer, as UTC or with an offset', () => {
    // 1 November 00:00 CET = 31 October 23:00 UTC; 1 April 00:00 CEST = 31 March 22:00 UTC.
    expect(month('2026-10-31T22:59:59Z')).toBe('2026-10');
    expect(month('2026-10-31T23:00:00Z')).toBe('2026-11');
    expect(month('2026-03-31T21:59:59Z')).toBe('2026-03');
    expect(month('2026-03-31T22:00:00Z')).toBe('2026-04');
    expect(month('2026-04-01T00:30:00+02:00')).toBe('2026-04');
    expect(month('2026-03-31T23:30:00+01:00')).toBe('2026-04');
    expect(month('2026-02-28T23:30:00.000Z')).toBe('2026-03');
    expect(monthIn(NY)('2026-03-01T04:59:59Z')).toBe('2026-02');
  });

  it('agrees with Intl on every hour around every month end for three years', () => {
    const f = new Intl.DateTimeFormat('en-CA', { timeZone: BG, year: 'numeric', month: '2-digit' });
    const intl = (t: number) => f.format(t).slice(0, 7);
    for (let y = 2025; y <= 2027; y++) {
      for (let m = 0; m < 12; m++) {
        const end = Date.UTC(y, m + 1, 1);
        for (let t = end - 40 * 3_600_000; t < end + 40 * 3_600_000; t += 1_800_000) expect(month(iso(t)), iso(t)).toBe(intl(t));
      }
    }
  });

  it('the year and the time of day', () => {
    expect(yearIn(BG)('2026-12-31T22:59:59Z')).toBe('2026');
    expect(yearIn(BG)('2026-12-31T23:00:00Z')).toBe('2027');
    expect(timeOfDayIn(BG)('2026-11-20T13:05:00Z')).toBe('14:05');
    expect(timeOfDayIn(BG)('2026-07-20T23:30:00Z')).toBe('01:30');
  });

  it('a formatter is made once per language, zone and options', () => {
    const a = dateFormat('sr-Latn', BG, { day: 'numeric', month: 'long' });
    expect(dateFormat('sr-Latn', BG, { day: 'numeric', month: 'long' })).toBe(a);
    expect(dateFormat('sr-Latn', NY, { day: 'numeric', month: 'long' })).not.toBe(a);
    expect(a.format(new Date('2026-11-20T23:30:00Z'))).toBe('21. novembar');
  });
});

/**
 * The clock as it was before it remembered days: Intl asked at every step. The remembered-days
 * clock must give exactly the same deadlines and times left (the demo and benchmark archives,
 * built with it since, are byte for byte what they were).
 */
const reference = (() => {
  const HOUR = 3_600_000;
  function localParts(t: number, timeZone: string) {
    const parts = new Intl.DateTimeFormat('en-CA', {
      timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', weekday: 'short',
    }).formatToParts(new Date(t));
    const get = (type: string) => parts.find((p) => p.type === type)!.value;
    return { date: `${get('year')}-${get('month')}-${get('day')}`, weekday: get('weekday'), h: Number(get('hour')), m: Number(get('minute')), s: Number(get('second')) };
  }
  function runs(t: number, clock: Clock): boolean {
    const { date, weekday } = localParts(t, clock.timeZone);
    if (!clock.countWeekends && (weekday === 'Sat' || weekday === 'Sun')) return false;
    if (!clock.countHolidays && (clock.holidays.includes(date) || clock.holidays.includes(date.slice(5)))) return false;
    return true;
  }
  function nextLocalMidnight(t: number, timeZone: string): number {
    const { h, m, s } = localParts(t, timeZone);
    let next = t + ((24 - h) * 3600 - m * 60 - s) * 1000 - (t % 1000);
    while (localParts(next, timeZone).h !== 0) next += localParts(next, timeZone).h > 12 ? HOUR : -HOUR;
    return next;
  }
  function deadline(start: Date, clock: Clock): Date {
    let remaining = clock.hours * HOUR;
    let t = start.getTime();
    for (;;) {
      const dayEnd = nextLocalMidnight(t, clock.timeZone);
      if (runs(t, clock)) {
        if (t + remaining <= dayEnd) return new Date(t + remaining);
        remaining -= dayEnd - t;
      }
      t = dayEnd;
    }
  }
  function left(now: Date, end: Date, clock: Clock): number {
    if (now >= end) return end.getTime() - now.getTime();
    let sum = 0;
    let t = now.getTime();
    while (t < end.getTime()) {
      const dayEnd = Math.min(nextLocalMidnight(t, clock.timeZone), end.getTime());
      if (runs(t, clock)) sum += dayEnd - t;
      t = dayEnd;
    }
    return sum;
  }
  return { deadline, left, runs };
})();

describe('the clock gives what the step-by-step clock gave', () => {
  const clocks: Clock[] = [
    getMunicipality('zvecan').clock,
    { hours: 48, countWeekends: true, countHolidays: true, holidays: [], timeZone: BG },
    { hours: 48, countWeekends: false, countHolidays: true, holidays: [], timeZone: BG },
    { hours: 24, countWeekends: true, countHolidays: false, holidays: ['01-01', '2026-04-10'], timeZone: BG },
    { hours: 48, countWeekends: false, countHolidays: false, holidays: ['12-25'], timeZone: NY },
  ];
  // Around daylight-saving changes, holidays, weekends, midnights to the millisecond.
  const instants = [
    '2026-03-27T22:59:59.999Z', '2026-03-27T23:00:00Z', '2026-03-28T23:00:00.001Z', '2026-03-29T01:30:00Z', '2026-03-29T00:59:59Z',
    '2026-10-23T21:59:59.999Z', '2026-10-24T22:00:00Z', '2026-10-25T00:30:00Z', '2026-10-25T01:30:00Z',
    '2025-12-31T22:59:59Z', '2025-12-31T23:00:00Z', '2026-01-06T09:00:00Z', '2026-04-09T10:00:00Z', '2026-04-09T22:00:00Z',
    '2026-11-20T13:00:00Z', '2026-11-21T10:00:00Z', '2026-11-19T23:00:00Z', '2026-11-19T23:00:00.001Z', '2026-03-07T04:59:59Z',
    '2026-12-24T15:00:00Z', '2026-11-01T05:30:00Z', '2026-03-08T06:30:00Z',
  ];

  it('deadlines, times left and running days on edge instants', () => {
    for (const clock of clocks) {
      for (const at of instants) {
        const start = new Date(at);
        const label = `${at} ${JSON.stringify(clock)}`;
        const deadline = deadlineFrom(start, clock);
        expect(iso(deadline), label).toBe(iso(reference.deadline(start, clock)));
        expect(clockRuns(start.getTime(), clock), label).toBe(reference.runs(start.getTime(), clock));
        const now = new Date(start.getTime() + 17 * 3_600_000 + 1234);
        expect(timeLeft(now, deadline, clock), label).toBe(reference.left(now, deadline, clock));
      }
    }
  });

  it('deadlines on random instants over eight years', () => {
    const rand = seededRandom(42);
    const clock = getMunicipality('zubin-potok').clock;
    const from = Date.parse('2017-11-28T00:00:00Z');
    const span = Date.parse('2026-06-01T00:00:00Z') - from;
    for (let i = 0; i < 300; i++) {
      const start = new Date(from + Math.floor(rand() * span));
      expect(iso(deadlineFrom(start, clock))).toBe(iso(reference.deadline(start, clock)));
    }
  });
});
