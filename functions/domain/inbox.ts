/**
 * The workspace's inbox: the open cases a member of staff is responsible for, soonest due first,
 * with where each stands against its deadline on the municipality's clock, filtered, counted
 * and paged.
 *
 * Who sees what (core/municipalities/staff.ts): the supervisor every open case of the
 * municipality; an inbox member the cases that are with one of their inboxes now (a forwarded
 * case moves to its new inbox); an editor only registers cases and sees none.
 *
 * The store lists a municipality's open cases through the sparse `open-by-due` index, already in
 * due order; only open cases are in it, so reading all of them stays small (the cases waiting for
 * staff, not the archive), and filters and counts are worked out here over that one read.
 */
import type { Municipality } from '../../core/municipalities/schema.ts';
import type { StaffRoles } from '../../core/municipalities/staff.ts';
import type { CaseRecord, Channel } from '../../core/cases/model.ts';
import { channels } from '../../core/cases/model.ts';
import { openStatuses, type Status } from '../../core/cases/statuses.ts';
import { dueAtOf } from '../../core/cases/table.ts';
import { timeLeft } from '../../core/time.ts';
import type { CaseStore } from './ports.ts';
import { inboxFor } from './overdue.ts';

export const INBOX_PAGE_SIZE = 25;

export interface InboxFilter {
  status?: Status | undefined;
  category?: string | undefined;
  channel?: Channel | undefined;
  overdueOnly: boolean;
  /** 1-based; a page past the last shows the last. */
  page: number;
}

export interface InboxRow {
  record: CaseRecord;
  /** The inbox the case is with now. */
  inbox: string;
  /** What is due: the first answer (48-hour clock) while received, the resolution once in progress. */
  dueKind: 'answer' | 'resolution';
  dueAt: string;
  /** Running clock time left (the clock stops when the municipality's does); negative (wall time) once overdue. */
  leftMs: number;
  overdue: boolean;
  channel: Channel;
}

export interface InboxView {
  rows: InboxRow[];
  /** Rows matching the filter (all pages). */
  matching: number;
  page: number;
  pages: number;
  /** Over every case the person sees, whatever the filter. */
  counts: { open: number; overdue: number; byStatus: Record<'received' | 'in_progress', number> };
  /** Whether the person sees cases at all (an editor alone does not). */
  seesCases: boolean;
  /** Whether they see every inbox (the supervisor). */
  seesAll: boolean;
}

/** The inbox a case is with now, lower-cased as staff roles are. */
export function currentInbox(m: Municipality, r: CaseRecord): string {
  return (r.inbox ?? inboxFor(m, r)).trim().toLowerCase();
}

/** Reads a filter from query parameters; anything that is not one of the choices offered means "all". */
export function parseInboxFilter(m: Municipality, q: (name: string) => string | undefined): InboxFilter {
  const status = q('status');
  const category = q('category');
  const channel = q('channel');
  const page = Number.parseInt(q('page') ?? '', 10);
  return {
    status: status && (openStatuses as readonly string[]).includes(status) ? (status as Status) : undefined,
    category: category && m.categories.some((c) => c.code === category) ? category : undefined,
    channel: channel && (channels as readonly string[]).includes(channel) ? (channel as Channel) : undefined,
    overdueOnly: q('overdue') === '1',
    page: Number.isFinite(page) && page >= 1 ? Math.min(page, 100_000) : 1,
  };
}

/** The inbox of a member of staff at `now`. */
export async function listInbox(ports: { store: Pick<CaseStore, 'listOpen'>; now: () => Date }, m: Municipality, roles: StaffRoles, filter: InboxFilter): Promise<InboxView> {
  const seesAll = roles.supervisor;
  const seesCases = seesAll || roles.inboxes.length > 0;
  const counts: InboxView['counts'] = { open: 0, overdue: 0, byStatus: { received: 0, in_progress: 0 } };
  if (!seesCases) return { rows: [], matching: 0, page: 1, pages: 1, counts, seesCases, seesAll };
  const mine = new Set(roles.inboxes);
  const now = ports.now();
  const matching: InboxRow[] = [];
  for await (const page of ports.store.listOpen(m.id)) {
    for (const r of page) {
      // The index holds open cases only; a case closed between the index's write and this read is skipped.
      if (!openStatuses.includes(r.status)) continue;
      const inbox = currentInbox(m, r);
      if (!seesAll && !mine.has(inbox)) continue;
      const dueAt = dueAtOf(r);
      const leftMs = timeLeft(now, new Date(dueAt), m.clock);
      const row: InboxRow = {
        record: r,
        inbox,
        dueKind: r.status === 'in_progress' && r.resolutionDueAt ? 'resolution' : 'answer',
        dueAt,
        leftMs,
        overdue: leftMs <= 0,
        channel: r.channel ?? 'web',
      };
      counts.open++;
      if (row.overdue) counts.overdue++;
      if (r.status === 'received' || r.status === 'in_progress') counts.byStatus[r.status]++;
      if (filter.status && r.status !== filter.status) continue;
      if (filter.category && r.category !== filter.category) continue;
      if (filter.channel && row.channel !== filter.channel) continue;
      if (filter.overdueOnly && !row.overdue) continue;
      matching.push(row);
    }
  }
  // The index sorts by due time already; sorting again keeps the order whatever the pages did.
  matching.sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.record.code.localeCompare(b.record.code));
  const pages = Math.max(1, Math.ceil(matching.length / INBOX_PAGE_SIZE));
  const pageNo = Math.min(filter.page, pages);
  const rows = matching.slice((pageNo - 1) * INBOX_PAGE_SIZE, pageNo * INBOX_PAGE_SIZE);
  return { rows, matching: matching.length, page: pageNo, pages, counts, seesCases, seesAll };
}
