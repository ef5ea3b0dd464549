import { describe, it, expect } from 'vitest';
import { computeStats, median, percentile, monthIn, ageBand, platformRow } from '../../sites/lib/stats.ts';
import type { PublicCase } from '../../core/cases/public.ts';
import type { Status } from '../../core/cases/statuses.ts';
import { getMunicipality } from '../../core/municipalities/index.ts';
import { demoCases, DEMO_FIGURES } from '../../scripts/lib/cases-gen.mjs';

const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** A public case with its timeline: received at `created`, first answer `firstAfter` hours later. */
function fixture(o: { code: string; kind?: PublicCase['kind']; category?: string; status: Status; created: string; firstAfter?: number; deadlineAfter?: number }): PublicCase {
  const created = Date.parse(o.created);
  const first = o.firstAfter === undefined ? undefined : created + o.firstAfter * HOUR;
  const timeline: PublicCase['timeline'] = [{ at: iso(created), status: 'received' }];
  if (first !== undefined) timeline.push({ at: iso(first), status: o.status });
  return {
    v: 1,
    code: o.code,
    kind: o.kind ?? 'report',
    municipality: 'zvecan',
    ...(o.category ? { category: o.category } : {}),
    lang: 'sr',
    text: 'Текст.',
    status: o.status,
    createdAt: iso(created),
    updatedAt: iso(first ?? created),
    deadlineAt: iso(created + (o.deadlineAfter ?? 48) * HOUR),
    ...(first !== undefined ? { firstAnsweredAt: iso(first) } : {}),
    photos: [],
    timeline,
  };
}

const municipality = {
  categories: getMunicipality('zvecan').categories.filter((c) => ['roads', 'lighting', 'other'].includes(c.code)),
  clock: { ...getMunicipality('zvecan').clock, timeZone: 'Europe/Belgrade' },
};
const now = new Date('2026-03-10T12:00:00Z');

// The fixture, with what each case contributes (hours to the first answer; deadline state at `now`):
// R1 roads     resolved           2026-01-31 22:30Z = 23:30 Belgrade, 31 January → month 2026-01;  2 h, met
// R2 roads     answered           2026-01-31 23:30Z = 00:30 Belgrade,  1 February → month 2026-02; 10 h, met
// R3 lighting  answered           2026-02-10; answered after 60 h, deadline 48 h       → 60 h, missed (late)
// R4 lighting  in_progress        2026-02-20;  5 h, met
// R5 roads     received           2026-03-01 08:00Z, deadline 03-03 08:00Z < now       → overdue
// R6 other     received           2026-03-10 09:00Z, deadline 03-12 09:00Z > now       → open
// R7 lighting  not_in_competence  2026-02-11;  1 h, met
// R8 bridges   forwarded          2026-02-12; 20 h, met  (a category no longer configured)
// Q1 question  answered           2026-02-02; 24 h, met
// Q2 question  not_in_competence  2026-02-03; 50 h, missed
// Q3 question  answered           2026-02-04;  4 h, met
// Q4 question  received           2026-03-09 13:00Z, deadline 03-11 13:00Z > now       → open
const cases: PublicCase[] = [
  fixture({ code: 'RRRR-0001', category: 'roads', status: 'resolved', created: '2026-01-31T22:30:00Z', firstAfter: 2 }),
  fixture({ code: 'RRRR-0002', category: 'roads', status: 'answered', created: '2026-01-31T23:30:00Z', firstAfter: 10 }),
  fixture({ code: 'RRRR-0003', category: 'lighting', status: 'answered', created: '2026-02-10T08:00:00Z', firstAfter: 60 }),
  fixture({ code: 'RRRR-0004', category: 'lighting', status: 'in_progress', created: '2026-02-20T08:00:00Z', firstAfter: 5 }),
  fixture({ code: 'RRRR-0005', category: 'roads', status: 'received', created: '2026-03-01T08:00:00Z' }),
  fixture({ code: 'RRRR-0006', category: 'other', status: 'received', created: '2026-03-10T09:00:00Z' }),
  fixture({ code: 'RRRR-0007', category: 'lighting', status: 'not_in_competence', created: '2026-02-11T10:00:00Z', firstAfter: 1 }),
  fixture({ code: 'RRRR-0008', category: 'bridges', status: 'forwarded', created: '2026-02-12T10:00:00Z', firstAfter: 20 }),
  fixture({ code: 'QQQQ-0001', kind: 'question', status: 'answered', created: '2026-02-02T10:00:00Z', firstAfter: 24 }),
  fixture({ code: 'QQQQ-0002', kind: 'question', status: 'not_in_competence', created: '2026-02-03T10:00:00Z', firstAfter: 50 }),
  fixture({ code: 'QQQQ-0003', kind: 'question', status: 'answered', created: '2026-02-04T10:00:00Z', firstAfter: 4 }),
  fixture({ code: 'QQQQ-0004', kind: 'question', status: 'received', created: '2026-03-09T13:00:00Z' }),
];

