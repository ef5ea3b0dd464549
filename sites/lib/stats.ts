/**
 * Statistics of the public archive, computed from the public projection alone (the same records
 * the archive pages show), so every figure can be checked against the open data. Pure: no I/O,
 * no clock; `now` decides which unanswered cases are already overdue.
 *
 * Definitions (each figure counts cases, per mechanism):
 * - total: every public case. Nothing public is left out; spam rejected by staff never reaches
 *   the projection.
 * - answered: the municipality answered on the substance: status `answered` or `resolved` (the
 *   report's "answered"). A case still `in_progress` has had a first answer but is not counted here.
 * - notInCompetence / forwarded: status `not_in_competence` / `forwarded`.
 * - open: still waiting for the municipality: status `received` or `in_progress` (Open311 "open").
 * - responded: the citizen got any first answer (`firstAnsweredAt` is set, which happens on the
 *   first staff reply with any outcome but "received"); responseRate = responded / total.
 * - firstAnswerHours: wall-clock hours from createdAt to firstAnsweredAt over the responded
 *   cases. The median is the middle value, or the mean of the two middle values for an even
 *   count; the 90th percentile is the nearest-rank value: the ⌈0.9·n⌉-th smallest.
 * - deadline: each case's state against its deadline at `now` (core/cases/public.ts):
 *   met (first answer by the deadline), missed (first answer after it), overdue (no answer and
 *   the deadline has passed), open (no answer, still in time). withinDeadline = met / (met +
 *   missed + overdue): cases still in time are left out because their outcome is not known yet.
 *   overdue = cases without an answer past their deadline at `now`.
 * - byCategory (reports): the same figures per System 48h category, in the municipality's order,
 *   every category listed even when empty; codes no longer configured follow, then '' for
 *   reports without a category.
 * - byMonth: the same figures per month of createdAt in the municipality's time zone (YYYY-MM),
 *   every month from the first case's to the last case's, empty months included.
 *
 * Resolution (the workspace's second clock: once staff mark a case in progress it has the
 * category's resolution deadline, `resolutionDueAt`):
 * - resolved: cases whose status is `resolved` and that say when (`resolvedAt`); a case resolved
 *   before that time was recorded is left out of the resolution figures.
 * - resolutionHours: wall-clock hours from createdAt to resolvedAt over the resolved cases;
 *   median and nearest-rank 90th percentile as above.
 * - resolution: among the resolved cases that had a resolution deadline, met (resolvedAt ≤
 *   resolutionDueAt) and missed; withinResolutionDeadline = met / (met + missed).
 * - openByAge: the open cases (received, in progress) by whole days from createdAt to `now`
 *   (floor; a case dated after `now` counts as 0 days): 0–2, 3–7, 8–30, over 30.
 * - byChannel: every case by how it arrived (`web` when the record names no channel).
 *
 * "Was it fixed?" (asked some days after a case closes as resolved or answered; the public record's
 * `feedback`): per question (solved, satisfied), `answers` = cases whose citizen answered that
 * question, `yes` = those who said yes, share = yes / answers (null when none answered). Each
 * question counts on its own (a citizen may answer one only); the last answer counts. Always
 * shown with `answers`, so that 1 of 1 is not read as 100 % of many. Per category and per month
 * as every figure (the month the case arrived).
 * Shares are null when there is nothing to divide by; hours are not rounded.
 */
import { deadlineState, isResolved, type DeadlineState, type PublicCase } from '../../core/cases/public.ts';
import { statuses, openStatuses, type Status } from '../../core/cases/statuses.ts';
import { channels, type Channel } from '../../core/cases/model.ts';
import type { Municipality } from '../../core/municipalities/schema.ts';
import { monthIn } from '../../core/time.ts';

/** The age bands of open cases, in whole days since they arrived. */
export const ageBands = ['0-2', '3-7', '8-30', 'over-30'] as const;
export type AgeBand = (typeof ageBands)[number];
/** The band of an age in whole days. */
export const ageBand = (days: number): AgeBand => (days <= 2 ? '0-2' : days <= 7 ? '3-7' : days <= 30 ? '8-30' : 'over-30');

