import { z } from 'zod';

/** Text written once in Serbian (either script) and once in Albanian. */
export const localized = z.object({
  sr: z.string().min(1, 'Serbian text is required (Cyrillic or Latin, the other script is derived)'),
  sq: z.string().min(1, 'Albanian text is required'),
});
export type Localized = z.infer<typeof localized>;

const email = z.email('must be an email address such as kontakt@ezvecan.com');
const phone = z.string().regex(/^\+?[0-9 ()/-]{3,20}$/, 'must be a phone number such as +383 28 000 000 or 112');
const hexColour = z.string().regex(/^#[0-9a-f]{6}$/i, 'must be a colour such as #1d4e89');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD');
const latLng = z.tuple([z.number().min(-90).max(90), z.number().min(-180).max(180)]);

/** A category of problem for System 48h, and the inbox that receives it. */
export const category = z.object({
  code: z.string().regex(/^[a-z0-9-]+$/, 'must be lowercase ASCII with dashes, such as "roads"'),
  name: localized,
  description: localized.optional(),
  inbox: email,
});

export const department = z.object({
  name: localized,
  duties: localized,
  email: email.optional(),
  phone: phone.optional(),
});

export const municipalitySchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    /** Short name as on a signpost: Звечан / Zveçan. */
    name: localized,
    /** Official name of the body: Општина Звечан / Komuna e Zveçanit. */
    officialName: localized,
    /** "in Zvečan": у Звечану / në Zveçan. */
    nameLocative: localized,
    /** The platform's own name on this site: Е-општина Звечан / E-komuna Zveçan. */
    platformName: localized,
    domain: z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/, 'must be a bare host name such as ezvecan.com'),
    defaultLocale: z.enum(['sr', 'sr-latn', 'sq']).default('sr'),
    launched: isoDate,
    albanianSince: isoDate,
    colours: z.object({ primary: hexColour, primaryDark: hexColour, accent: hexColour }),
    /** An emblem drawn for the platform; not the municipality's official coat of arms. */
    emblem: z.object({ initials: z.string().min(1).max(3), motif: z.enum(['tower', 'river', 'hills', 'lake']) }),
    contact: z.object({
      address: localized,
      email,
      phone: phone.optional(),
      hours: localized,
    }),
    mayor: z.object({ role: localized, duties: localized }),
    assembly: z.object({ seats: z.number().int().positive().optional(), description: localized }),
    departments: z.array(department).min(1),
    /** Village and settlement count, area etc.: short facts shown on the about page. */
    facts: z.array(z.object({ label: localized, value: localized })).default([]),
    categories: z.array(category).min(1, 'a municipality needs at least one System 48h category'),
    /** Where Ask the Mayor questions go. */
    mayorInbox: email,
    /** Who hears about overdue cases. */
    supervisorInbox: email,
    map: z.object({
      center: latLng,
      zoom: z.number().int().min(1).max(19),
      bounds: z.tuple([latLng, latLng]),
      tileUrl: z.string().default('https://tile.openstreetmap.org/{z}/{x}/{y}.png'),
      attribution: z.string().default('© OpenStreetMap contributors'),
    }),
    clock: z.object({
      hours: z.number().int().positive().default(48),
      countWeekends: z.boolean(),
      countHolidays: z.boolean(),
      /** Public holidays as YYYY-MM-DD or, for holidays on a fixed day every year, MM-DD. */
      holidays: z.array(z.string().regex(/^(\d{4}-)?\d{2}-\d{2}$/)).default([]),
      timeZone: z.string().default('Europe/Belgrade'),
    }),
    /** An emergency notice shown on every page while active. */
    emergency: z
      .object({ message: localized, href: z.string().optional(), until: isoDate.optional() })
      .optional(),
    social: z.array(z.object({ label: z.string(), url: z.url() })).default([]),
  })
  .refine((m) => m.categories.length === new Set(m.categories.map((c) => c.code)).size, {
    message: 'category codes must be unique',
    path: ['categories'],
  });

export type MunicipalityInput = z.input<typeof municipalitySchema>;
export type Municipality = z.output<typeof municipalitySchema>;
export type Category = z.output<typeof category>;

/** Validates a municipality file, failing with the field and the fix. */
export function defineMunicipality(input: MunicipalityInput): Municipality {
  const parsed = municipalitySchema.safeParse(input);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  - ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`sites/municipalities/${String(input.id)}.ts is invalid:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
