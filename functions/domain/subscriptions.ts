/**
 * Following a case and area alerts by email, double opt-in (issue 13).
 *
 * 1. **The request** (requestFollow, requestAlert, in the HTTP function): an address and what to
 *    follow, counted against the client's and the address's hourly allowance, written as a
 *    pending Subscription (it expires in a week unless confirmed). The HTTP function holds neither
 *    the link secret nor a mailer.
 * 2. **The confirmation** (issueSubscriptionLinks, in the stream function): the confirm and
 *    unsubscribe tokens are derived from the link secret and the subscription's id (a retried
 *    batch makes the same ones), stored by their hashes, and only the confirmation is mailed.
 *    Nothing else is ever sent to an unconfirmed address.
 * 3. **Confirming** (checkSubscriptionLink on GET shows a button; confirmSubscription on POST).
 * 4. **Unsubscribing** (unsubscribe): by a POST to `/api/unsubscribe/<token>` from the page the
 *    link opens, or one-click from the mail client (RFC 8058). The address is removed from the item
 *    at once and the item expires (the HTTP function may not delete items).
 *
 * Subscriber addresses live only in their SUB# items; no public record, page, open-data file or
 * log line names one.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Municipality } from '../../core/municipalities/schema.ts';
import type { Locale } from '../../core/locales.ts';
import { deriveToken, hashToken, keyedHash, TOKEN_PATTERN } from '../../core/cases/codes.ts';
import type { Config } from '../config.ts';
import { RateLimitError, TokenError, ValidationError } from './errors.ts';
import type { CaseStore, Subscription, SubscriptionToken } from './ports.ts';
import type { FieldError } from '../../core/cases/forms.ts';
import { dateOfDay, localDay, zonedToUtc } from '../../core/time.ts';

/** Subscription requests one address may make in an hour: each sends a confirmation email. */
export const SUBSCRIBE_PER_ADDRESS_PER_HOUR = 5;
/** How long a confirmation link works (the pending subscription expires with it). */
export const CONFIRM_DAYS = 7;
/** The radii offered for an area alert, in metres. */
export const RADII = [250, 500, 1000] as const;

export const caseScope = (code: string) => `case#${code}`;
export const areaScope = (municipality: string) => `area#${municipality}`;

export interface SubscribePorts {
  config: Pick<Config, 'hashSalt' | 'rateLimits'>;
  store: Pick<CaseStore, 'hit' | 'putSubscription'>;
  now: () => Date;
}

const emailSchema = z
  .string({ error: 'required' })
  .trim()
  .min(1, 'required')
  .max(254, 'tooLong')
  .refine((s) => !/[\s<>]/.test(s), 'invalidEmail')
  .pipe(z.email('invalidEmail'));

/** The address as typed, or a field error (`email`: required, tooLong, invalidEmail). */
function parseEmail(raw: unknown, errors: FieldError[]): string {
  const parsed = emailSchema.safeParse(typeof raw === 'string' ? raw : '');
  if (parsed.success) return parsed.data.toLowerCase();
  const code = parsed.error.issues[0]?.message;
  errors.push({ field: 'email', code: code === 'required' || code === 'tooLong' ? code : 'invalidEmail' });
  return '';
}

async function limit(ports: SubscribePorts, email: string, ip: string) {
  const windowEnd = Math.ceil(ports.now().getTime() / 3_600_000) * 3600;
  const limits: [string, number][] = [
    [`sub-ip#${keyedHash(ip, ports.config.hashSalt)}`, ports.config.rateLimits.perIpPerHour],
    [`sub-email#${keyedHash(email, ports.config.hashSalt)}`, SUBSCRIBE_PER_ADDRESS_PER_HOUR],
  ];
  for (const [key, max] of limits) if (!(await ports.store.hit(key, windowEnd, max))) throw new RateLimitError();
}

const newId = () => randomBytes(16).toString('base64url');

/** Asks to follow a public case (the caller checked that it is public). */
export async function requestFollow(ports: SubscribePorts, m: Municipality, code: string, body: Record<string, unknown>, locale: Locale, meta: { ip: string }): Promise<void> {
  const errors: FieldError[] = [];
  const email = parseEmail(body.email, errors);
  if (errors.length) throw new ValidationError(errors);
  await limit(ports, email, meta.ip);
  await ports.store.putSubscription({ id: newId(), scope: caseScope(code), municipality: m.id, email, locale, code, frequency: 'immediate', requestedAt: ports.now().toISOString() });
}

