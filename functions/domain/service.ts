import { randomUUID, createHash } from 'node:crypto';
import { z } from 'zod';
import { getMunicipality, municipalityIds } from '../../core/municipalities/index.ts';
import type { Municipality } from '../../core/municipalities/schema.ts';
import type { Config } from '../config.ts';
import type { CaseStore, PhotoStorage } from './ports.ts';
import { sniffImage } from './photos.ts';
import { actedBy, checkReplyLink } from './tokens.ts';
import { isClosed, openContactTtl } from './retention.ts';
import { reportSchema, questionSchema, fieldErrors, multiLine, singleLine, MIN_FILL_MS, MAX_PHOTO_BYTES, LONGEST_TEXT, PHOTO_TYPES, type FieldError } from '../../core/cases/forms.ts';
import { maskContacts } from '../../core/text/mask.ts';
import { mailboxKey, phoneKey } from '../../core/text/contact.ts';
import { trackingCode, hashToken, keyedHash, TOKEN_PATTERN } from '../../core/cases/codes.ts';
import { deadlineFrom, localDate, timeLeft } from '../../core/time.ts';
import { CodeCollisionError, NotFoundError, RateLimitError, TokenError, ValidationError } from './errors.ts';
import { outcomes, needsReferral, answersTheCase, type Outcome } from '../../core/cases/statuses.ts';
import type { Answers, AnswerLang, CaseEvent, CaseKind, CaseRecord, Channel, ContactRecord, Locale, Photo } from '../../core/cases/model.ts';
import { isLocale } from '../../core/locales.ts';
import { inboxFor } from './overdue.ts';
import { toPublicCase, toHeldCase, deadlineState, publicState } from '../../core/cases/public.ts';
import { isPlannedDate, resolutionAfter } from '../../core/cases/resolution.ts';

/** What the HTTP side's use cases need: settings, the table, the bucket and a clock. */
export interface Ports {
  config: Config;
  store: CaseStore;
  storage: PhotoStorage;
  now: () => Date;
}

export interface RequestMeta {
  /** The client address as seen by the edge; hashed before use. */
  ip: string;
}

function findMunicipality(id: string): Municipality {
  if (!municipalityIds.includes(id)) throw new ValidationError([{ field: 'municipality', code: 'invalid' }]);
  return getMunicipality(id);
}

function inBounds(m: Municipality, lat: number, lng: number): boolean {
  const [[s, w], [n, e]] = m.map.bounds;
  return lat >= s && lat <= n && lng >= w && lng <= e;
}

/** Anti-abuse checks shared by both forms: honeypot and minimum fill time. */
function checkHuman(data: { website?: string | undefined; startedAt?: number | undefined }, now: Date) {
  if (data.website && data.website.trim() !== '') throw new ValidationError([{ field: 'form', code: 'invalid' }]);
  if (data.startedAt !== undefined) {
    const elapsed = now.getTime() - data.startedAt;
    if (elapsed < MIN_FILL_MS && elapsed > -60_000) throw new ValidationError([{ field: 'form', code: 'tooFast' }]);
  }
}

/**
 * The hourly allowances a submission uses: its address, and the mailbox and the phone line it
 * gives. Each is counted by one key however it is typed (core/text/contact.ts: case, plus tags,
 * Gmail's dots; 00, +383 and 044 alike), so twenty variants of one address are one sender, and a
 * report with a phone and no email counts against that phone. No cap per email domain: most
 * citizens share a few large providers. Checked in turn; a request refused by one limit does not
 * use up the next.
 */
async function checkRate(ports: Ports, meta: RequestMeta, contact: { email?: string | undefined; phone?: string | undefined }) {
  const { config, store } = ports;
  const windowEnd = Math.ceil(ports.now().getTime() / 3_600_000) * 3600;
  const limits: [string, number][] = [[`ip#${keyedHash(meta.ip, config.hashSalt)}`, config.rateLimits.perIpPerHour]];
  if (contact.email) limits.push([`email#${keyedHash(mailboxKey(contact.email), config.hashSalt)}`, config.rateLimits.perEmailPerHour]);
  if (contact.phone) limits.push([`phone#${keyedHash(phoneKey(contact.phone), config.hashSalt)}`, config.rateLimits.perPhonePerHour]);
  for (const [key, limit] of limits) if (!(await store.hit(key, windowEnd, limit))) throw new RateLimitError();
}

