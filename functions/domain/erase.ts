/**
 * Erasure at the citizen's request (the privacy page's "your rights"): everything the citizen
 * gave goes, and the case stays in the archive as a case (its category, status, dates and the
 * municipality's answer keep the statistics and the record of the municipality's work true).
 *
 * - the contact details go (the item is emptied and expires at once: the API function, which
 *   erases from the staff page, may delete nothing);
 * - the citizen's own wording and the public wording become a fixed sentence in the case's
 *   language ("removed at the citizen's request", `case.erased`);
 * - the name goes, even one the citizen chose to show; so do the typed address and the point on
 *   the map (a place can point at a home);
 * - every photo goes: taken off the case, so the photo handler deletes its objects (the upload in
 *   `incoming/`, the private and the public copies); when the caller holds the bucket (the
 *   operator's `npm run erase`), they are deleted at once too;
 * - an `erased` event records who acted (the link and its inbox, the signed-in member of staff in
 *   the workspace, or the operator), never public;
 * - the case item changes, so the stream rewrites its public record and asks for a build.
 *
 * The municipality's answer and referral stay: they are the municipality's words.
 */
import { t } from '../../core/i18n/index.ts';
import type { CaseEvent } from '../../core/cases/model.ts';
import { NotFoundError, ValidationError } from './errors.ts';
import { actedBy, checkReplyLink } from './tokens.ts';
import { photoObjectKeys } from './photos.ts';
import type { CaseStore, PhotoStorage } from './ports.ts';

export interface ErasePorts {
  store: Pick<CaseStore, 'getCase' | 'redact'>;
  now: () => Date;
  /** When given, every photo object is deleted now as well as by the photo handler. */
  storage?: Pick<PhotoStorage, 'remove'> | undefined;
}

export interface Erased {
  code: string;
  municipality: string;
  /** False when the case had been erased already (nothing changed). */
  erased: boolean;
  /** The objects deleted now (with `storage`), or left to the photo handler. */
  photoKeys: string[];
}

export async function eraseCase(ports: ErasePorts, code: string, actor: Pick<CaseEvent, 'linkId' | 'inbox' | 'via' | 'actor'>): Promise<Erased> {
  const r = await ports.store.getCase(code);
  if (!r) throw new NotFoundError('caseUnknown');
  const keys = r.photos.flatMap((p) => photoObjectKeys(r.code, p));
  let erased = false;
  if (!r.erasedAt) {
    const at = ports.now().toISOString();
    const wording = t(r.locale, 'case.erased');
    const event: CaseEvent = { code: r.code, municipality: r.municipality, at, change: 'erased', status: r.status, public: false, ...actor };
    erased = await ports.store.redact(r.code, { text: wording, publicText: wording, photos: [], dropPlace: true, mark: 'erasedAt', at }, event);
  }
  if (ports.storage) for (const key of keys) await ports.storage.remove(key);
  return { code: r.code, municipality: r.municipality, erased, photoKeys: keys };
}

/**
 * Erasure from the staff page (POST with the confirmation box ticked), through a link that may
 * act now; the erasure records the link's id and inbox. It does not use the link up: the case
 * may still need its answer. The objects are left to the photo handler (the HTTP function may
 * not delete from the bucket).
 */
export async function eraseThroughLink(ports: { store: Pick<CaseStore, 'getToken' | 'getCaseWithEvents' | 'getCurrentLink' | 'getCase' | 'redact'>; now: () => Date }, token: string, body: Record<string, unknown>): Promise<Erased> {
  const link = await checkReplyLink(ports, token);
  if (body.confirm !== 'yes') throw new ValidationError([{ field: 'confirm', code: 'required' }]);
  return eraseCase({ store: ports.store, now: ports.now }, link.record.code, actedBy(link));
}
