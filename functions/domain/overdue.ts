/**
 * Overdue cases: which cases the sweep reminds the inbox about, and when it escalates to the
 * municipality's supervisor; and who staff mail about a case goes to, in which language. Pure
 * rules over a case and the municipality's clock (staffLocale alone reads the store); the sweep
 * (functions/handlers/sweep.ts) does the reading, recording and mailing.
 *
 * Decisions:
 * - Only `received` cases are overdue. Any other status already answered the case in time
 *   (`answersTheCase`): "in progress" stopped the 48-hour clock with a first answer, and staff
 *   got a fresh link then; the closed statuses need nothing more.
 * - The reminder is due as soon as the deadline has passed.
 * - The escalation is due `escalateAfterHours` (default 24) hours of *running* clock after the
 *   deadline, counted like the deadline itself: a municipality whose clock stops at weekends
 *   and holidays gets its escalation on the next working day, not on a Saturday.
 * - Each is sent at most once per case (recorded in the table, see CaseStore.claimNotice).
 *
 * The resolution deadline works the same way, one stage later (core/cases/resolution.ts sets
 * `resolutionDueAt` when staff mark a case "in progress"): a case still `in_progress` once it has
 * passed gets a reminder to the inbox it is with, and `escalateAfterHours` running hours later an
 * escalation to the supervisor, each at most once, under notice kinds of their own so a case can
 * have both pairs. A case resolved (or closed any other way) before the sweep runs gets nothing.
 */
import type { Municipality } from '../../core/municipalities/schema.ts';
import type { CaseRecord } from '../../core/cases/model.ts';
import { deadlineFrom, type Clock } from '../../core/time.ts';
import { dueAtOf } from '../../core/cases/table.ts';
import type { Locale } from '../../core/locales.ts';
import type { CaseQuery, CaseStore } from './ports.ts';

/**
 * The notices the sweep sends, each at most once per case: the first-answer deadline's reminder
 * and escalation, and the resolution deadline's.
 */
export const noticeKinds = ['reminder', 'escalation', 'resolution-reminder', 'resolution-escalation'] as const;
export type NoticeKind = (typeof noticeKinds)[number];
/** Which notices go to the inbox the case is with (with a fresh reply link); the others go to the supervisor. */
export const reminderKinds: readonly NoticeKind[] = ['reminder', 'resolution-reminder'];

export interface OverduePolicy {
  /** Running clock hours after the deadline before the supervisor is told. */
  escalateAfterHours: number;
  /** Cases created longer ago than this are not looked at (see lookbackStart). */
  lookbackDays: number;
}

export function isOverdue(r: Pick<CaseRecord, 'status' | 'deadlineAt'>, now: Date): boolean {
  return r.status === 'received' && new Date(r.deadlineAt).getTime() <= now.getTime();
}

/** When the supervisor hears about a case still unanswered: running hours after its deadline. */
export function escalationAt(r: Pick<CaseRecord, 'deadlineAt'>, clock: Clock, policy: Pick<OverduePolicy, 'escalateAfterHours'>): Date {
  return deadlineFrom(new Date(r.deadlineAt), { ...clock, hours: policy.escalateAfterHours });
}

/** The notices a case is due now, reminder first (whether they were sent already is the store's to say). */
export function dueNotices(r: Pick<CaseRecord, 'status' | 'deadlineAt'>, clock: Clock, policy: Pick<OverduePolicy, 'escalateAfterHours'>, now: Date): NoticeKind[] {
  if (!isOverdue(r, now)) return [];
  return escalationAt(r, clock, policy).getTime() <= now.getTime() ? ['reminder', 'escalation'] : ['reminder'];
}

/**
 * The oldest creation time the sweep looks at, as a gsi1 sort-key prefix (`<createdAt>#<code>`
 * sorts by time). A case still unanswered after a month had its reminder and escalation long
 * ago; reading further back would only make every sweep slower.
 */
export function lookbackStart(now: Date, policy: Pick<OverduePolicy, 'lookbackDays'>): string {
  return new Date(now.getTime() - policy.lookbackDays * 86_400_000).toISOString();
}

/**
 * What the sweep asks the store for: the municipality's cases created since the lookback start
 * that are still `received` with their deadline passed (isOverdue, as a query the store can run
 * through its index).
 */
export function overdueQuery(now: Date, policy: Pick<OverduePolicy, 'lookbackDays'>): CaseQuery {
  return { createdSince: lookbackStart(now, policy), status: 'received', deadlineBy: now.toISOString() };
}

/**
 * The inbox a case is with now: the one staff forwarded it to (`inbox`), else the one that
 * received it: its category's for a report, the mayor's for a question (cases made before `inbox`
 * was recorded). Every staff email about the case goes here.
 */
export function inboxFor(m: Municipality, r: Pick<CaseRecord, 'kind' | 'category' | 'inbox'>): string {
  if (r.inbox) return r.inbox;
  return r.kind === 'question' ? m.mayorInbox : (m.categories.find((c) => c.code === r.category)?.inbox ?? m.contact.email);
}

/**
 * The language a member of staff reads their email in: the one they chose in the workspace
 * (StaffPrefs), else the municipality's default. Every staff email, from the stream and the sweep.
 */
export async function staffLocale(store: Pick<CaseStore, 'getStaffPrefs'>, m: Municipality, address: string): Promise<Locale> {
  return (await store.getStaffPrefs(m.id, address))?.locale ?? m.defaultLocale;
}

/** Past its resolution deadline: still in progress (not resolved or closed otherwise) once `resolutionDueAt` has come. */
export function isPastResolution(r: Pick<CaseRecord, 'status' | 'resolutionDueAt'>, now: Date): boolean {
  return r.status === 'in_progress' && !!r.resolutionDueAt && new Date(r.resolutionDueAt).getTime() <= now.getTime();
}

/** When the supervisor hears about a case still unresolved: running hours after its resolution deadline. */
export function resolutionEscalationAt(r: { resolutionDueAt: string }, clock: Clock, policy: Pick<OverduePolicy, 'escalateAfterHours'>): Date {
  return deadlineFrom(new Date(r.resolutionDueAt), { ...clock, hours: policy.escalateAfterHours });
}

/** The resolution notices a case is due now, reminder first (like dueNotices, one stage later). */
export function dueResolutionNotices(r: Pick<CaseRecord, 'status' | 'resolutionDueAt'>, clock: Clock, policy: Pick<OverduePolicy, 'escalateAfterHours'>, now: Date): NoticeKind[] {
  if (!isPastResolution(r, now) || !r.resolutionDueAt) return [];
  return resolutionEscalationAt({ resolutionDueAt: r.resolutionDueAt }, clock, policy).getTime() <= now.getTime() ? ['resolution-reminder', 'resolution-escalation'] : ['resolution-reminder'];
}

/**
 * Whether the sweep's walk through the municipality's open cases, soonest due first (the
 * `open-by-due` index: the first-answer deadline while received, the resolution deadline once in
 * progress; core/cases/table.ts dueAtOf), has reached cases not yet due, and can stop.
 *
 * Why that index and not gsi1 with a lookback, as for the 48-hour deadline: a resolution deadline
 * comes weeks after the case was made (20 working days is four calendar weeks, after however long
 * the case waited before going in progress), so no lookback on the creation time both finds every
 * case and stays short. The open cases ordered by due time are exactly what is needed, and the
 * walk reads the overdue ones and one page more.
 */
export function notYetDue(r: Parameters<typeof dueAtOf>[0], now: Date): boolean {
  return new Date(dueAtOf(r)).getTime() > now.getTime();
}
