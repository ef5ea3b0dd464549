/**
 * Signing in to the staff workspace, with no password: an emailed link, then a session.
 *
 * 1. **The request** (requestSignIn, in the HTTP function): a work address is typed on
 *    `/<locale>/staff/`. It is counted against the client's and the address's hourly allowance
 *    first, whoever it belongs to, and only an address the municipality's config names
 *    (core/municipalities/staff.ts) is recorded as a SignInRequest. An unknown address leaves no
 *    trace and gets exactly the answer a known one gets, so the form cannot be used to find out
 *    who works for the municipality.
 * 2. **The link** (issueSignIn, in the stream function, which alone holds the link secret and the
 *    mail key): the request becomes a token derived from the link secret and the request's id, so
 *    a retried stream batch makes the same link and the mail service (idempotency key
 *    `signin:<id>`) sends one email. Only its hash is stored, for 15 minutes.
 * 3. **Using it** (checkSignIn on GET shows a button, signIn on POST): the GET never uses the
 *    link up, since mail scanners follow links; the POST uses it once (a conditional write: of
 *    two racing POSTs one wins) and starts a 12-hour session whose secret lives only in the
 *    cookie; the table keeps its hash.
 * 4. **The session** (sessionFor, on every workspace request): unexpired, of this municipality,
 *    and the address still named in the config: removing someone from the config signs them out.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Municipality } from '../../core/municipalities/schema.ts';
import { staffRoles, type StaffRoles } from '../../core/municipalities/staff.ts';
import type { Locale } from '../../core/locales.ts';
import { deriveToken, hashToken, keyedHash, TOKEN_PATTERN } from '../../core/cases/codes.ts';
import type { Config } from '../config.ts';
import { RateLimitError, TokenError, ValidationError } from './errors.ts';
import type { CaseStore, SessionRecord, SignInRecord, SignInRequest } from './ports.ts';

/** How long a sign-in link works. */
export const SIGN_IN_MINUTES = 15;
/** How long a session lasts; the cookie's Max-Age says the same. */
export const SESSION_HOURS = 12;
export const SESSION_SECONDS = SESSION_HOURS * 3600;
/**
 * Sign-in links one address may ask for in an hour. Fixed and low: a real person needs one or
 * two, and each request for a named address sends an email, so a stranger must not be able to
 * flood a colleague's mailbox from the form.
 */
export const SIGN_IN_PER_ADDRESS_PER_HOUR = 5;

/**
 * The session cookie's name. With Secure (in AWS, over HTTPS) it carries the `__Host-` prefix:
 * browsers then accept it only from a secure origin, with Path=/ and no Domain, so no other
 * host under the same domain can set or shadow it. Plain HTTP (the local stack) cannot use it.
 */
export const SESSION_COOKIE = 'eop_staff';
export function sessionCookieName(secure: boolean): string {
  return secure ? `__Host-${SESSION_COOKIE}` : SESSION_COOKIE;
}

export interface AuthPorts {
  config: Pick<Config, 'hashSalt' | 'rateLimits'>;
  store: Pick<CaseStore, 'hit' | 'putSignInRequest' | 'getSignIn' | 'useSignIn' | 'putSession' | 'getSession' | 'endSession' | 'getStaffPrefs' | 'putStaffPrefs'>;
  now: () => Date;
}

/** The address as typed: required, one line, an email address. Codes are translated by the page (workspace.signIn.error.<code>). */
const emailSchema = z
  .string({ error: 'required' })
  .trim()
  .min(1, 'required')
  .max(254, 'tooLong')
  .refine((s) => !/[\s<>]/.test(s), 'invalidEmail')
  .pipe(z.email('invalidEmail'));

/**
 * Asks for a sign-in link. Throws ValidationError (field `email`: required, tooLong,
 * invalidEmail) or RateLimitError; otherwise returns nothing, whether or not the address may sign
 * in: the caller must answer every valid request alike.
 */
export async function requestSignIn(ports: AuthPorts, m: Municipality, rawEmail: unknown, locale: Locale, meta: { ip: string }): Promise<void> {
  const parsed = emailSchema.safeParse(rawEmail ?? '');
  if (!parsed.success) {
    const code = parsed.error.issues[0]?.message;
    throw new ValidationError([{ field: 'email', code: code === 'required' || code === 'tooLong' ? code : 'invalidEmail' }]);
  }
  const email = parsed.data.toLowerCase();
  const now = ports.now();
  // Counted before the address is looked up, for every address alike: a limit that only known
  // addresses reached would tell them apart.
  const windowEnd = Math.ceil(now.getTime() / 3_600_000) * 3600;
  const limits: [string, number][] = [
    [`signin-ip#${keyedHash(meta.ip, ports.config.hashSalt)}`, ports.config.rateLimits.perIpPerHour],
    [`signin-email#${keyedHash(email, ports.config.hashSalt)}`, SIGN_IN_PER_ADDRESS_PER_HOUR],
  ];
  for (const [key, limit] of limits) if (!(await ports.store.hit(key, windowEnd, limit))) throw new RateLimitError();
  if (!staffRoles(m, email)) return;
  await ports.store.putSignInRequest({ id: randomBytes(16).toString('base64url'), municipality: m.id, email, locale, requestedAt: now.toISOString() });
}

