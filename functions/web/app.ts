import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import { getMunicipality, municipalities } from '../../core/municipalities/index.ts';
import type { Municipality } from '../../core/municipalities/schema.ts';
import { isLocale, type Locale } from '../../core/locales.ts';
import { t, formStrings, type StringKey } from '../../core/i18n/index.ts';
import { DomainError, NotFoundError, TokenError, UnavailableError, ValidationError } from '../domain/errors.ts';
import { httpStatus } from './status.ts';
import { codeCandidates, normaliseCode } from '../../core/cases/codes.ts';
import { submitReport, submitQuestion, presignUpload, getPublicCase, openReply, applyReply, replyLinkLocale, type Ports } from '../domain/service.ts';
import type { CaseStore } from '../domain/ports.ts';
import { LONGEST_TEXT, type FieldError } from '../../core/cases/forms.ts';
import { statusPage, messagePage, staffPage, findPage } from './pages.ts';
import { nearbyOpenReports } from '../domain/nearby.ts';
import { recordContactView } from '../domain/tokens.ts';
import { eraseThroughLink } from '../domain/erase.ts';
import { renderFormPage } from './form-page.tsx';
import { createOpen311App } from './open311.ts';
import { errorMessage } from '../../core/i18n/form-messages.ts';
import { acceptsJson, fromOwnSite, jsonLocale, langParam, localRedirect, pageLocale, sendsJson } from './requests.ts';
import { registerWorkspace, workspaceHeaders } from './workspace.ts';
import { isOneClickPath, registerSubscriptions } from './subscriptions.ts';
import { registerCitizen } from './citizen.ts';
import { registerFeedback } from './feedback.ts';

/** Which municipality a request is for: its host name (ezvecan.com, zvecan.localhost), else a default. */
export function municipalityForHost(host: string | undefined): Municipality | undefined {
  const name = (host ?? '').split(':')[0]!.toLowerCase();
  return municipalities.find((m) => name === m.domain || name === `www.${m.domain}` || name === `${m.id}.localhost`);
}

type Body = Record<string, unknown>;

/** Answers in JSON: a JSON body, or a client that asks for JSON. */
function wantsJson(c: Context): boolean {
  const header = (name: string) => c.req.header(name);
  return sendsJson(header) || acceptsJson(header);
}

/**
 * The most a POST may send. A form's longest answer (4,000 characters of Cyrillic, six bytes each
 * once form-encoded) is about 24 KB; under this cap a too-long text is read and comes back as a
 * field error with the answers kept, over it the body is not read at all (finding 7 of issue 11).
 */
export const MAX_BODY_BYTES = 256 * 1024;
/** The longest text a citizen or staff form takes, for the message over MAX_BODY_BYTES. */
const longestText = {
  form: LONGEST_TEXT,
  reply: LONGEST_TEXT,
};

/**
 * A store that remembers the rate-limit allowances one submission takes, so that a submission
 * that fails on our side (a 503: "nothing was lost, try again") can give them back. Counting
 * stays before the write, as a conditional increment, so a burst of parallel requests can never
 * pass the limit; only a failed write returns what it took.
 */
