/**
 * Case statuses: language-neutral codes, translated at render time (`status.<code>`), mapped
 * onto Open311's open/closed.
 */
export const statuses = ['received', 'in_progress', 'answered', 'resolved', 'not_in_competence', 'forwarded', 'rejected', 'duplicate'] as const;
export type Status = (typeof statuses)[number];

/** What staff may choose as the outcome of a reply. */
export const outcomes = ['answered', 'resolved', 'in_progress', 'not_in_competence', 'forwarded', 'rejected'] as const;
export type Outcome = (typeof outcomes)[number];

/** Statuses after which staff do not need to act again. */
export const closedStatuses: readonly Status[] = ['answered', 'resolved', 'not_in_competence', 'forwarded', 'rejected', 'duplicate'];

/** Statuses that still wait for staff: the workspace's inbox lists them. */
export const openStatuses: readonly Status[] = ['received', 'in_progress'];

export function open311Status(status: Status): 'open' | 'closed' {
  return closedStatuses.includes(status) ? 'closed' : 'open';
}

/** A first answer stops the 48-hour clock: anything but "received" counts as answered in time. */
export function answersTheCase(status: Status): boolean {
  return status !== 'received';
}

/** Outcomes that need a note telling the citizen where to turn instead. */
export const needsReferral: readonly Outcome[] = ['not_in_competence', 'forwarded'];
