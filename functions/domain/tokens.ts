/**
 * Staff reply links: a random token per email, stored only as its hash, expiring after
 * `tokenTtlDays`, and working once. The rules a link must meet to act:
 *
 * - **One live link per case and purpose.** `new` links act on a `received` case (the first
 *   email, the overdue reminder), `follow-up` links on an `in_progress` case (the email after
 *   "in progress", and the fresh link the sweep mails when the last one expired). Issuing a link
 *   makes it the case's live link of its purpose (`CASE#<code>` / `LINK#<purpose>` holds its
 *   hash), so the one before stops working: "this link was replaced by a newer one".
 * - **The stage must match.** When a link moves a `received` case to `in_progress`, the case
 *   leaves the stage `new` links act on: any `new` link still around (a reminder that crossed the
 *   answer in the post) is refused as replaced, since the follow-up link is the newer one.
 *   `in_progress` is not closed: the follow-up link acts on it.
 * - **Closed means closed.** Once the case is in a closed status (core/cases/statuses.ts
 *   closedStatuses), whichever link closed it, every link of the case is refused ("this case is
 *   closed"), GET and POST alike. The reply transaction checks the status and the live link again,
 *   so two tabs or two links racing cannot both act.
 * - **Each action names its link.** Events record the link's id (the first 8 hex characters of
 *   the token's hash, which cannot be turned back into the token) and the inbox it was mailed to;
 *   neither is ever public.
 *
 * Retried stream batches: the email carrying a link is sent with an idempotency key, and the
 * live link remembers that key and whether the email went out. Issuing again for the same email
 * returns "sent already" instead of a new token, so a retry never revokes the link staff have.
 * A retry after a send that was never confirmed (the store failed just after the mail service
 * took it) sends the same link again under the same key: the token is derived from the link
 * secret and the email (`deriveToken`), so it can be made again without ever being stored, and
 * the mail service, seeing the key again, sends one email in all. Only if the secret changed in
 * between does the retry issue a new link, under a key of its own.
 */
import { deriveToken, hashToken, TOKEN_PATTERN } from '../../core/cases/codes.ts';
import type { CaseEvent, CaseRecord } from '../../core/cases/model.ts';
import { closedStatuses, type Status } from '../../core/cases/statuses.ts';
import type { Config } from '../config.ts';
import { NotFoundError, TokenError } from './errors.ts';
import type { CaseStore, LinkPurpose, TokenRecord } from './ports.ts';

/** The short, non-secret id of a link, recorded on the events it makes. */
export function linkIdOf(hash: string): string {
  return hash.slice(0, 8);
}

/** The status a link of each purpose acts on. */
export const stageOf: Record<LinkPurpose, Status> = { new: 'received', 'follow-up': 'in_progress' };

export interface TokenPorts {
  config: Pick<Config, 'tokenTtlDays' | 'linkSecret'>;
  store: Pick<CaseStore, 'putToken' | 'getCurrentLink'>;
  now: () => Date;
}

export type IssuedLink =
  /** A new live link: mail `token` with the idempotency key `mailKey`, then call confirmLinkSent. */
  | { sent: false; token: string; hash: string; linkId: string; mailKey: string }
  /** The email `mailKey` names went out already with the live link: nothing to send. */
  | { sent: true; linkId: string };

/**
 * Makes the case's live reply link of `purpose` for one email (whose idempotency key is
 * `mailKey`), replacing the link of that purpose before it. Returns the raw token for the email,
 * or that the email went out already with the live link (a retried batch).
 */
