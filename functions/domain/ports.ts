/**
 * The ports: what the domain and the handlers need from the world outside, as interfaces. The
 * adapters in functions/adapters/ implement them (DynamoDB, S3, Resend, GitHub, sharp) and the
 * entry files build them; nothing in functions/domain/ imports an adapter, so a rule can be read
 * (and tested) without a table, a bucket or a mail service behind it.
 */
import type { CaseEvent, CaseRecord, ContactRecord, Photo } from '../../core/cases/model.ts';
import type { PublicCase } from '../../core/cases/public.ts';
import type { Status } from '../../core/cases/statuses.ts';
import type { Locale } from '../../core/locales.ts';
import type { NoticeKind } from './overdue.ts';

/**
 * Why a reply link was sent, which is also the stage of the case it acts on: `new` while the case
 * is `received` (the first email, the overdue reminder), `follow-up` while it is `in_progress`.
 * A case has at most one live link per purpose (functions/domain/tokens.ts).
 */
export type LinkPurpose = 'new' | 'follow-up';

export interface TokenRecord {
  code: string;
  expiresAt: string;
  usedAt?: string;
  /** Why the link was sent: a new case or a case still in progress. */
  purpose: LinkPurpose;
  /** The municipal inbox it was mailed to (absent on links issued before it was recorded). */
  inbox?: string | undefined;
  issuedAt?: string | undefined;
}

/**
 * The live reply link of a case for one purpose (item `CASE#<code>` / `LINK#<purpose>`): issuing
 * a new one replaces it, and with it every older link of that purpose stops working.
 */
export interface CurrentLink {
  purpose: LinkPurpose;
  /** The token's hash, as the token item's key holds it. */
  hash: string;
  linkId: string;
  inbox: string;
  issuedAt: string;
  expiresAt: string;
  /** The idempotency key of the email the link was made for, and when that email went out. */
  mailKey: string;
  sentAt?: string | undefined;
}

/**
 * A one-time sign-in link to the staff workspace (item `SIGNIN#<hash>`): mailed to an address the
 * municipality's config names, stored only as its hash, 15 minutes, used once (by the POST behind
 * the button on the page it opens, never by the GET a mail scanner sends).
 */
export interface SignInRecord {
  municipality: string;
  email: string;
  /** The workspace language the request was made in: where the session starts. */
  locale: Locale;
  issuedAt: string;
  expiresAt: string;
  usedAt?: string | undefined;
}

/**
 * A request for a sign-in link (item `SIGNINREQ#<id>`), written by the HTTP function, which holds
 * neither the mail key nor the link secret, only for an address the config names. The stream
 * handler turns it into a link (token derived from the link secret and the id, stored as a
 * SignInRecord by its hash) and mails it, once per id.
 */
export interface SignInRequest {
  /** Random, unguessable; keys the email (one per request, even when the stream retries). */
  id: string;
  municipality: string;
  email: string;
  locale: Locale;
  requestedAt: string;
}

/**
 * A subscription by email (item `SUB#<scope>` / `<id>`; functions/domain/subscriptions.ts): to one
 * case (`scope` = `case#<code>`) or to a municipality's new reports and answers by category and
 * place (`area#<municipality>`). The address lives only here (never in a public record, a page,
 * open data or a log line). Written pending by the HTTP function; the stream mails the
 * confirmation link; nothing else is sent until `confirmedAt`. Unsubscribing deletes the item.
 */
export interface Subscription {
  /** Random, unguessable; the links' tokens are derived from it and the link secret. */
  id: string;
  scope: string;
  municipality: string;
  email: string;
  locale: Locale;
  /** The case followed (scope `case#…`). */
  code?: string | undefined;
  /** Area alerts: a category code, or absent for all. */
  category?: string | undefined;
  /** Area alerts: a point and a radius in metres; absent for the whole municipality. */
  lat?: number | undefined;
  lng?: number | undefined;
  radius?: number | undefined;
  frequency: 'immediate' | 'daily';
  requestedAt: string;
  confirmedAt?: string | undefined;
  /** Unsubscribed: the address is gone from the item, which expires. */
  unsubscribedAt?: string | undefined;
}