/** Photos must exist in incoming/, be small enough and really be images. */
async function checkPhotos(ports: Ports, keys: string[]): Promise<Photo[]> {
  const photos: Photo[] = [];
  for (const key of keys) {
    const stat = await ports.storage.stat(key);
    if (!stat || stat.size === 0) throw new ValidationError([{ field: 'photos', code: 'invalidPhoto' }]);
    if (stat.size > MAX_PHOTO_BYTES) throw new ValidationError([{ field: 'photos', code: 'invalidPhoto' }]);
    const head = await ports.storage.read(key, 'bytes=0-15');
    if (!sniffImage(head)) throw new ValidationError([{ field: 'photos', code: 'invalidPhoto' }]);
    // Not public until staff have looked at it: photos may show faces or number plates.
    photos.push({ id: randomUUID().replace(/-/g, '').slice(0, 16), incomingKey: key, state: 'pending', published: false });
  }
  return photos;
}

/** A double click without JavaScript sends the same content twice: derive the key from it. */
function contentKey(kind: CaseKind, parts: (string | number | undefined)[]): string {
  return createHash('sha256').update([kind, ...parts.map((p) => String(p ?? ''))].join('\u0000')).digest('base64url').slice(0, 40);
}

/**
 * A case registered by staff on the citizen's behalf (the workspace's "new case" form): how it
 * reached the municipality, and the signed-in address that registered it (recorded on the
 * created event, so the log of staff actions names them; never public).
 */
export interface CaseOrigin {
  channel: Exclude<Channel, 'web'>;
  actor: string;
}

/**
 * Stores a new case: the web forms' submissions and the cases staff register. Either way it starts
 * `received` with the 48-hour clock running, with the inbox of its category (or the mayor's), and
 * follows the same life from there (the stream mails the inbox and the citizen).
 */
export async function create(
  ports: Pick<Ports, 'store' | 'now'>,
  kind: CaseKind,
  m: Municipality,
  data: { locale: Locale; idempotencyKey?: string | undefined; name?: string | undefined; showName: boolean; email?: string | undefined; phone?: string | undefined },
  fields: Pick<CaseRecord, 'category' | 'text' | 'address' | 'lat' | 'lng' | 'photos'>,
  origin?: CaseOrigin,
): Promise<{ code: string; created: boolean }> {
  const now = ports.now();
  const createdAt = now.toISOString();
  const key = data.idempotencyKey ?? contentKey(kind, [m.id, fields.category, fields.text, fields.address, fields.lat, fields.lng, data.email, data.phone, data.name]);
  const deadlineAt = deadlineFrom(now, m.clock).toISOString();
  for (let attempt = 0; attempt < 5; attempt++) {
    const code = trackingCode();
    // The public wording starts as what the citizen wrote with phone numbers and email addresses
    // masked (core/text/mask.ts), in the text, the address and a shown name alike; the original
    // stays in `text`/`address` for staff, who may restore what they judge public in their reply.
    const record: CaseRecord = {
      code, kind, municipality: m.id, locale: data.locale, ...fields,
      publicText: maskContacts(fields.text, data.locale),
      ...(fields.address ? { publicAddress: maskContacts(fields.address, data.locale) } : {}),
      status: 'received', createdAt, updatedAt: createdAt, deadlineAt,
      // Recorded from the start, so a forward later moves it (functions/domain/workspace.ts).
      inbox: inboxFor(m, { kind, category: fields.category }),
      ...(origin ? { channel: origin.channel } : {}),
      showName: data.showName && !!data.name,
      ...(data.showName && data.name ? { publicName: maskContacts(data.name, data.locale) } : {}),
    };
    const contact: ContactRecord = { code, name: data.name, email: data.email, phone: data.phone };
    const event: CaseEvent = { code, municipality: m.id, at: createdAt, change: 'created', status: 'received', public: true, ...(origin ? { via: 'session', actor: origin.actor } : {}) };
    // Retention counts from closure (domain/retention.ts): while open, only a safety net.
    const contactTtl = openContactTtl(now);
    try {
      return await ports.store.createCase({ idempotencyKey: key, record, contact, event, contactTtl, now });
    } catch (e) {
      if (e instanceof CodeCollisionError) continue;
      throw e;
    }
  }
  throw new Error('could not find a free tracking code');
}