function countingStore(store: CaseStore) {
  const taken: [string, number][] = [];
  const counted = new Proxy(store, {
    get(target, prop) {
      if (prop === 'hit') {
        return async (key: string, windowEnd: number, limit: number) => {
          const ok = await target.hit(key, windowEnd, limit);
          if (ok) taken.push([key, windowEnd]);
          return ok;
        };
      }
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { store: counted, giveBack: () => Promise.all(taken.splice(0).map(([key, windowEnd]) => store.giveBack(key, windowEnd))) };
}

/** Reads a form-encoded or JSON body; repeated fields (photos) become arrays. */
async function readBody(c: Context): Promise<Body> {
  // Only `application/json` is read as JSON; JSON-shaped text under any other type is a form post
  // (and text/plain reads as no fields at all), see sendsJson.
  if (sendsJson((name) => c.req.header(name))) {
    const body = await c.req.json().catch(() => undefined);
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw new DomainError('invalid');
    return body as Body;
  }
  const form = await c.req.parseBody({ all: true });
  const out: Body = {};
  for (const [k, v] of Object.entries(form)) {
    if (v instanceof File || (Array.isArray(v) && v.some((x) => x instanceof File))) throw new DomainError('invalid');
    out[k] = v;
  }
  return out;
}

/** The reader's language once the body is read: the form's own `locale` field, else as before it was read. */
function localeOf(body: Body, c: Context, m: Municipality | undefined): Locale {
  const l = typeof body.locale === 'string' ? body.locale : '';
  if (isLocale(l)) return l;
  return wantsJson(c) || !m ? jsonLocale(c) : pageLocale(c, m.defaultLocale);
}

/** Field errors with their messages: the field's own wording where there is one ("Describe the problem."). */
function messages(errors: FieldError[], locale: Locale) {
  const strings = formStrings(locale);
  return errors.map((e) => ({ field: e.field, code: e.code, message: errorMessage(strings, e.field, e.code) }));
}

/** A request's path for the log: never a reply token (it acts on a case), never control characters. */
const logPath = (c: Context) => c.req.path.replace(/\/api\/reply\/[^/]+/, '/api/reply/…').replace(/\/staff\/sign-in\/[^/]+/, '/staff/sign-in/…').replace(/\/api\/(subscriptions|unsubscribe)\/[^/?]+/, '/api/$1/…').replace(/\/my-case\/[^/]+/, '/my-case/…').replace(/\/feedback\/[^/]+/, '/feedback/…').replace(/[\u0000-\u001f\u007f-\u009f]/g, '?').slice(0, 200);

type FormKind = 'report' | 'question' | 'reply' | 'upload';

const errorKey: Record<number, StringKey> = { 404: 'error.notFound', 413: 'error.tooLarge', 429: 'error.rateLimited', 503: 'error.unavailable' };

/**
 * A set of routes added to the citizens' core app: the workspace, the subscriptions, the
 * citizen's personal link, the feedback links (each a `register…` of its module).
 */
export type RouteSet = (app: Hono, ports: Ports, ctx: { log: (line: string) => void; municipalityForHost: typeof municipalityForHost }) => void;

/**
 * The one Hono app, with every route: the same in Lambda and locally. In Lambda it is the Portal
 * function's (functions/portal.ts); the citizens' side (functions/http.ts) takes createCoreApp
 * alone, so its bundle holds none of the workspace, the subscriptions or the personal links.
 */
export function createApp(ports: Ports, opts: { log?: (line: string) => void } = {}) {
  return createCoreApp(ports, { ...opts, routes: [registerWorkspace, registerSubscriptions, registerCitizen, registerFeedback] });
}

/**
 * The citizens' side: submissions, uploads, Open311, /api/cases, the status pages and "find my
 * case", the staff reply links, health; plus `routes`, in order, before the fallbacks.
 */
export function createCoreApp(ports: Ports, opts: { log?: (line: string) => void; routes?: readonly RouteSet[] } = {}) {
  const app = new Hono();
  const log = opts.log ?? ((line: string) => console.log(line));
  const ipOf = (c: Context) => c.req.header('x-forwarded-for')?.split(',')[0]?.trim() || 'unknown';

  /** Turns a domain error into the right response for a JSON or an HTML client. */
  async function fail(c: Context, e: unknown, locale: Locale, m: Municipality | undefined) {
    if (!(e instanceof DomainError)) {
      // Internals are logged, never sent; the message names no person.
      log(`error: ${c.req.method} ${logPath(c)}: ${(e as Error)?.name}: ${(e as Error)?.message}`);
      e = new UnavailableError();
    }
    const err = e as DomainError;
    const status = httpStatus(err);
    const key = errorKey[status] ?? 'error.invalid';
    if (status === 503) c.header('Retry-After', '30');
    if (wantsJson(c) || !m) {
      const list = err instanceof ValidationError ? messages(err.errors, locale) : [{ field: 'form', code: err.code, message: t(locale, key) }];
      return c.json({ errors: list }, status);
    }
    return c.html(await messagePage(ports.config, m, locale, { title: t(locale, 'error.title'), message: t(locale, key), path: '' }), status);
  }

  app.use('/api/*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
    // The security headers (CSP, Referrer-Policy, …) come from core/security/headers.ts, set by
    // CloudFront in AWS and by scripts/serve.mjs locally, on every response alike.
    c.header('X-Content-Type-Options', 'nosniff');
  });
  // The staff workspace's own headers, on everything under it, refusals included (workspace.ts).
  app.use('/:locale/staff/*', workspaceHeaders);

  /** A body too large to read: the form (or the staff page) again, with one message for the whole form and nothing filled in. */
  async function tooLargeForm(c: Context, kind: Exclude<FormKind, 'upload'>, m: Municipality, locale: Locale, message: string) {
    const status = 413;
    if (kind === 'reply') {
      const token = c.req.param('token') ?? '';
      try {
        return c.html(await renderStaff(token, { values: {}, errors: [{ field: 'form', message }] }), status);
      } catch (e) {
        return tokenProblem(c, e);
      }
    }
    return c.html(await renderFormPage(ports.config, kind, m, locale, {}, [{ field: 'form', code: 'tooLarge', message }]), status);
  }

  const headerOf = (c: Context) => (name: string) => c.req.header(name);

  /**
   * Every request that can change something must come from a page of the site itself
   * (fromOwnSite): any method but GET, HEAD and OPTIONS, on any path, so that a route added later
   * is covered without anyone remembering to. Refused with 403 before the body is read: JSON for
   * JSON clients, otherwise a page in the site's layout and the reader's language.
   */
  app.use('*', async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.method === 'OPTIONS' || fromOwnSite(headerOf(c))) return next();
    // RFC 8058 one-click unsubscribe: a mail client POSTs `List-Unsubscribe=One-Click` from outside
    // the site to exactly this path; the route accepts nothing else cross-site (web/subscriptions.ts).
    if (c.req.method === 'POST' && isOneClickPath(c.req.path)) return next();
    const m = municipalityForHost(c.req.header('host'));
    log(`refused: ${c.req.method} ${logPath(c)} from another site (${c.req.header('sec-fetch-site') ?? 'no Sec-Fetch-Site'}, origin ${JSON.stringify((c.req.header('origin') ?? '').slice(0, 80))})`);
    if (wantsJson(c) || !m) {
      return c.json({ errors: [{ field: 'form', code: 'crossSite', message: t(jsonLocale(c), 'error.crossSite') }] }, 403);
    }
    // The form's language: the staff page posts with `?lang=` its own (the inbox's choice), as the
    // citizen forms do with theirs.
    const locale = pageLocale(c, m.defaultLocale);
    // No form filled in again: a page the person did not mean to send from should not look like
    // theirs. It says what happened and links to the real form.
    const form = c.req.path === '/api/reports' ? 'system-48h/report/' : c.req.path === '/api/questions' ? 'ask-the-mayor/ask/' : undefined;
    return c.html(
      await messagePage(ports.config, m, locale, {
        title: t(locale, 'error.title'),
        message: t(locale, 'error.crossSite'),
        path: '',
        ...(form ? { link: { href: `/${locale}/${form}`, label: t(locale, 'error.openForm') } } : {}),
      }),
      403,
    );
  });

  /**
   * What a POST's body must be, checked before it is read (the same-site check above came
   * first): a JSON client sends JSON (else 415), and no body is larger than MAX_BODY_BYTES (else
   * 413: the form again without JavaScript, in the reader's language, saying what was too long;
   * JSON for JSON clients). Every POST route takes `...guard(kind)`.
   */
  function guard(kind: FormKind) {
    const jsonOnly = createMiddleware(async (c, next) => {
      // A JSON client must send JSON: what it sends otherwise would be read as a form, and the
      // forms' own JavaScript always sends application/json.
      if (acceptsJson(headerOf(c)) && !sendsJson(headerOf(c))) {
        return c.json({ errors: [{ field: 'form', code: 'unsupportedMediaType', message: t(jsonLocale(c), 'error.unsupportedMediaType') }] }, 415);
      }
      return next();
    });
    const limit = bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: async (c) => {
        // The rest of the body stays unread, so on a Node socket (the local server) the connection
        // must not carry another request: a client reusing it would see it hang up. In Lambda the
        // body arrived whole with the event and there is no connection of ours to close.
        if (c.env && typeof c.env === 'object' && 'outgoing' in c.env) c.header('Connection', 'close');
        const m = municipalityForHost(c.req.header('host'));
        const kb = Math.round(MAX_BODY_BYTES / 1024);
        if (wantsJson(c) || !m || kind === 'upload') {
          const locale = jsonLocale(c);
          return c.json({ errors: [{ field: 'form', code: 'tooLarge', message: t(locale, 'error.tooLarge') }] }, 413);
        }
        // The page's language (`?lang=` on every form's action, the staff page's too).
        const locale = pageLocale(c, m.defaultLocale);
        const message = t(locale, kind === 'reply' ? 'error.replyTooLarge' : 'error.formTooLarge', { kb, max: kind === 'reply' ? longestText.reply : longestText.form });
        return tooLargeForm(c, kind, m, locale, message);
      },
    });
    return [jsonOnly, limit] as const;
  }

  app.get('/api/health', (c) => c.json({ ok: true }));
  // Open311 GeoReport v2: requests from the public projection (discovery and services are static files).
  app.route('/open311/v2', createOpen311App(ports, { municipalityForHost, log }));

  app.post('/api/uploads', ...guard('upload'), async (c) => {
    let body: Body = {};
    try {
      body = await readBody(c);
      // Rate-limited per address before the storage is asked for anything (presignUpload).
      return c.json(await presignUpload(ports, body, { ip: ipOf(c) }));
    } catch (e) {
      return fail(c, e, localeOf(body, c, undefined), undefined);
    }
  });

  for (const [path, submit] of [['/api/reports', submitReport], ['/api/questions', submitQuestion]] as const) {
    const kind = path === '/api/reports' ? 'report' : 'question';
    app.post(path, ...guard(kind), async (c) => {
      let body: Body = {};
      const hostM = municipalityForHost(c.req.header('host'));
      const counting = countingStore(ports.store);
      try {
        body = await readBody(c);
        const result = await submit({ ...ports, store: counting.store }, body, { ip: ipOf(c) });
        // The status page with its thank-you note and the tracking code; a reporter who left a phone
        // number only is told there that no email will come (pages.ts statusPage, `noemail`).
        const noEmail = !(typeof body.email === 'string' && body.email.trim());
        const statusUrl = `/${result.locale}/status/${result.code}/?new=1${noEmail ? '&noemail=1' : ''}`;
        if (wantsJson(c)) return c.json({ code: result.code, status: 'received', statusUrl }, result.created ? 201 : 200);
        return localRedirect(c, statusUrl, 303);
      } catch (e) {
        // A submission we failed to store ("try again in a minute") must not use up the
        // sender's allowance: give back what it counted.
        if (!(e instanceof DomainError) || httpStatus(e) === 503) await counting.giveBack().catch((inner: Error) => log(`error: giving back a rate-limit allowance: ${inner.name}: ${inner.message}`));
        const m = hostM ?? (typeof body.municipality === 'string' ? municipalities.find((x) => x.id === body.municipality) : undefined);
        const locale = localeOf(body, c, m);
        if (e instanceof ValidationError && !wantsJson(c) && m) {
          return c.html(await renderFormPage(ports.config, kind, m, locale, body, messages(e.errors, locale)), 400);
        }
        return fail(c, e, locale, m);
      }
    });
  }

  app.get('/api/cases/:code', async (c) => {
    const code = normaliseCode(c.req.param('code'));
    try {
      if (!code) throw new NotFoundError('caseUnknown');
      return c.json(await getPublicCase(ports, code));
    } catch (e) {
      return fail(c, e, jsonLocale(c), undefined);
    }
  });

  /**
   * The live status page. Its URL is typed by people (`/sr/status/k7qm 3xtd`) and by attackers
   * (`/%2Fevil.example/status/x`, `/sr/status/x%0d%0aSet-Cookie:…`): the locale must be one of
   * ours and the code must normalise to a tracking code, else the answer is a 404 page; a
   * redirect (to the canonical code, or to add the trailing slash) is built from those two
   * validated parts only.
   */
  async function statusRoute(c: Context, slash: boolean) {
    const hostM = municipalityForHost(c.req.header('host')) ?? municipalities[0]!;
    const localeParam = c.req.param('locale') ?? '';
    const codeParam = c.req.param('code') ?? '';
    const locale: Locale | undefined = isLocale(localeParam) ? localeParam : undefined;
    const code = normaliseCode(codeParam);
    const shownLocale = locale ?? hostM.defaultLocale;
    try {
      if (!locale || !code) throw new NotFoundError('caseUnknown');
      if (!slash || code !== codeParam) return localRedirect(c, `/${locale}/status/${code}/`, 301);
      const pc = await getPublicCase(ports, code);
      const m = getMunicipality(pc.municipality);
      const isNew = c.req.query('new') === '1';
      // Right after a report: open reports of its category nearby (public records only), to follow
      // instead. A nicety: if it cannot be read, the confirmation shows without it.
      const nearby = isNew && !('awaitingReview' in pc) ? await nearbyOpenReports(ports.store, pc).catch(() => undefined) : undefined;
      const html = await statusPage(ports.config, m, locale, pc, { isNew, noEmail: c.req.query('noemail') === '1', replied: c.req.query('replied') === '1', now: ports.now(), nearby });
      c.header('Cache-Control', 'no-store');
      return c.html(html);
    } catch (e) {
      if (e instanceof DomainError && httpStatus(e) === 404) {
        // The code as typed, if it is something a person could have typed; never markup or controls.
        const shown = codeParam.replace(/[^\p{L}\p{N} -]/gu, '').slice(0, 20);
        return c.html(await messagePage(ports.config, hostM, shownLocale, { title: t(shownLocale, 'error.notFound'), message: t(shownLocale, 'case.notFound', { code: shown }), path: '' }), 404);
      }
      return fail(c, e, shownLocale, hostM);
    }
  }
  /**
   * "Find my case" (core/views/find-case.ts): `GET /<locale>/status/?code=…` from the form on every
   * site's home, System 48h, Ask the Mayor and archive pages. The code is read forgivingly
   * (codeCandidates: case, spaces, any dash, Cyrillic look-alikes or keys); a case found 303s to
   * its status page. No code yet: the form (200); an empty or malformed code: the form again with
   * what was typed and why (400); a code of no case: the same with "no case has this code" (404).
   * Read-only, so it is the Reads function's, like the status pages.
   */
  app.get('/:locale/status/', async (c) => {
    const hostM = municipalityForHost(c.req.header('host')) ?? municipalities[0]!;
    const localeParam = c.req.param('locale');
    const locale: Locale = isLocale(localeParam) ? localeParam : hostM.defaultLocale;
    c.header('Cache-Control', 'no-store');
    try {
      if (!isLocale(localeParam)) throw new NotFoundError('caseUnknown');
      const typed = c.req.query('code');
      if (typed === undefined) return c.html(await findPage(ports.config, hostM, locale, {}));
      const value = typed.slice(0, 100);
      if (!typed.trim()) return c.html(await findPage(ports.config, hostM, locale, { value, error: t(locale, 'case.lookupEmpty') }), 400);
      const candidates = codeCandidates(typed);
      if (!candidates.length) return c.html(await findPage(ports.config, hostM, locale, { value, error: t(locale, 'case.lookupMalformed') }), 400);
      for (const code of candidates) {
        const found = await getPublicCase(ports, code).then(
          () => true,
          (e: unknown) => {
            if (e instanceof DomainError && httpStatus(e) === 404) return false;
            throw e;
          },
        );
        if (found) return localRedirect(c, `/${locale}/status/${code}/`, 303);
      }
      return c.html(await findPage(ports.config, hostM, locale, { value, error: t(locale, 'case.notFound', { code: candidates[0]! }) }), 404);
    } catch (e) {
      if (e instanceof DomainError && httpStatus(e) === 404) {
        return c.html(await messagePage(ports.config, hostM, locale, { title: t(locale, 'error.notFound'), message: t(locale, 'error.notFound'), path: '' }), 404);
      }
      return fail(c, e, locale, hostM);
    }
  });
  app.get('/:locale/status/:code', (c) => statusRoute(c, false));
  app.get('/:locale/status/:code/', (c) => statusRoute(c, true));

  /** Staff pages: GET only shows (mail scanners follow links); POST acts. */
  async function renderStaff(token: string, extra?: { values: Record<string, string>; errors: { field: string; message: string }[]; revealContact?: boolean }) {
    const o = await openReply(ports, token);
    // The language of the inbox the link was mailed to (its member's choice), else the municipality's.
    const locale = o.locale;
    const photoUrls: Record<string, string | undefined> = {};
    for (const p of o.record.photos) {
      if (p.state === 'ready' && p.variants?.[0]) photoUrls[p.id] = await ports.storage.privateUrl(p.variants[0].key.replace(/^public\//, 'private/'));
    }
    return staffPage(ports.config, locale, { record: o.record, events: o.events, now: ports.now(), contact: o.contact, municipality: o.municipality, timeLeftMs: o.timeLeftMs, expiresAt: o.token.expiresAt, photoUrls, action: `/api/reply/${token}`, ...(extra ?? {}) });
  }

  /** A link that cannot act (or a failure behind it), said in the language its page speaks. */
  async function tokenProblem(c: Context, e: unknown) {
    const m = municipalityForHost(c.req.header('host')) ?? municipalities[0]!;
    // The link's inbox's language when the token names a case of this site; else the form's (`?lang=`).
    const page = await replyLinkLocale(ports, c.req.param('token') ?? '').catch(() => undefined);
    const locale = page?.municipality.id === m.id ? page.locale : (langParam(c) ?? m.defaultLocale);
    if (e instanceof TokenError) {
      return c.html(await messagePage(ports.config, m, locale, { title: t(locale, 'error.title'), message: t(locale, `staff.${e.code}` as StringKey), path: '' }), httpStatus(e));
    }
    return fail(c, e, locale, m);
  }

  app.get('/api/reply/:token', async (c) => {
    c.header('X-Robots-Tag', 'noindex');
    try {
      return c.html(await renderStaff(c.req.param('token')));
    } catch (e) {
      return tokenProblem(c, e);
    }
  });

  app.post('/api/reply/:token', ...guard('reply'), async (c) => {
    const token = c.req.param('token');
    let body: Body = {};
    try {
      body = await readBody(c);
      const result = await applyReply(ports, token, body);
      // Everything after the answer speaks the staff page's language, not the citizen's (issue 12).
      const locale = result.staffLocale;
      if (result.status === 'rejected') {
        // Spam has no public page to go to: say what happened instead.
        const m = getMunicipality(result.municipality);
        return c.html(await messagePage(ports.config, m, locale, { title: t(locale, 'staff.rejected.title', { code: result.code }), message: t(locale, 'staff.rejected.text'), path: '' }));
      }
      return localRedirect(c, `/${locale}/status/${result.code}/?replied=1`, 303);
    } catch (e) {
      if (e instanceof ValidationError) {
        try {
          const o = await openReply(ports, token);
          const locale = o.locale;
          const values = Object.fromEntries(Object.entries(body).map(([k, v]) => [k, String(v)]));
          return c.html(await renderStaff(token, { values, errors: messages(e.errors, locale) }), 400);
        } catch (inner) {
          return tokenProblem(c, inner);
        }
      }
      return tokenProblem(c, e);
    }
  });

  // The citizen's contact in full, on request: a POST (mail scanners only follow links), recorded
  // on the case with the link that asked (functions/web/pages.ts contactSection).
  app.post('/api/reply/:token/contact', ...guard('reply'), async (c) => {
    c.header('X-Robots-Tag', 'noindex');
    const token = c.req.param('token');
    try {
      await recordContactView(ports, token);
      return c.html(await renderStaff(token, { values: {}, errors: [], revealContact: true }));
    } catch (e) {
      return tokenProblem(c, e);
    }
  });

  // Erasure at the citizen's request, from the staff page of a case its link may still act on
  // (functions/domain/erase.ts); the confirmation box must be ticked.
  app.post('/api/reply/:token/erase', ...guard('reply'), async (c) => {
    const token = c.req.param('token');
    try {
      const body = await readBody(c);
      const result = await eraseThroughLink(ports, token, body);
      const m = getMunicipality(result.municipality);
      const locale = (await replyLinkLocale(ports, token).catch(() => undefined))?.locale ?? m.defaultLocale;
      return c.html(await messagePage(ports.config, m, locale, { title: t(locale, 'staff.erase.done.title', { code: result.code }), message: t(locale, 'staff.erase.done.text'), path: '' }));
    } catch (e) {
      if (e instanceof ValidationError) {
        try {
          const o = await openReply(ports, token);
          return c.html(await renderStaff(token, { values: {}, errors: messages(e.errors, o.locale) }), 400);
        } catch (inner) {
          return tokenProblem(c, inner);
        }
      }
      return tokenProblem(c, e);
    }
  });

  // createApp's: the staff workspace under /<locale>/staff/ (functions/web/workspace.ts), following
  // a case and area alerts (web/subscriptions.ts), the citizen's personal link under
  // /<locale>/my-case/ (web/citizen.ts), "was it fixed?" answers under /<locale>/feedback/ (web/feedback.ts).
  for (const add of opts.routes ?? []) add(app, ports, { log, municipalityForHost });

  app.notFound((c) => c.json({ errors: [{ field: 'form', code: 'notFound', message: t(jsonLocale(c), 'error.notFound') }] }, 404));
  app.onError((e, c) => fail(c, e, jsonLocale(c), undefined));
  return app;
}
