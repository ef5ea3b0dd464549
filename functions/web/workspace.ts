/**
 * The staff workspace's routes under `/<locale>/staff/` on each site (the host names the
 * municipality, the first path segment the language): signing in by an emailed link, the session
 * every other route requires (requireStaff), signing out, the inbox, the log of staff actions and
 * the settings; the case pages come from functions/web/workspace-case.ts (registerCaseRoutes).
 *
 * - GET only shows; every change is a POST followed by a 303 (so a reload sends nothing again).
 *   POSTs from another site are refused for the whole app (functions/web/app.ts, fromOwnSite)
 *   before they get here.
 * - The session cookie holds a random 256-bit secret (the table keeps only its hash): HttpOnly,
 *   SameSite=Strict, Path=/, 12 hours; Secure with the `__Host-` prefix when the sites are served
 *   over HTTPS (config.secureCookies).
 * - Every response under /staff/ says Cache-Control: no-store and X-Robots-Tag: noindex: the pages
 *   are one person's, and never for a cache or a search engine.
 * - Log lines name no address and no link (logPath masks the sign-in token).
 */
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import { bodyLimit } from 'hono/body-limit';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { isLocale, type Locale } from '../../core/locales.ts';
import type { Municipality } from '../../core/municipalities/schema.ts';
import { t, type StringKey } from '../../core/i18n/index.ts';
import { normaliseCode } from '../../core/cases/codes.ts';
import type { Ports } from '../domain/service.ts';
import { DomainError, RateLimitError, TokenError, ValidationError } from '../domain/errors.ts';
import { checkSignIn, requestSignIn, sessionCookieName, sessionFor, SESSION_SECONDS, signIn, signOut } from '../domain/staff-auth.ts';
import { listInbox, parseInboxFilter } from '../domain/inbox.ts';
import { municipalityForHost } from './app.ts';
import { isLocalPath, localRedirect } from './requests.ts';
import { staffPath, type StaffContext, type StaffVars } from './workspace-context.ts';
import { auditPage, continuePage, forbiddenPage, inboxPage, plainMessagePage, settingsPage, signInConfirmPage, signInFormPage, signInProblemPage, signInRequiredPage, signInSentPage } from './workspace-pages.ts';
import { registerCaseRoutes } from './workspace-case.ts';

/** The sign-in and settings forms are a few fields: nothing bigger is read. */
const FORM_LIMIT_BYTES = 16 * 1024;
/** Entries per page of the log of staff actions. */
const AUDIT_PAGE_SIZE = 50;

/** Where a workspace request is: the host's municipality and the URL's locale; undefined when either is not ours. */
function whereOf(c: Context): { m: Municipality; l: Locale } | undefined {
  const m = municipalityForHost(c.req.header('host'));
  const first = c.req.path.split('/')[1] ?? '';
  if (!m || !isLocale(first)) return undefined;
  return { m, l: first };
}

/** A workspace path for the log: never a sign-in link's token, never control characters. */
export function workspaceLogPath(path: string): string {
  return path.replace(/\/staff\/sign-in\/[^/]+/, '/staff/sign-in/…').replace(/[\u0000-\u001f\u007f-\u009f]/g, '?').slice(0, 200);
}

/**
 * A GET from another site's page (a link in an email opened in webmail) that carries no session
 * cookie: a SameSite=Strict cookie is never sent on such a request, so "no session" may be wrong.
 * Such a request gets continuePage, one step from the site itself, before it is sent to sign in.
 */
function arrivedWithoutCookie(c: Context, cookieName: string): boolean {
  const site = c.req.header('sec-fetch-site')?.trim().toLowerCase();
  return (site === 'cross-site' || site === 'same-site') && getCookie(c, cookieName) === undefined;
}

/** The request's own path and query, to continue to (only a path of this site). */
function sameAddress(c: Context, fallback: string): string {
  const url = new URL(c.req.url);
  const target = `${url.pathname}${url.search}`;
  return isLocalPath(target) ? target : fallback;
}

const ipOf = (c: Context) => c.req.header('x-forwarded-for')?.split(',')[0]?.trim() || 'unknown';

/** A POST's form fields as text (a file where text belongs reads as nothing). */
async function readForm(c: Context): Promise<Record<string, string>> {
  const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) if (typeof v === 'string') out[k] = v;
  return out;
}

