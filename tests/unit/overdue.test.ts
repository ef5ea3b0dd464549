// The overdue rules of functions/domain/overdue.ts, as the sweep applies them: which cases are
// overdue, when the reminder and the escalation are due (running clock, so not at a weekend or on
// a holiday where the municipality's clock stops), how far back the sweep reads, and which inbox
// hears about a case. The municipalities' own configs, and hand-written clocks for the contrasts.
// Times are Belgrade local time: UTC+1 in winter, UTC+2 from 29 March to 25 October 2026.
import { describe, it, expect } from 'vitest';
import { isOverdue, dueNotices, escalationAt, lookbackStart, inboxFor, isPastResolution, dueResolutionNotices, resolutionEscalationAt, notYetDue, reminderKinds, noticeKinds, type OverduePolicy } from '../../functions/domain/overdue.ts';
import { resolutionDeadline } from '../../core/cases/resolution.ts';
import { municipalities, getMunicipality } from '../../core/municipalities/index.ts';
import { statuses } from '../../core/cases/statuses.ts';
import type { Clock } from '../../core/time.ts';

const HOUR = 3_600_000;
const zvecan = getMunicipality('zvecan');
const policy: OverduePolicy = { escalateAfterHours: 24, lookbackDays: 30 };
/** A clock that never stops, in the same zone: the contrast for the stopping clocks. */
const always: Clock = { ...zvecan.clock, countWeekends: true, countHolidays: true };
const iso = (d: Date) => d.toISOString();
const before = (t: string, ms = 1) => new Date(Date.parse(t) - ms);
/** The local weekday in Belgrade of an instant. */
const weekday = (d: Date) => new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Belgrade', weekday: 'short' }).format(d);

describe('the clocks these tests rely on', () => {
  it('every municipality stops its clock at weekends and on its holidays, in Belgrade time', () => {
    // The escalation tests below use each municipality's real clock; they assume this.
    for (const m of municipalities) {
      expect(m.clock, m.id).toMatchObject({ countWeekends: false, countHolidays: false, timeZone: 'Europe/Belgrade' });
      expect(m.clock.holidays, m.id).toEqual(expect.arrayContaining(['01-01', '01-02', '01-07', '2026-04-10', '2026-04-13']));
    }
  });
});

describe('isOverdue', () => {
  const deadlineAt = '2026-11-18T14:00:00.000Z';
  it('is true only for a case still received, from its deadline on', () => {
    for (const status of statuses) {
      expect(isOverdue({ status, deadlineAt }, before(deadlineAt)), `${status} before`).toBe(false);
      expect(isOverdue({ status, deadlineAt }, new Date(deadlineAt)), `${status} at the deadline`).toBe(status === 'received');
      expect(isOverdue({ status, deadlineAt }, new Date(Date.parse(deadlineAt) + 90 * 24 * HOUR)), `${status} long after`).toBe(status === 'received');
    }
  });
});