/** A System 48h report: validate, check abuse, store in one transaction. */
export async function submitReport(ports: Ports, raw: unknown, meta: RequestMeta) {
  const parsed = reportSchema.safeParse(raw);
  if (!parsed.success) throw new ValidationError(fieldErrors(parsed.error.issues));
  const r = parsed.data;
  checkHuman(r, ports.now());
  const m = findMunicipality(r.municipality);
  if (!m.categories.some((c) => c.code === r.category)) throw new ValidationError([{ field: 'category', code: 'unknownCategory' }]);
  if (r.lat !== undefined && r.lng !== undefined && !inBounds(m, r.lat, r.lng)) throw new ValidationError([{ field: 'lat', code: 'outsideArea' }]);
  const photos = await checkPhotos(ports, r.photos);
  await checkRate(ports, meta, r);
  const result = await create(ports, 'report', m, r, { category: r.category, text: r.description, address: r.address, lat: r.lat, lng: r.lng, photos });
  return { ...result, locale: r.locale };
}

/** A question to the mayor. */
export async function submitQuestion(ports: Ports, raw: unknown, meta: RequestMeta) {
  const parsed = questionSchema.safeParse(raw);
  if (!parsed.success) throw new ValidationError(fieldErrors(parsed.error.issues));
  const q = parsed.data;
  checkHuman(q, ports.now());
  const m = findMunicipality(q.municipality);
  await checkRate(ports, meta, q);
  const result = await create(ports, 'question', m, q, { text: q.question, photos: [] });
  return { ...result, locale: q.locale };
}

const uploadSchema = z.object({
  municipality: z.string().regex(/^[a-z0-9-]{2,40}$/, 'invalid'),
  locale: z.enum(['sr', 'sr-latn', 'sq']).default('sr'),
  contentType: z.enum(PHOTO_TYPES, { error: 'invalidPhoto' }),
  size: z.number({ error: 'invalidPhoto' }).int('invalidPhoto').positive('invalidPhoto').max(MAX_PHOTO_BYTES, 'photoTooBig'),
});

/** A presigned POST for one photo into incoming/. */
export async function presignUpload(ports: Ports, raw: unknown, meta: RequestMeta) {
  const parsed = uploadSchema.safeParse(raw);
  if (!parsed.success) throw new ValidationError(fieldErrors(parsed.error.issues).map((e) => ({ ...e, field: 'photos' })));
  findMunicipality(parsed.data.municipality);
  // Per address, before the bucket is asked for anything: each allowed submission may bring five
  // photos, and a person may pick a photo again; a counter of its own, so photos never use up
  // the submissions' allowance.
  const windowEnd = Math.ceil(ports.now().getTime() / 3_600_000) * 3600;
  const uploadsPerHour = ports.config.rateLimits.perIpPerHour * 10;
  if (!(await ports.store.hit(`upload#${keyedHash(meta.ip, ports.config.hashSalt)}`, windowEnd, uploadsPerHour))) throw new RateLimitError();
  const key = `incoming/${randomUUID()}`;
  const upload = await ports.storage.presignUpload(key, parsed.data.contentType, MAX_PHOTO_BYTES);
  return { key, ...upload, maxBytes: MAX_PHOTO_BYTES };
}

/**
 * The public view of a case as the live status page and `GET /api/cases/<code>` show it: the
 * public record (an explicit allowlist, see core/cases/public.ts) and where it stands against its
 * deadline now.
 */
export function publicView(ports: Pick<Ports, 'storage' | 'now'>, record: CaseRecord, events: CaseEvent[]) {
  const pub = toPublicCase(record, events, (key) => ports.storage.publicUrl(key));
  const state = deadlineState(pub, ports.now());
  return { ...pub, deadlineState: state, deadlineMet: state === 'met' ? true : state === 'open' ? null : false };
}
/**
 * A case the municipality holds for review (`publish: after-review`): only that it exists, its
 * kind, category, status and dates, for the citizen who has the code. Nothing they wrote, no
 * place, photo or name: the same as the table's public partition has of it, which is nothing.
 */