/** A subscription link (item `SUBTOKEN#<sha256 of token>`): which subscription, and what the link does. */
export interface SubscriptionToken {
  purpose: 'confirm' | 'unsubscribe';
  scope: string;
  id: string;
  expiresAt?: string | undefined;
}

/** One line of a daily digest (item `SUBDIGEST#<id>` / `<at>#<code>#<event>`): what happened to which public case. */
export interface DigestEntry {
  code: string;
  at: string;
  change: 'new' | 'answer';
  status: Status;
  /** The stream event it came from: keys the entry, so a retried batch adds it once. */
  eventId: string;
}

/** A digest due for sending (item `DIGEST` / `<at>#<scope>#<id>`). */
export interface DigestDue {
  at: string;
  scope: string;
  id: string;
}

/**
 * The citizen's personal link to a case (item `CITIZEN#<hash>`), for adding information while it
 * is open and saying "not fixed" after it closed (functions/domain/citizen.ts). Made by the stream
 * (the token is derived from the link secret, the code and the generation) and stored only as its
 * hash; long-lived: it works while the case keeps the citizen's personal data.
 */
export interface CitizenLinkRecord {
  code: string;
  generation: number;
  createdAt: string;
  revokedAt?: string | undefined;
}

/** A staff session (item `SESSION#<hash>`; the cookie holds the secret, the table its hash). 12 hours. */
export interface SessionRecord {
  municipality: string;
  email: string;
  createdAt: string;
  expiresAt: string;
}

/** What a member of staff chose for themselves (item `STAFF#<municipality>#<email>`). */
export interface StaffPrefs {
  /** The language of the workspace and of every email sent to them. */
  locale: Locale;
}

/**
 * One staff action in the municipality's log (item `AUDIT#<municipality>` / `<at>#<code>#…`),
 * written with the event in the same transaction by the store whenever an event names who acted
 * (`via`). Who acted and what, never what was written: no note, answer or contact. Never public.
 */
export interface AuditEntry {
  at: string;
  code: string;
  change: CaseEvent['change'];
  status: Status;
  via: NonNullable<CaseEvent['via']>;
  actor?: string | undefined;
  linkId?: string | undefined;
  inbox?: string | undefined;
  toInbox?: string | undefined;
}

/** Work the sweep must do at a time (item `DUE` / `<at>#<kind>#<code>#<ref>`), found by one key range. */
export interface DueItem {
  /**
   * retention: the case's personal data is due for removal; link: a reply link has expired and may
   * need a fresh one; feedback: "was it fixed?" is due to the citizen (`ref`: the `closedAt` of the
   * closure it asks about; functions/domain/feedback.ts).
   */
  kind: 'retention' | 'link' | 'feedback';
  code: string;
  /** ISO time it falls due. */
  at: string;
  /** For `link`: the purpose and link id it is about (`new:1a2b3c4d`). */
  ref?: string | undefined;
}

/** A "was it fixed?" link (item `FEEDBACK#<sha256 of token>`): the case it answers for, until when. */
export interface FeedbackLink {
  code: string;
  municipality: string;
  issuedAt: string;
  expiresAt: string;
}

/**
 * What removing a case's personal data changes on the case (CaseStore.redact), in one transaction
 * with deleting the contact item and adding the event.
 */
export interface Redaction {
  /** The citizen's own wording becomes this. */
  text: string;
  /** The public wording, when it changes too (erasure). */
  publicText?: string | undefined;
  /** The typed address becomes this (its public, masked wording), when it stays. */
  address?: string | undefined;
  /** The photos left on the case: the photo handler deletes every copy of the ones taken off. */
  photos: Photo[];
  /** Erasure also drops the typed address and the point on the map. */
  dropPlace: boolean;
  /** Which mark to set, and when. */
  mark: 'anonymisedAt' | 'erasedAt';
  at: string;
}

/** A new case as submitted: written all together or not at all (CaseStore.createCase). */
export interface NewCase {
  idempotencyKey: string;
  record: CaseRecord;
  contact: ContactRecord;
  event: CaseEvent;
  /** When the contact details expire (seconds since the epoch). */
  contactTtl: number;
  now: Date;
}

