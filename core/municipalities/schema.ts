import { z } from 'zod';
import { localeKeys, type Locale } from '../locales.ts';
import { publishPolicies } from '../cases/public.ts';

// Every object is strict: a misspelt field in an editor's YAML file is reported, not dropped.

/** Text written once in Serbian (either script) and once in Albanian. */
export const localized = z.strictObject(
  {
    sr: z.string().min(1, 'Serbian text is required (Cyrillic or Latin, the other script is derived)'),
    sq: z.string().min(1, 'Albanian text is required'),
  },
  { error: (i) => (i.code === 'invalid_type' ? 'must be text in both languages: sr: … (Serbian) and sq: … (Albanian)' : undefined) },
);
export type Localized = z.infer<typeof localized>;

const email = z.email('must be an email address such as kontakt@ezvecan.com');
const phone = z.string('must be a phone number such as +383 28 000 000 or 112').regex(/^\+?[0-9 ()/-]{3,20}$/, 'must be a phone number such as +383 28 000 000 or 112');
const hexColour = z.string('must be a colour such as "#1d4e89" (in quotes: in YAML a # starts a comment)').regex(/^#[0-9a-f]{6}$/i, 'must be a colour such as "#1d4e89"');
const isoDate = z.string('must be a date written YYYY-MM-DD').regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD');
const holiday = z.string('must be a date written MM-DD (every year) or YYYY-MM-DD').regex(/^(\d{4}-)?\d{2}-\d{2}$/, 'must be a date written MM-DD (every year) or YYYY-MM-DD');
const latLng = z.tuple([z.number().min(-90).max(90), z.number().min(-180).max(180)], 'must be [latitude, longitude], such as [42.9075, 20.8406]');
const code = z.string('must be a code in lowercase ASCII with dashes, such as "roads"').regex(/^[a-z0-9-]+$/, 'must be lowercase ASCII with dashes, such as "roads"');
const slug = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** A category of problem for System 48h, and the inbox that receives it. */
const resolutionDays = z.number('must be a whole number of days, such as 10').int('must be a whole number of days, such as 10').positive('must be at least 1 day').max(365, 'must be at most 365 days');

/** A category of problem for System 48h, and the inbox that receives it. */
export const category = z.strictObject({
  code,
  name: localized,
  description: localized.optional(),
  inbox: email,
  /**
   * How long staff have to resolve a case once they mark it "in progress": days of the
   * municipality's clock (working days when it stops at weekends and holidays).
   */
  resolutionDays,
});

export const department = z.strictObject({
  name: localized,
  duties: localized,
  email: email.optional(),
  phone: phone.optional(),
});

/**
 * The fields of a municipality, in the order of the objects the registry hands out (zod builds
 * its output in this order, whatever the order in the file).
 */
const fields = {
  id: z.string().regex(slug, 'must be lowercase ASCII with dashes, such as "zubin-potok"'),
  /** Short name as on a signpost: Звечан / Zveçan. */
  name: localized,
  /** Official name of the body: Општина Звечан / Komuna e Zveçanit. */
  officialName: localized,
  /** "in Zvečan": у Звечану / në Zveçan. */
  nameLocative: localized,
  /** The platform's own name on this site: Е-општина Звечан / E-komuna Zveçan. */
  platformName: localized,
  domain: z.string('must be a bare host name such as ezvecan.com').regex(/^[a-z0-9.-]+\.[a-z]{2,}$/, 'must be a bare host name such as ezvecan.com'),
  defaultLocale: z.enum(localeKeys as [Locale, ...Locale[]]).default('sr'),
  launched: isoDate,
  albanianSince: isoDate,
  colours: z.strictObject({ primary: hexColour, primaryDark: hexColour, accent: hexColour }),
  /** An emblem drawn for the platform; not the municipality's official coat of arms. */
  emblem: z.strictObject({ initials: z.string().min(1).max(3), motif: z.enum(['tower', 'river', 'hills', 'lake']) }),
  contact: z.strictObject({
    address: localized,
    email,
    phone: phone.optional(),
    hours: localized,
  }),
  mayor: z.strictObject({ role: localized, duties: localized }),
  assembly: z.strictObject({ seats: z.number().int().positive().optional(), description: localized }),
  departments: z.array(department).min(1, 'a municipality needs at least one department'),
  /** Village and settlement count, area etc.: short facts shown on the about page. */
  facts: z.array(z.strictObject({ label: localized, value: localized })).default([]),
  categories: z.array(category).min(1, 'a municipality needs at least one System 48h category'),
  /** Where Ask the Mayor questions go. */
  mayorInbox: email,
  /** Who hears about overdue cases, and sees every case of the municipality in the staff workspace. */
  supervisorInbox: email,
  /**
   * The site's editors: they may sign in to the staff workspace (to register cases received by
   * phone, at the counter or by letter) but receive no cases of their own.
   */
  editors: z.array(email).default([]),
  /** The resolution deadline of a category that does not set its own (resolutionDays). */
  resolutionDays: resolutionDays.default(20),
  map: z.strictObject({
    center: latLng,
    zoom: z.number().int().min(1).max(19),
    bounds: z.tuple([latLng, latLng], 'must be [[south, west], [north, east]], such as [[42.84, 20.72], [42.98, 20.95]]'),
    tileUrl: z.string().default('https://tile.openstreetmap.org/{z}/{x}/{y}.png'),
    attribution: z.string().default('© OpenStreetMap contributors'),
  }),
  clock: z.strictObject({
    hours: z.number().int().positive().default(48),
    countWeekends: z.boolean(),
    countHolidays: z.boolean(),
    /** Public holidays as YYYY-MM-DD or, for holidays on a fixed day every year, MM-DD. */
    holidays: z.array(holiday).default([]),
    timeZone: z.string().default('Europe/Belgrade'),
  }),
  /**
   * When new cases become public: `at-once` (the default: on the live page, the archive and open
   * data as soon as they arrive, with phone numbers and email addresses masked until staff reply)
   * or `after-review` (nothing of a new case is public until staff reply to it).
   */
  publish: z
    .enum(publishPolicies, 'must be at-once (new cases are public as they arrive, phone numbers and emails masked) or after-review (public only once staff have replied)')
    .default('at-once'),
  /** An emergency notice shown on every page while active. */
  emergency: z.strictObject({ message: localized, href: z.string().optional(), until: isoDate.optional() }).optional(),
  social: z.array(z.strictObject({ label: z.string(), url: z.url() })).default([]),
};

const uniqueCodes = (list: readonly { code: string }[]) => list.length === new Set(list.map((c) => c.code)).size;

/** A municipality as the sites and the functions use it. */
export const municipalitySchema = z.strictObject(fields).refine((m) => uniqueCodes(m.categories), {
  message: 'category codes must be unique: each code may be listed once',
  path: ['categories'],
});

export type MunicipalityInput = z.input<typeof municipalitySchema>;
export type Municipality = z.output<typeof municipalitySchema>;
export type Category = z.output<typeof category>;

// ---------------------------------------------------------------------------------------------
// What editors write: content/shared/categories.yaml, content/shared/holidays.yaml and
// content/<id>/municipality.yaml. resolve.ts turns them into the Municipality above.

/** content/shared/categories.yaml: the default System 48h categories, as a list. */
export const catalogueSchema = z
  .array(z.strictObject({ code, name: localized, description: localized.optional(), resolutionDays: resolutionDays.optional() }), 'must be a list of categories, each starting with "- code: …"')
  .refine(uniqueCodes, 'category codes must be unique: each code may be listed once');
export type CatalogueEntry = z.output<typeof catalogueSchema>[number];

/** content/shared/holidays.yaml: named lists of public holidays (`serbian: [01-01, …]`). */
export const holidayListsSchema = z.record(
  z.string().regex(slug, 'a list name must be lowercase ASCII with dashes, such as "serbian"'),
  z.array(holiday, 'must be a list of dates, each on a line starting with "- "'),
  'must be named lists of dates, such as serbian: [01-01, 01-07]',
);
export type HolidayLists = z.output<typeof holidayListsSchema>;

/**
 * One entry of a municipality's `categories`: the code of a category in the shared catalogue and
 * the inbox that receives it; `name` and `description` replace the catalogue's text (each as a
 * whole, both languages). A code the catalogue does not have needs at least a `name`.
 */
export const categoryEntrySchema = z.strictObject({
  code,
  inbox: email,
  name: localized.optional(),
  description: localized.optional(),
  /** Replaces the catalogue's (or the municipality's) resolution deadline for this category. */
  resolutionDays: resolutionDays.optional(),
});
export type CategoryEntry = z.output<typeof categoryEntrySchema>;

/** The fields as written in the file: the same, but for the id, the categories and the clock. */
const fileFields = z.strictObject(fields).omit({ id: true, categories: true, clock: true }).shape;

/** content/<id>/municipality.yaml. The id is the folder's name. */
export const municipalityFileSchema = z.strictObject({
  /** Place in lists of municipalities (the first is the API's default host); none: last, by id. */
  order: z.number().int().positive().optional(),
  ...fileFields,
  categories: z.array(categoryEntrySchema, 'must be a list of categories, each on a line such as - { code: roads, inbox: infrastruktura@ezvecan.com }').min(1, 'a municipality needs at least one System 48h category'),
  clock: fields.clock.extend({
    /** The name of a list in content/shared/holidays.yaml, or the dates themselves. */
    holidays: z.union([z.string().regex(slug), z.array(holiday)], 'must be the name of a list in content/shared/holidays.yaml (such as serbian) or a list of dates').optional(),
  }),
});
export type MunicipalityFile = z.output<typeof municipalityFileSchema>;
