/**
 * Overdue cases: which cases the sweep reminds the receiving inbox about, and when it escalates
 * to the municipality's supervisor. Pure rules over a case and the municipality's clock; the
 * sweep (functions/handlers/sweep.ts) does the reading, recording and mailing.
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
 */
import type { Municipality } from '../../core/municipalities/schema.ts';
import type { CaseRecord } from '../../core/cases/model.ts';
import { deadlineFrom, type Clock } from '../../core/time.ts';
import type { CaseQuery } from './ports.ts';

export const noticeKinds = ['reminder', 'escalation'] as const;
export type NoticeKind = (typeof noticeKinds)[number];

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

/** The inbox that received the case: its category's for a report, the mayor's for a question. */
export function inboxFor(m: Municipality, r: Pick<CaseRecord, 'kind' | 'category'>): string {
  return r.kind === 'question' ? m.mayorInbox : (m.categories.find((c) => c.code === r.category)?.inbox ?? m.contact.email);
}