export async function issueReplyLink(ports: TokenPorts, r: CaseRecord, purpose: LinkPurpose, inbox: string, mailKey: string): Promise<IssuedLink> {
  const current = await ports.store.getCurrentLink(r.code, purpose);
  const token = deriveToken(ports.config.linkSecret, r.code, purpose, mailKey);
  const hash = hashToken(token);
  const linkId = linkIdOf(hash);
  if (current && current.mailKey.split('#')[0] === mailKey) {
    if (current.sentAt) return { sent: true, linkId: current.linkId };
    // Not confirmed: the same link again, under the same key (one email in all).
    if (current.linkId === linkId) return { sent: false, token, hash, linkId, mailKey: current.mailKey };
  }
  // The secret changed while this email was being retried: a new link, under a key of its own so
  // the mail service sends it too (the earlier email's link then says it was replaced).
  const key = current && current.mailKey.split('#')[0] === mailKey ? `${mailKey}#${linkId}` : mailKey;
  const now = ports.now();
  const expires = new Date(now.getTime() + ports.config.tokenTtlDays * 86_400_000);
  const record: TokenRecord = { code: r.code, expiresAt: expires.toISOString(), purpose, inbox, issuedAt: now.toISOString() };
  await ports.store.putToken(hash, record, Math.floor(expires.getTime() / 1000) + 86_400, { linkId, mailKey: key }, {
    // When it expires, the sweep mails a fresh link if the case still needs one (sweep.ts).
    kind: 'link',
    code: r.code,
    at: expires.toISOString(),
    ref: `${purpose}:${linkId}`,
  });
  return { sent: false, token, hash, linkId, mailKey: key };
}

/** Records that the email with a link went out, so a retry does not replace it. */
export async function confirmLinkSent(ports: { store: Pick<CaseStore, 'markLinkSent'>; now: () => Date }, r: CaseRecord, purpose: LinkPurpose, link: { hash: string }) {
  await ports.store.markLinkSent(r.code, purpose, link.hash, ports.now());
}

export interface CheckedLink {
  token: TokenRecord;
  hash: string;
  linkId: string;
  record: CaseRecord;
  events: CaseEvent[];
}

/**
 * Whether a reply link may act now, for GET (show) and POST (act) alike: the case and its
 * timeline when it may; a TokenError saying why not otherwise. In this order, so the message is
 * the most useful one: unknown (404); the case closed; the link used; replaced by a newer link
 * (or the case moved on to the stage of another link); expired (all 410).
 */
export async function checkReplyLink(ports: { store: Pick<CaseStore, 'getToken' | 'getCaseWithEvents' | 'getCurrentLink'>; now: () => Date }, token: string): Promise<CheckedLink> {
  if (typeof token !== 'string' || !TOKEN_PATTERN.test(token)) throw new TokenError('tokenUnknown');
  const hash = hashToken(token);
  const t = await ports.store.getToken(hash);
  if (!t) throw new TokenError('tokenUnknown');
  const found = await ports.store.getCaseWithEvents(t.code);
  if (!found) throw new NotFoundError('caseUnknown');
  if (closedStatuses.includes(found.record.status)) throw new TokenError('tokenClosed');
  if (t.usedAt) throw new TokenError('tokenUsed');
  if (found.record.status !== stageOf[t.purpose]) throw new TokenError('tokenReplaced');
  const current = await ports.store.getCurrentLink(t.code, t.purpose);
  // No live link recorded: a link issued before they were (it expires within tokenTtlDays).
  if (current && current.hash !== hash) throw new TokenError('tokenReplaced');
  if (t.expiresAt <= ports.now().toISOString()) throw new TokenError('tokenExpired');
  return { token: t, hash, linkId: linkIdOf(hash), record: found.record, events: found.events };
}

/** What an event made through a link records about it. */
export function actedBy(link: Pick<CheckedLink, 'linkId' | 'token'>): Pick<CaseEvent, 'linkId' | 'inbox' | 'via'> {
  return { linkId: link.linkId, ...(link.token.inbox ? { inbox: link.token.inbox } : {}), via: 'link' };
}

/**
 * Staff asked to see the citizen's contact details in full (a POST from the staff page): the
 * link must be one that may act, and the case's timeline records which link asked (never public).
 */
export async function recordContactView(ports: { store: Pick<CaseStore, 'getToken' | 'getCaseWithEvents' | 'getCurrentLink' | 'addEvent'>; now: () => Date }, token: string): Promise<CheckedLink> {
  const link = await checkReplyLink(ports, token);
  const r = link.record;
  await ports.store.addEvent({ code: r.code, municipality: r.municipality, at: ports.now().toISOString(), change: 'contact-viewed', status: r.status, public: false, ...actedBy(link) });
  return link;
}