export function heldView(ports: Pick<Ports, 'now'>, record: CaseRecord) {
  const held = toHeldCase(record);
  const state = deadlineState(held, ports.now());
  return { ...held, deadlineState: state, deadlineMet: state === 'met' ? true : state === 'open' ? null : false };
}
export type PublicCaseView = ReturnType<typeof publicView> | ReturnType<typeof heldView>;

export async function getPublicCase(ports: Ports, code: string): Promise<PublicCaseView> {
  const found = await ports.store.getCaseWithEvents(code);
  if (!found) throw new NotFoundError('caseUnknown');
  const { record, events } = found;
  const state = publicState(record, events, getMunicipality(record.municipality).publish);
  // A case rejected as spam is withdrawn from public view, live pages included.
  if (state === 'withdrawn') throw new NotFoundError('caseUnknown');
  if (state === 'awaiting-review') return heldView(ports, record);
  return publicView(ports, record, events);
}

/**
 * The language a member of staff works in: what they chose in the workspace's settings
 * (StaffPrefs), else the municipality's own. The reply-link page, and every message of its flow,
 * speaks the language of the inbox the link was mailed to.
 */
export async function staffLocaleOf(store: Pick<CaseStore, 'getStaffPrefs'>, m: Municipality, address: string | undefined): Promise<Locale> {
  if (address) {
    const prefs = await store.getStaffPrefs(m.id, address);
    if (prefs && isLocale(prefs.locale)) return prefs.locale;
  }
  return m.defaultLocale;
}

/**
 * The language of a reply link's page, for the messages of its flow that come before (or
 * instead of) the page: a link used, expired or replaced, a body too large. Undefined when the
 * token names no case.
 */
export async function replyLinkLocale(ports: Pick<Ports, 'store'>, token: string): Promise<{ municipality: Municipality; locale: Locale } | undefined> {
  if (!TOKEN_PATTERN.test(token)) return undefined;
  const t = await ports.store.getToken(hashToken(token));
  if (!t) return undefined;
  const r = await ports.store.getCase(t.code);
  if (!r) return undefined;
  const m = getMunicipality(r.municipality);
  return { municipality: m, locale: await staffLocaleOf(ports.store, m, t.inbox) };
}

/** What the staff page needs: the case, who sent it, the time left and the page's language. Changes nothing. */
export async function openReply(ports: Ports, token: string) {
  if (!TOKEN_PATTERN.test(token)) throw new TokenError('tokenUnknown');
  // Unknown, closed, used, replaced, expired: domain/tokens.ts says which, in that order.
  const link = await checkReplyLink(ports, token);
  const { token: t, record } = link;
  const contact = await ports.store.getContact(t.code);
  const m = getMunicipality(record.municipality);
  const left = timeLeft(ports.now(), new Date(record.deadlineAt), m.clock);
  const locale = await staffLocaleOf(ports.store, m, t.inbox);
  return { token: t, link, record, events: link.events, contact, municipality: m, timeLeftMs: left, locale };
}

const blankIsAbsent = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const answerText = z.preprocess(blankIsAbsent, z.optional(multiLine(1, LONGEST_TEXT)));

/**
 * A staff answer, from the reply link's page and the workspace alike (buildAnswer). The answer
 * may be written in Serbian (either script), in Albanian, or both: `answerSr`, `answerSq`.
 * `answer` is the one answer field of a page opened before answers had languages (and of scripts
 * posting to the link): it is taken as written in the citizen's language.
 */
export const replySchema = z
  .object({
    outcome: z.enum(outcomes, { error: 'required' }),
    // The same text hygiene as the citizen forms (core/text/hygiene.ts): NFC, no bidi or
    // control characters, no lone surrogates; the referral is one line like a citizen's name.
    publicText: multiLine(1, LONGEST_TEXT),
    answerSr: answerText,
    answerSq: answerText,
    answer: answerText,
    referral: z.preprocess(blankIsAbsent, z.optional(singleLine(500))),
    /** In progress: when staff plan to have it done (YYYY-MM-DD, not past); optional. Checked by buildAnswer, which knows the municipality's calendar. */
    plannedAt: z.preprocess(blankIsAbsent, z.string().max(40, 'invalidDate').optional()),
  })
  .passthrough()
  .superRefine((r, ctx) => {
    if (needsReferral.includes(r.outcome) && !r.referral) ctx.addIssue({ code: 'custom', path: ['referral'], message: 'required' });
  });