/** What a reply changes on the case. */
export interface ReplyChange {
  status: CaseRecord['status'];
  publicText: string;
  answer?: string | undefined;
  answers?: CaseRecord['answers'];
  referral?: string | undefined;
  /** In progress: the planned date and the resolution deadline it starts; resolved: when. Removed when absent. */
  plannedAt?: string | undefined;
  resolutionDueAt?: string | undefined;
  resolvedAt?: string | undefined;
  photos: Photo[];
  updatedAt: string;
  firstAnsweredAt?: string | undefined;
  /** Set when the new status is closed (retention counts from it); removed otherwise. */
  closedAt?: string | undefined;
}

/**
 * What must still hold when a reply is written, checked in the same transaction: the token is
 * the case's live link of its purpose, and the case is still in the status the page was opened in.
 */
export interface ReplyGuard {
  purpose: LinkPurpose;
  status: Status;
}

/**
 * A municipality's cases created since `createdSince`, in a status, with a deadline passed by
 * `deadlineBy` (ISO times): the first-answer deadline (`deadlineAt`, the default) or the
 * resolution deadline (`resolutionDueAt`).
 */
export interface CaseQuery {
  createdSince: string;
  status: Status;
  deadlineBy: string;
  deadline?: 'deadlineAt' | 'resolutionDueAt' | undefined;
}

/** Open311's service requests of a municipality in one Open311 status, created from `from` to `to` (inclusive). */
export interface ServiceRequestQuery {
  status: 'open' | 'closed';
  from: Date;
  to: Date;
  /** Items per page read; by default as many as fit in DynamoDB's 1 MB page. */
  pageSize?: number | undefined;
  /**
   * Only these fields of each record (read as a projection, so DynamoDB sends and the SDK parses
   * no more), else the whole record. The records are then typed as whole records: the caller
   * reads only the fields it asked for (functions/web/open311.ts OPEN311_FIELDS).
   */
  fields?: readonly (keyof PublicCase)[] | undefined;
}

export interface NoticeRecord {
  claimedAt: string;
  sentAt?: string;
  sentTo?: string;
}

/**
 * One record of the table's change stream, as Lambda delivers it (and the local poller, in the
 * same shape). The item images are the store's business: only CaseStore.decodeChange reads them.
 */
export interface StreamRecord {
  eventName?: 'INSERT' | 'MODIFY' | 'REMOVE' | string;
  dynamodb?: {
    Keys?: Record<string, unknown>;
    NewImage?: Record<string, unknown>;
    OldImage?: Record<string, unknown>;
    /** Seconds since the epoch, as Lambda gives it. */
    ApproximateCreationDateTime?: number;
  };
}

export interface StreamEvent {
  Records: StreamRecord[];
}

export type ChangeOp = 'insert' | 'modify' | 'remove';

/** What a stream record says changed, in the domain's words (CaseStore.decodeChange). */
export type StoredChange =
  /** The case item; `previous` is the item before a modification. */
  | { kind: 'case'; op: ChangeOp; record: CaseRecord; previous?: CaseRecord | undefined }
  /** A timeline entry; `id` is stable for the entry, so it can key an idempotent email. */
  | { kind: 'event'; op: ChangeOp; event: CaseEvent; id: string }
  /** Someone asked for a sign-in link (only addresses the config names are ever recorded). */
  | { kind: 'signin-request'; op: ChangeOp; request: SignInRequest }
  /** A subscription was requested (pending), confirmed or removed. */
  | { kind: 'subscription'; op: ChangeOp; subscription: Subscription }
  /** A case's public record was written or withdrawn; `at` is when, if the stream says. */
  | { kind: 'public'; op: ChangeOp; municipality: string; code: string; demo: boolean; at?: Date | undefined };

