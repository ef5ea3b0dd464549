/**
 * "Was it fixed?": some days after a case closes as resolved or answered, the citizen (if they gave
 * an email and the contact is still there) gets ONE email with two questions, "Was your problem
 * solved?" and "Are you satisfied with the answer?", each answer a link:
 * `/<locale>/feedback/<token>/<solved|satisfied>/<yes|no>/`.
 *
 * - **Scheduled at closure.** The stream, on the status event that closes a case as resolved or
 *   answered, puts a `feedback` item in the table's `DUE` partition for `closedAt +
 *   feedbackAfterDays`, with the closure's `closedAt` as its ref (scheduleFeedback; writing it again
 *   changes nothing, so a retried batch is harmless).
 * - **Sent once.** When it falls due, the sweep sends only if the case is still closed by that very
 *   closure (a case reopened meanwhile has another `closedAt`, or none: nothing for that closure) and
 *   no feedback email went out for the case before (claimNotice kind `feedback`, and the mail's
 *   idempotency key). The item is deleted once handled.
 * - **The link.** One token per case, derived from the link secret (`deriveToken(secret,
 *   'feedback', code)`), stored only as its hash (`FEEDBACK#<hash>` → code) for FEEDBACK_LINK_DAYS.
 * - **A click counts, a prefetch does not.** A GET records the answer only when the browser says a
 *   person navigated (`Sec-Fetch-User: ?1` and `Sec-Fetch-Mode: navigate`); mail scanners and
 *   prefetchers send no Sec-Fetch-User, so they get a page with the answer as a button (a POST).
 * - **Changeable.** The last answer to each question counts; each is recorded on the case
 *   (`feedback`, public as figures) with a private `feedback` event via `citizen`.
 */
import { deriveToken, hashToken, TOKEN_PATTERN } from '../../core/cases/codes.ts';
import type { CaseEvent, CaseRecord } from '../../core/cases/model.ts';
import type { Status } from '../../core/cases/statuses.ts';
import type { Config } from '../config.ts';
import { NotFoundError, TokenError } from './errors.ts';
import type { CaseStore, DueItem, Email, FeedbackLink, Mailer } from './ports.ts';

const DAY_MS = 86_400_000;
/** How long the answers can be given (or changed) after the email. */
export const FEEDBACK_LINK_DAYS = 60;
/** Longer than a sweep can run: an older unsent claim belongs to a sweep that died. */
const STALE_CLAIM_MS = 10 * 60_000;

export const feedbackQuestions = ['solved', 'satisfied'] as const;
export type FeedbackQuestion = (typeof feedbackQuestions)[number];
export const feedbackAnswers = ['yes', 'no'] as const;
export type FeedbackAnswer = (typeof feedbackAnswers)[number];

/** The closures that are asked about: the problem was said to be solved, or the question answered. */
export const feedbackStatuses: readonly Status[] = ['resolved', 'answered'];

export const isFeedbackQuestion = (q: string): q is FeedbackQuestion => (feedbackQuestions as readonly string[]).includes(q);
export const isFeedbackAnswer = (a: string): a is FeedbackAnswer => (feedbackAnswers as readonly string[]).includes(a);

/** The "was it fixed?" item a closure schedules; undefined when the case is not closed in a way that is asked about. */
export function feedbackDue(r: Pick<CaseRecord, 'code' | 'status' | 'closedAt' | 'anonymisedAt' | 'erasedAt'>, config: Pick<Config, 'feedbackAfterDays'>): DueItem | undefined {
  if (!feedbackStatuses.includes(r.status) || !r.closedAt || r.anonymisedAt || r.erasedAt) return undefined;
  return { kind: 'feedback', code: r.code, at: new Date(Date.parse(r.closedAt) + config.feedbackAfterDays * DAY_MS).toISOString(), ref: r.closedAt };
}

/** After a status change (the stream handler; safe to repeat): schedules "was it fixed?" for a case just resolved or answered. */
export async function scheduleFeedback(ports: { config: Pick<Config, 'feedbackAfterDays'>; store: Pick<CaseStore, 'putDue'> }, r: CaseRecord): Promise<void> {
  const due = feedbackDue(r, ports.config);
  if (due) await ports.store.putDue(due);
}

/** The token of a case's feedback links: the same for every email of the case, never stored. */
export function feedbackToken(secret: string, code: string): string {
  return deriveToken(secret, 'feedback', code);
}