/** Outcomes that tell the citizen something, so an answer in at least one language is needed. */
const needsAnswer: readonly Outcome[] = ['answered', 'resolved', 'in_progress'];

/** The answer language a citizen reads first: Albanian for a case written in Albanian, Serbian otherwise. */
export function answerLangOf(locale: Locale): AnswerLang {
  return locale === 'sq' ? 'sq' : 'sr';
}

/** The order the answer form shows its fields in: the error summary follows it. */
const ANSWER_ORDER = ['outcome', 'answerSr', 'answerSq', 'answer', 'plannedAt', 'referral', 'publicText'];
const answerPosition = (field: string) => {
  const i = ANSWER_ORDER.indexOf(field);
  return i === -1 ? ANSWER_ORDER.length : i;
};

/** Who acted on a case: a reply link (its id and inbox) or a signed-in member of staff (their address). */
export type ActedBy = Pick<CaseEvent, 'via' | 'actor' | 'linkId' | 'inbox'>;

/**
 * A staff answer to an open case, validated and turned into the case as it will be and the
 * timeline event that says so: the one rule for the reply link (applyReply) and the workspace
 * (functions/domain/workspace.ts). Throws a ValidationError with every mistake at once.
 *
 * - The outcome; an answer in Serbian, Albanian or both for answered, resolved and in progress;
 *   where to turn instead for not within competence and forwarded to another institution.
 * - `answers` keeps each language given; `answer` (what is shown first) is the one of the
 *   citizen's language when staff wrote it, else the other.
 * - In progress may name a planned date (not in the past on the municipality's calendar) and
 *   starts the resolution deadline; resolved records when (core/cases/resolution.ts).
 * - The public wording, and publish or hide for every photo staff can see (choosePhotos).
 * - Rejected as spam keeps no answer and publishes nothing.
 */
export function buildAnswer(m: Municipality, r: CaseRecord, raw: Record<string, unknown>, now: Date, who: ActedBy): { next: CaseRecord; event: CaseEvent; outcome: Outcome } {
  const at = now.toISOString();
  const parsed = replySchema.safeParse(raw);
  const errors: FieldError[] = parsed.success ? [] : fieldErrors(parsed.error.issues);
  const has = (field: string) => errors.some((e) => e.field === field);
  const given = (field: string) => typeof raw[field] === 'string' && (raw[field] as string).trim() !== '';
  const outcome = (outcomes as readonly unknown[]).includes(raw.outcome) ? (raw.outcome as Outcome) : undefined;
  const first = answerLangOf(r.locale);
  // Checks that need the case or the calendar, made even when other fields failed, so staff see
  // every mistake at once.
  if (outcome && needsAnswer.includes(outcome) && !given('answerSr') && !given('answerSq') && !given('answer')) {
    // A page without the two fields (opened before they existed) has its one field marked.
    const field = !('answerSr' in raw) && !('answerSq' in raw) && 'answer' in raw ? 'answer' : first === 'sq' ? 'answerSq' : 'answerSr';
    if (!has(field)) errors.push({ field, code: 'required' });
  }
  const planned = typeof raw.plannedAt === 'string' ? raw.plannedAt.trim() : '';
  if (outcome === 'in_progress' && planned && !has('plannedAt')) {
    if (!isPlannedDate(planned)) errors.push({ field: 'plannedAt', code: 'invalidDate' });
    // Today is allowed: "done by today" is a plan; yesterday is not.
    else if (planned < localDate(now.getTime(), m.clock.timeZone)) errors.push({ field: 'plannedAt', code: 'pastDate' });
  }
  const chosen = choosePhotos(r.photos, raw, outcome === 'rejected', at);
  errors.push(...chosen.errors);
  if (!parsed.success || errors.length) throw new ValidationError(errors.sort((a, b) => answerPosition(a.field) - answerPosition(b.field)));
  const d = parsed.data;
  const spam = d.outcome === 'rejected';
  const answers: Answers = {};
  if (!spam) {
    if (d.answerSr) answers.sr = d.answerSr;
    if (d.answerSq) answers.sq = d.answerSq;
    if (!answers.sr && !answers.sq && d.answer) answers[first] = d.answer;
  }
  const shown = answers[first] ?? answers[first === 'sq' ? 'sr' : 'sq'];
  const bilingual = answers.sr !== undefined || answers.sq !== undefined;
  const referral = needsReferral.includes(d.outcome) ? d.referral : undefined;
  // In progress starts the resolution clock; resolved records when (core/cases/resolution.ts).
  const resolution = resolutionAfter(m, r, d.outcome, now, d.outcome === 'in_progress' ? d.plannedAt : undefined);
  const next: CaseRecord = {
    ...r,
    status: d.outcome,
    publicText: d.publicText,
    answer: shown,
    answers: bilingual ? answers : undefined,
    referral,
    photos: chosen.photos,
    updatedAt: at,
    ...resolution,
    firstAnsweredAt: r.firstAnsweredAt ?? (answersTheCase(d.outcome) ? at : undefined),
    closedAt: isClosed({ status: d.outcome }) ? at : undefined,
  };
  const event: CaseEvent = {
    code: r.code,
    municipality: r.municipality,
    at,
    change: 'status',
    status: d.outcome,
    // A report rejected as spam is not published; its rejection is not either.
    public: !spam,
    ...(shown ? { answer: shown } : {}),
    ...(bilingual ? { answers } : {}),
    ...(referral ? { referral } : {}),
    ...(d.outcome === 'in_progress' && resolution.plannedAt ? { plannedAt: resolution.plannedAt } : {}),
    // Who acted (the link's id and inbox, or the signed-in address): never public.
    ...who,
  };
  return { next, event, outcome: d.outcome };
}

