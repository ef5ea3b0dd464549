/**
 * The public projection of a case: the only thing the sites' build, the archive, the statistics
 * and the open data ever read. It is written from an explicit allowlist of fields (never "the
 * record minus private fields") every time a case changes, and deleted when a case is rejected
 * as spam. The same schema validates it wherever it is read.
 */
import { z } from 'zod';
import { localeEnum } from '../locales.ts';
import { statuses, type Status } from './statuses.ts';
import type { CaseEvent, CaseRecord } from './model.ts';

export const PUBLIC_SCHEMA_VERSION = 1;

const iso = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/, 'must be an ISO 8601 time with a zone');

export const publicPhotoSchema = z.object({
  id: z.string().regex(/^[a-zA-Z0-9_-]{1,40}$/),
  variants: z.array(z.object({ w: z.number().int().positive(), url: z.string() })).min(1),
});

export const publicEventSchema = z.object({
  at: iso,
  status: z.enum(statuses),
  answer: z.string().optional(),
  referral: z.string().optional(),
});

export const publicCaseSchema = z.object({
  v: z.literal(PUBLIC_SCHEMA_VERSION),
  code: z.string().regex(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/, 'must be a tracking code such as K7QM-3XTD'),
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
  answer: z.string().optional(),
  referral: z.string().optional(),
  /** Present only when the citizen chose to show their name. */
  name: z.string().optional(),
  photos: z.array(publicPhotoSchema),
  timeline: z.array(publicEventSchema),
  /** Historical cases made up by `npm run seed:demo`; shown with a notice. */
  demo: z.boolean().optional(),
});
export type PublicCase = z.infer<typeof publicCaseSchema>;

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
    ...optional('referral', record.referral),
    ...optional('name', record.showName ? record.publicName : undefined),
    // Only what a person chose to publish while they could see it (functions/domain/service.ts
    // choosePhotos): a `published` flag without `reviewedAt` was never a person's choice.
    photos: record.photos
      .filter((p) => p.published && p.reviewedAt && p.state === 'ready' && p.variants?.length)
      .map((p) => ({ id: p.id, variants: p.variants!.map((v) => ({ w: v.w, url: publicUrl(v.key) })) })),
    timeline: events
      .filter((e) => e.public)
      .sort((a, b) => a.at.localeCompare(b.at))
      .map((e) => ({ at: e.at, status: e.status, ...optional('answer', e.answer), ...optional('referral', e.referral) })),
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
