/**
 * Retention counted from closure, as the privacy page says (core/cases/retention.ts holds the
 * numbers it states).
 *
 * - While a case is open, its contact item carries a safety TTL of `backstopDays` from
 *   submission: personal data never lives for ever, but an open case never loses its contact.
 * - When the case closes (the stream handler sees the status event), the contact item's TTL
 *   becomes `closedAt + contactRetentionDays`, and a `retention` item is scheduled for that moment
 *   in the table's `DUE` partition. A case opened again gets the safety TTL back; its scheduled
 *   item is then skipped (a case closed again later gets a new one).
 * - At that moment the sweep anonymises the case (anonymiseCase): the citizen's own wording is
 *   replaced by the public wording staff reviewed, the name goes (also a name the citizen chose
 *   to show), the contact details go at once (not left to DynamoDB's TTL, which may take days), and
 *   every photo not published is taken off the case; the photo handler then deletes its objects,
 *   and the private copies of the published ones (functions/domain/photos.ts). What stays is what
 *   the privacy page says stays: the public wording, the place of the problem, the answer,
 *   the status and the dates, and the published photos staff chose.
 */
import type { CaseEvent, CaseRecord } from '../../core/cases/model.ts';
import { closedStatuses } from '../../core/cases/statuses.ts';
import { personalDataRetention, retentionEnd } from '../../core/cases/retention.ts';
import type { Config } from '../config.ts';
import type { CaseStore, DueItem } from './ports.ts';

const DAY_MS = 86_400_000;

export interface RetentionPorts {
  config: Pick<Config, 'contactRetentionDays'>;
  store: Pick<CaseStore, 'getCase' | 'setContactExpiry' | 'putDue' | 'redact'>;
  now: () => Date;
}

export function isClosed(r: Pick<CaseRecord, 'status'>): boolean {
  return closedStatuses.includes(r.status);
}

/** The contact item's TTL (seconds since the epoch) for a case as it stands now. */
export function contactExpiry(r: Pick<CaseRecord, 'status' | 'closedAt' | 'createdAt'>, config: Pick<Config, 'contactRetentionDays'>): number {
  const end = isClosed(r) && r.closedAt ? retentionEnd(r.closedAt, config.contactRetentionDays) : new Date(Date.parse(r.createdAt) + personalDataRetention.backstopDays * DAY_MS);
  return Math.floor(end.getTime() / 1000);
}

/** The contact TTL a new case starts with (functions/domain/service.ts). */
export function openContactTtl(createdAt: Date): number {
  return Math.floor((createdAt.getTime() + personalDataRetention.backstopDays * DAY_MS) / 1000);
}

/**
 * After a status change (the stream handler, for each status event; safe to repeat): the
 * contact's TTL follows the case's state, and a closed case has its anonymisation scheduled.
 */
export async function followStatus(ports: Pick<RetentionPorts, 'config' | 'store'>, r: CaseRecord): Promise<void> {
  await ports.store.setContactExpiry(r.code, contactExpiry(r, ports.config));
  if (isClosed(r) && r.closedAt && !r.anonymisedAt) {
    await ports.store.putDue({ kind: 'retention', code: r.code, at: retentionEnd(r.closedAt, ports.config.contactRetentionDays).toISOString() });
  }
}

/** Whether the personal data of a case is due for removal at `now`. */
export function retentionOver(r: CaseRecord, config: Pick<Config, 'contactRetentionDays'>, now: Date): boolean {
  return isClosed(r) && !!r.closedAt && !r.anonymisedAt && retentionEnd(r.closedAt, config.contactRetentionDays) <= now;
}

/**
 * Removes the personal data of a case at the end of retention (see the top of this file).
 * Returns whether it did (false when it was done already).
 */
export async function anonymiseCase(ports: Pick<RetentionPorts, 'store' | 'now'>, r: CaseRecord): Promise<boolean> {
  const at = ports.now().toISOString();
  const event: CaseEvent = { code: r.code, municipality: r.municipality, at, change: 'anonymised', status: r.status, public: false, via: 'retention' };
  return ports.store.redact(
    r.code,
    {
      // The wording staff reviewed for the public (already public, or withdrawn with a spam case).
      text: r.publicText,
      // The address as the public sees it (phone numbers and emails masked); the place stays.
      ...(r.publicAddress !== undefined ? { address: r.publicAddress } : {}),
      // Those staff chose to publish (the public ones, core/cases/public.ts); the rest go.
      photos: r.photos.filter((p) => p.published && p.reviewedAt && p.state === 'ready'),
      dropPlace: false,
      mark: 'anonymisedAt',
      at,
    },
    event,
  );
}

/**
 * One scheduled `retention` item: anonymises the case if its retention is over, else does
 * nothing (the case was opened again, or closed again later and has a later item, or is done).
 * The caller deletes the item either way.
 */
export async function runRetention(ports: RetentionPorts, item: DueItem): Promise<'anonymised' | 'skipped'> {
  const r = await ports.store.getCase(item.code);
  if (!r || !retentionOver(r, ports.config, ports.now())) return 'skipped';
  return (await anonymiseCase(ports, r)) ? 'anonymised' : 'skipped';
}