/**
 * The photos after a reply. A photo is public only when staff chose "publish" for it while they
 * could see it: every ready photo needs "publish" or "hide" (there is no default; none is a field
 * error, `photoChoice`). A photo still being processed cannot be seen, so it stays hidden whatever
 * the form says, also once processing ends; staff choose the next time they open a reply link
 * (a case in progress gets a new one). Spam publishes nothing and asks for no choice.
 */
export function choosePhotos(photos: Photo[], raw: Record<string, unknown>, spam: boolean, at: string): { photos: Photo[]; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const out = photos.map((p): Photo => {
    if (spam || p.state !== 'ready') return { ...p, published: false };
    const choice = raw[`photo-${p.id}`];
    if (choice !== 'publish' && choice !== 'hide') {
      errors.push({ field: `photo-${p.id}`, code: 'photoChoice' });
      return p;
    }
    return { ...p, published: choice === 'publish', reviewedAt: at };
  });
  return { photos: out, errors };
}

/** Applies a staff reply; the token is used up in the same transaction. */
export async function applyReply(ports: Ports, token: string, raw: Record<string, unknown>) {
  const opened = await openReply(ports, token);
  const now = ports.now();
  const { next, event, outcome } = buildAnswer(opened.municipality, opened.record, raw, now, actedBy(opened.link));
  const ok = await ports.store.reply(
    hashToken(token),
    opened.record.code,
    {
      status: next.status,
      publicText: next.publicText,
      answer: next.answer,
      answers: next.answers,
      referral: next.referral,
      photos: next.photos,
      updatedAt: next.updatedAt,
      plannedAt: next.plannedAt,
      resolutionDueAt: next.resolutionDueAt,
      resolvedAt: next.resolvedAt,
      // Set once: the store keeps the first answer's time when there is one.
      firstAnsweredAt: answersTheCase(outcome) ? event.at : undefined,
      closedAt: next.closedAt,
    },
    event,
    now,
    // Still the case's live link, the case still where the page showed it.
    { purpose: opened.token.purpose, status: opened.record.status },
  );
  if (!ok) {
    // Something changed since the page was opened: say what (closed, used, replaced, expired).
    await checkReplyLink(ports, token);
    throw new TokenError('tokenUsed');
  }
  // The confirmation is for the member of staff: in the page's language, not the citizen's.
  return { code: opened.record.code, status: outcome, locale: opened.record.locale, staffLocale: opened.locale, municipality: opened.record.municipality };
}
