import type { Status } from './statuses.ts';
import type { Locale } from '../locales.ts';

/** The kinds of case: a System 48h report or a question to the mayor. */
export type CaseKind = 'report' | 'question';
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
  answer?: string | undefined;
  referral?: string | undefined;
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
   * citizen's request; anonymised: personal data removed at the end of retention. (Not "type":
   * that names the item kind in the table.)
   */
  change: 'created' | 'status' | 'contact-viewed' | 'erased' | 'anonymised';
  status: Status;
  public: boolean;
  answer?: string | undefined;
  referral?: string | undefined;
  /**
   * Which reply link acted (staff events): a short id that is not the secret, the first 8
   * characters of the token's hash (functions/domain/tokens.ts linkIdOf). Never public: the
   * projection (core/cases/public.ts) names the fields it copies, and this is not one.
   */
  linkId?: string | undefined;
  /** The municipal inbox that link was mailed to. Never public. */
  inbox?: string | undefined;
  /** Who acted when no link did: the operator's command line (`npm run erase`) or the retention sweep. */
  via?: 'link' | 'operator' | 'retention' | undefined;
}
