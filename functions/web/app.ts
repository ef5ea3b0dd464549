import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { getMunicipality, municipalities } from '../../core/municipalities/index.ts';
import type { Municipality } from '../../core/municipalities/schema.ts';
import { isLocale, type Locale } from '../../core/locales.ts';
import { t, formStrings, type StringKey } from '../../core/i18n/index.ts';
import { DomainError, NotFoundError, TokenError, UnavailableError, ValidationError } from '../domain/errors.ts';
import { httpStatus } from './status.ts';
import { normaliseCode } from '../../core/cases/codes.ts';
import { submitReport, submitQuestion, presignUpload, getPublicCase, openReply, applyReply, type Ports } from '../domain/service.ts';
import type { FieldError } from '../../core/cases/forms.ts';
import { statusPage, messagePage, staffPage } from './pages.ts';
import { renderFormPage } from './form-page.tsx';
import { createOpen311App } from './open311.ts';
import { errorMessage } from '../../core/i18n/form-messages.ts';

/** Which municipality a request is for: its host name (ezvecan.com, zvecan.localhost), else a default. */
export function municipalityForHost(host: string | undefined): Municipality | undefined {
  const name = (host ?? '').split(':')[0]!.toLowerCase();
  return municipalities.find((m) => name === m.domain || name === `www.${m.domain}` || name === `${m.id}.localhost`);
}

type Body = Record<string, unknown>;

function wantsJson(c: Context): boolean {
  return (c.req.header('content-type') ?? '').includes('application/json') || (c.req.header('accept') ?? '').startsWith('application/json');
}

