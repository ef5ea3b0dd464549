/**
 * The routes of the citizen's personal link (functions/domain/citizen.ts):
 *
 * - `GET /<locale>/my-case/<token>/`: the case and what the citizen may do now. Changes nothing
 *   (mail scanners follow links). `?done=update|reopened` confirms a step.
 * - `POST /<locale>/my-case/<token>/update/`: add information while the case is open.
 * - `POST /<locale>/my-case/<token>/reopen/`: "not fixed", within 30 days of resolved or answered.
 *
 * Both POSTs: same site only (app.ts checks every POST first), 303 to the page on success, the page
 * again with the error and what was typed (400), the page as it is now when the case moved on
 * meanwhile (409). An unknown token is a 404 page, a revoked one (personal data removed) a 410
 * page, both translated. No log line names a token.
 */
import type { Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { isLocale, type Locale } from '../../core/locales.ts';
import type { Municipality } from '../../core/municipalities/schema.ts';
import { t, formStrings, type StringKey } from '../../core/i18n/index.ts';
import { errorMessage } from '../../core/i18n/form-messages.ts';
import type { FieldError } from '../../core/cases/forms.ts';
import type { FieldError as ShownError } from '../../core/views/form.ts';
import { getPublicCase, type Ports } from '../domain/service.ts';
import { DomainError, TokenError, ValidationError } from '../domain/errors.ts';
import { addCitizenUpdate, CitizenStepError, openCitizenLink, reopenCase, type OpenedLink } from '../domain/citizen.ts';
import { municipalityForHost } from './app.ts';
import { citizenPage, citizenPath } from './citizen-pages.ts';
import { messagePage } from './pages.ts';
import { localRedirect } from './requests.ts';
import { httpStatus } from './status.ts';

/** The most a step's POST may send: 4,000 characters of Cyrillic form-encoded is about 24 KB. */
const MAX_BODY = 64 * 1024;

const messageKey: Record<string, StringKey> = { required: 'citizen.error.required', tooShort: 'citizen.error.tooShort', tooLong: 'citizen.error.tooLong' };
function messages(errors: FieldError[], locale: Locale): ShownError[] {
  const strings = formStrings(locale);
  return errors.map((e) => ({ field: e.field, message: messageKey[e.code] ? t(locale, messageKey[e.code]!) : errorMessage(strings, 'description', e.code) }));
}

export function registerCitizen(app: Hono, ports: Ports, opts: { log?: (line: string) => void } = {}) {
  const log = opts.log ?? ((line: string) => console.log(line));

  /** The site and language of a request; undefined when the locale is not one of ours. */
  function whereOf(c: Context): { m: Municipality; l: Locale } | undefined {
    const m = municipalityForHost(c.req.header('host'));
    const l = c.req.param('locale') ?? '';
    if (!m || !isLocale(l)) return undefined;
    return { m, l };
  }

  const headers = (c: Context) => {
    c.header('Cache-Control', 'no-store');
    c.header('X-Robots-Tag', 'noindex');
    // The URL is the citizen's credential: never sent on to another page.
    c.header('Referrer-Policy', 'no-referrer');
  };

  async function show(c: Context, w: { m: Municipality; l: Locale }, opened: OpenedLink, extra: { done?: 'update' | 'reopened'; changed?: boolean; value?: string; errors?: ShownError[] } = {}, status: 200 | 400 | 409 = 200) {
    const token = c.req.param('token') ?? '';
    const held = await getPublicCase(ports, opened.record.code);
    headers(c);
    return c.html(await citizenPage(ports.config, w.m, w.l, { token, record: opened.record, held, mode: opened.mode, now: ports.now(), ...extra }), status);
  }

  async function problem(c: Context, e: unknown, w: { m: Municipality; l: Locale } | undefined) {
    const m = w?.m ?? municipalityForHost(c.req.header('host'));
    headers(c);
    if (!m) return c.json({ errors: [{ field: 'form', code: 'notFound' }] }, 404);
    const l = w?.l ?? m.defaultLocale;
    if (e instanceof TokenError) {
      const unknown = e.code === 'tokenUnknown';
      return c.html(await messagePage(ports.config, m, l, { title: t(l, unknown ? 'citizen.unknown.title' : 'citizen.revoked.title'), message: t(l, unknown ? 'citizen.unknown' : 'citizen.revoked'), path: '' }), unknown ? 404 : 410);
    }
    if (!(e instanceof DomainError)) log(`error: ${c.req.method} /${l}/my-case/…: ${(e as Error)?.name}: ${(e as Error)?.message}`);
    const status = e instanceof DomainError ? httpStatus(e) : 503;
    if (status === 503) c.header('Retry-After', '30');
    const key: StringKey = status === 503 ? 'error.unavailable' : status === 429 ? 'error.rateLimited' : 'error.invalid';
    return c.html(await messagePage(ports.config, m, l, { title: t(l, 'error.title'), message: t(l, key), path: '' }), status as 400);
  }

  const page = async (c: Context) => {
    const w = whereOf(c);
    try {
      if (!w) throw new TokenError('tokenUnknown');
      const opened = await openCitizenLink(ports, c.req.param('token') ?? '');
      // A link of another municipality's case: as if unknown here.
      if (opened.record.municipality !== w.m.id) throw new TokenError('tokenUnknown');
      const done = c.req.query('done');
      return await show(c, w, opened, done === 'update' || done === 'reopened' ? { done } : {});
    } catch (e) {
      return problem(c, e, w);
    }
  };
  app.get('/:locale/my-case/:token/', page);
  app.get('/:locale/my-case/:token', (c) => {
    const w = whereOf(c);
    const token = c.req.param('token');
    if (!w || !/^[A-Za-z0-9_-]{43}$/.test(token)) return problem(c, new TokenError('tokenUnknown'), w);
    return localRedirect(c, citizenPath(w.l, token), 301);
  });

  const limit = bodyLimit({
    maxSize: MAX_BODY,
    onError: async (c) => {
      if (c.env && typeof c.env === 'object' && 'outgoing' in c.env) c.header('Connection', 'close');
      const w = whereOf(c);
      const m = w?.m ?? municipalityForHost(c.req.header('host'));
      if (!m) return c.json({ errors: [{ field: 'form', code: 'tooLarge' }] }, 413);
      const l = w?.l ?? m.defaultLocale;
      headers(c);
      return c.html(await messagePage(ports.config, m, l, { title: t(l, 'error.title'), message: t(l, 'error.tooLarge'), path: '' }), 413);
    },
  });

  for (const action of ['update', 'reopen'] as const) {
    app.post(`/:locale/my-case/:token/${action}/`, limit, async (c) => {
      const w = whereOf(c);
      const token = c.req.param('token') ?? '';
      try {
        if (!w) throw new TokenError('tokenUnknown');
        const first = await openCitizenLink(ports, token);
        if (first.record.municipality !== w.m.id) throw new TokenError('tokenUnknown');
        const form = await c.req.parseBody();
        const value = typeof form.text === 'string' ? form.text : '';
        try {
          await (action === 'update' ? addCitizenUpdate : reopenCase)(ports, token, { text: value });
        } catch (e) {
          if (e instanceof ValidationError) return await show(c, w, first, { value, errors: messages(e.errors, w.l) }, 400);
          if (e instanceof CitizenStepError) return await show(c, w, e.opened, { changed: true, value }, 409);
          throw e;
        }
        log(`citizen: ${first.record.code} ${action === 'update' ? 'information added' : 'reopened'}`);
        return localRedirect(c, `${citizenPath(w.l, token)}?done=${action === 'update' ? 'update' : 'reopened'}`, 303);
      } catch (e) {
        return problem(c, e, w);
      }
    });
  }
}