/** What requireStaff answers on its own when no richer page is given: 404 for a path that is not ours, else 503. */
async function plainProblem(c: Context, e: unknown): Promise<Response> {
  return e instanceof DomainError && e.code === 'notFound' ? c.text('Not found', 404) : c.text('Service unavailable', 503);
}

/**
 * The session middleware: the signed-in member of staff of this site's municipality, or none.
 * Without a usable session a GET goes to the sign-in page (`/<l>/staff/`), and anything else is
 * refused with a 401 page that says nothing was done. Sets `staff` (StaffContext) for the route.
 */
export function requireStaff(ports: Ports, onError: (c: Context, e: unknown, where?: { m: Municipality; l: Locale }) => Promise<Response> = plainProblem): MiddlewareHandler<StaffVars> {
  const cookie = sessionCookieName(ports.config.secureCookies);
  return createMiddleware<StaffVars>(async (c, next) => {
    const where = whereOf(c);
    if (!where) return onError(c, new DomainError('notFound'));
    const { m, l } = where;
    let found;
    try {
      found = await sessionFor(ports, m, getCookie(c, cookie));
    } catch (e) {
      return onError(c, e, where);
    }
    if (!found) {
      if (c.req.method === 'GET' || c.req.method === 'HEAD') {
        if (arrivedWithoutCookie(c, cookie)) return c.html(await continuePage(ports.config, m, l, sameAddress(c, staffPath.home(l))));
        return localRedirect(c, staffPath.home(l), 303);
      }
      return c.html(await signInRequiredPage(ports.config, m, l), 401);
    }
    const ctx: StaffContext = { m, locale: l, session: found.session, sessionHash: found.sessionHash, roles: found.roles };
    c.set('staff', ctx);
    return next();
  });
}

/**
 * The headers of every response under /<locale>/staff/, the case pages' and the same-site
 * refusals included (createApp mounts it before anything else can answer): one person's pages,
 * never for a cache or a search engine.
 */
export const workspaceHeaders = createMiddleware(async (c, next) => {
  await next();
  c.header('Cache-Control', 'no-store');
  c.header('X-Robots-Tag', 'noindex');
  c.header('X-Content-Type-Options', 'nosniff');
});