describe('dueNotices', () => {
  it('asks for the reminder at the deadline and the escalation 24 running hours later, on a weekday', () => {
    // Wednesday 18 November 2026, 15:00 local; escalation Thursday 15:00 local.
    const r = { status: 'received' as const, deadlineAt: '2026-11-18T14:00:00.000Z' };
    expect(dueNotices(r, zvecan.clock, policy, before(r.deadlineAt))).toEqual([]);
    expect(dueNotices(r, zvecan.clock, policy, new Date(r.deadlineAt))).toEqual(['reminder']);
    expect(dueNotices(r, zvecan.clock, policy, before('2026-11-19T14:00:00.000Z'))).toEqual(['reminder']);
    expect(dueNotices(r, zvecan.clock, policy, new Date('2026-11-19T14:00:00.000Z'))).toEqual(['reminder', 'escalation']);
    expect(dueNotices(r, zvecan.clock, policy, new Date('2026-12-19T14:00:00.000Z'))).toEqual(['reminder', 'escalation']);
  });

  it('does not escalate over the weekend where the clock stops', () => {
    // Friday 20 November 2026, 15:00 local. 24 wall hours later is Saturday: only the reminder.
    const r = { status: 'received' as const, deadlineAt: '2026-11-20T14:00:00.000Z' };
    expect(dueNotices(r, zvecan.clock, policy, new Date('2026-11-21T14:00:00.000Z'))).toEqual(['reminder']);
    expect(dueNotices(r, zvecan.clock, policy, new Date('2026-11-22T23:00:00.000Z'))).toEqual(['reminder']); // Monday 00:00 local
    expect(dueNotices(r, zvecan.clock, policy, before('2026-11-23T14:00:00.000Z'))).toEqual(['reminder']);
    expect(dueNotices(r, zvecan.clock, policy, new Date('2026-11-23T14:00:00.000Z'))).toEqual(['reminder', 'escalation']);
    // A clock that never stops escalates on the Saturday.
    expect(dueNotices(r, always, policy, new Date('2026-11-21T14:00:00.000Z'))).toEqual(['reminder', 'escalation']);
  });

  it('asks for nothing once staff answered, however late', () => {
    const deadlineAt = '2026-11-18T14:00:00.000Z';
    for (const status of statuses.filter((s) => s !== 'received')) {
      expect(dueNotices({ status, deadlineAt }, zvecan.clock, policy, new Date('2027-01-01T00:00:00Z')), status).toEqual([]);
    }
  });

  it('follows the policy: escalateAfterHours of running clock', () => {
    const r = { status: 'received' as const, deadlineAt: '2026-11-18T14:00:00.000Z' };
    const slow = { escalateAfterHours: 48 };
    expect(dueNotices(r, zvecan.clock, slow, new Date('2026-11-19T14:00:00.000Z'))).toEqual(['reminder']);
    // Wednesday 15:00 + 48 running hours = Friday 15:00 local.
    expect(dueNotices(r, zvecan.clock, slow, before('2026-11-20T14:00:00.000Z'))).toEqual(['reminder']);
    expect(dueNotices(r, zvecan.clock, slow, new Date('2026-11-20T14:00:00.000Z'))).toEqual(['reminder', 'escalation']);
  });
});

describe('escalationAt', () => {
  it('moves a Friday-afternoon deadline to Monday (24 h) or Tuesday (48 h), in every municipality', () => {
    const deadline = { deadlineAt: '2026-11-20T14:00:00.000Z' }; // Friday 15:00 local
    for (const m of municipalities) {
      const after24 = escalationAt(deadline, m.clock, { escalateAfterHours: 24 });
      expect(iso(after24), m.id).toBe('2026-11-23T14:00:00.000Z'); // Monday 15:00 local
      expect(weekday(after24)).toBe('Mon');
      const after48 = escalationAt(deadline, m.clock, { escalateAfterHours: 48 });
      expect(iso(after48), m.id).toBe('2026-11-24T14:00:00.000Z'); // Tuesday 15:00 local
      expect(weekday(after48)).toBe('Tue');
    }
    // A clock that never stops: 24 wall hours later, on the Saturday.
    expect(iso(escalationAt(deadline, always, policy))).toBe('2026-11-21T14:00:00.000Z');
  });

  it('counts from Monday morning for a deadline at midnight at the end of Friday', () => {
    // A case received Thursday 00:00 local gets its deadline at Saturday 00:00 local exactly; the
    // escalation then counts all of Monday and falls at its end, Tuesday 00:00 local.
    const deadlineAt = '2026-11-20T23:00:00.000Z';
    expect(iso(escalationAt({ deadlineAt }, zvecan.clock, policy))).toBe('2026-11-23T23:00:00.000Z');
  });

  it('skips the holidays: 7 January, New Year, Orthodox Easter', () => {
    // Tuesday 6 January 2026, 12:00 local; Wednesday 7 January (Christmas) stops the clock.
    expect(iso(escalationAt({ deadlineAt: '2026-01-06T11:00:00.000Z' }, zvecan.clock, policy))).toBe('2026-01-08T11:00:00.000Z');
    // Wednesday 31 December 2025, 10:00 local; 1 and 2 January, then the weekend → Monday 5 January.
    expect(iso(escalationAt({ deadlineAt: '2025-12-31T09:00:00.000Z' }, zvecan.clock, policy))).toBe('2026-01-05T09:00:00.000Z');
    // Thursday 9 April 2026, 16:00 local (UTC+2); Good Friday to Easter Monday → Tuesday 14 April 16:00.
    expect(iso(escalationAt({ deadlineAt: '2026-04-09T14:00:00.000Z' }, zvecan.clock, policy))).toBe('2026-04-14T14:00:00.000Z');
    // The same Thursday with a clock that counts holidays but not weekends: Friday 10 April 16:00.
    const weekdaysOnly: Clock = { ...zvecan.clock, countHolidays: true };
    expect(iso(escalationAt({ deadlineAt: '2026-04-09T14:00:00.000Z' }, weekdaysOnly, policy))).toBe('2026-04-10T14:00:00.000Z');
  });

  it('counts elapsed hours across the change of clocks', () => {
    // Saturday 28 March 2026 12:00 local (UTC+1); Sunday has 23 hours: 24 hours later is 13:00 local.
    expect(iso(escalationAt({ deadlineAt: '2026-03-28T11:00:00.000Z' }, always, policy))).toBe('2026-03-29T11:00:00.000Z');
    // Friday 27 March 15:00 local with the weekend stopped: Monday 30 March 15:00 local, now UTC+2.
    expect(iso(escalationAt({ deadlineAt: '2026-03-27T14:00:00.000Z' }, zvecan.clock, policy))).toBe('2026-03-30T13:00:00.000Z');
  });
});

