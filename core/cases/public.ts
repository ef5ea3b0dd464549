/**
 * The public projection of a case: the only thing the sites' build, the archive, the statistics
 * and the open data ever read. It is written from an explicit allowlist of fields (never "the
 * record minus private fields") every time a case changes, and deleted when a case is rejected
 * as spam. The same schema validates it wherever it is read.
 */
import { z } from 'zod';
import { localeEnum, localeInfo, type Locale } from '../locales.ts';
import { statuses, type Status } from './statuses.ts';
import { staffChannels, type AnswerLang, type Answers, type CaseEvent, type CaseRecord } from './model.ts';

export const PUBLIC_SCHEMA_VERSION = 1;

const iso = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/, 'must be an ISO 8601 time with a zone');
/** A calendar date of the municipality (a planned date): YYYY-MM-DD. */
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date such as 2026-03-14');
const trackingCode = z.string().regex(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/, 'must be a tracking code such as K7QM-3XTD');
/** An answer in each language staff wrote it in: Serbian (either script) and Albanian. */
const answersSchema = z.object({ sr: z.string().optional(), sq: z.string().optional() });

export const publicPhotoSchema = z.object({
  id: z.string().regex(/^[a-zA-Z0-9_-]{1,40}$/),
  variants: z.array(z.object({ w: z.number().int().positive(), url: z.string() })).min(1),
});

export const publicEventSchema = z.object({
  at: iso,
  status: z.enum(statuses),
  answer: z.string().optional(),
  /** The answer given at this step in each language it was written in. */
  answers: answersSchema.optional(),
  referral: z.string().optional(),
  /** In progress: the date staff planned to have it done by. */
  plannedAt: date.optional(),
  /** Marked as a duplicate: the original's code. */
  duplicateOf: trackingCode.optional(),
  /** A step of the citizen's (information added, or reopened as not fixed), not staff's. */
  by: z.literal('citizen').optional(),
  /** The public wording of what the citizen added (contacts masked). */
  text: z.string().optional(),
  /** The citizen's step reopened the case ("not fixed"), rather than adding information. */
  reopened: z.literal(true).optional(),
});

export const publicCaseSchema = z.object({
  v: z.literal(PUBLIC_SCHEMA_VERSION),
  code: trackingCode,
  kind: z.enum(['report', 'question']),
  municipality: z.string().regex(/^[a-z0-9-]+$/),
  /** System 48h category code (reports only). */
  category: z.string().optional(),
  /** The locale the citizen wrote in; Serbian text is shown in the reader's script. */
  lang: z.enum(localeEnum),
  /** The public wording of what the citizen wrote (staff may have edited it). */
  text: z.string(),
  address: z.string().optional(),
  lat: z.number().optional(),
  lng: z.number().optional(),
  status: z.enum(statuses),
  createdAt: iso,
  updatedAt: iso,
  deadlineAt: iso,
  firstAnsweredAt: iso.optional(),
  /** The answer shown first: in the citizen's language when staff wrote one, else the other. */
  answer: z.string().optional(),
  /** The answer in each language staff wrote it in (absent on cases answered before answers had languages). */
  answers: answersSchema.optional(),
  referral: z.string().optional(),
  /** How the case reached the municipality when not through the web forms (staff registered it). */
  channel: z.enum(staffChannels).optional(),
  /** In progress: the date (local) staff plan to have it done by. */
  plannedAt: date.optional(),
  /** The resolution deadline, from the moment staff marked it in progress; kept after resolution. */
  resolutionDueAt: iso.optional(),
  /** When it was marked resolved. */
  resolvedAt: iso.optional(),
  /** Status duplicate: the code of the case it duplicates. */
  duplicateOf: trackingCode.optional(),
  /** When the citizen last reopened it as not fixed. */
  reopenedAt: iso.optional(),
  /** The citizen's answers to "was it fixed?" and "satisfied?", when given. */
  feedback: z.object({ solved: z.boolean().optional(), satisfied: z.boolean().optional() }).optional(),
  /** Present only when the citizen chose to show their name. */
  name: z.string().optional(),
  photos: z.array(publicPhotoSchema),
  timeline: z.array(publicEventSchema),
  /** Historical cases made up by `npm run seed:demo`; shown with a notice. */
  demo: z.boolean().optional(),
});
export type PublicCase = z.infer<typeof publicCaseSchema>;

/**
 * The kinds of event the public timeline may show. Defence in depth: the timeline takes an event
 * only when it is marked public AND of one of these kinds, so an internal note, a forward between
 * inboxes, an edit or a contact view stays out even if a bug marked it public.
 */
export const publicEventKinds: readonly CaseEvent['change'][] = ['created', 'status', 'duplicate', 'erased', 'anonymised', 'citizen-update', 'reopened'];