/** The alert form's values as the page shows them again. */
export interface AlertValues {
  email: string;
  category: string;
  lat: string;
  lng: string;
  radius: string;
  frequency: string;
}

export function alertValues(body: Record<string, unknown>): AlertValues {
  const s = (k: string, d = '') => (typeof body[k] === 'string' ? (body[k] as string).slice(0, 300) : d);
  return { email: s('email'), category: s('category', 'all'), lat: s('lat'), lng: s('lng'), radius: s('radius', '500'), frequency: s('frequency', 'immediate') };
}

/**
 * Asks for area alerts: `category` (a code of the municipality, or `all`), optionally a point
 * (`lat`, `lng`, both or neither; decimal degrees, a comma allowed) and `radius` (250, 500, 1000),
 * and `frequency` (immediate, daily). Field errors: email, category, lat, lng, radius, frequency.
 */
export async function requestAlert(ports: SubscribePorts, m: Municipality, body: Record<string, unknown>, locale: Locale, meta: { ip: string }): Promise<void> {
  const v = alertValues(body);
  const errors: FieldError[] = [];
  const email = parseEmail(v.email, errors);
  if (v.category !== 'all' && !m.categories.some((c) => c.code === v.category)) errors.push({ field: 'category', code: 'invalid' });
  const num = (s: string) => (/^\s*-?\d{1,3}([.,]\d{1,10})?\s*$/.test(s) ? Number(s.trim().replace(',', '.')) : NaN);
  let lat: number | undefined;
  let lng: number | undefined;
  if (v.lat.trim() || v.lng.trim()) {
    lat = num(v.lat);
    lng = num(v.lng);
    if (!(lat >= -90 && lat <= 90)) errors.push({ field: 'lat', code: v.lat.trim() ? 'invalid' : 'required' });
    if (!(lng >= -180 && lng <= 180)) errors.push({ field: 'lng', code: v.lng.trim() ? 'invalid' : 'required' });
  }
  const radius = Number(v.radius);
  if (!(RADII as readonly number[]).includes(radius)) errors.push({ field: 'radius', code: 'invalid' });
  if (v.frequency !== 'immediate' && v.frequency !== 'daily') errors.push({ field: 'frequency', code: 'invalid' });
  if (errors.length) throw new ValidationError(errors);
  await limit(ports, email, meta.ip);
  const place = lat !== undefined && lng !== undefined ? { lat, lng, radius } : {};
  await ports.store.putSubscription({
    id: newId(),
    scope: areaScope(m.id),
    municipality: m.id,
    email,
    locale,
    ...(v.category !== 'all' ? { category: v.category } : {}),
    ...place,
    frequency: v.frequency as Subscription['frequency'],
    requestedAt: ports.now().toISOString(),
  });
}

/** The tokens of a subscription's links: derived, so the stream makes the same ones on a retry. */
export function subscriptionTokens(linkSecret: string, sub: Pick<Subscription, 'id'>) {
  return { confirm: deriveToken(linkSecret, 'sub-confirm', sub.id), unsubscribe: deriveToken(linkSecret, 'sub-unsubscribe', sub.id) };
}

/** Stores both links of a subscription by their hashes (the stream; idempotent). */
export async function issueSubscriptionLinks(ports: { config: Pick<Config, 'linkSecret'>; store: Pick<CaseStore, 'putSubscriptionToken'> }, sub: Subscription) {
  const tokens = subscriptionTokens(ports.config.linkSecret, sub);
  const expiresAt = new Date(Date.parse(sub.requestedAt) + CONFIRM_DAYS * 86_400_000).toISOString();
  await ports.store.putSubscriptionToken(hashToken(tokens.confirm), { purpose: 'confirm', scope: sub.scope, id: sub.id, expiresAt });
  await ports.store.putSubscriptionToken(hashToken(tokens.unsubscribe), { purpose: 'unsubscribe', scope: sub.scope, id: sub.id });
  return tokens;
}

