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
  /** Staff choose whether a photo appears in public. */
  published: boolean;
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
  /** The public wording; staff may edit it to remove personal data. */
  publicText: string;
  address?: string | undefined;
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
  /** created: the case arrived; status: staff changed its status. (Not "type": that names the item kind in the table.) */
  change: 'created' | 'status';
  status: Status;
  public: boolean;
  answer?: string | undefined;
  referral?: string | undefined;
}