/** The cases table. The adapter alone knows its key layout. */
export interface CaseStore {
  /**
   * Writes a new case in one transaction with its idempotency record, contact and first event.
   * Returns the code of the case the key already made when the key was used before. Throws
   * CodeCollisionError when the new case's code is taken.
   */
  createCase(input: NewCase): Promise<{ created: boolean; code: string }>;
  getCase(code: string): Promise<CaseRecord | undefined>;
  /** The case and its timeline, oldest event first. Never the contact. */
  getCaseWithEvents(code: string): Promise<{ record: CaseRecord; events: CaseEvent[] } | undefined>;
  getContact(code: string): Promise<ContactRecord | undefined>;
  /**
   * Stores a reply token (by its hash) and makes it the case's live link of its purpose, in one
   * transaction: the link it replaces stops working. `link` says what else to record about it (the
   * email it is for); `due` schedules the sweep's look at it when it expires.
   */
  putToken(hash: string, token: TokenRecord, ttl: number, link?: { linkId: string; mailKey: string }, due?: DueItem): Promise<void>;
  getToken(hash: string): Promise<TokenRecord | undefined>;
  /** The live link of a case for a purpose; undefined when none was ever issued (or only before links were recorded). */
  getCurrentLink(code: string, purpose: LinkPurpose): Promise<CurrentLink | undefined>;
  /** Records that the email carrying the live link went out (only if that link is still the live one). */
  markLinkSent(code: string, purpose: LinkPurpose, hash: string, at: Date): Promise<void>;
  /**
   * Applies a staff reply: uses the token up (only if unused and unexpired), checks `guard` (the
   * token is still the live link of its purpose, the case still in the status the page showed),
   * updates the case and adds the event, all or nothing. False when any of it no longer held.
   */
  reply(tokenHash: string, code: string, change: ReplyChange, event: CaseEvent, now: Date, guard: ReplyGuard): Promise<boolean>;
  /** Adds an event to a case's timeline (one that changes nothing else: a contact viewed, an internal note). */
  addEvent(event: CaseEvent): Promise<void>;
  /**
   * Writes a case whole after a workspace action, with its events and any scheduled work, all or
   * nothing, only if the case was not changed since it was read (its `updatedAt` still
   * `expectedUpdatedAt`). False when it was: the caller reads it again and says so. The store keeps
   * the index keys (`open-by-due`, gsi1) in step with the record.
   */
  saveCase(next: CaseRecord, expectedUpdatedAt: string, events: CaseEvent[], due?: DueItem[]): Promise<boolean>;
  /** A municipality's open cases (received, in progress), soonest due first, page by page, through the `open-by-due` index. */
  listOpen(municipality: string): AsyncGenerator<CaseRecord[]>;
  /** The municipality's log of staff actions, newest first: up to `limit` entries older than `before` (an entry's `at`), and where the next page starts. */
  listAudit(municipality: string, opts: { limit: number; before?: string | undefined }): Promise<{ entries: AuditEntry[]; next?: string | undefined }>;
  /** Stores a citizen's personal link by its hash, unless it is stored already (a retried stream batch). */
  putCitizenLink(hash: string, record: CitizenLinkRecord): Promise<void>;
  getCitizenLink(hash: string): Promise<CitizenLinkRecord | undefined>;
  /** Records a request for a sign-in link, for the stream to mail (a day's TTL). */
  putSignInRequest(request: SignInRequest): Promise<void>;
  /** Stores a sign-in link by its hash; it expires (TTL) with the record. */
  putSignIn(hash: string, record: SignInRecord): Promise<void>;
  getSignIn(hash: string): Promise<SignInRecord | undefined>;
  /** Uses a sign-in link up: only if it is unused and unexpired at `now`. The record, or undefined when it could not be used. */
  useSignIn(hash: string, now: Date): Promise<SignInRecord | undefined>;
  putSession(hash: string, record: SessionRecord): Promise<void>;
  getSession(hash: string): Promise<SessionRecord | undefined>;
  /** Ends a session (signing out): marks it expired at `now` (the API function deletes nothing). */
  endSession(hash: string, now: Date): Promise<void>;
  getStaffPrefs(municipality: string, email: string): Promise<StaffPrefs | undefined>;
  putStaffPrefs(municipality: string, email: string, prefs: StaffPrefs): Promise<void>;
  /**
   * Sets when the contact item expires (DynamoDB's TTL, seconds since the epoch); nothing when
   * the contact is gone already.
   */
  setContactExpiry(code: string, ttl: number): Promise<void>;
  /**
   * Removes a case's personal data: updates the case (unless `redaction.mark` is set on it
   * already), empties the contact item of every detail and adds the event, all or nothing. False
   * when the case does not exist or was redacted that way already.
   */
  redact(code: string, redaction: Redaction, event: CaseEvent): Promise<boolean>;
  /** Schedules work for the sweep (writing the same item again changes nothing). */
  putDue(item: DueItem): Promise<void>;
  /** Stores a "was it fixed?" link by its token's hash (item `FEEDBACK#<hash>`); it expires (TTL) with the record. */
  putFeedbackLink(hash: string, link: FeedbackLink): Promise<void>;
  getFeedbackLink(hash: string): Promise<FeedbackLink | undefined>;
  /**
   * Records the citizen's answers on the case (its `feedback`, nothing else) with the event, all
   * or nothing; false when the case is gone. No audit entry: it is not a staff action.
   */
  recordFeedback(code: string, feedback: NonNullable<CaseRecord['feedback']>, event: CaseEvent): Promise<boolean>;
  /** The scheduled work due at `now` or earlier, oldest first, page by page. */
  listDue(now: Date): AsyncGenerator<DueItem[]>;
  deleteDue(item: DueItem): Promise<void>;
  /** Records one processed photo by its place in the list, leaving its publication flag alone. */
  markPhoto(code: string, index: number, photoId: string, state: Photo['state'], variants: NonNullable<Photo['variants']>): Promise<void>;
  /**
   * Records whether a photo's public copies exist (Photo.publicCopy), by its place in the list,
   * if the photo is still there; setting it also needs the photo still chosen for publication.
   * Whether it was recorded (false when the case changed meanwhile).
   */
  markPhotoCopy(code: string, index: number, photoId: string, copied: boolean): Promise<boolean>;
  /** The public record of a case, as last written; undefined when it is not published. */
  getPublic(municipality: string, code: string): Promise<PublicCase | undefined>;
  /** Writes the public record unless its digest is unchanged; whether it wrote. */
  putPublic(record: PublicCase, digest: string): Promise<boolean>;
  /** Withdraws a case from public view; whether there was one. */
  deletePublic(municipality: string, code: string): Promise<boolean>;
  /** Every public record of a municipality, page by page. */
  listPublic(municipality: string): AsyncGenerator<PublicCase[]>;
  /**
   * Open311's service requests (reports, not demo cases) matching the query, newest first, page by
   * page, read through an index by status and date: only the window's records, never the
   * municipality's whole partition.
   */
  listServiceRequests(municipality: string, query: ServiceRequestQuery): AsyncGenerator<PublicCase[]>;
  /** The public records of these codes that exist, in no set order: one read per code. */
  getPublicMany(municipality: string, codes: readonly string[]): Promise<PublicCase[]>;
  /** Counts one more request in a fixed window; false when the limit is reached. */
  hit(key: string, windowEnd: number, limit: number): Promise<boolean>;
  /** Gives back one request counted by `hit` (one that failed on our side must not use up an allowance). */
  giveBack(key: string, windowEnd: number): Promise<void>;
  /** A municipality's cases matching the query, page by page, without scanning the table. */
  listCases(municipality: string, query: CaseQuery): AsyncGenerator<CaseRecord[]>;
  /** Claims the sending of one notice of a case: true for the one caller that may send it. */
  claimNotice(code: string, kind: NoticeKind | 'feedback' | `${NoticeKind}#${number}`, now: Date, staleBefore: Date): Promise<boolean>;
  markNoticeSent(code: string, kind: NoticeKind | 'feedback' | `${NoticeKind}#${number}`, sentAt: Date, to: string): Promise<void>;
  /** Gives a claim back after a failed send. */
  releaseNotice(code: string, kind: NoticeKind | 'feedback' | `${NoticeKind}#${number}`): Promise<void>;
  getNotices(code: string): Promise<Partial<Record<NoticeKind, NoticeRecord>>>;
  /** Writes a pending subscription (expires in a week unless confirmed). */
  putSubscription(sub: Subscription): Promise<void>;
  getSubscription(scope: string, id: string): Promise<Subscription | undefined>;
  /** Confirms a subscription (keeps it with no expiry); undefined when it no longer exists or was ended. */
  confirmSubscription(scope: string, id: string, at: Date): Promise<Subscription | undefined>;
  /**
   * Ends a subscription (unsubscribing): the address is removed from the item at once, the item
   * marked `unsubscribedAt` and left to expire (TTL now); the sweep drops its digest lines. The
   * HTTP function may not delete items (infra/permissions.ts). Whether there was a live one.
   */
  endSubscription(scope: string, id: string, at: Date): Promise<boolean>;
  /** Every subscription of a scope (a case's followers, a municipality's alerts), confirmed or not. */
  listSubscriptions(scope: string): Promise<Subscription[]>;
  putSubscriptionToken(hash: string, token: SubscriptionToken): Promise<void>;
  getSubscriptionToken(hash: string): Promise<SubscriptionToken | undefined>;
  /** Adds a line to a subscriber's next digest and schedules it at `due` (both idempotent). */
  addDigestEntry(due: DigestDue, entry: DigestEntry): Promise<void>;
  /** Digests due at `now` or earlier, oldest first. */
  listDigestsDue(now: Date): Promise<DigestDue[]>;
  /** The lines waiting for a subscriber's digest, oldest first. */
  listDigestEntries(id: string): Promise<DigestEntry[]>;
  /** Removes sent lines and the digest's schedule. */
  clearDigest(due: DigestDue, entries: DigestEntry[]): Promise<void>;
  /** What a record of the table's stream is about; undefined for items no handler looks at. */
  decodeChange(record: StreamRecord): StoredChange | undefined;
}

