/**
 * The uploads bucket's lifecycle rules (infra/uploads.ts), made from the retention periods the
 * privacy pages state (core/cases/retention.ts); plain TypeScript with no SST global, so the unit
 * test tests/unit/retention-words.test.ts can read it.
 *
 * - `incoming/`: browsers' uploads. A case's photos are processed within seconds of the case (the
 *   original, EXIF and GPS included, is never served); what is left here belongs to a form that
 *   was never sent, or is an original already processed.
 * - `private/`: the processed photos staff see. Removed by the sweep when a closed case's
 *   retention ends (functions/domain/retention.ts) or at erasure; this rule is the backstop, counted
 *   from upload, for a case never closed (the same safety net as the contact item's TTL).
 * - `public/` has no rule: those are the photos staff published with the case in the archive;
 *   erasure deletes a case's copies.
 */
import { personalDataRetention } from '../core/cases/retention.ts';

type Days = `${number} ${'day' | 'days'}`;
const days = (n: number): Days => `${n} ${n === 1 ? 'day' : 'days'}`;

export const uploadLifecycle = [
  { id: 'expire-incoming', prefix: 'incoming/', expiresIn: days(personalDataRetention.uploadDays) },
  { id: 'expire-private', prefix: 'private/', expiresIn: days(personalDataRetention.backstopDays) },
];