describe('median and nearest-rank percentile', () => {
  it('median: the middle value, or the mean of the two middle values', () => {
    expect(median([])).toBeNull();
    expect(median([7])).toBe(7);
    expect(median([1, 5, 10])).toBe(5);
    expect(median([1, 2, 5, 10])).toBe(3.5); // (2 + 5) / 2
  });
  it('p90 is the ⌈0.9·n⌉-th smallest value', () => {
    expect(percentile([], 90)).toBeNull();
    expect(percentile([3], 90)).toBe(3); // rank ⌈0.9⌉ = 1
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9); // rank ⌈9⌉ = 9
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 90)).toBe(10); // rank ⌈9.9⌉ = 10
  });
});

describe('computeStats on a hand-made fixture', () => {
  const stats = computeStats(cases, municipality, now);

  it('counts reports by status and outcome', () => {
    const r = stats.report;
    expect(r.total).toBe(8);
    expect(r.byStatus).toEqual({ received: 2, in_progress: 1, answered: 2, resolved: 1, not_in_competence: 1, forwarded: 1, rejected: 0, duplicate: 0 });
    expect(r.answered).toBe(3); // R1 resolved + R2, R3 answered
    expect(r.notInCompetence).toBe(1); // R7
    expect(r.forwarded).toBe(1); // R8
    expect(r.open).toBe(3); // R5, R6 received + R4 in progress
    expect(r.responded).toBe(6); // all but R5, R6
    expect(r.responseRate).toBe(0.75); // 6 / 8
  });

  it('median of an even count and the nearest-rank p90 of the hours to a first answer', () => {
    // Hours, sorted: 1, 2, 5, 10, 20, 60 → median (5 + 10) / 2 = 7.5; p90 rank ⌈5.4⌉ = 6 → 60.
    expect(stats.report.firstAnswerHours).toEqual({ median: 7.5, p90: 60 });
    // Questions: 4, 24, 50 → median 24; p90 rank ⌈2.7⌉ = 3 → 50.
    expect(stats.question.firstAnswerHours).toEqual({ median: 24, p90: 50 });
  });

  it('the share within the deadline leaves out cases still in time, and counts the overdue one', () => {
    // Met R1 R2 R4 R7 R8 = 5, missed R3 (the late answer) = 1, overdue R5 = 1, open R6 = 1 → 5 / 7.
    expect(stats.report.deadline).toEqual({ met: 5, missed: 1, open: 1, overdue: 1 });
    expect(stats.report.withinDeadline).toBe(5 / 7);
    expect(stats.report.overdue).toBe(1);
    // Questions: met Q1 Q3, missed Q2, open Q4 → 2 / 3, none overdue.
    expect(stats.question.deadline).toEqual({ met: 2, missed: 1, open: 1, overdue: 0 });
    expect(stats.question.withinDeadline).toBe(2 / 3);
    expect(stats.question.overdue).toBe(0);
  });

  it('the open case becomes overdue once its deadline has passed', () => {
    const later = computeStats(cases, municipality, new Date('2026-03-12T09:00:01Z'));
    // R6 is now overdue too: met 5, missed 1, overdue 2 → 5 / 8.
    expect(later.report.deadline).toEqual({ met: 5, missed: 1, open: 0, overdue: 2 });
    expect(later.report.withinDeadline).toBe(5 / 8);
  });

  it('questions: answered versus not within competence', () => {
    const q = stats.question;
    expect([q.total, q.answered, q.notInCompetence, q.forwarded, q.open, q.responded]).toEqual([4, 2, 1, 0, 1, 3]);
    expect(q.responseRate).toBe(0.75);
    expect(q.byCategory).toEqual([]);
  });

  it('by category: configured order, every category, then codes no longer configured', () => {
    const rows = stats.report.byCategory;
    expect(rows.map((r) => r.category)).toEqual(['roads', 'lighting', 'other', 'bridges']);
    const [roads, lighting, other, bridges] = rows.map((r) => r.stats);
    // Roads: R1 (2 h, met), R2 (10 h, met), R5 (overdue) → median (2 + 10) / 2 = 6, p90 rank ⌈1.8⌉ = 2 → 10.
    expect([roads!.total, roads!.answered, roads!.open, roads!.overdue]).toEqual([3, 2, 1, 1]);
    expect(roads!.firstAnswerHours).toEqual({ median: 6, p90: 10 });
    expect(roads!.withinDeadline).toBe(2 / 3);
    // Lighting: R3 (60 h, missed), R4 (5 h, met), R7 (1 h, met) → median 5, p90 rank 3 → 60.
    expect([lighting!.total, lighting!.answered, lighting!.notInCompetence, lighting!.open]).toEqual([3, 1, 1, 1]);
    expect(lighting!.firstAnswerHours).toEqual({ median: 5, p90: 60 });
    expect(lighting!.responseRate).toBe(1);
    // Other: R6 only, still in time: nothing to divide by.
    expect([other!.total, other!.responded, other!.responseRate]).toEqual([1, 0, 0]);
    expect(other!.firstAnswerHours).toEqual({ median: null, p90: null });
    expect(other!.withinDeadline).toBeNull();
    expect([bridges!.total, bridges!.forwarded, bridges!.withinDeadline]).toEqual([1, 1, 1]);
  });

  it('by month in Belgrade time: 23:30 on 31 January is January, 00:30 on 1 February is February', () => {
    const months = stats.report.byMonth;
    expect(months.map((m) => m.month)).toEqual(['2026-01', '2026-02', '2026-03']);
    const [jan, feb, mar] = months.map((m) => m.stats);
    expect(jan!.total).toBe(1); // R1
    // February: R2 10 h, R3 60 h, R4 5 h, R7 1 h, R8 20 h → sorted 1, 5, 10, 20, 60: median 10, p90 rank ⌈4.5⌉ = 5 → 60.
    expect(feb!.total).toBe(5);
    expect(feb!.firstAnswerHours).toEqual({ median: 10, p90: 60 });
    expect(feb!.withinDeadline).toBe(4 / 5); // met R2 R4 R7 R8, missed R3
    // March: R5 overdue, R6 open → 0 / 1.
    expect([mar!.total, mar!.overdue, mar!.withinDeadline, mar!.responseRate]).toEqual([2, 1, 0, 0]);
    expect(stats.question.byMonth.map((m) => [m.month, m.stats.total])).toEqual([['2026-02', 3], ['2026-03', 1]]);
  });

  it('fills empty months between the first and the last', () => {
    const gap = computeStats([cases[0]!, cases[4]!], municipality, now); // January and March
    expect(gap.report.byMonth.map((m) => [m.month, m.stats.total])).toEqual([['2026-01', 1], ['2026-02', 0], ['2026-03', 1]]);
    expect(computeStats([], municipality, now).report.byMonth).toEqual([]);
  });

  it('an empty archive gives zeros and nulls, not NaN', () => {
    const empty = computeStats([], municipality, now).question;
    expect([empty.total, empty.responseRate, empty.withinDeadline, empty.firstAnswerHours.median]).toEqual([0, null, null, null]);
  });

  it('monthIn crosses the year in local time', () => {
    const month = monthIn('Europe/Belgrade');
    expect(month('2025-12-31T22:59:59Z')).toBe('2025-12');
    expect(month('2025-12-31T23:00:00Z')).toBe('2026-01');
    expect(month('2026-06-30T22:00:00Z')).toBe('2026-07'); // summer time, UTC+2
  });
});