export function feedbackPath(locale: string, token: string, question?: FeedbackQuestion, answer?: FeedbackAnswer): string {
  return `/${locale}/feedback/${token}/${question && answer ? `${question}/${answer}/` : ''}`;
}

export interface FeedbackPorts {
  config: Pick<Config, 'feedbackAfterDays' | 'linkSecret'>;
  store: Pick<CaseStore, 'getCase' | 'getContact' | 'putFeedbackLink' | 'getFeedbackLink' | 'recordFeedback' | 'claimNotice' | 'markNoticeSent' | 'releaseNotice'>;
  mailer: Mailer;
  now: () => Date;
}

/**
 * A `feedback` item fell due: mails the question if the case is still closed by that closure, the
 * citizen gave an email that is still on file and none went out before. `compose` makes the email
 * (functions/web/emails.ts) from the token. Returns whether it sent.
 */
export async function sendFeedback(ports: FeedbackPorts, item: DueItem, compose: (r: CaseRecord, to: string, token: string, expiresAt: string) => Email): Promise<boolean> {
  const r = await ports.store.getCase(item.code);
  // Reopened meanwhile (another closedAt, or none), erased, anonymised: nothing for that closure.
  if (!r || !feedbackStatuses.includes(r.status) || r.closedAt !== item.ref || r.anonymisedAt || r.erasedAt) return false;
  const contact = await ports.store.getContact(r.code);
  if (!contact?.email) return false;
  const now = ports.now();
  if (!(await ports.store.claimNotice(r.code, 'feedback', now, new Date(now.getTime() - STALE_CLAIM_MS)))) return false;
  const token = feedbackToken(ports.config.linkSecret, r.code);
  const expiresAt = new Date(now.getTime() + FEEDBACK_LINK_DAYS * DAY_MS).toISOString();
  try {
    await ports.store.putFeedbackLink(hashToken(token), { code: r.code, municipality: r.municipality, issuedAt: now.toISOString(), expiresAt });
    await ports.mailer.send(compose(r, contact.email, token, expiresAt), `feedback:${r.code}`);
  } catch (e) {
    // Nothing went out: give the claim back so the next sweep tries again.
    await ports.store.releaseNotice(r.code, 'feedback').catch(() => {});
    throw e;
  }
  // Whom it went to is the citizen: not recorded here (only municipal inboxes are).
  await ports.store.markNoticeSent(r.code, 'feedback', ports.now(), 'citizen');
  return true;
}

/** The case a feedback token answers for. TokenError('tokenExpired') past its time, NotFoundError for a token that is not one. */
export async function openFeedback(ports: Pick<FeedbackPorts, 'store' | 'now'>, token: string): Promise<{ link: FeedbackLink; record: CaseRecord }> {
  if (!TOKEN_PATTERN.test(token)) throw new NotFoundError();
  const link = await ports.store.getFeedbackLink(hashToken(token));
  if (!link) throw new NotFoundError();
  if (link.expiresAt <= ports.now().toISOString()) throw new TokenError('tokenExpired');
  const record = await ports.store.getCase(link.code);
  if (!record) throw new NotFoundError();
  return { link, record };
}

/** Whether a case still takes answers: closed as resolved or answered (a reopened case does not). */
export const takesFeedback = (r: Pick<CaseRecord, 'status'>) => feedbackStatuses.includes(r.status);

/**
 * Records one answer (the last one counts; the other question's answer stays) on the case, with a
 * private event. TokenError('tokenClosed') when the case was reopened since: its answers wait for the
 * next closure.
 */
export async function answerFeedback(ports: Pick<FeedbackPorts, 'store' | 'now'>, token: string, question: FeedbackQuestion, answer: FeedbackAnswer): Promise<CaseRecord> {
  const { record } = await openFeedback(ports, token);
  if (!takesFeedback(record)) throw new TokenError('tokenClosed');
  const at = ports.now().toISOString();
  const feedback = { ...(record.feedback ?? {}), [question]: answer === 'yes', at };
  const event: CaseEvent = { code: record.code, municipality: record.municipality, at, change: 'feedback', status: record.status, public: false, via: 'citizen' };
  if (!(await ports.store.recordFeedback(record.code, feedback, event))) throw new NotFoundError();
  return { ...record, feedback };
}
