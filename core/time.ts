/**
 * The 48-hour clock. Whether weekends and public holidays count is each municipality's choice;
 * when they don't, the clock stops for those whole local days.
 */
export interface Clock {
  hours: number;
  countWeekends: boolean;
  countHolidays: boolean;
  /** YYYY-MM-DD, or MM-DD for every year. */
  holidays: readonly string[];
  timeZone: string;
}

const HOUR = 3_600_000;

function localParts(t: number, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', weekday: 'short',
  }).formatToParts(new Date(t));
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return { date: `${get('year')}-${get('month')}-${get('day')}`, weekday: get('weekday'), h: Number(get('hour')), m: Number(get('minute')), s: Number(get('second')) };
}

/** Whether the clock runs on the local day containing instant t. */
export function clockRuns(t: number, clock: Clock): boolean {
  const { date, weekday } = localParts(t, clock.timeZone);
  if (!clock.countWeekends && (weekday === 'Sat' || weekday === 'Sun')) return false;
  if (!clock.countHolidays && (clock.holidays.includes(date) || clock.holidays.includes(date.slice(5)))) return false;
  return true;
}

/** The instant local midnight after t begins (handles 23- and 25-hour days). */
function nextLocalMidnight(t: number, timeZone: string): number {
  const { h, m, s } = localParts(t, timeZone);
  let next = t + ((24 - h) * 3600 - m * 60 - s) * 1000 - (t % 1000);
  // Daylight-saving days: step until the local date changes and the hour is 0.
  while (localParts(next, timeZone).h !== 0) next += localParts(next, timeZone).h > 12 ? HOUR : -HOUR;
  return next;
}

/** The deadline for a case received at `start`: `clock.hours` of running time later. */
export function deadlineFrom(start: Date, clock: Clock): Date {
  let remaining = clock.hours * HOUR;
  let t = start.getTime();
  for (let guard = 0; guard < 400; guard++) {
    const dayEnd = nextLocalMidnight(t, clock.timeZone);
    if (clockRuns(t, clock)) {
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
  let left = 0;
  let t = now.getTime();
  while (t < deadline.getTime()) {
    const dayEnd = Math.min(nextLocalMidnight(t, clock.timeZone), deadline.getTime());
    if (clockRuns(t, clock)) left += dayEnd - t;
    t = dayEnd;
  }
  return left;
}