/** Mounts the workspace on the app (createApp calls this before its notFound). */
export function registerWorkspace(app: Hono, ports: Ports, opts: { log?: (line: string) => void } = {}) {
  const { config } = ports;
  const log = opts.log ?? ((line: string) => console.log(line));
  const cookieName = sessionCookieName(config.secureCookies);
  const cookieOptions = { httpOnly: true, sameSite: 'Strict' as const, path: '/', secure: config.secureCookies };

  /** A problem as a page: 404 for what is not there, 503 (nothing lost, try again) for the rest, logged without details of anyone. */
  async function problem(c: Context, e: unknown, where?: { m: Municipality; l: Locale }): Promise<Response> {
    const w = where ?? whereOf(c);
    const m = w?.m ?? municipalityForHost(c.req.header('host'));
    if (e instanceof DomainError && (e.code === 'notFound' || e.code === 'caseUnknown')) {
      if (!m) return c.text('Not found', 404);
      const l = w?.l ?? m.defaultLocale;
      return c.html(await plainMessagePage(config, m, l, t(l, 'error.title'), t(l, 'error.notFound')), 404);
    }
    log(`error: ${c.req.method} ${workspaceLogPath(c.req.path)}: ${(e as Error)?.name}: ${(e as Error)?.message}`);
    c.header('Retry-After', '30');
    if (!m) return c.text('Service unavailable', 503);
    const l = w?.l ?? m.defaultLocale;
    return c.html(await plainMessagePage(config, m, l, t(l, 'error.title'), t(l, 'error.unavailable')), 503);
  }

  const staff = requireStaff(ports, problem);
  const limit = bodyLimit({
    maxSize: FORM_LIMIT_BYTES,
    onError: async (c) => {
      if (c.env && typeof c.env === 'object' && 'outgoing' in c.env) c.header('Connection', 'close');
      const w = whereOf(c);
      if (!w) return c.text('Request too large', 413);
      return c.html(await plainMessagePage(config, w.m, w.l, t(w.l, 'error.title'), t(w.l, 'error.tooLarge')), 413);
    },
  });

  // --- Signing in -------------------------------------------------------------------------

  /** The inbox when signed in, else the sign-in form. `?code=` finds a case by its tracking code. */
  app.get('/:locale/staff/', async (c) => {
    const where = whereOf(c);
    if (!where) return problem(c, new DomainError('notFound'));
    const { m, l } = where;
    try {
      const found = await sessionFor(ports, m, getCookie(c, cookieName));
      if (!found) {
        if (arrivedWithoutCookie(c, cookieName)) return c.html(await continuePage(config, m, l, sameAddress(c, staffPath.home(l))));
        const notice = c.req.query('signedOut') === '1' ? t(l, 'workspace.signIn.signedOut') : undefined;
        return c.html(await signInFormPage(config, m, l, notice ? { notice } : {}));
      }
      const ctx: StaffContext = { m, locale: l, session: found.session, sessionHash: found.sessionHash, roles: found.roles };
      const filter = parseInboxFilter(m, (name) => c.req.query(name));
      const typed = c.req.query('code');
      if (typed !== undefined) {
        const code = normaliseCode(typed);
        if (code) return localRedirect(c, staffPath.case(l, code), 303);
      }
      const view = await listInbox(ports, m, found.roles, filter);
      // A typed code that is no tracking code: the inbox again, with the field's error and what was typed.
      const find = typed !== undefined ? { value: typed.slice(0, 100), error: { field: 'code', message: t(l, 'workspace.find.invalid') } } : undefined;
      // After forwarding a case out of the person's inboxes (functions/web/workspace-case.ts).
      const forwarded = normaliseCode(c.req.query('forwarded') ?? '');
      const notice = forwarded ? t(l, 'workspace.inbox.forwarded', { code: forwarded }) : undefined;
      return c.html(await inboxPage(config, ctx, { view, filter, find, notice }), find ? 400 : 200);
    } catch (e) {
      return problem(c, e, where);
    }
  });

  app.get('/:locale/staff/sign-in/', async (c) => {
    const where = whereOf(c);
    if (!where) return problem(c, new DomainError('notFound'));
    if (c.req.query('sent') === '1') return c.html(await signInSentPage(config, where.m, where.l));
    return c.html(await signInFormPage(config, where.m, where.l));
  });

  /** A request for a link. Every valid request gets the same 303, whether or not an email goes out. */
  app.post('/:locale/staff/sign-in/', limit, async (c) => {
    const where = whereOf(c);
    if (!where) return problem(c, new DomainError('notFound'));
    const { m, l } = where;
    let value = '';
    try {
      const form = await readForm(c);
      value = (form.email ?? '').slice(0, 300);
      await requestSignIn(ports, m, form.email, l, { ip: ipOf(c) });
      return localRedirect(c, `${staffPath.signIn(l)}?sent=1`, 303);
    } catch (e) {
      if (e instanceof ValidationError) {
        const errors = e.errors.map((x) => ({ field: 'email', message: t(l, `workspace.signIn.error.${x.code === 'required' || x.code === 'tooLong' ? x.code : 'invalidEmail'}` as StringKey) }));
        return c.html(await signInFormPage(config, m, l, { value, errors }), 400);
      }
      if (e instanceof RateLimitError) {
        c.header('Retry-After', '3600');
        return c.html(await signInFormPage(config, m, l, { value, errors: [{ field: 'email', message: t(l, 'workspace.signIn.error.rateLimited') }] }), 429);
      }
      return problem(c, e, where);
    }
  });

  const tokenProblem = async (c: Context, e: unknown, where: { m: Municipality; l: Locale }) => {
    if (e instanceof TokenError && (e.code === 'tokenUnknown' || e.code === 'tokenUsed' || e.code === 'tokenExpired')) {
      return c.html(await signInProblemPage(config, where.m, where.l, e.code), e.code === 'tokenUnknown' ? 404 : 410);
    }
    return problem(c, e, where);
  };

  /** The link from the email: a page with one button. Opening it uses nothing up (mail scanners follow links). */
  app.get('/:locale/staff/sign-in/:token/', async (c) => {
    const where = whereOf(c);
    if (!where) return problem(c, new DomainError('notFound'));
    const token = c.req.param('token');
    try {
      const record = await checkSignIn(ports, where.m, token);
      return c.html(await signInConfirmPage(config, where.m, where.l, record, `${staffPath.signIn(where.l)}${token}/`));
    } catch (e) {
      return tokenProblem(c, e, where);
    }
  });

  /** The button: uses the link once, starts a session and goes to the inbox in the person's language. */
  app.post('/:locale/staff/sign-in/:token/', limit, async (c) => {
    const where = whereOf(c);
    if (!where) return problem(c, new DomainError('notFound'));
    try {
      const result = await signIn(ports, where.m, c.req.param('token'));
      // A session this browser had before ends: one browser, one session.
      const previous = getCookie(c, cookieName);
      if (previous) await signOut(ports, previous);
      setCookie(c, cookieName, result.cookieToken, { ...cookieOptions, maxAge: SESSION_SECONDS });
      log(`workspace: signed in (${where.m.id})`);
      return localRedirect(c, staffPath.home(result.locale), 303);
    } catch (e) {
      return tokenProblem(c, e, where);
    }
  });

  /** Signing out ends the session in the table (a copied cookie stops working too) and clears the cookie. */
  app.post('/:locale/staff/sign-out/', limit, async (c) => {
    const where = whereOf(c);
    if (!where) return problem(c, new DomainError('notFound'));
    try {
      await signOut(ports, getCookie(c, cookieName));
      deleteCookie(c, cookieName, cookieOptions);
      return localRedirect(c, `${staffPath.home(where.l)}?signedOut=1`, 303);
    } catch (e) {
      return problem(c, e, where);
    }
  });

  // --- The log of staff actions and the settings ---------------------------------------------

  app.get('/:locale/staff/audit/', staff, async (c) => {
    const ctx = c.get('staff');
    try {
      if (!ctx.roles.supervisor) {
        const l = ctx.locale;
        return c.html(await forbiddenPage(config, ctx, { title: t(l, 'workspace.audit.forbidden.title'), message: t(l, 'workspace.audit.forbidden.text'), current: 'audit', path: 'staff/audit/' }), 403);
      }
      // `before` is where the previous page ended (an entry's sort key); anything else starts at the newest.
      const raw = c.req.query('before');
      const before = raw && /^[\x21-\x7e]{1,160}$/.test(raw) ? raw : undefined;
      const { entries, next } = await ports.store.listAudit(ctx.m.id, { limit: AUDIT_PAGE_SIZE, before });
      return c.html(await auditPage(config, ctx, { entries, next, paged: !!before }));
    } catch (e) {
      return problem(c, e, { m: ctx.m, l: ctx.locale });
    }
  });

  app.get('/:locale/staff/settings/', staff, async (c) => {
    const ctx = c.get('staff');
    try {
      const prefs = await ports.store.getStaffPrefs(ctx.m.id, ctx.session.email);
      return c.html(await settingsPage(config, ctx, { value: prefs?.locale ?? ctx.locale, saved: c.req.query('saved') === '1' }));
    } catch (e) {
      return problem(c, e, { m: ctx.m, l: ctx.locale });
    }
  });

  /** Saves the language and shows the settings again in it. */
  app.post('/:locale/staff/settings/', limit, staff, async (c) => {
    const ctx = c.get('staff');
    try {
      const form = await readForm(c);
      const chosen = form.locale ?? '';
      if (!isLocale(chosen)) {
        return c.html(await settingsPage(config, ctx, { value: '', error: { field: 'locale', message: t(ctx.locale, 'workspace.settings.error.locale') } }), 400);
      }
      await ports.store.putStaffPrefs(ctx.m.id, ctx.session.email, { locale: chosen });
      return localRedirect(c, `${staffPath.settings(chosen)}?saved=1`, 303);
    } catch (e) {
      return problem(c, e, { m: ctx.m, l: ctx.locale });
    }
  });

  // --- A case: its page and actions, registering a case (functions/web/workspace-case.ts) -------
  registerCaseRoutes(app, ports, staff);

  // Anything else under /<locale>/staff/: a page that says so, not the API's JSON.
  app.all('/:locale/staff/*', (c) => problem(c, new DomainError('notFound')));
}
