/**
 * The routes of following a case and area alerts (functions/domain/subscriptions.ts). Plain
 * forms, no JavaScript needed: GET shows, POST acts, 303 after a POST.
 *
 * - `POST /api/follow` (`code`, `email`, `locale`): from the status page and the archive's case
 *   page; 303 to `/<locale>/alerts/requested/`, or 400 with the form and its error; 409 with a
 *   page that says so for a case held for review (`publish: after-review`), 404 for no case.
 * - `GET /<locale>/alerts/`: the alert form; `POST /api/alerts`: 303, or 400 with the form.
 * - `GET /api/subscriptions/<token>`: a button (mail scanners follow links); POST confirms.
 * - `GET /api/unsubscribe/<token>`: a button; POST unsubscribes. A mail client's one-click POST
 *   (RFC 8058: body `List-Unsubscribe=One-Click`, sent cross-site) is let through the app's
 *   same-site guard for exactly this path (isOneClickPath, app.ts) and must carry that body: a
 *   cross-site POST without it is refused here.
 */
import type { Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { getMunicipality } from '../../core/municipalities/index.ts';
import type { Municipality } from '../../core/municipalities/schema.ts';
import { isLocale, type Locale } from '../../core/locales.ts';
import { t, type StringKey } from '../../core/i18n/index.ts';
import { local } from '../../core/text/localize.ts';
import { normaliseCode } from '../../core/cases/codes.ts';
import { esc } from '../../core/views/html.ts';
import { errorSummary, radios, selectField, textField, type FieldError } from '../../core/views/form.ts';
import { followForm } from '../../core/views/follow.ts';
import { DomainError, NotFoundError, RateLimitError, TokenError, ValidationError } from '../domain/errors.ts';
import { getPublicCase, type Ports } from '../domain/service.ts';
import { alertValues, checkSubscriptionLink, confirmSubscription, RADII, requestAlert, requestFollow, unsubscribe, type AlertValues } from '../domain/subscriptions.ts';
import type { FieldError as DomainFieldError } from '../../core/cases/forms.ts';
import { messagePage } from './pages.ts';
import { renderPage } from './html.ts';
import { fromOwnSite, langParam, localRedirect, sendsJson } from './requests.ts';

/** The one path a mail client may POST to from outside the site (RFC 8058 one-click unsubscribe). */
export const isOneClickPath = (path: string) => /^\/api\/unsubscribe\/[A-Za-z0-9_-]{43}$/.test(path);

type Body = Record<string, unknown>;

async function readBody(c: Context): Promise<Body> {
  if (sendsJson((n) => c.req.header(n))) {
    const b = await c.req.json().catch(() => undefined);
    return b && typeof b === 'object' && !Array.isArray(b) ? (b as Body) : {};
  }
  const form = await c.req.parseBody();
  return Object.fromEntries(Object.entries(form).filter(([, v]) => typeof v === 'string'));
}

const messagesOf = (errors: DomainFieldError[], locale: Locale): FieldError[] =>
  errors.map((e) => ({ field: e.field, message: t(locale, `sub.error.${e.field}.${e.code}` as StringKey) }));

/** The alert form, with what was typed and its errors. */
function alertForm(m: Municipality, locale: Locale, v: AlertValues, errors: FieldError[]): string {
  const err = (f: string) => errors.find((e) => e.field === f);
  const [lat, lng] = m.map.center;
  return [
    `<h1>${esc(t(locale, 'sub.alerts.title'))}</h1>`,
    errorSummary(errors, locale),
    `<p>${esc(t(locale, 'sub.alerts.lead'))}</p>`,
    `<form method="post" action="/api/alerts?lang=${esc(locale)}" class="citizen-form" novalidate>`,
    `<input type="hidden" name="locale" value="${esc(locale)}">`,
    textField({ name: 'email', type: 'email', label: t(locale, 'sub.follow.email'), value: v.email, error: err('email'), locale }),
    selectField({
      name: 'category',
      label: t(locale, 'sub.alerts.category'),
      value: v.category,
      error: err('category'),
      locale,
      options: [{ value: 'all', label: t(locale, 'sub.alerts.category.all') }, ...m.categories.map((c) => ({ value: c.code, label: local(c.name, locale) }))],
    }),
    `<fieldset class="form-fieldset"><legend class="form-legend">${esc(t(locale, 'sub.alerts.place'))}</legend>`,
    `<p class="form-hint">${esc(t(locale, 'sub.alerts.placeHint'))} (${esc(`${lat}, ${lng}`)})</p>`,
    textField({ name: 'lat', label: t(locale, 'sub.alerts.lat'), value: v.lat, error: err('lat'), locale }),
    textField({ name: 'lng', label: t(locale, 'sub.alerts.lng'), value: v.lng, error: err('lng'), locale }),
    radios({ name: 'radius', legend: t(locale, 'sub.alerts.radius'), value: v.radius, error: err('radius'), locale, options: RADII.map((r) => ({ value: String(r), label: t(locale, `sub.alerts.radius.${r}`) })) }),
    `</fieldset>`,
    radios({
      name: 'frequency',
      legend: t(locale, 'sub.alerts.frequency'),
      value: v.frequency,
      error: err('frequency'),
      locale,
      options: (['immediate', 'daily'] as const).map((f) => ({ value: f, label: t(locale, `sub.alerts.frequency.${f}`) })),
    }),
    `<button type="submit" class="button form-submit">${esc(t(locale, 'sub.alerts.submit'))}</button>`,
    `</form>`,
  ].join('');
}

/** A page with one button that POSTs to the same link (the GET of an emailed link changes nothing). */
function buttonPage(title: string, text: string, action: string, button: string): string {
  return `<h1>${esc(title)}</h1><p>${esc(text)}</p><form method="post" action="${esc(action)}"><button type="submit" class="button">${esc(button)}</button></form>`;
}

export function registerSubscriptions(app: Hono, ports: Ports, opts: { log: (line: string) => void; municipalityForHost: (host: string | undefined) => Municipality | undefined }) {
  const { log } = opts;
  const ipOf = (c: Context) => c.req.header('x-forwarded-for')?.split(',')[0]?.trim() || 'unknown';
  const hostM = (c: Context) => opts.municipalityForHost(c.req.header('host'));
  const limit = bodyLimit({ maxSize: 16 * 1024, onError: (c) => c.text('Payload Too Large', 413) });
  const localeOf = (c: Context, body: Body, m: Municipality): Locale => {
    const l = typeof body.locale === 'string' ? body.locale : '';
    return isLocale(l) ? l : (langParam(c) ?? m.defaultLocale);
  };
  const message = async (c: Context, m: Municipality, locale: Locale, title: StringKey, text: StringKey, status: 200 | 400 | 403 | 404 | 410 | 429 | 503 = 200) =>
    c.html(await messagePage(ports.config, m, locale, { title: t(locale, title), message: t(locale, text), path: '' }), status);

  /** A refusal that is not the form's fault: a link, the rate limit, our failure. Never names the address. */
  async function problem(c: Context, e: unknown, m: Municipality, locale: Locale) {
    if (e instanceof TokenError) return message(c, m, locale, 'error.title', e.code === 'tokenExpired' ? 'sub.link.expired' : 'sub.link.unknown', e.code === 'tokenExpired' ? 410 : 404);
    if (e instanceof RateLimitError) return message(c, m, locale, 'error.title', 'error.rateLimited', 429);
    if (e instanceof NotFoundError) return message(c, m, locale, 'error.notFound', 'error.notFound', 404);
    if (!(e instanceof DomainError)) log(`error: ${c.req.method} subscriptions: ${(e as Error)?.name}: ${(e as Error)?.message}`);
    c.header('Retry-After', '30');
    return message(c, m, locale, 'error.title', 'error.unavailable', 503);
  }

  app.post('/api/follow', limit, async (c) => {
    const m0 = hostM(c);
    if (!m0) return c.json({ errors: [{ field: 'form', code: 'notFound' }] }, 404);
    let body: Body = {};
    let locale = langParam(c) ?? m0.defaultLocale;
    try {
      body = await readBody(c);
      locale = localeOf(c, body, m0);
      const code = normaliseCode(typeof body.code === 'string' ? body.code : '');
      if (!code) throw new NotFoundError('caseUnknown');
      const pc = await getPublicCase(ports, code);
      // Only a published case of this site can be followed.
      if (pc.municipality !== m0.id) throw new NotFoundError('caseUnknown');
      if ('awaitingReview' in pc) {
        // Held for review (`publish: after-review`): it exists, but nothing of it is public yet.
        const text = t(locale, 'sub.follow.held', { code });
        if (sendsJson((n) => c.req.header(n))) return c.json({ errors: [{ field: 'form', code: 'awaitingReview', message: text }] }, 409);
        return c.html(await messagePage(ports.config, m0, locale, { title: t(locale, 'sub.follow.held.title'), message: text, path: '' }), 409);
      }
      await requestFollow(ports, m0, code, body, locale, { ip: ipOf(c) });
      if (sendsJson((n) => c.req.header(n))) return c.json({ ok: true }, 202);
      return localRedirect(c, `/${locale}/alerts/requested/`, 303);
    } catch (e) {
      if (e instanceof ValidationError) {
        const errors = messagesOf(e.errors, locale).map((x) => ({ ...x, field: 'follow-email' }));
        if (sendsJson((n) => c.req.header(n))) return c.json({ errors }, 400);
        const code = normaliseCode(String(body.code ?? '')) ?? '';
        const page = `<h1>${esc(t(locale, 'sub.follow.title'))}</h1>${errorSummary(errors, locale)}${followForm(code, locale, { value: String(body.email ?? '').slice(0, 300), error: errors[0] }).replace(/<h2[^>]*>.*?<\/h2>/, '')}`;
        return c.html(await renderPage(ports.config, m0, locale, { title: t(locale, 'sub.follow.title'), body: page, path: '' }), 400);
      }
      return problem(c, e, m0, locale);
    }
  });

  const alertsPage = async (c: Context, m: Municipality, locale: Locale, v: AlertValues, errors: FieldError[], status: 200 | 400) =>
    c.html(await renderPage(ports.config, m, locale, { title: t(locale, 'sub.alerts.title'), body: alertForm(m, locale, v, errors), path: 'alerts/', noindex: false }), status);

  app.get('/:locale/alerts/', async (c) => {
    const m = hostM(c);
    const l = c.req.param('locale');
    if (!m || !isLocale(l)) return c.notFound();
    return alertsPage(c, m, l, alertValues({}), [], 200);
  });
  app.get('/:locale/alerts', (c) => (isLocale(c.req.param('locale')) ? localRedirect(c, `/${c.req.param('locale')}/alerts/`, 301) : c.notFound()));

  for (const [path, title, text] of [
    ['requested', 'sub.requested.title', 'sub.requested.text'],
    ['confirmed', 'sub.confirmed.title', 'sub.confirmed.text'],
    ['unsubscribed', 'sub.unsubscribed.title', 'sub.unsubscribed.text'],
  ] as const) {
    app.get(`/:locale/alerts/${path}/`, async (c) => {
      const m = hostM(c);
      const l = c.req.param('locale');
      if (!m || !isLocale(l)) return c.notFound();
      return c.html(await messagePage(ports.config, m, l, { title: t(l, title), message: t(l, text), path: `alerts/${path}/` }));
    });
  }

  app.post('/api/alerts', limit, async (c) => {
    const m = hostM(c);
    if (!m) return c.json({ errors: [{ field: 'form', code: 'notFound' }] }, 404);
    let body: Body = {};
    let locale = langParam(c) ?? m.defaultLocale;
    try {
      body = await readBody(c);
      locale = localeOf(c, body, m);
      await requestAlert(ports, m, body, locale, { ip: ipOf(c) });
      if (sendsJson((n) => c.req.header(n))) return c.json({ ok: true }, 202);
      return localRedirect(c, `/${locale}/alerts/requested/`, 303);
    } catch (e) {
      if (e instanceof ValidationError) {
        const errors = messagesOf(e.errors, locale);
        if (sendsJson((n) => c.req.header(n))) return c.json({ errors }, 400);
        return alertsPage(c, m, locale, alertValues(body), errors, 400);
      }
      return problem(c, e, m, locale);
    }
  });

  /** The site and language a link's pages speak: the subscription's, else the host's and `?lang=`. */
  const linkContext = (c: Context, sub: { municipality: string; locale: Locale } | undefined) => {
    const host = hostM(c) ?? getMunicipality(sub?.municipality ?? 'zvecan');
    return { m: host, locale: sub && sub.municipality === host.id ? sub.locale : (langParam(c) ?? host.defaultLocale) };
  };

  app.get('/api/subscriptions/:token', async (c) => {
    c.header('X-Robots-Tag', 'noindex');
    const token = c.req.param('token');
    try {
      const sub = await checkSubscriptionLink(ports, token, 'confirm');
      if (!sub) throw new TokenError('tokenExpired');
      const { m, locale } = linkContext(c, sub);
      const text = sub.code ? t(locale, 'sub.confirm.case', { code: sub.code }) : t(locale, 'sub.confirm.area');
      return c.html(await renderPage(ports.config, m, locale, { title: t(locale, 'sub.confirm.title'), body: buttonPage(t(locale, 'sub.confirm.title'), text, `/api/subscriptions/${token}?lang=${locale}`, t(locale, 'sub.confirm.button')), path: '' }));
    } catch (e) {
      const { m, locale } = linkContext(c, undefined);
      return problem(c, e, m, locale);
    }
  });

  app.post('/api/subscriptions/:token', limit, async (c) => {
    try {
      const sub = await confirmSubscription(ports, c.req.param('token'));
      const { locale } = linkContext(c, sub);
      return localRedirect(c, `/${locale}/alerts/confirmed/`, 303);
    } catch (e) {
      const { m, locale } = linkContext(c, undefined);
      return problem(c, e, m, locale);
    }
  });

  app.get('/api/unsubscribe/:token', async (c) => {
    c.header('X-Robots-Tag', 'noindex');
    const token = c.req.param('token');
    try {
      const sub = await checkSubscriptionLink(ports, token, 'unsubscribe');
      const { m, locale } = linkContext(c, sub);
      // Gone already: say so, as the POST would.
      if (!sub) return message(c, m, locale, 'sub.unsubscribed.title', 'sub.unsubscribed.text');
      return c.html(await renderPage(ports.config, m, locale, { title: t(locale, 'sub.unsubscribe.title'), body: buttonPage(t(locale, 'sub.unsubscribe.title'), t(locale, 'sub.unsubscribe.text'), `/api/unsubscribe/${token}?lang=${locale}`, t(locale, 'sub.unsubscribe.button')), path: '' }));
    } catch (e) {
      const { m, locale } = linkContext(c, undefined);
      return problem(c, e, m, locale);
    }
  });

  app.post('/api/unsubscribe/:token', limit, async (c) => {
    const token = c.req.param('token');
    const body = await readBody(c).catch(() => ({}) as Body);
    const oneClick = body['List-Unsubscribe'] === 'One-Click';
    // From outside the site only the mail client's one-click POST is accepted (see the top).
    if (!fromOwnSite((n) => c.req.header(n)) && !oneClick) {
      log(`refused: POST /api/unsubscribe/… from another site without One-Click`);
      return c.text('Forbidden', 403);
    }
    try {
      const sub = await unsubscribe(ports, token);
      if (oneClick) return c.text('Unsubscribed', 200);
      const { locale } = linkContext(c, sub);
      return localRedirect(c, `/${locale}/alerts/unsubscribed/`, 303);
    } catch (e) {
      if (oneClick) return c.text(e instanceof TokenError ? 'Not Found' : 'Service Unavailable', e instanceof TokenError ? 404 : 503);
      const { m, locale } = linkContext(c, undefined);
      return problem(c, e, m, locale);
    }
  });
}