describe('resolution figures on a hand-made fixture', () => {
  const iso2 = (base: string, hours: number) => new Date(Date.parse(base) + hours * HOUR).toISOString();
  /** A resolved case: arrived at `created`, resolved `after` hours later, with a resolution deadline `due` hours after arrival (or none). */
  const resolved = (code: string, created: string, after: number | undefined, due: number | undefined, extra: Partial<PublicCase> = {}): PublicCase => ({
    ...fixture({ code, category: 'roads', status: 'resolved', created, firstAfter: 1 }),
    ...(after !== undefined ? { resolvedAt: iso2(created, after) } : {}),
    ...(due !== undefined ? { resolutionDueAt: iso2(created, due) } : {}),
    ...extra,
  });
  const open = (code: string, status: Status, created: string, extra: Partial<PublicCase> = {}): PublicCase => ({ ...fixture({ code, category: 'lighting', status, created }), ...extra });

  // What each case contributes at `now` (2026-03-10 12:00Z):
  // RA resolved after 30 h, deadline at 100 h → met;  RB after 200 h, deadline 150 h → missed;
  // RC after 10 h, no resolution deadline (resolved at once) → time counted, not judged;
  // RD status resolved without resolvedAt (resolved before it was recorded) → left out;
  // RM answered but carrying a resolvedAt (resolved, then answered again) → not resolved;
  // open cases by whole days of age: OE 0 d 23 h → 0–2; OF 3 d 1 h → 3–7; OG exactly 7 d → 3–7;
  // OH 8 d 1 min → 8–30; OI exactly 30 d → 8–30; OJ 30 d 23 h → 8–30; OK 31 d → over 30;
  // OL arrives after `now` (a clock a little ahead) → 0–2.
  // Channels: OE phone, DU counter (a duplicate), RM letter; QA a question by email, resolved
  // after 50 h against a 48-hour resolution deadline → missed.
  const cases: PublicCase[] = [
    resolved('RRRA-0001', '2026-02-01T08:00:00Z', 30, 100),
    resolved('RRRB-0001', '2026-02-02T08:00:00Z', 200, 150),
    resolved('RRRC-0001', '2026-02-03T08:00:00Z', 10, undefined),
    resolved('RRRD-0001', '2026-02-04T08:00:00Z', undefined, 48),
    { ...resolved('RRRM-0001', '2026-02-05T08:00:00Z', 5, 48), status: 'answered', channel: 'letter' },
    open('OOOE-0001', 'in_progress', '2026-03-09T13:00:00Z', { channel: 'phone', plannedAt: '2026-03-20', resolutionDueAt: '2026-03-30T13:00:00Z' }),
    open('OOOF-0001', 'in_progress', '2026-03-07T11:00:00Z'),
    open('OOOG-0001', 'received', '2026-03-03T12:00:00Z'),
    open('OOOH-0001', 'received', '2026-03-02T11:59:00Z'),
    open('OOOI-0001', 'in_progress', '2026-02-08T12:00:00Z'),
    open('OOOJ-0001', 'received', '2026-02-07T13:00:00Z'),
    open('OOOK-0001', 'received', '2026-02-07T12:00:00Z'),
    open('OOOL-0001', 'received', '2026-03-10T12:30:00Z'),
    { ...open('DDDU-0001', 'duplicate', '2026-03-01T10:00:00Z'), channel: 'counter', duplicateOf: 'RRRA-0001' },
    { ...fixture({ code: 'QQQA-0001', kind: 'question', status: 'resolved', created: '2026-02-10T10:00:00Z', firstAfter: 2 }), channel: 'email', resolvedAt: iso2('2026-02-10T10:00:00Z', 50), resolutionDueAt: iso2('2026-02-10T10:00:00Z', 48) },
  ];
  const stats = computeStats(cases, municipality, now);

  it('age bands are whole days: 0–2, 3–7, 8–30, over 30', () => {
    expect([0, 2, 3, 7, 8, 30, 31, 400].map(ageBand)).toEqual(['0-2', '0-2', '3-7', '3-7', '8-30', '8-30', 'over-30', 'over-30']);
  });

  it('time to resolution: median and nearest-rank p90 over the resolved cases that say when', () => {
    const r = stats.report;
    expect(r.resolved).toBe(3); // RA, RB, RC; not RD (no resolvedAt), not RM (answered)
    // 10, 30, 200 → median 30; p90 rank ⌈2.7⌉ = 3 → 200.
    expect(r.resolutionHours).toEqual({ median: 30, p90: 200 });
    // With the question: 10, 30, 50, 200 → median (30 + 50) / 2 = 40; p90 rank ⌈3.6⌉ = 4 → 200.
    expect(stats.all.resolved).toBe(4);
    expect(stats.all.resolutionHours).toEqual({ median: 40, p90: 200 });
  });

  it('the share resolved within the resolution deadline counts only resolved cases that had one', () => {
    expect(stats.report.resolution).toEqual({ met: 1, missed: 1 }); // RA met, RB missed; RC had none
    expect(stats.report.withinResolutionDeadline).toBe(0.5);
    expect(stats.question.resolution).toEqual({ met: 0, missed: 1 });
    expect(stats.question.withinResolutionDeadline).toBe(0);
    expect(stats.all.withinResolutionDeadline).toBe(1 / 3);
    // A resolution exactly at its deadline is in time.
    const onTime = computeStats([resolved('RRRX-0001', '2026-02-01T08:00:00Z', 100, 100)], municipality, now);
    expect(onTime.report.resolution).toEqual({ met: 1, missed: 0 });
  });

  it('open cases by age at `now`, in whole days', () => {
    expect(stats.report.openByAge).toEqual({ '0-2': 2, '3-7': 2, '8-30': 3, 'over-30': 1 });
    expect(stats.report.open).toBe(8);
    // A day later OE is 1 day old (still 0–2), OF 4 days, OG 8 days (now 8–30), OI and OJ 31 days (over 30).
    const later = computeStats(cases, municipality, new Date(now.getTime() + 24 * HOUR));
    expect(later.report.openByAge).toEqual({ '0-2': 2, '3-7': 1, '8-30': 2, 'over-30': 3 });
  });

  it('cases by channel, the web when none is named', () => {
    expect(stats.report.byChannel).toEqual({ web: 11, phone: 1, counter: 1, letter: 1, email: 0 });
    expect(stats.question.byChannel).toEqual({ web: 0, phone: 0, counter: 0, letter: 0, email: 1 });
    expect(stats.all.byChannel.email).toBe(1);
    expect(stats.report.byStatus.duplicate).toBe(1);
  });

  it('no resolved case gives nulls, not NaN', () => {
    const none = computeStats([cases[5]!], municipality, now).report;
    expect([none.resolved, none.resolutionHours.median, none.resolutionHours.p90, none.withinResolutionDeadline]).toEqual([0, null, null, null]);
  });

  it('a platform row takes both kinds together', () => {
    const row = platformRow('zvecan', cases, now);
    expect(row).toEqual({
      municipality: 'zvecan',
      cases: cases.length,
      responded: stats.all.responded,
      responseRate: stats.all.responded / cases.length,
      withinDeadline: stats.all.withinDeadline,
      resolved: 4,
      resolutionMedianHours: 40,
      withinResolutionDeadline: 1 / 3,
    });
  });
});