/** Reads a form-encoded or JSON body; repeated fields (photos) become arrays. */
async function readBody(c: Context): Promise<Body> {
  if ((c.req.header('content-type') ?? '').includes('application/json')) {
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

function localeOf(body: Body, c: Context): Locale {
  const l = typeof body.locale === 'string' ? body.locale : c.req.query('lang') ?? '';
  return isLocale(l) ? l : 'sr';
}

/** Field errors with their messages: the field's own wording where there is one ("Describe the problem."). */
function messages(errors: FieldError[], locale: Locale) {
  const strings = formStrings(locale);
  return errors.map((e) => ({ field: e.field, code: e.code, message: errorMessage(strings, e.field, e.code) }));
}

const errorKey: Record<number, StringKey> = { 404: 'error.notFound', 413: 'error.tooLarge', 429: 'error.rateLimited', 503: 'error.unavailable' };

/** The one Hono app: the same in Lambda and locally. */
export function createApp(ports: Ports, opts: { log?: (line: string) => void } = {}) {
  const app = new Hono();
  const log = opts.log ?? ((line: string) => console.log(line));
  const ipOf = (c: Context) => c.req.header('x-forwarded-for')?.split(',')[0]?.trim() || 'unknown';

  /** Turns a domain error into the right response for a JSON or an HTML client. */
  async function fail(c: Context, e: unknown, locale: Locale, m: Municipality | undefined) {
    if (!(e instanceof DomainError)) {
      // Internals are logged, never sent; the message names no person.
      log(`error: ${c.req.method} ${c.req.path.replace(/\/api\/reply\/[^/]+/, '/api/reply/…')}: ${(e as Error)?.name}: ${(e as Error)?.message}`);
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
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
  });
  const limit = bodyLimit({ maxSize: 64 * 1024, onError: (c) => c.json({ errors: [{ field: 'form', code: 'tooLarge', message: t('sr', 'error.tooLarge') }] }, 413) });

  app.get('/api/health', (c) => c.json({ ok: true }));
  // Open311 GeoReport v2: requests from the public projection (discovery and services are static files).
  app.route('/open311/v2', createOpen311App(ports, { municipalityForHost, log }));

  app.post('/api/uploads', limit, async (c) => {
    let body: Body = {};
    try {
      body = await readBody(c);
      return c.json(await presignUpload(ports, body));
    } catch (e) {
      return fail(c, e, localeOf(body, c), undefined);
    }
  });

  for (const [path, submit] of [['/api/reports', submitReport], ['/api/questions', submitQuestion]] as const) {
    const kind = path === '/api/reports' ? 'report' : 'question';
    app.post(path, limit, async (c) => {
      let body: Body = {};
      const hostM = municipalityForHost(c.req.header('host'));
      try {
        body = await readBody(c);
        const result = await submit(ports, body, { ip: ipOf(c) });
        const statusUrl = `/${result.locale}/status/${result.code}/`;
        // The status page with its thank-you note and the tracking code.
        if (wantsJson(c)) return c.json({ code: result.code, status: 'received', statusUrl: `${statusUrl}?new=1` }, result.created ? 201 : 200);
        return c.redirect(`${statusUrl}?new=1`, 303);
      } catch (e) {
        const locale = localeOf(body, c);
        const m = hostM ?? (typeof body.municipality === 'string' ? municipalities.find((x) => x.id === body.municipality) : undefined);
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
      return fail(c, e, 'sr', undefined);
    }
  });

  app.get('/:locale/status/:code', (c) => c.redirect(`/${c.req.param('locale')}/status/${c.req.param('code')}/`, 301));
  app.get('/:locale/status/:code/', async (c) => {
    const localeParam = c.req.param('locale');
    const locale: Locale = isLocale(localeParam) ? localeParam : 'sr';
    const hostM = municipalityForHost(c.req.header('host')) ?? municipalities[0]!;
    const code = normaliseCode(c.req.param('code'));
    try {
      if (!code) throw new NotFoundError('caseUnknown');
      if (code !== c.req.param('code')) return c.redirect(`/${locale}/status/${code}/`, 301);
      const pc = await getPublicCase(ports, code);
      const m = getMunicipality(pc.municipality);
      const html = await statusPage(ports.config, m, locale, pc, { isNew: c.req.query('new') === '1', replied: c.req.query('replied') === '1', now: ports.now() });
      c.header('Cache-Control', 'no-store');
      return c.html(html);
    } catch (e) {
      if (e instanceof DomainError && httpStatus(e) === 404) {
        return c.html(await messagePage(ports.config, hostM, locale, { title: t(locale, 'error.notFound'), message: t(locale, 'case.notFound', { code: c.req.param('code').slice(0, 20) }), path: '' }), 404);
      }
      return fail(c, e, locale, hostM);
    }
  });

  /** Staff pages: GET only shows (mail scanners follow links); POST acts. */
  async function renderStaff(token: string, extra?: { values: Record<string, string>; errors: { field: string; message: string }[] }) {
    const o = await openReply(ports, token);
    const locale = o.municipality.defaultLocale;
    const photoUrls: Record<string, string | undefined> = {};
    for (const p of o.record.photos) {
      if (p.state === 'ready' && p.variants?.[0]) photoUrls[p.id] = await ports.storage.privateUrl(p.variants[0].key.replace(/^public\//, 'private/'));
    }
    return staffPage(ports.config, locale, { record: o.record, events: o.events, now: ports.now(), contact: o.contact, municipality: o.municipality, timeLeftMs: o.timeLeftMs, expiresAt: o.token.expiresAt, photoUrls, action: `/api/reply/${token}`, ...(extra ?? {}) });
  }

  async function tokenProblem(c: Context, e: unknown) {
    const m = municipalityForHost(c.req.header('host')) ?? municipalities[0]!;
    const locale = m.defaultLocale;
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

  app.post('/api/reply/:token', limit, async (c) => {
    const token = c.req.param('token');
    let body: Body = {};
    try {
      body = await readBody(c);
      const result = await applyReply(ports, token, body);
      if (result.status === 'rejected') {
        // Spam has no public page to go to: say what happened instead.
        const m = getMunicipality(result.municipality);
        const locale = m.defaultLocale;
        return c.html(await messagePage(ports.config, m, locale, { title: t(locale, 'staff.rejected.title', { code: result.code }), message: t(locale, 'staff.rejected.text'), path: '' }));
      }
      return c.redirect(`/${result.locale}/status/${result.code}/?replied=1`, 303);
    } catch (e) {
      if (e instanceof ValidationError) {
        try {
          const o = await openReply(ports, token);
          const locale = o.municipality.defaultLocale;
          const values = Object.fromEntries(Object.entries(body).map(([k, v]) => [k, String(v)]));
          return c.html(await renderStaff(token, { values, errors: messages(e.errors, locale) }), 400);
        } catch (inner) {
          return tokenProblem(c, inner);
        }
      }
      return tokenProblem(c, e);
    }
  });

  app.notFound((c) => c.json({ errors: [{ field: 'form', code: 'notFound', message: t('sr', 'error.notFound') }] }, 404));
  app.onError((e, c) => fail(c, e, 'sr', undefined));
  return app;
}
