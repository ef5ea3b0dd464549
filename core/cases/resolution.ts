/**
 * The resolution deadline: once staff mark a case "in progress" (with a planned date), they have
 * the category's `resolutionDays` (the municipality's default for questions and categories that
 * set none) to resolve it, counted on the municipality's clock like the 48-hour deadline, so a
 * clock that stops at weekends and holidays gives working days. The sweep reminds the inbox when
 * it passes and tells the supervisor later (functions/domain/overdue.ts).
 */
import type { Municipality } from '../municipalities/schema.ts';
import { deadlineFrom } from '../time.ts';
import type { CaseRecord } from './model.ts';

/** Days of the municipality's clock a case of this category has to be resolved in. */
export function resolutionDaysFor(m: Municipality, category: string | undefined): number {
  return m.categories.find((c) => c.code === category)?.resolutionDays ?? m.resolutionDays;
}

/** When a case marked in progress at `from` must be resolved by. */
export function resolutionDeadline(m: Municipality, category: string | undefined, from: Date): Date {
  return deadlineFrom(from, { ...m.clock, hours: resolutionDaysFor(m, category) * 24 });
}

/** A planned date as staff type it: YYYY-MM-DD, a real day. */
export function isPlannedDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/**
 * The resolution fields after a status change at `at`: going in progress starts the clock (or
 * keeps the one running), resolved records when; every other outcome keeps what there was, so
 * the statistics can still tell whether a case was resolved in time.
 */
export function resolutionAfter(m: Municipality, r: Pick<CaseRecord, 'category' | 'resolutionDueAt' | 'resolvedAt' | 'plannedAt'>, status: CaseRecord['status'], at: Date, plannedAt?: string): Pick<CaseRecord, 'resolutionDueAt' | 'resolvedAt' | 'plannedAt'> {
  if (status === 'in_progress') {
    return { resolutionDueAt: r.resolutionDueAt ?? resolutionDeadline(m, r.category, at).toISOString(), plannedAt: plannedAt ?? r.plannedAt, resolvedAt: undefined };
  }
  if (status === 'resolved') return { resolutionDueAt: r.resolutionDueAt, plannedAt: r.plannedAt, resolvedAt: at.toISOString() };
  return { resolutionDueAt: r.resolutionDueAt, plannedAt: r.plannedAt, resolvedAt: r.resolvedAt };
}