describe('lookbackStart', () => {
  it('is lookbackDays of 24 hours before now, as an ISO time in UTC', () => {
    expect(lookbackStart(new Date('2026-03-31T10:00:00.000Z'), { lookbackDays: 30 })).toBe('2026-03-01T10:00:00.000Z');
    expect(lookbackStart(new Date('2026-11-20T14:00:00.000Z'), { lookbackDays: 1 })).toBe('2026-11-19T14:00:00.000Z');
    expect(lookbackStart(new Date('2026-11-20T14:00:00.000Z'), { lookbackDays: 0 })).toBe('2026-11-20T14:00:00.000Z');
  });

  it('works as a prefix of the index sort key <createdAt>#<code>', () => {
    // The store reads gsi1sk >= lookbackStart; cases are created with createdAt = toISOString().
    const since = lookbackStart(new Date('2026-03-31T10:00:00.000Z'), policy);
    const key = (createdAt: Date) => `${createdAt.toISOString()}#K7QM-3XTD`;
    expect(key(new Date(since)) >= since).toBe(true);
    expect(key(new Date(Date.parse(since) + 1)) >= since).toBe(true);
    expect(key(before(since)) >= since).toBe(false);
  });
});

describe('inboxFor', () => {
  it("sends a report to its category's inbox, in every municipality", () => {
    expect(inboxFor(zvecan, { kind: 'report', category: 'roads' })).toBe('infrastruktura@ezvecan.com');
    expect(inboxFor(zvecan, { kind: 'report', category: 'water' })).toBe('komunalno@ezvecan.com');
    for (const m of municipalities) {
      for (const c of m.categories) expect(inboxFor(m, { kind: 'report', category: c.code }), `${m.id} ${c.code}`).toBe(c.inbox);
    }
  });

  it("sends a question to the mayor's inbox, whatever category it carries", () => {
    for (const m of municipalities) {
      expect(inboxFor(m, { kind: 'question' }), m.id).toBe(m.mayorInbox);
      expect(inboxFor(m, { kind: 'question', category: m.categories[0]!.code }), m.id).toBe(m.mayorInbox);
    }
  });

  it("falls back to the municipality's contact address for an unknown or missing category", () => {
    for (const m of municipalities) {
      expect(inboxFor(m, { kind: 'report', category: 'no-such-category' }), m.id).toBe(m.contact.email);
      expect(inboxFor(m, { kind: 'report' }), m.id).toBe(m.contact.email);
    }
    expect(inboxFor(zvecan, { kind: 'report', category: 'gone' })).toBe('kontakt@ezvecan.com');
  });
});

describe('inboxFor, after a forward', () => {
  it('is the inbox the case was forwarded to, whatever its kind and category', () => {
    expect(inboxFor(zvecan, { kind: 'report', category: 'roads', inbox: 'komunalno@ezvecan.com' })).toBe('komunalno@ezvecan.com');
    expect(inboxFor(zvecan, { kind: 'question', inbox: 'infrastruktura@ezvecan.com' })).toBe('infrastruktura@ezvecan.com');
    // An empty value is no inbox: the category's, as for a case made before `inbox` was recorded.
    expect(inboxFor(zvecan, { kind: 'report', category: 'roads', inbox: '' })).toBe('infrastruktura@ezvecan.com');
  });
});