export interface Summary {
  total: number;
  byStatus: Record<Status, number>;
  answered: number;
  notInCompetence: number;
  forwarded: number;
  open: number;
  responded: number;
  /** responded / total; null when total is 0. */
  responseRate: number | null;
  /** Hours to the first answer over the responded cases; null when none responded. */
  firstAnswerHours: { median: number | null; p90: number | null };
  deadline: Record<DeadlineState, number>;
  /** met / (met + missed + overdue); null when that is 0. */
  withinDeadline: number | null;
  /** Unanswered cases past their deadline at `now` (= deadline.overdue). */
  overdue: number;
  /** Cases resolved (status `resolved`, with `resolvedAt`). */
  resolved: number;
  /** Hours from arrival to resolution over the resolved cases; null when none. */
  resolutionHours: { median: number | null; p90: number | null };
  /** Resolved cases that had a resolution deadline: resolved by it (met) or after it (missed). */
  resolution: { met: number; missed: number };
  /** met / (met + missed); null when that is 0. */
  withinResolutionDeadline: number | null;
  /** Open cases (received, in progress) by whole days since they arrived, at `now`. */
  openByAge: Record<AgeBand, number>;
  /** Every case by how it arrived. */
  byChannel: Record<Channel, number>;
  /** "Was it fixed?": the citizens' answers to each question (see the definitions above). */
  feedback: Record<FeedbackQuestion, FeedbackShare>;
}

/** The questions of "was it fixed?" (functions/domain/feedback.ts), as the public record holds them. */
export const feedbackQuestions = ['solved', 'satisfied'] as const;
export type FeedbackQuestion = (typeof feedbackQuestions)[number];
/** Answers to one question: how many answered, how many said yes, and yes / answers (null when none answered). */
export interface FeedbackShare {
  answers: number;
  yes: number;
  share: number | null;
}

export interface MechanismStats extends Summary {
  /** Reports only (empty for questions): one row per category code. */
  byCategory: { category: string; stats: Summary }[];
  /** One row per month (YYYY-MM, local), from the first case's month to the last's. */
  byMonth: { month: string; stats: Summary }[];
}

export interface Stats {
  /** The instant the deadline states were computed at (ISO). */
  now: string;
  timeZone: string;
  report: MechanismStats;
  question: MechanismStats;
  /** Reports and questions together (the platform page's figures). */
  all: Summary;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The middle value of sorted numbers; the mean of the two middle ones for an even count. */
export function median(sorted: readonly number[]): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const mid = Math.floor(n / 2);
  return n % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Nearest-rank percentile of sorted numbers: the ⌈p/100·n⌉-th smallest (p in (0, 100]). */
export function percentile(sorted: readonly number[], p: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * n));
  return sorted[Math.min(n, rank) - 1]!;
}

/** The figures of one group of cases. */
export function summarize(cases: readonly PublicCase[], now: Date): Summary {
  const byStatus = Object.fromEntries(statuses.map((s) => [s, 0])) as Record<Status, number>;
  const deadline: Record<DeadlineState, number> = { met: 0, missed: 0, open: 0, overdue: 0 };
  const hours: number[] = [];
  const resolvedHours: number[] = [];
  const resolution = { met: 0, missed: 0 };
  const openByAge = Object.fromEntries(ageBands.map((b) => [b, 0])) as Record<AgeBand, number>;
  const byChannel = Object.fromEntries(channels.map((ch) => [ch, 0])) as Record<Channel, number>;
  const answers = { solved: { answers: 0, yes: 0 }, satisfied: { answers: 0, yes: 0 } };
  for (const c of cases) {
    for (const q of feedbackQuestions) {
      const v = c.feedback?.[q];
      if (v === undefined) continue;
      answers[q].answers++;
      if (v) answers[q].yes++;
    }
    byStatus[c.status]++;
    deadline[deadlineState(c, now)]++;
    byChannel[c.channel ?? 'web']++;
    if (c.firstAnsweredAt) hours.push((Date.parse(c.firstAnsweredAt) - Date.parse(c.createdAt)) / HOUR);
    if (isResolved(c)) {
      resolvedHours.push((Date.parse(c.resolvedAt) - Date.parse(c.createdAt)) / HOUR);
      if (c.resolutionDueAt) resolution[Date.parse(c.resolvedAt) <= Date.parse(c.resolutionDueAt) ? 'met' : 'missed']++;
    }
    if (openStatuses.includes(c.status)) openByAge[ageBand(Math.max(0, Math.floor((now.getTime() - Date.parse(c.createdAt)) / DAY)))]++;
  }
  hours.sort((a, b) => a - b);
  resolvedHours.sort((a, b) => a - b);
  const judged = resolution.met + resolution.missed;
  const total = cases.length;
  const decided = deadline.met + deadline.missed + deadline.overdue;
  return {
    total,
    byStatus,
    answered: byStatus.answered + byStatus.resolved,
    notInCompetence: byStatus.not_in_competence,
    forwarded: byStatus.forwarded,
    open: byStatus.received + byStatus.in_progress,
    responded: hours.length,
    responseRate: total ? hours.length / total : null,
    firstAnswerHours: { median: median(hours), p90: percentile(hours, 90) },
    deadline,
    withinDeadline: decided ? deadline.met / decided : null,
    overdue: deadline.overdue,
    resolved: resolvedHours.length,
    resolutionHours: { median: median(resolvedHours), p90: percentile(resolvedHours, 90) },
    resolution,
    withinResolutionDeadline: judged ? resolution.met / judged : null,
    openByAge,
    byChannel,
    feedback: {
      solved: { ...answers.solved, share: answers.solved.answers ? answers.solved.yes / answers.solved.answers : null },
      satisfied: { ...answers.satisfied, share: answers.satisfied.answers ? answers.satisfied.yes / answers.satisfied.answers : null },
    },
  };
}