describe('the demo archive reproduces the figures of the 2020 e-municipalities report', () => {
  for (const [id, figures] of Object.entries(DEMO_FIGURES)) {
    it(id, () => {
      const s = computeStats(demoCases(id), getMunicipality(id), new Date('2021-01-01T00:00:00Z'));
      expect(s.question.total).toBe(figures.questions);
      expect(s.question.answered).toBe(figures.answered);
      expect(s.question.notInCompetence).toBe(figures.notInCompetence);
      expect(s.report.total).toBe(figures.reports);
      expect(s.report.answered).toBe(figures.reports);
      // Nothing else: every demo case has been answered one way or the other.
      expect(s.question.open + s.report.open + s.question.forwarded + s.report.forwarded + s.report.notInCompetence).toBe(0);
      expect(s.report.responseRate).toBe(1);
    });
  }
});

describe('"was it fixed?" shares', () => {
  const cases = [
    // January, roads: solved yes, satisfied yes.
    { ...fixture({ code: 'F1', category: 'roads', status: 'resolved', created: '2026-01-10T10:00:00Z', firstAfter: 2 }), feedback: { solved: true, satisfied: true } },
    // February, roads: solved no, satisfied not answered.
    { ...fixture({ code: 'F2', category: 'roads', status: 'resolved', created: '2026-02-10T10:00:00Z', firstAfter: 2 }), feedback: { solved: false } },
    // February, lighting: satisfied no only.
    { ...fixture({ code: 'F3', category: 'lighting', status: 'answered', created: '2026-02-11T10:00:00Z', firstAfter: 2 }), feedback: { satisfied: false } },
    // February, lighting: no answers at all (not counted as a "no").
    fixture({ code: 'F4', category: 'lighting', status: 'resolved', created: '2026-02-12T10:00:00Z', firstAfter: 2 }),
    // A question: solved yes, satisfied yes.
    { ...fixture({ code: 'F5', kind: 'question', status: 'answered', created: '2026-02-13T10:00:00Z', firstAfter: 2 }), feedback: { solved: true, satisfied: true } },
  ] satisfies PublicCase[];
  const s = computeStats(cases, municipality, now);

  it('the share of yes among those who answered that question, with the count of answers', () => {
    expect(s.report.feedback.solved).toEqual({ answers: 2, yes: 1, share: 0.5 });
    // F3's "no" and F1's "yes": F2 and F4 did not answer this question and are left out.
    expect(s.report.feedback.satisfied).toEqual({ answers: 2, yes: 1, share: 0.5 });
    expect(s.question.feedback.solved).toEqual({ answers: 1, yes: 1, share: 1 });
    expect(s.all.feedback.solved).toEqual({ answers: 3, yes: 2, share: 2 / 3 });
  });

  it('per category and per month, beside the response figures', () => {
    const cat = (code: string) => s.report.byCategory.find((c) => c.category === code)!.stats;
    expect(cat('roads').feedback.solved).toEqual({ answers: 2, yes: 1, share: 0.5 });
    expect(cat('roads').feedback.satisfied).toEqual({ answers: 1, yes: 1, share: 1 });
    expect(cat('lighting').feedback.solved).toEqual({ answers: 0, yes: 0, share: null });
    expect(cat('lighting').feedback.satisfied).toEqual({ answers: 1, yes: 0, share: 0 });
    expect(cat('lighting').responded).toBe(2);
    const month = (key: string) => s.report.byMonth.find((x) => x.month === key)!.stats;
    expect(month('2026-01').feedback.solved).toEqual({ answers: 1, yes: 1, share: 1 });
    expect(month('2026-02').feedback.solved).toEqual({ answers: 1, yes: 0, share: 0 });
  });

  it('nothing answered gives zero answers and a null share, not NaN', () => {
    const empty = computeStats([fixture({ code: 'F9', status: 'resolved', created: '2026-02-10T10:00:00Z', firstAfter: 2 })], municipality, now);
    expect(empty.all.feedback).toEqual({ solved: { answers: 0, yes: 0, share: null }, satisfied: { answers: 0, yes: 0, share: null } });
  });

  it('open data: statistics.csv carries the answers, the yeses and the share of each question', async () => {
    const { statisticsCsv } = await import('../../sites/lib/open-data.ts');
    const [head, ...rows] = statisticsCsv(s).trim().split(/\r?\n/);
    const cols = head!.split(',');
    const all = rows[0]!.split(',');
    const at = (name: string) => all[cols.indexOf(name)];
    expect(at('solved_answers')).toBe('3');
    expect(at('solved_yes')).toBe('2');
    expect(Number(at('solved_share'))).toBeCloseTo(2 / 3);
    expect(at('satisfied_answers')).toBe('3');
  });
});
