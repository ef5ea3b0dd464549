import type { Status } from './statuses.ts';
import type { Locale } from '../locales.ts';

/** The kinds of case: a System 48h report or a question to the mayor. */
export type CaseKind = 'report' | 'question';

/**
 * How a case reached the municipality: the web forms (`web`, also when the field is absent), or
 * registered by staff on the citizen's behalf from a phone call, at the counter, from a letter or
 * an email. Public: the archive and the statistics show it.
 */
export const channels = ['web', 'phone', 'counter', 'letter', 'email'] as const;
export type Channel = (typeof channels)[number];
/** The channels staff register a case from (the workspace's "new case" form). */
export const staffChannels = ['phone', 'counter', 'letter', 'email'] as const satisfies readonly Channel[];

/** The languages an answer is written in: Serbian (either script; the reader's script is derived) and Albanian. */
export const answerLangs = ['sr', 'sq'] as const;
export type AnswerLang = (typeof answerLangs)[number];
/** An answer in each language staff wrote it in (one or both). */
export type Answers = Partial<Record<AnswerLang, string>>;
/** The locale a case was written in (core/locales.ts; re-exported for the functions' imports). */
export type { Locale };

export interface Photo {
  /** Random id, also the stem of the public file names. */
  id: string;
  /** Where the browser uploaded it: incoming/<uuid>. */
  incomingKey: string;
  state: 'pending' | 'ready' | 'rejected';
  /** Staff choose whether a photo appears in public; never true for a photo no one chose. */
  published: boolean;
  /**
   * When staff last chose "publish" or "hide" for it, on a reply; only ever set while the photo
   * was ready (shown to them). A photo without it is not public, whatever `published` says.
   */
  reviewedAt?: string | undefined;
  /**
   * True while the photo's public copies exist: set by the photo handler once it has written them
   * (staff chose "publish"), cleared before it removes them. The public record lists a photo only
   * with it, so no page links a file still being copied (functions/domain/photos.ts).
   */
  publicCopy?: boolean | undefined;
  /** Public keys of the processed variants, by width. */
  variants?: { w: number; key: string }[];
}

/** The case item: everything about a case except the citizen's contact details. */
export interface CaseRecord {
  code: string;
  kind: CaseKind;
  municipality: string;
  locale: Locale;
  category?: string | undefined;
  /** What the citizen wrote; shown only to staff. */
  text: string;
  /**
   * The public wording: at first the text with phone numbers and email addresses masked
   * (core/text/mask.ts); staff's wording, as they wrote it, from their first reply on.
   */
  publicText: string;
  address?: string | undefined;
  /**
   * The public wording of the address: the address with phone numbers and email addresses
   * masked (core/text/mask.ts). Absent on cases made before it existed: then `address` is public.
   */
  publicAddress?: string | undefined;
  lat?: number | undefined;
  lng?: number | undefined;
  photos: Photo[];
  status: Status;
  createdAt: string;
  updatedAt: string;
  deadlineAt: string;
  firstAnsweredAt?: string | undefined;
  /** The answer as first shown: in the citizen's language when staff wrote it, else the other (see `answers`). */
  answer?: string | undefined;
  /** The answer in each language staff wrote it in; absent on cases answered before answers had languages. */
  answers?: Answers | undefined;
  referral?: string | undefined;
  /** How the case arrived; absent means the web forms. */
  channel?: Channel | undefined;
  /**
   * The municipal inbox the case is with now: the category's inbox (or the mayor's) when it
   * arrived, another one after staff forwarded it inside the municipality. Never public. Absent on
   * cases made before it was recorded: then functions/domain/overdue.ts inboxFor says.
   */
  inbox?: string | undefined;
  /** The date (YYYY-MM-DD, the municipality's calendar) staff plan to have it done by, when in progress. Public. */
  plannedAt?: string | undefined;
  /**
   * The resolution deadline: set when the case goes "in progress" (the category's resolutionDays,
   * counted on the municipality's clock), enforced by the sweep; kept after resolution so the
   * statistics can say whether it was met. Public.
   */
  resolutionDueAt?: string | undefined;
  /** When the case was last marked resolved. Public. */
  resolvedAt?: string | undefined;
  /** The tracking code of the case this one duplicates (status `duplicate`). Public. */
  duplicateOf?: string | undefined;
  /** When the citizen last reopened the case ("not fixed", within 30 days of closure). Public. */
  reopenedAt?: string | undefined;
  /** How many times the citizen reopened it (the sweep's notices are per reopening). */
  reopenCount?: number | undefined;
  /**
   * The citizen's answers to "Was your problem solved?" and "Are you satisfied with the answer?",
   * asked once some days after closure. Public as figures (no words of the citizen).
   */
  feedback?: { solved?: boolean | undefined; satisfied?: boolean | undefined; at: string } | undefined;
  showName: boolean;
  /** Present only when the citizen chose to show their name. */
  publicName?: string | undefined;
  /** When the case last entered a closed status (core/cases/statuses.ts closedStatuses); retention counts from it. Absent while open. */
  closedAt?: string | undefined;
  /** When the sweep removed the personal data at the end of retention (functions/domain/retention.ts). */
  anonymisedAt?: string | undefined;
  /** When the personal data was erased at the citizen's request (functions/domain/erase.ts). */
  erasedAt?: string | undefined;
}

