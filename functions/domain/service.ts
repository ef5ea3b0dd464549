import { randomUUID, createHash } from 'node:crypto';
import { z } from 'zod';
import { getMunicipality, municipalityIds } from '../../core/municipalities/index.ts';
import type { Municipality } from '../../core/municipalities/schema.ts';
import type { Config } from '../config.ts';
import type { CaseStore, PhotoStorage } from './ports.ts';
import { sniffImage } from './photos.ts';
import { reportSchema, questionSchema, fieldErrors, MIN_FILL_MS, MAX_PHOTO_BYTES, PHOTO_TYPES } from '../../core/cases/forms.ts';
import { trackingCode, hashToken, keyedHash, TOKEN_PATTERN } from '../../core/cases/codes.ts';
import { deadlineFrom, timeLeft } from '../../core/time.ts';
import { CodeCollisionError, NotFoundError, RateLimitError, TokenError, ValidationError } from './errors.ts';
import { outcomes, needsReferral, answersTheCase, type Outcome } from '../../core/cases/statuses.ts';
import type { CaseEvent, CaseKind, CaseRecord, ContactRecord, Locale, Photo } from '../../core/cases/model.ts';
import { toPublicCase, deadlineState, isPublished } from '../../core/cases/public.ts';

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

async function checkRate(ports: Ports, meta: RequestMeta, email: string | undefined) {
  const { config, store } = ports;
  const windowEnd = Math.ceil(ports.now().getTime() / 3_600_000) * 3600;
  const ipOk = await store.hit(`ip#${keyedHash(meta.ip, config.hashSalt)}`, windowEnd, config.rateLimits.perIpPerHour);
  const emailOk = email ? await store.hit(`email#${keyedHash(email, config.hashSalt)}`, windowEnd, config.rateLimits.perEmailPerHour) : true;
  if (!ipOk || !emailOk) throw new RateLimitError();
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

async function create(
  ports: Ports,
  kind: CaseKind,
  m: Municipality,
  data: { locale: Locale; idempotencyKey?: string | undefined; name?: string | undefined; showName: boolean; email?: string | undefined; phone?: string | undefined },
  fields: Pick<CaseRecord, 'category' | 'text' | 'address' | 'lat' | 'lng' | 'photos'>,
): Promise<{ code: string; created: boolean }> {
  const now = ports.now();
  const createdAt = now.toISOString();
  const key = data.idempotencyKey ?? contentKey(kind, [m.id, fields.category, fields.text, fields.address, fields.lat, fields.lng, data.email, data.phone, data.name]);
  const deadlineAt = deadlineFrom(now, m.clock).toISOString();
  for (let attempt = 0; attempt < 5; attempt++) {
    const code = trackingCode();
    const record: CaseRecord = {
      code, kind, municipality: m.id, locale: data.locale, ...fields,
      publicText: fields.text, status: 'received', createdAt, updatedAt: createdAt, deadlineAt,
      showName: data.showName && !!data.name,
      ...(data.showName && data.name ? { publicName: data.name } : {}),
    };
    const contact: ContactRecord = { code, name: data.name, email: data.email, phone: data.phone };
    const event: CaseEvent = { code, municipality: m.id, at: createdAt, change: 'created', status: 'received', public: true };
    const contactTtl = Math.floor(now.getTime() / 1000) + ports.config.contactRetentionDays * 86400;
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
  await checkRate(ports, meta, r.email);
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
  await checkRate(ports, meta, q.email);
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
export async function presignUpload(ports: Ports, raw: unknown) {
  const parsed = uploadSchema.safeParse(raw);
  if (!parsed.success) throw new ValidationError(fieldErrors(parsed.error.issues).map((e) => ({ ...e, field: 'photos' })));
  findMunicipality(parsed.data.municipality);
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
export type PublicCaseView = ReturnType<typeof publicView>;

export async function getPublicCase(ports: Ports, code: string): Promise<PublicCaseView> {
  const found = await ports.store.getCaseWithEvents(code);
  // A case rejected as spam is withdrawn from public view, live pages included.
  if (!found || !isPublished(found.record.status)) throw new NotFoundError('caseUnknown');
  return publicView(ports, found.record, found.events);
}

/** What the staff page needs: the case, who sent it, and the time left. Changes nothing. */
export async function openReply(ports: Ports, token: string) {
  if (!TOKEN_PATTERN.test(token)) throw new TokenError('tokenUnknown');
  const t = await ports.store.getToken(hashToken(token));
  if (!t) throw new TokenError('tokenUnknown');
  if (t.usedAt) throw new TokenError('tokenUsed');
  if (t.expiresAt <= ports.now().toISOString()) throw new TokenError('tokenExpired');
  const found = await ports.store.getCaseWithEvents(t.code);
  if (!found) throw new NotFoundError('caseUnknown');
  const contact = await ports.store.getContact(t.code);
  const m = getMunicipality(found.record.municipality);
  const left = timeLeft(ports.now(), new Date(found.record.deadlineAt), m.clock);
  return { token: t, record: found.record, events: found.events, contact, municipality: m, timeLeftMs: left };
}

export const replySchema = z
  .object({
    outcome: z.enum(outcomes, { error: 'required' }),
    publicText: z.string().trim().min(1, 'required').max(4000, 'tooLong'),
    answer: z.preprocess((v) => (v === '' ? undefined : v), z.string().trim().max(4000, 'tooLong').optional()),
    referral: z.preprocess((v) => (v === '' ? undefined : v), z.string().trim().max(500, 'tooLong').optional()),
  })
  .passthrough()
  .superRefine((r, ctx) => {
    if ((r.outcome === 'answered' || r.outcome === 'resolved' || r.outcome === 'in_progress') && !r.answer) ctx.addIssue({ code: 'custom', path: ['answer'], message: 'required' });
    if (needsReferral.includes(r.outcome) && !r.referral) ctx.addIssue({ code: 'custom', path: ['referral'], message: 'required' });
  });

/** Applies a staff reply; the token is used up in the same transaction. */
export async function applyReply(ports: Ports, token: string, raw: Record<string, unknown>) {
  const opened = await openReply(ports, token);
  const parsed = replySchema.safeParse(raw);
  if (!parsed.success) throw new ValidationError(fieldErrors(parsed.error.issues));
  const r = parsed.data;
  const outcome: Outcome = r.outcome;
  const now = ports.now();
  // Spam is not published, and neither are its photos.
  const photos = opened.record.photos.map((p) => ({ ...p, published: outcome !== 'rejected' && raw[`photo-${p.id}`] !== 'hide' }));
  const at = now.toISOString();
  const ok = await ports.store.reply(
    hashToken(token),
    opened.record.code,
    {
      status: outcome,
      publicText: r.publicText,
      answer: outcome === 'rejected' ? undefined : r.answer,
      referral: needsReferral.includes(outcome) ? r.referral : undefined,
      photos,
      updatedAt: at,
      firstAnsweredAt: answersTheCase(outcome) ? at : undefined,
    },
    {
      code: opened.record.code,
      municipality: opened.record.municipality,
      at,
      change: 'status',
      status: outcome,
      // A report rejected as spam is not published; its rejection is not either.
      public: outcome !== 'rejected',
      answer: outcome === 'rejected' ? undefined : r.answer,
      referral: needsReferral.includes(outcome) ? r.referral : undefined,
    },
    now,
  );
  if (!ok) throw new TokenError('tokenUsed');
  return { code: opened.record.code, status: outcome, locale: opened.record.locale, municipality: opened.record.municipality };
}