type LinkPorts = { store: Pick<CaseStore, 'getSubscriptionToken' | 'getSubscription' | 'confirmSubscription' | 'endSubscription'>; now: () => Date };

/** The link's record for its purpose, else TokenError('tokenUnknown') (or tokenExpired). */
async function tokenFor(ports: LinkPorts, token: string, purpose: SubscriptionToken['purpose']): Promise<SubscriptionToken> {
  if (!TOKEN_PATTERN.test(token)) throw new TokenError('tokenUnknown');
  const rec = await ports.store.getSubscriptionToken(hashToken(token));
  if (!rec || rec.purpose !== purpose) throw new TokenError('tokenUnknown');
  if (rec.expiresAt && Date.parse(rec.expiresAt) <= ports.now().getTime()) throw new TokenError('tokenExpired');
  return rec;
}

/**
 * What a link's page shows on GET: the subscription (undefined once it is gone, e.g. already
 * unsubscribed). Changes nothing. TokenError for a link that is not one of ours.
 */
export async function checkSubscriptionLink(ports: LinkPorts, token: string, purpose: SubscriptionToken['purpose']): Promise<Subscription | undefined> {
  const rec = await tokenFor(ports, token, purpose);
  const sub = await ports.store.getSubscription(rec.scope, rec.id);
  return sub?.unsubscribedAt ? undefined : sub;
}

/** Confirms (the POST behind the confirmation page's button). TokenError when the subscription is gone. */
export async function confirmSubscription(ports: LinkPorts, token: string): Promise<Subscription> {
  const rec = await tokenFor(ports, token, 'confirm');
  const sub = await ports.store.confirmSubscription(rec.scope, rec.id, ports.now());
  if (!sub) throw new TokenError('tokenExpired');
  return sub;
}

/** Unsubscribes: the address is removed from the subscription at once. Returns what it was (undefined when it was gone already: still a success). */
export async function unsubscribe(ports: LinkPorts, token: string): Promise<Subscription | undefined> {
  const rec = await tokenFor(ports, token, 'unsubscribe');
  const sub = await ports.store.getSubscription(rec.scope, rec.id);
  await ports.store.endSubscription(rec.scope, rec.id, ports.now());
  return sub?.unsubscribedAt ? undefined : sub;
}

/** Metres between two points (haversine). */
export function distanceMetres(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const R = 6_371_000;
  const rad = (d: number) => (d * Math.PI) / 180;
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * R * Math.asin(Math.sqrt(h));
}

/** Whether an area alert covers a public report: its category (or all), and its point within the radius (or anywhere). */
export function alertMatches(sub: Subscription, c: { category?: string | undefined; lat?: number | undefined; lng?: number | undefined }): boolean {
  if (sub.category && sub.category !== c.category) return false;
  if (sub.lat === undefined || sub.lng === undefined) return true;
  if (c.lat === undefined || c.lng === undefined) return false;
  return distanceMetres({ lat: sub.lat, lng: sub.lng }, { lat: c.lat, lng: c.lng }) <= (sub.radius ?? 500);
}

/** The local hour daily digests go out at, on the municipality's clock (`clock.timeZone`). */
export const DIGEST_HOUR = 7;

/**
 * When a daily digest goes out: the next DIGEST_HOUR:00 on the local clock of `timeZone` strictly
 * after `at` (07:00 in Belgrade is 06:00 UTC in winter and 05:00 UTC in summer; on the days the
 * clocks change it is still 07:00 local, the changes happen at night).
 */
export function nextDigestAt(at: Date, timeZone: string, hour: number = DIGEST_HOUR): Date {
  const hh = String(hour).padStart(2, '0');
  // Today's local hour, else tomorrow's: two steps at most.
  for (let day = localDay(at.getTime(), timeZone); ; day++) {
    const due = zonedToUtc(`${dateOfDay(day)}T${hh}:00`, timeZone);
    if (due.getTime() > at.getTime()) return due;
  }
}

/** One email per address: an address subscribed twice (two requests, both confirmed) is told once. */
export function confirmedByAddress(subs: Subscription[]): Subscription[] {
  const seen = new Set<string>();
  return subs.filter((s) => s.confirmedAt && !s.unsubscribedAt && s.email && !seen.has(s.email.toLowerCase()) && seen.add(s.email.toLowerCase()));
}