export interface IssuePorts {
  config: Pick<Config, 'linkSecret'>;
  store: Pick<CaseStore, 'getSignIn' | 'putSignIn'>;
  now: () => Date;
}

/**
 * Turns a sign-in request into a link (the stream function): the token and its stored record,
 * or undefined when the address is no longer named in the config. Issuing the same request
 * again (a retried batch) gives the same token and leaves the stored record alone, so a link
 * used in between stays used and its 15 minutes are not renewed.
 */
export async function issueSignIn(ports: IssuePorts, m: Municipality, request: SignInRequest): Promise<{ token: string; record: SignInRecord } | undefined> {
  if (request.municipality !== m.id || !staffRoles(m, request.email)) return undefined;
  const token = deriveToken(ports.config.linkSecret, 'signin', request.id);
  const hash = hashToken(token);
  const existing = await ports.store.getSignIn(hash);
  if (existing) return { token, record: existing };
  const now = ports.now();
  const record: SignInRecord = {
    municipality: m.id,
    email: request.email.toLowerCase(),
    locale: request.locale,
    issuedAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + SIGN_IN_MINUTES * 60_000).toISOString(),
  };
  await ports.store.putSignIn(hash, record);
  return { token, record };
}

/** Why a stored sign-in link cannot be used now, or undefined when it can. */
function problemOf(record: SignInRecord | undefined, m: Municipality, now: Date): 'tokenUnknown' | 'tokenUsed' | 'tokenExpired' | undefined {
  // A link of another municipality's workspace is unknown here, as if it did not exist.
  if (!record || record.municipality !== m.id) return 'tokenUnknown';
  if (record.usedAt) return 'tokenUsed';
  if (Date.parse(record.expiresAt) <= now.getTime()) return 'tokenExpired';
  return undefined;
}

/**
 * What the link's page shows on GET: the link's record while it may be used, else TokenError
 * (tokenUnknown, tokenUsed, tokenExpired). Changes nothing.
 */
export async function checkSignIn(ports: Pick<AuthPorts, 'store' | 'now'>, m: Municipality, token: string): Promise<SignInRecord> {
  if (!TOKEN_PATTERN.test(token)) throw new TokenError('tokenUnknown');
  const record = await ports.store.getSignIn(hashToken(token));
  const problem = problemOf(record, m, ports.now());
  if (problem) throw new TokenError(problem);
  if (!staffRoles(m, record!.email)) throw new TokenError('tokenUnknown');
  return record!;
}

/**
 * Uses a sign-in link and starts a session. Returns the cookie's secret (never stored: the
 * session is kept by its hash), the session, and the locale the person works in (their saved
 * choice; the link's own locale becomes their choice when they have none yet). Throws
 * TokenError when the link is unknown here, used or expired.
 */
export async function signIn(ports: AuthPorts, m: Municipality, token: string): Promise<{ cookieToken: string; session: SessionRecord; locale: Locale }> {
  const record = await checkSignIn(ports, m, token);
  const now = ports.now();
  const used = await ports.store.useSignIn(hashToken(token), now);
  if (!used) {
    // Another POST used it first, or it expired in between: say which.
    const again = await ports.store.getSignIn(hashToken(token));
    throw new TokenError(problemOf(again, m, now) ?? 'tokenUsed');
  }
  const cookieToken = randomBytes(32).toString('base64url');
  const session: SessionRecord = { municipality: m.id, email: record.email, createdAt: now.toISOString(), expiresAt: new Date(now.getTime() + SESSION_SECONDS * 1000).toISOString() };
  await ports.store.putSession(hashToken(cookieToken), session);
  let prefs = await ports.store.getStaffPrefs(m.id, record.email);
  if (!prefs) {
    prefs = { locale: used.locale };
    await ports.store.putStaffPrefs(m.id, record.email, prefs);
  }
  return { cookieToken, session, locale: prefs.locale };
}

/**
 * The signed-in member of staff behind a cookie's secret, on this municipality's site: the
 * session, its hash and the roles the config gives the address now. Undefined when there is no
 * such session, it expired or was ended, it belongs to another municipality, or the config no
 * longer names the address.
 */
export async function sessionFor(ports: Pick<AuthPorts, 'store' | 'now'>, m: Municipality, cookieToken: string | undefined): Promise<{ session: SessionRecord; sessionHash: string; roles: StaffRoles } | undefined> {
  if (!cookieToken || !TOKEN_PATTERN.test(cookieToken)) return undefined;
  const sessionHash = hashToken(cookieToken);
  const session = await ports.store.getSession(sessionHash);
  if (!session || session.municipality !== m.id || Date.parse(session.expiresAt) <= ports.now().getTime()) return undefined;
  const roles = staffRoles(m, session.email);
  if (!roles) return undefined;
  return { session, sessionHash, roles };
}

/** Signing out: the session stops working now, whatever the browser keeps. */
export async function signOut(ports: Pick<AuthPorts, 'store' | 'now'>, cookieToken: string | undefined): Promise<void> {
  if (!cookieToken || !TOKEN_PATTERN.test(cookieToken)) return;
  await ports.store.endSession(hashToken(cookieToken), ports.now());
}
