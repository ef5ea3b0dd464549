import { z } from 'zod';
import { localeEnum } from '../locales.ts';

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
] as const;
export type FormErrorCode = (typeof formErrorCodes)[number];

const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
/**
 * Single-line text: no line breaks or control characters (these would let a name inject mail
 * headers), and no angle brackets, which no name or address needs.
 */
const singleLine = (max: number) =>
  z
    .string()
    .trim()
    .max(max, 'tooLong')
    .refine((s) => !/[\r\n<>]/.test(s) && !CONTROL.test(s), 'invalidName');

/** Multi-line text: line breaks allowed, other control characters not. */
const text = (min: number, max: number) =>
  z
    .string({ error: 'required' })
    .trim()
    .min(1, 'required')
    .min(min, 'tooShort')
    .max(max, 'tooLong')
    .refine((s) => !CONTROL.test(s), 'invalid');

const checkbox = z.preprocess((v) => v === true || v === 'on' || v === 'true' || v === '1', z.boolean());
const optionalText = (max: number) => z.preprocess((v) => (v === '' || v == null ? undefined : v), singleLine(max).optional());
const optionalNumber = z.preprocess((v) => (v === '' || v == null ? undefined : Number(v)), z.number({ error: 'invalidCoordinates' }).finite('invalidCoordinates').optional());

const email = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v),
  z.email('invalidEmail').max(254, 'tooLong').refine((s) => !/[\r\n]/.test(s), 'invalidEmail').optional(),
);
const phone = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v),
  z.string().regex(/^\+?[0-9][0-9 ()/-]{5,19}$/, 'invalidPhone').optional(),
);

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
    description: text(10, 4000),
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
  question: text(10, 4000),
  email: z.preprocess((v) => (typeof v === 'string' ? v.trim() : v), z.string({ error: 'required' }).min(1, 'required').pipe(z.email('invalidEmail').max(254, 'tooLong'))),
});

export type ReportInput = z.output<typeof reportSchema>;
export type QuestionInput = z.output<typeof questionSchema>;

export interface FieldError {
  field: string;
  code: FormErrorCode;
}

/** Turns zod issues into one error per field (the first), in form order. */
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
  return out;
}
