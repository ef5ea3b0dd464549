// First: no eval probe under the sites' Content-Security-Policy (see the module).
import '../security/zod-csp.ts';
// zod/mini: the same validators as classic zod, tree-shakeable functions instead of methods, so
// the browser's form island carries only the checks these schemas use (about a fifth of
// classic zod). The functions validate with these very schemas.
import * as z from 'zod/mini';
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
const hygiene = (kind: 'single' | 'multi') => (s: string, ctx: z.core.$RefinementCtx<string>) => {
  const problem = problemIn(s, kind);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
};

/** The longest text a form takes (a report's description, a question, staff's public wording), in characters. */
export const LONGEST_TEXT = 4000;

/**
 * Single-line text, NFC: no line breaks (these would let a name inject mail headers), no angle
 * brackets, and nothing core/text/hygiene.ts refuses in a single line (controls, bidi,
 * invisible characters, lone surrogates, stacked marks).
 */
export const singleLine = (max: number) =>
  z.string().check(
    z.overwrite(cleanSingleLine),
    z.trim(),
    z.superRefine((s: string, ctx) => {
      if (LINE_BREAK_OR_MARKUP.test(s)) ctx.addIssue({ code: 'custom', message: 'invalidName' });
      else hygiene('single')(s, ctx);
    }),
    z.maxLength(max, 'tooLong'),
  );

/**
 * Multi-line text, NFC with line breaks as LF and meaningless invisible characters removed;
 * refused with a field message: controls (but tab and line feed), bidi controls, lone
 * surrogates, stacked marks.
 */
export const multiLine = (min: number, max: number) =>
  z.string({ error: 'required' }).check(
    z.overwrite(cleanMultiLine),
    z.trim(),
    z.superRefine(hygiene('multi')),
    z.minLength(1, 'required'),
    z.minLength(min, 'tooShort'),
    z.maxLength(max, 'tooLong'),
  );

/**
 * A contact field (email, phone): clean, then its format. A line break is a format error (the
 * header injection it would be is no address at all); other hygiene problems get their own
 * message.
 */
const contact = (format: z.ZodMiniType<string, string>, code: FormErrorCode) =>
  z.pipe(
    z.string().check(
      z.overwrite(cleanSingleLine),
      z.trim(),
      z.superRefine((s: string, ctx) => {
        if (/[\r\n\u2028\u2029]/.test(s)) ctx.addIssue({ code: 'custom', message: code });
        else hygiene('single')(s, ctx);
      }),
    ),
    format,
  );

/** zod's preprocess (which zod/mini does not name): a transform piped into the schema. */
const preprocess = <T extends z.core.$ZodType>(fn: (v: unknown) => unknown, schema: T) =>
  z.pipe(z.transform(fn), schema as z.core.$ZodType<unknown, unknown>) as unknown as z.ZodMiniPipe<z.ZodMiniTransform<unknown, unknown>, T>;

/** The same, optional: empty is absent. */
const optionalContact = (format: z.ZodMiniType<string, string>, code: FormErrorCode) =>
  preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.optional(contact(format, code)));

const checkbox = preprocess((v) => v === true || v === 'on' || v === 'true' || v === '1', z.boolean());
const optionalText = (max: number) => preprocess((v) => (v === '' || v == null ? undefined : v), z.optional(singleLine(max)));
// zod 4's number() refuses NaN and ±Infinity itself: "finite" is part of the type.
const optionalNumber = preprocess((v) => (v === '' || v == null ? undefined : Number(v)), z.optional(z.number({ error: 'invalidCoordinates' })));

const emailFormat = z.email('invalidEmail').check(z.maxLength(254, 'tooLong'));
const email = optionalContact(emailFormat, 'invalidEmail');
const phone = optionalContact(z.string().check(z.regex(/^\+?[0-9][0-9 ()/-]{5,19}$/, 'invalidPhone')), 'invalidPhone');

/** Fields every form carries besides the citizen's answers. */
const common = {
  municipality: z.string().check(z.regex(/^[a-z0-9-]{2,40}$/, 'invalid')),
  locale: z._default(z.enum(localeEnum), 'sr'),
  name: optionalText(100),
  showName: z._default(checkbox, false),
  consent: z.pipe(checkbox, z.boolean().check(z.refine((v) => v, 'consentRequired'))),
  /** Honeypot: hidden from people, filled by bots. */
  website: z.optional(z.string().check(z.maxLength(500))),
  /** When the form was shown (ms since epoch), set by the browser when it runs JavaScript. */
  startedAt: preprocess((v) => (v === '' || v == null ? undefined : Number(v)), z.optional(z.int().check(z.positive()))),
  /** A random key per form view, so a retry or double click makes one case. */
  idempotencyKey: preprocess((v) => (v === '' ? undefined : v), z.optional(z.string().check(z.regex(/^[A-Za-z0-9_-]{16,64}$/, 'invalid')))),
};

/** Photo upload keys returned by the upload endpoint: incoming/<uuid>. */
const photoKey = z.string().check(z.regex(/^incoming\/[0-9a-f-]{36}$/, 'invalidPhoto'));
const photos = preprocess(
  (v) => (v == null || v === '' ? [] : Array.isArray(v) ? v : [v]),
  z.array(photoKey).check(z.maxLength(MAX_PHOTOS, 'tooManyPhotos')),
);

const reportFields = z.object({
  ...common,
  category: z.string({ error: 'required' }).check(z.minLength(1, 'required'), z.maxLength(40, 'unknownCategory')),
  description: multiLine(10, LONGEST_TEXT),
  address: optionalText(200),
  lat: optionalNumber,
  lng: optionalNumber,
  photos,
  email,
  phone,
});

export const reportSchema = reportFields.check(
  z.superRefine((r: z.output<typeof reportFields>, ctx) => {
    if (!r.email && !r.phone) ctx.addIssue({ code: 'custom', path: ['email'], message: 'contactRequired' });
    const hasPin = r.lat !== undefined && r.lng !== undefined;
    if ((r.lat === undefined) !== (r.lng === undefined)) ctx.addIssue({ code: 'custom', path: ['lat'], message: 'invalidCoordinates' });
    if (!r.address && !hasPin) ctx.addIssue({ code: 'custom', path: ['address'], message: 'locationRequired' });
  }, {
    // Run even when other fields failed, so the citizen sees every problem at once (GOV.UK).
    when: () => true,
  }),
);

export const questionSchema = z.object({
  ...common,
  question: multiLine(10, LONGEST_TEXT),
  email: preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), contact(emailFormat, 'invalidEmail')),
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
