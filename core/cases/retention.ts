/**
 * How long a citizen's personal data is kept: one set of numbers that the privacy pages state
 * (their `{{contactRetention}}` and `{{retentionBackstop}}` tokens are filled from here, see
 * sites/lib/site.ts), the functions use by default (functions/config.ts, functions/domain/retention.ts)
 * and the uploads bucket's lifecycle rules enforce as a backstop (infra/lifecycle.ts).
 * tests/unit/retention-words.test.ts reads the privacy pages and checks they say these numbers.
 */
export const personalDataRetention = {
  /**
   * Contact details, the citizen's own wording, a name, private photos: kept this long after the
   * case closes (closedStatuses), then removed by the sweep (functions/domain/retention.ts). The
   * contact item also carries a DynamoDB TTL at the same moment.
   */
  afterClosureDays: 730,
  /**
   * The safety net for a case that is never closed, counted from submission: the contact item's
   * TTL while the case is open, and the lifecycle of `private/` photos in the bucket (objects age
   * from their upload). Longer than any case stays open in practice, so it never cuts a case
   * short; it only keeps personal data from living for ever when something went wrong.
   */
  backstopDays: 1095,
  /** Uploads in `incoming/` that no case took (a form never sent), and the originals with their EXIF. */
  uploadDays: 1,
} as const;

const DAY_MS = 86_400_000;

/** When the personal data of a case closed at `closedAt` is due for removal. */
export function retentionEnd(closedAt: string | Date, afterClosureDays: number = personalDataRetention.afterClosureDays): Date {
  return new Date(new Date(closedAt).getTime() + afterClosureDays * DAY_MS);
}