describe('the resolution deadline', () => {
  // Wednesday 18 November 2026, 15:00 local.
  const resolutionDueAt = '2026-11-18T14:00:00.000Z';

  it('is passed only by a case still in progress, from its resolution deadline on', () => {
    for (const status of statuses) {
      expect(isPastResolution({ status, resolutionDueAt }, before(resolutionDueAt)), `${status} before`).toBe(false);
      expect(isPastResolution({ status, resolutionDueAt }, new Date(resolutionDueAt)), `${status} at it`).toBe(status === 'in_progress');
    }
    // In progress from before resolution deadlines existed: nothing to enforce.
    expect(isPastResolution({ status: 'in_progress' }, new Date('2027-01-01T00:00:00Z'))).toBe(false);
  });

  it('asks for the reminder at the deadline and the escalation 24 running hours later, not counting the weekend', () => {
    const r = { status: 'in_progress' as const, resolutionDueAt };
    expect(dueResolutionNotices(r, zvecan.clock, policy, before(resolutionDueAt))).toEqual([]);
    expect(dueResolutionNotices(r, zvecan.clock, policy, new Date(resolutionDueAt))).toEqual(['resolution-reminder']);
    expect(dueResolutionNotices(r, zvecan.clock, policy, new Date('2026-11-19T14:00:00.000Z'))).toEqual(['resolution-reminder', 'resolution-escalation']);
    // Friday 15:00 local: the escalation waits for Monday 15:00 where the clock stops at weekends.
    const friday = { status: 'in_progress' as const, resolutionDueAt: '2026-11-20T14:00:00.000Z' };
    expect(iso(resolutionEscalationAt(friday, zvecan.clock, policy))).toBe('2026-11-23T14:00:00.000Z');
    expect(dueResolutionNotices(friday, zvecan.clock, policy, new Date('2026-11-22T14:00:00.000Z'))).toEqual(['resolution-reminder']);
    expect(dueResolutionNotices(friday, zvecan.clock, policy, new Date('2026-11-23T14:00:00.000Z'))).toEqual(['resolution-reminder', 'resolution-escalation']);
    expect(dueResolutionNotices(friday, always, policy, new Date('2026-11-21T14:00:00.000Z'))).toEqual(['resolution-reminder', 'resolution-escalation']);
  });

  it('asks for nothing once the case is resolved or closed otherwise, however late', () => {
    for (const status of statuses.filter((s) => s !== 'in_progress')) {
      expect(dueResolutionNotices({ status, resolutionDueAt }, zvecan.clock, policy, new Date('2027-06-01T00:00:00Z')), status).toEqual([]);
    }
  });

  it('counts working days from the moment the case went in progress (water: 5 days in Zvečan)', () => {
    // In progress Wednesday 4 March 2026 10:00 local: five working days are Wednesday 11 March 10:00.
    const due = resolutionDeadline(zvecan, 'water', new Date('2026-03-04T09:00:00.000Z'));
    expect(iso(due)).toBe('2026-03-11T09:00:00.000Z');
  });

  it('has notice kinds of its own, its reminder going to the inbox like the first one', () => {
    expect(noticeKinds).toEqual(['reminder', 'escalation', 'resolution-reminder', 'resolution-escalation']);
    expect(reminderKinds).toEqual(['reminder', 'resolution-reminder']);
  });
});

describe('notYetDue', () => {
  it('reads the due time the open-by-due index sorts by: the deadline while received, the resolution deadline once in progress', () => {
    const now = new Date('2026-11-18T14:00:00.000Z');
    const base = { municipality: 'zvecan', code: 'K7QM-3XTD', deadlineAt: '2026-11-10T14:00:00.000Z' };
    expect(notYetDue({ ...base, status: 'received' }, now)).toBe(false);
    expect(notYetDue({ ...base, status: 'in_progress', resolutionDueAt: '2026-11-18T14:00:00.001Z' }, now)).toBe(true);
    expect(notYetDue({ ...base, status: 'in_progress', resolutionDueAt: '2026-11-18T14:00:00.000Z' }, now)).toBe(false);
    // In progress with no resolution deadline (older cases): its first deadline, long passed.
    expect(notYetDue({ ...base, status: 'in_progress' }, now)).toBe(false);
  });
});
