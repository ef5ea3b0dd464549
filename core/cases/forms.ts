// First: no eval probe under the sites' Content-Security-Policy (see the module).
import '../security/zod-csp.ts';
import { z } from 'zod';
import { localeEnum } from '../locales.ts';
import { cleanMultiLine, cleanSingleLine, problemIn } from '../text/hygiene.ts';

/**
 * The two citizen forms, one schema each, shared by the site's form (inline errors) and the
 * function (the authority). Messages are error codes, translated where they are shown
 * (`form.error.<code>` in core/i18n). Field names are the HTML form's names.
 */

export const MAX_PHOTOS = 5;
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
/** A form filled faster than this (when the browser told us when it started) is treated as a bot. */
export const MIN_FILL_MS = 3000;

/** Error codes a form field can carry; each has a translation `form.error.<code>`. */
export const formErrorCodes = [
  'required', 'tooShort', 'tooLong', 'invalidEmail', 'invalidPhone', 'contactRequired', 'consentRequired',
  'unknownCategory', 'locationRequired', 'outsideArea', 'invalidCoordinates', 'tooManyPhotos', 'invalidPhoto',
  'invalidName', 'invalid', 'tooFast', 'photoTooBig',
  // Text hygiene (core/text/hygiene.ts)
  'bidiControl', 'controlCharacter', 'invisibleCharacter', 'brokenCharacter', 'tooManyMarks',
  // The staff form: a ready photo needs "publish" or "hide"
  'photoChoice',
  // The staff workspace (functions/domain/workspace.ts; messages in core/i18n/workspace-case/):
  // a planned date that is no date or is past, an inbox or a case that is not one to choose, an
  // action the case's status does not allow
  'invalidDate', 'pastDate', 'unknownInbox', 'sameInbox', 'unknownCase', 'sameCase', 'caseClosed',
] as const;
export type FormErrorCode = (typeof formErrorCodes)[number];

/** Line breaks, and angle brackets, which no name or address needs. */
const LINE_BREAK_OR_MARKUP = /[\r\n\u2028\u2029<>]/;

/** Adds the first hygiene problem of a text (core/text/hygiene.ts) as the field's error. */
const hygiene = (kind: 'single' | 'multi') => (s: string, ctx: z.RefinementCtx) => {
  const problem = problemIn(s, kind);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
};

/**
 * Single-line text, NFC: no line breaks (these would let a name inject mail headers), no angle
 * brackets, and nothing core/text/hygiene.ts refuses in a single line (controls, bidi,
 * invisible characters, lone surrogates, stacked marks).
 */
export const singleLine = (max: number) =>
  z
    .string()
    .overwrite(cleanSingleLine)
    .trim()
    .superRefine((s, ctx) => {
      if (LINE_BREAK_OR_MARKUP.test(s)) ctx.addIssue({ code: 'custom', message: 'invalidName' });
      else hygiene('single')(s, ctx);
    })
    .max(max, 'tooLong');

/**
 * Multi-line text, NFC with line breaks as LF and meaningless invisible characters removed;
 * refused with a field message: controls (but tab and line feed), bidi controls, lone
 * surrogates, stacked marks.
 */
export const multiLine = (min: number, max: number) =>
  z
    .string({ error: 'required' })
    .overwrite(cleanMultiLine)
    .trim()
    .superRefine(hygiene('multi'))
    .min(1, 'required')
    .min(min, 'tooShort')
    .max(max, 'tooLong');

/**
 * A contact field (email, phone): clean, then its format. A line break is a format error (the
 * header injection it would be is no address at all); other hygiene problems get their own
 * message.
 */
const contact = (format: z.ZodType<string, string>, code: FormErrorCode) =>
  z
    .string()
    .overwrite(cleanSingleLine)
    .trim()
    .superRefine((s, ctx) => {
      if (/[\r\n\u2028\u2029]/.test(s)) ctx.addIssue({ code: 'custom', message: code });
      else hygiene('single')(s, ctx);
    })
    .pipe(format);
/** The same, optional: empty is absent. */
const optionalContact = (format: z.ZodType<string, string>, code: FormErrorCode) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), contact(format, code).optional());

const checkbox = z.preprocess((v) => v === true || v === 'on' || v === 'true' || v === '1', z.boolean());
const optionalText = (max: number) => z.preprocess((v) => (v === '' || v == null ? undefined : v), singleLine(max).optional());
const optionalNumber = z.preprocess((v) => (v === '' || v == null ? undefined : Number(v)), z.number({ error: 'invalidCoordinates' }).finite('invalidCoordinates').optional());