/** Answers named language by language; undefined when there is none. */
function publicAnswers(a: Answers | undefined): Answers | undefined {
  if (!a) return undefined;
  const out: Answers = {};
  if (a.sr) out.sr = a.sr;
  if (a.sq) out.sq = a.sq;
  return out.sr !== undefined || out.sq !== undefined ? out : undefined;
}

/**
 * Builds the public record from the case and its events. Every field is named here on purpose:
 * a field added to the case later stays private until someone adds it to this list.
 */
export function toPublicCase(record: CaseRecord, events: CaseEvent[], publicUrl: (key: string) => string): PublicCase {
  const optional = <K extends string, V>(key: K, value: V | undefined) => (value === undefined || value === '' ? {} : ({ [key]: value } as { [P in K]: V }));
  return {
    v: PUBLIC_SCHEMA_VERSION,
    code: record.code,
    kind: record.kind,
    municipality: record.municipality,
    ...optional('category', record.category),
    lang: record.locale,
    text: record.publicText,
    // The masked wording (core/text/mask.ts); cases made before it existed have only `address`.
    ...optional('address', record.publicAddress ?? record.address),
    ...optional('lat', record.lat),
    ...optional('lng', record.lng),
    status: record.status,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    deadlineAt: record.deadlineAt,
    ...optional('firstAnsweredAt', record.firstAnsweredAt),
    ...optional('answer', record.answer),
    ...optional('answers', publicAnswers(record.answers)),
    ...optional('referral', record.referral),
    // The web forms are the default and say nothing; only the other channels are named.
    ...optional('channel', record.channel === 'web' ? undefined : record.channel),
    ...optional('plannedAt', record.plannedAt),
    ...optional('resolutionDueAt', record.resolutionDueAt),
    ...optional('resolvedAt', record.resolvedAt),
    ...optional('duplicateOf', record.duplicateOf),
    ...optional('reopenedAt', record.reopenedAt),
    ...optional('feedback', record.feedback ? { ...optional('solved', record.feedback.solved), ...optional('satisfied', record.feedback.satisfied) } : undefined),
    ...optional('name', record.showName ? record.publicName : undefined),
    // Only what a person chose to publish while they could see it (functions/domain/service.ts
    // choosePhotos): a `published` flag without `reviewedAt` was never a person's choice. And only
    // once its public copies exist (`publicCopy`, set by the photo handler after copying), so a
    // page never shows a broken image while the copy is being made.
    photos: record.photos
      .filter((p) => p.published && p.reviewedAt && p.publicCopy && p.state === 'ready' && p.variants?.length)
      .map((p) => ({ id: p.id, variants: p.variants!.map((v) => ({ w: v.w, url: publicUrl(v.key) })) })),
    // Never copied from an event: note, actor, inbox, fromInbox, toInbox, linkId, via.
    timeline: events
      .filter((e) => e.public && publicEventKinds.includes(e.change))
      .sort((a, b) => a.at.localeCompare(b.at))
      .map((e) => ({
        at: e.at,
        status: e.status,
        ...optional('answer', e.answer),
        ...optional('answers', publicAnswers(e.answers)),
        ...optional('referral', e.referral),
        ...optional('plannedAt', e.plannedAt),
        ...optional('duplicateOf', e.duplicateOf),
        // The citizen's own steps: their public wording only (contacts masked), never `text`.
        ...(e.change === 'citizen-update' || e.change === 'reopened' ? { by: 'citizen' as const, ...optional('text', e.publicText), ...(e.change === 'reopened' ? { reopened: true as const } : {}) } : {}),
      })),
  };
}

/** Whether a case is published at all: spam rejected by staff is not. */
export function isPublished(status: Status): boolean {
  return status !== 'rejected';
}

/**
 * When a municipality's new cases become public (`publish` in content/<id>/municipality.yaml):
 * at once (FixMyStreet's way, the default; phone numbers and email addresses are masked in the
 * public wording until staff reply), or only after staff have looked at them.
 */
export const publishPolicies = ['at-once', 'after-review'] as const;
export type PublishPolicy = (typeof publishPolicies)[number];

/**
 * Whether staff have looked at a case: any reply of theirs, whatever the outcome ("in progress"
 * too), is a status event. Opening the staff page is not: a link may be opened by a mail scanner.
 */
export function reviewedByStaff(events: readonly Pick<CaseEvent, 'change'>[]): boolean {
  return events.some((e) => e.change === 'status');
}

/**
 * Where a case stands for the public: published; held until staff review it (no public record,
 * and the live page shows only the code and the status); or withdrawn (spam).
 */