/** Where processed public photos are served from (the CDN's /media/, or the local server's). */
export interface PhotoUrls {
  publicUrl(key: string): string;
}

export interface PresignedUpload {
  url: string;
  fields: Record<string, string>;
}

/** The uploads bucket: `incoming/` from browsers, `private/` and `public/` for processed photos. */
export interface PhotoStorage extends PhotoUrls {
  /** A browser upload straight to storage, limited in size and type. */
  presignUpload(key: string, contentType: string, maxBytes: number): Promise<PresignedUpload>;
  /** Size and type of an object, or undefined when there is none. */
  stat(key: string): Promise<{ size: number; contentType?: string | undefined } | undefined>;
  /** An object's bytes, or some of them (`bytes=0-15`). */
  read(key: string, range?: string): Promise<Buffer>;
  write(key: string, body: Buffer, contentType: string): Promise<void>;
  remove(key: string): Promise<void>;
  /** A short-lived link to a private object, for the staff page. */
  privateUrl(key: string): Promise<string>;
}

/** Decodes an untrusted picture and encodes it again without its metadata. */
export interface ImageEncoder {
  /** WebP at most `width` pixels wide, rotated upright, no EXIF/GPS/XMP. Throws when the picture is broken. */
  webp(input: Buffer, width: number): Promise<Buffer>;
}

export interface Email {
  to: string[];
  subject: string;
  html: string;
  text: string;
  replyTo?: string | undefined;
  /** Extra headers, such as List-Unsubscribe and List-Unsubscribe-Post for subscriptions. */
  headers?: Record<string, string> | undefined;
}

export interface Mailer {
  /** Sends once per idempotency key, even when retried; throws when it could not send. */
  send(email: Email, idempotencyKey: string): Promise<string>;
}

/**
 * Asking for a municipality's site to be rebuilt after its public data changed. In AWS this
 * dispatches the CI workflow naming the municipality; locally a debounced worker rebuilds the
 * site in place. Either way a burst of changes makes one build.
 */
export interface Publisher {
  /**
   * @param municipality the site to rebuild
   * @param changedAt when the public record changed; a build that started after it has it already
   * @param codes the cases whose public records changed: the fast publish path renders their
   *   pages at once (functions/domain/fast-publish.ts); a build renders everything anyway
   */
  requestBuild(municipality: string, changedAt: Date, codes?: readonly string[]): Promise<void>;
}