const emailFormat = z.email('invalidEmail').max(254, 'tooLong');
const email = optionalContact(emailFormat, 'invalidEmail');
const phone = optionalContact(z.string().regex(/^\+?[0-9][0-9 ()/-]{5,19}$/, 'invalidPhone'), 'invalidPhone');

/** Fields every form carries besides the citizen's answers. */
const common = {
  municipality: z.string().regex(/^[a-z0-9-]{2,40}$/, 'invalid'),
  locale: z.enum(localeEnum).default('sr'),
  name: optionalText(100),
  showName: checkbox.default(false),
  consent: checkbox.refine((v) => v, 'consentRequired'),
  /** Honeypot: hidden from people, filled by bots. */
  website: z.string().max(500).optional(),
  /** When the form was shown (ms since epoch), set by the browser when it runs JavaScript. */
  startedAt: z.preprocess((v) => (v === '' || v == null ? undefined : Number(v)), z.number().int().positive().optional()),
  /** A random key per form view, so a retry or double click makes one case. */
  idempotencyKey: z.preprocess((v) => (v === '' ? undefined : v), z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'invalid').optional()),
};

/** Photo upload keys returned by the upload endpoint: incoming/<uuid>. */
const photoKey = z.string().regex(/^incoming\/[0-9a-f-]{36}$/, 'invalidPhoto');
const photos = z.preprocess(
  (v) => (v == null || v === '' ? [] : Array.isArray(v) ? v : [v]),
  z.array(photoKey).max(MAX_PHOTOS, 'tooManyPhotos'),
);

export const reportSchema = z
  .object({
    ...common,
    category: z.string({ error: 'required' }).min(1, 'required').max(40, 'unknownCategory'),
    description: multiLine(10, 4000),
    address: optionalText(200),
    lat: optionalNumber,
    lng: optionalNumber,
    photos,
    email,
    phone,
  })
  .superRefine((r, ctx) => {
    if (!r.email && !r.phone) ctx.addIssue({ code: 'custom', path: ['email'], message: 'contactRequired' });
    const hasPin = r.lat !== undefined && r.lng !== undefined;
    if ((r.lat === undefined) !== (r.lng === undefined)) ctx.addIssue({ code: 'custom', path: ['lat'], message: 'invalidCoordinates' });
    if (!r.address && !hasPin) ctx.addIssue({ code: 'custom', path: ['address'], message: 'locationRequired' });
  }, {
    // Run even when other fields failed, so the citizen sees every problem at once (GOV.UK).
    when: () => true,
  });

export const questionSchema = z.object({
  ...common,
  question: multiLine(10, 4000),
  email: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), contact(emailFormat, 'invalidEmail')),
});

export type ReportInput = z.output<typeof reportSchema>;
export type QuestionInput = z.output<typeof questionSchema>;

export interface FieldError {
  field: string;
  code: FormErrorCode;
}

/**
 * The fields in the order both forms show them (a report has no question, a question no
 * category): zod reports issues in schema order, shared fields first and cross-field checks
 * last, so the error summary is put in page order here, with JavaScript and without.
 */
const PAGE_ORDER = ['form', 'category', 'description', 'question', 'address', 'lat', 'lng', 'photos', 'name', 'showName', 'email', 'phone', 'consent'];
const pagePosition = (field: string) => {
  const i = PAGE_ORDER.indexOf(field);
  return i === -1 ? PAGE_ORDER.length : i;
};

/** Turns zod issues into one error per field (the first), in the order the page shows the fields. */
export function fieldErrors(issues: z.core.$ZodIssue[]): FieldError[] {
  const seen = new Set<string>();
  const out: FieldError[] = [];
  for (const issue of issues) {
    const field = String(issue.path[0] ?? 'form');
    if (seen.has(field)) continue;
    seen.add(field);
    const code = (formErrorCodes as readonly string[]).includes(issue.message) ? (issue.message as FormErrorCode) : issue.code === 'invalid_type' ? 'required' : 'invalid';
    out.push({ field, code });
  }
  // Array.prototype.sort is stable: fields the list does not name keep their order, at the end.
  return out.sort((a, b) => pagePosition(a.field) - pagePosition(b.field));
}
