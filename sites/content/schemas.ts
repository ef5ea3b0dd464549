import { z } from 'zod';

/**
 * Frontmatter of every collection. One base extended per type; every message tells the editor
 * what to write instead, because the build prints it next to the file and the field.
 */

/** True when YYYY-MM-DD names a day that exists (Date.parse accepts 2026-02-31). */
function realDay(s: string): boolean {
  const [y, m, d] = s.slice(0, 10).split('-').map(Number);
  const date = new Date(Date.UTC(y!, m! - 1, d!));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m! - 1 && date.getUTCDate() === d;
}

const isoDate = z
  .string({ error: 'write a date as YYYY-MM-DD, for example 2026-11-28 (in quotes is fine)' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'write the date as YYYY-MM-DD, for example 2026-11-28')
  .refine(realDay, 'this is not a real calendar date: check the month and day');

const isoDateTime = z
  .string({ error: 'write a date and time as YYYY-MM-DDTHH:MM, for example 2026-12-05T18:00' })
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'write the date and local time as YYYY-MM-DDTHH:MM, for example 2026-12-05T18:00')
  .refine((s) => realDay(s) && Number(s.slice(11, 13)) < 24 && Number(s.slice(14, 16)) < 60, 'this is not a real date and time: check the month, day and hour');

const link = z.object({
  label: z.string().min(1, 'give the link a label the reader sees'),
  href: z
    .string()
    .regex(/^(https?:\/\/|\/|mailto:|tel:)/, 'a link starts with https://, /, mailto: or tel:'),
});

const base = z.strictObject({
  title: z
    .string({ error: 'every file needs a title: add a line such as  title: "Budget hearing 2027"' })
    .min(3, 'the title is too short: write at least a few words')
    .max(140, 'the title is longer than 140 characters: shorten it and move the detail into the text'),
  summary: z
    .string({ error: 'add a one- or two-sentence summary: it is shown in lists, search results and feeds' })
    .min(10, 'the summary is too short: write one or two sentences')
    .max(400, 'the summary is longer than 400 characters: keep it to one or two sentences'),
  draft: z.boolean().default(false),
});

export const newsSchema = base.extend({
  date: isoDate,
  tags: z.array(z.string()).default([]),
});

export const eventShape = base.extend({
  start: isoDateTime,
  end: isoDateTime.optional(),
  location: z.string({ error: 'say where the event happens: add  location: "…"' }).min(2),
});

export const eventSchema = eventShape.refine((e) => !e.end || e.end >= e.start, {
    message: 'the event ends before it starts: end must be later than start',
    path: ['end'],
  });

export const documentTypes = ['decision', 'budget', 'plan', 'tender', 'tender-result', 'vacancy', 'report', 'regulation'] as const;
export type DocumentType = (typeof documentTypes)[number];

export const documentSchema = base.extend({
  type: z.enum(documentTypes, {
    error: `type must be one of: ${documentTypes.join(', ')}`,
  }),
  date: isoDate,
  /** The official register number, if the document has one. */
  number: z.string().optional(),
  /** Where a tender or vacancy closes. */
  deadline: isoDate.optional(),
  attachments: z.array(link.extend({ format: z.string().optional() })).default([]),
});

export const consultationShape = base.extend({
  opens: isoDate,
  closes: isoDate,
  /** Links to the draft and its annexes. */
  documents: z.array(link).default([]),
  /** Where comments go while the consultation is open. */
  commentsTo: z.string().optional(),
  /** What the municipality did with the comments, once it has published it. */
  outcome: z.string().optional(),
});

export const consultationSchema = consultationShape.refine((c) => c.closes >= c.opens, {
    message: 'the consultation closes before it opens: closes must be on or after opens',
    path: ['closes'],
  });

export const infoSchema = base.extend({
  updated: isoDate,
  /** An archived page stays readable but says it is no longer kept up to date. */
  archived: z.boolean().default(false),
  phones: z.array(z.object({ label: z.string(), number: z.string().regex(/^\+?[0-9 ()/-]{2,20}$/, 'a phone number has only digits, spaces, + ( ) / and -') })).default([]),
  links: z.array(link).default([]),
  figures: z.array(z.object({ label: z.string(), value: z.string(), asOf: isoDate.optional() })).default([]),
});

export const pageSchema = base.extend({
  /** Order in navigation lists, smallest first. */
  order: z.number().int().default(100),
});

export const schemas = {
  news: newsSchema,
  events: eventSchema,
  documents: documentSchema,
  consultations: consultationSchema,
  info: infoSchema,
  pages: pageSchema,
} as const;

/** The same schemas without cross-field checks, for extending with loader fields. */
export const shapes = {
  news: newsSchema,
  events: eventShape,
  documents: documentSchema,
  consultations: consultationShape,
  info: infoSchema,
  pages: pageSchema,
} as const;

export type CollectionName = keyof typeof schemas;
export const collectionNames = Object.keys(schemas) as CollectionName[];