/** The local YYYY-MM of an ISO time in a time zone: the month boundaries are core/time.ts's. */
export { monthIn };

/** Every month from `first` to `last` (YYYY-MM), both included. */
function monthRange(first: string, last: string): string[] {
  const out: string[] = [];
  let [y, m] = first.split('-').map(Number) as [number, number];
  for (let key = first; key <= last; key = `${y}-${String(m).padStart(2, '0')}`) {
    out.push(key);
    if (++m > 12) [y, m] = [y + 1, 1];
  }
  return out;
}

function groupBy<K>(cases: readonly PublicCase[], key: (c: PublicCase) => K): Map<K, PublicCase[]> {
  const groups = new Map<K, PublicCase[]>();
  for (const c of cases) {
    const k = key(c);
    const list = groups.get(k);
    if (list) list.push(c);
    else groups.set(k, [c]);
  }
  return groups;
}

function mechanism(cases: readonly PublicCase[], kind: PublicCase['kind'], m: Pick<Municipality, 'categories'>, monthOf: (iso: string) => string, now: Date): MechanismStats {
  const mine = cases.filter((c) => c.kind === kind);
  let byCategory: MechanismStats['byCategory'] = [];
  if (kind === 'report') {
    const groups = groupBy(mine, (c) => c.category ?? '');
    const configured = m.categories.map((c) => c.code);
    const others = [...groups.keys()].filter((k) => k !== '' && !configured.includes(k)).sort();
    const order = [...configured, ...others, ...(groups.has('') ? [''] : [])];
    byCategory = order.map((category) => ({ category, stats: summarize(groups.get(category) ?? [], now) }));
  }
  const months = groupBy(mine, (c) => monthOf(c.createdAt));
  const keys = [...months.keys()].sort();
  const byMonth = keys.length ? monthRange(keys[0]!, keys.at(-1)!).map((month) => ({ month, stats: summarize(months.get(month) ?? [], now) })) : [];
  return { ...summarize(mine, now), byCategory, byMonth };
}

/**
 * The statistics page's figures for one municipality's public cases at `now` (see the
 * definitions at the top of this file). Pass only that municipality's cases.
 */
export function computeStats(cases: readonly PublicCase[], municipality: Pick<Municipality, 'categories' | 'clock'>, now: Date): Stats {
  const monthOf = monthIn(municipality.clock.timeZone);
  return {
    now: now.toISOString(),
    timeZone: municipality.clock.timeZone,
    report: mechanism(cases, 'report', municipality, monthOf, now),
    question: mechanism(cases, 'question', municipality, monthOf, now),
    all: summarize(cases, now),
  };
}

/**
 * One municipality's row of the platform page (and of /open-data/platform.json): its reports and
 * questions together, the figures Alaveteli shows per authority. Shares as in `summarize`.
 */
export interface PlatformRow {
  municipality: string;
  cases: number;
  /** Cases with any first answer, and their share of all cases (responseRate). */
  responded: number;
  responseRate: number | null;
  /** Share answered within the 48-hour deadline (withinDeadline). */
  withinDeadline: number | null;
  resolved: number;
  resolutionMedianHours: number | null;
  withinResolutionDeadline: number | null;
}

export function platformRow(municipality: string, cases: readonly PublicCase[], now: Date): PlatformRow {
  const s = summarize(cases, now);
  return {
    municipality,
    cases: s.total,
    responded: s.responded,
    responseRate: s.responseRate,
    withinDeadline: s.withinDeadline,
    resolved: s.resolved,
    resolutionMedianHours: s.resolutionHours.median,
    withinResolutionDeadline: s.withinResolutionDeadline,
  };
}