export function publicState(record: Pick<CaseRecord, 'status'>, events: readonly Pick<CaseEvent, 'change'>[], policy: PublishPolicy): 'public' | 'awaiting-review' | 'withdrawn' {
  if (!isPublished(record.status)) return 'withdrawn';
  if (policy === 'after-review' && !reviewedByStaff(events)) return 'awaiting-review';
  return 'public';
}

/**
 * What the live page and `/api/cases/<code>` show of a case held for review: that it exists, its
 * kind and category, its status and dates. Nothing the citizen wrote, no place, photo or name.
 */
export interface HeldCase {
  code: string;
  kind: PublicCase['kind'];
  municipality: string;
  category?: string;
  status: Status;
  createdAt: string;
  deadlineAt: string;
  firstAnsweredAt?: string;
  awaitingReview: true;
}

export function toHeldCase(record: CaseRecord): HeldCase {
  return {
    code: record.code,
    kind: record.kind,
    municipality: record.municipality,
    ...(record.category ? { category: record.category } : {}),
    status: record.status,
    createdAt: record.createdAt,
    deadlineAt: record.deadlineAt,
    ...(record.firstAnsweredAt ? { firstAnsweredAt: record.firstAnsweredAt } : {}),
    awaitingReview: true,
  };
}

/**
 * Where a case stands against its deadline at `now`: answered in time (met), answered late
 * (missed), not answered and still in time (open), not answered and late (overdue).
 */
export type DeadlineState = 'met' | 'missed' | 'open' | 'overdue';
export function deadlineState(c: Pick<PublicCase, 'firstAnsweredAt' | 'deadlineAt'>, now: Date): DeadlineState {
  if (c.firstAnsweredAt) return c.firstAnsweredAt <= c.deadlineAt ? 'met' : 'missed';
  return now.toISOString() > c.deadlineAt ? 'overdue' : 'open';
}

/**
 * Whether a case counts as resolved: its status is `resolved` and it says when. (A case resolved
 * before the time was recorded has no `resolvedAt`: it is left out of the resolution figures.)
 */
export function isResolved(c: Pick<PublicCase, 'status' | 'resolvedAt'>): c is Pick<PublicCase, 'status'> & { resolvedAt: string } {
  return c.status === 'resolved' && !!c.resolvedAt;
}

/**
 * Where a case stands against its resolution deadline at `now`: resolved by it (met), resolved
 * after it (missed), still open and in time (running), still open and late (passed). Undefined
 * when there is nothing to say: no resolution deadline (never in progress), or resolved without
 * one, or closed otherwise (answered, not within competence, duplicate…).
 */
export type ResolutionState = 'met' | 'missed' | 'running' | 'passed';
export function resolutionState(c: Pick<PublicCase, 'status' | 'resolvedAt' | 'resolutionDueAt'>, now: Date): ResolutionState | undefined {
  if (!c.resolutionDueAt) return undefined;
  // Compared as instants: the two times may be written with and without milliseconds.
  const due = Date.parse(c.resolutionDueAt);
  if (isResolved(c)) return Date.parse(c.resolvedAt) <= due ? 'met' : 'missed';
  if (c.status === 'received' || c.status === 'in_progress') return now.getTime() > due ? 'passed' : 'running';
  return undefined;
}

/** An answer and the locale it is written in (for core/text/reader.ts textFor: Serbian in either script, or Albanian). */
export interface WrittenAnswer {
  text: string;
  written: Locale;
}

/**
 * The answer a reader of `locale` sees first and, when staff wrote it in both languages, the
 * other one: the reader's language (Albanian on /sq/, Serbian on the others) when there is an
 * answer in it, else the one there is. A case answered before answers had languages has only
 * `answer`, in the citizen's language. The case template and Open311 both choose this way.
 */
export function answersFor(c: Pick<PublicCase, 'lang' | 'answer' | 'answers'>, locale: Locale): { first: WrittenAnswer; other?: WrittenAnswer & { lang: AnswerLang } } | undefined {
  const mine: AnswerLang = localeInfo(locale).source === 'sq' ? 'sq' : 'sr';
  const theirs: AnswerLang = mine === 'sq' ? 'sr' : 'sq';
  const written = (lang: AnswerLang): Locale => (lang === 'sq' ? 'sq' : 'sr');
  const a = c.answers;
  if (a?.[mine]) return { first: { text: a[mine]!, written: written(mine) }, ...(a[theirs] ? { other: { text: a[theirs]!, written: written(theirs), lang: theirs } } : {}) };
  if (a?.[theirs]) return { first: { text: a[theirs]!, written: written(theirs) } };
  return c.answer ? { first: { text: c.answer, written: c.lang } } : undefined;
}