export interface ContactRecord {
  code: string;
  name?: string | undefined;
  email?: string | undefined;
  phone?: string | undefined;
}

/** One entry of a case's timeline. Events drive every email (through the table's stream). */
export interface CaseEvent {
  code: string;
  municipality: string;
  at: string;
  /**
   * created: the case arrived; status: staff changed its status; contact-viewed: staff revealed
   * the citizen's contact details on the staff page; erased: personal data erased at the
   * citizen's request; anonymised: personal data removed at the end of retention. From the staff
   * workspace: forwarded: sent on to another inbox of the municipality (the clock keeps running);
   * note: an internal note; edited: the public wording or the photos' publication changed;
   * duplicate: marked as a duplicate of another case. From the citizen, through their personal
   * link: citizen-update: information added while open; reopened: "not fixed" after closure;
   * feedback: the answers to "was it fixed?" (private; the case's `feedback` holds them).
   * (Not "type": that names the item kind in the table.)
   */
  change: 'created' | 'status' | 'contact-viewed' | 'erased' | 'anonymised' | 'forwarded' | 'note' | 'edited' | 'duplicate' | 'citizen-update' | 'reopened' | 'feedback';
  status: Status;
  public: boolean;
  answer?: string | undefined;
  /** The answer in each language it was written in (public with the event). */
  answers?: Answers | undefined;
  referral?: string | undefined;
  /** In progress: the planned date (public). */
  plannedAt?: string | undefined;
  /** Duplicate: the original's code (public). */
  duplicateOf?: string | undefined;
  /**
   * citizen-update (information added while open) and reopened ("not fixed"): what the citizen
   * wrote (`text`, never public, shown to staff) and its public wording (`publicText`: contacts
   * masked, as a new case's text; public with the event).
   */
  text?: string | undefined;
  publicText?: string | undefined;
  /** An internal note's text. Never public. */
  note?: string | undefined;
  /** Forwarded: the inbox it went from and to. Never public. */
  fromInbox?: string | undefined;
  toInbox?: string | undefined;
  /** The signed-in staff address that acted (workspace actions). Never public. */
  actor?: string | undefined;
  /**
   * Which reply link acted (staff events): a short id that is not the secret, the first 8
   * characters of the token's hash (functions/domain/tokens.ts linkIdOf). Never public: the
   * projection (core/cases/public.ts) names the fields it copies, and this is not one.
   */
  linkId?: string | undefined;
  /** The municipal inbox that link was mailed to. Never public. */
  inbox?: string | undefined;
  /**
   * Who acted: a reply link (`linkId`, `inbox`), a signed-in member of staff in the workspace
   * (`actor`), the operator's command line (`npm run erase`) or the retention sweep. Never public.
   */
  via?: 'link' | 'session' | 'operator' | 'retention' | 'citizen' | undefined;
}
