/**
 * The Open311 GeoReport v2 endpoints that need the table: GET Service Requests (with the
 * standard's filters) and GET Service Request, each in .json and .xml. Discovery, services and
 * service definitions are static files that every site builds (sites/pages/open311/v2/).
 *
 * Mounted at /open311/v2 on the sites' own origin. The municipality comes from the Host (as for
 * the rest of the app) or from `jurisdiction_id` (its domain). Read-only open data: any origin may
 * read it (CORS *) and answers may be cached for a minute (CloudFront honours that; infra/sites.ts).
 *
 * A list is read through the table's index by status and date (CaseStore.listServiceRequests), so
 * a query reads the records of its window (at most 90 days) and never a municipality's whole
 * partition, and of each record only the fields an answer shows (OPEN311_FIELDS); ids are read by
 * key. An answer that would pass what Lambda can return is refused with a request for a narrower
 * query (MAX_RESPONSE_BYTES).
 */
import { Hono, type Context } from 'hono';
import { cors } from 'hono/cors';
import { municipalities } from '../../core/municipalities/index.ts';
import type { Municipality } from '../../core/municipalities/schema.ts';
import { isLocale, localeKeys, type Locale } from '../../core/locales.ts';
import { t, type StringKey } from '../../core/i18n/index.ts';
import { DomainError } from '../domain/errors.ts';
import { httpStatus } from './status.ts';
import { normaliseCode } from '../../core/cases/codes.ts';
import type { PublicCase } from '../../core/cases/public.ts';
import type { Ports } from '../domain/service.ts';
import {
  OPEN311_LOCALE, OPEN311_PATH, contentTypes, isFormat, isServiceRequest, matchesQuery, parseRequestsQuery, render, renderErrors, renderRequests,
  byNewest, toServiceRequest, MAX_REQUESTS, MAX_RESPONSE_BYTES, REQUEST_PARAMS, type Format, type Open311Error, type RequestsQuery,
} from '../../core/cases/open311.ts';
import { siteOrigin } from './html.ts';

/**
 * The fields of a public record that a list answer reads: matchesQuery and byNewest (kind, demo,
 * code, category, status, createdAt) and toServiceRequest (the rest). Only these are read from the
 * index (about half of a record: not its timeline), so a field toServiceRequest starts to read
 * must be added here; tests/unit/open311-fields.test.ts fails until it is.
 */
export const OPEN311_FIELDS = [
  'code', 'kind', 'demo', 'status', 'category', 'lang', 'text', 'address', 'lat', 'lng',
  'createdAt', 'updatedAt', 'deadlineAt', 'answer', 'answers', 'referral', 'photos',
] as const satisfies readonly (keyof PublicCase)[];

class Problem extends Error {
  constructor(readonly status: 400 | 404 | 405 | 503, readonly errors: Open311Error[]) {
    super(errors.map((e) => e.description).join(' '));
  }
}

export function createOpen311App(ports: Ports, opts: { municipalityForHost: (host: string | undefined) => Municipality | undefined; log: (line: string) => void }) {
  const api = new Hono();
  api.use('*', cors({ origin: '*', allowMethods: ['GET', 'HEAD', 'OPTIONS'], maxAge: 86_400 }));

  const problem = (status: Problem['status'], key: StringKey, vars: Record<string, string | number>, locale: Locale) =>
    new Problem(status, [{ code: status, description: t(locale, key, vars) }]);

  function send(c: Context, format: Format, status: 200 | Problem['status'], body: string) {
    c.header('Content-Type', contentTypes[format]);
    c.header('X-Content-Type-Options', 'nosniff');
    // Answers and "no such request" may be cached briefly; a bad query or an outage may not.
    c.header('Cache-Control', status === 200 || status === 404 ? 'public, max-age=60' : 'no-store');
    if (status === 503) c.header('Retry-After', '30');
    if (status === 405) c.header('Allow', 'GET, HEAD, OPTIONS');
    return c.body(body, status);
  }

  function fail(c: Context, format: Format, e: unknown) {
    if (e instanceof Problem) return send(c, format, e.status, renderErrors(format, e.errors));
    if (!(e instanceof DomainError && httpStatus(e) === 503)) opts.log(`error: GET ${c.req.path}: ${(e as Error)?.name}: ${(e as Error)?.message}`);
    return send(c, format, 503, renderErrors(format, [{ code: 503, description: t(OPEN311_LOCALE, 'open311.error.unavailable') }]));
  }

  function localeOf(c: Context): Locale {
    const raw = c.req.query('locale')?.trim();
    if (!raw) return OPEN311_LOCALE;
    if (!isLocale(raw)) throw problem(400, 'open311.error.badValue', { param: 'locale', values: localeKeys.join(', ') }, OPEN311_LOCALE);
    return raw;
  }

  /** The jurisdiction: the `jurisdiction_id` parameter (a domain or id) if given, else the Host. */
  function municipalityOf(c: Context, locale: Locale): Municipality {
    const byHost = opts.municipalityForHost(c.req.header('host'));
    const jid = c.req.query('jurisdiction_id')?.trim().toLowerCase();
    if (!jid) {
      if (!byHost) throw problem(400, 'open311.error.noJurisdiction', { param: 'jurisdiction_id' }, locale);
      return byHost;
    }
    const named = municipalities.find((m) => jid === m.domain || jid === `www.${m.domain}` || jid === m.id);
    if (!named) throw problem(404, 'open311.error.unknownJurisdiction', { value: jid.slice(0, 80), known: municipalities.map((m) => m.domain).join(', ') }, locale);
    if (byHost && byHost.id !== named.id) throw problem(404, 'open311.error.otherJurisdiction', { value: jid, url: `${siteOrigin(ports.config, named)}${OPEN311_PATH}/` }, locale);
    return named;
  }

  /** A parameter of the standard given more than once is ambiguous: say so rather than pick one. */
  function refuseRepeated(c: Context, locale: Locale) {
    const all = c.req.queries();
    const repeated = REQUEST_PARAMS.find((p) => (all[p]?.length ?? 0) > 1);
    if (repeated) throw problem(400, 'open311.error.repeated', { param: repeated }, locale);
  }

  /** The public records that answer a query, newest first, at most MAX_REQUESTS. */
  async function find(m: Municipality, q: RequestsQuery): Promise<PublicCase[]> {
    // Ids override every other filter (the standard): read by key, as many reads as ids.
    if (q.ids) return (await ports.store.getPublicMany(m.id, q.ids)).filter((r) => matchesQuery(r, q)).sort(byNewest).slice(0, MAX_REQUESTS);
    const lists = await Promise.all(
      (q.statuses ?? (['open', 'closed'] as const)).map(async (status) => {
        const found: PublicCase[] = [];
        // Each status is a key range of the index, read newest first. matchesQuery still decides
        // (service codes, and the window to the millisecond), so the answer is what it was when
        // the whole partition was filtered.
        for await (const page of ports.store.listServiceRequests(m.id, { status, from: q.start, to: q.end, fields: OPEN311_FIELDS })) {
          for (const r of page) if (matchesQuery(r, q)) found.push(r);
          // Once this status has MAX_REQUESTS, older records cannot make the answer; records as
          // new as the last one kept still can (ties are ordered by code).
          const last = found[MAX_REQUESTS - 1];
          const oldest = page[page.length - 1];
          if (last && oldest && Date.parse(oldest.createdAt) < Date.parse(last.createdAt)) break;
        }
        return found;
      }),
    );
    return lists.flat().sort(byNewest).slice(0, MAX_REQUESTS);
  }

  /** GET Service Requests: /open311/v2/requests.json|xml */
  api.get('/:file', async (c) => {
    const match = /^requests\.([a-z]+)$/.exec(c.req.param('file'));
    const format = match && isFormat(match[1]!) ? match[1] : undefined;
    if (!format) return notFound(c);
    try {
      const locale = localeOf(c);
      refuseRepeated(c, locale);
      const m = municipalityOf(c, locale);
      // A record without a category is listed under "other" (toServiceRequest).
      const serviceCodes = [...new Set([...m.categories.map((cat) => cat.code), 'other'])];
      const parsed = parseRequestsQuery(c.req.query(), { now: ports.now(), timeZone: m.clock.timeZone, locale, serviceCodes });
      if (!parsed.ok) throw new Problem(400, parsed.errors);
      const origin = siteOrigin(ports.config, m);
      const found = await find(m, parsed.value);
      // Written one request at a time while counting bytes; given up once past the limit.
      const body = renderRequests(format, (function* () {
        for (const pub of found) yield toServiceRequest(pub, m, { locale, origin });
      })());
      if (body === undefined) throw problem(400, 'open311.error.tooLarge', { mb: Math.floor(MAX_RESPONSE_BYTES / 1_000_000), start: 'start_date', end: 'end_date', status: 'status', codes: 'service_code', ids: 'service_request_id' }, locale);
      return send(c, format, 200, body);
    } catch (e) {
      return fail(c, format, e);
    }
  });

  /** GET Service Request: /open311/v2/requests/<id>.json|xml, a list of one as in the standard. */
  api.get('/requests/:file', async (c) => {
    const match = /^(.+)\.([a-z]+)$/.exec(c.req.param('file'));
    const format = match && isFormat(match[2]!) ? match[2] : undefined;
    if (!match || !format) return notFound(c);
    try {
      const locale = localeOf(c);
      refuseRepeated(c, locale);
      const m = municipalityOf(c, locale);
      const code = normaliseCode(match[1]!);
      const pub = code ? await ports.store.getPublic(m.id, code) : undefined;
      if (!pub || !isServiceRequest(pub)) throw problem(404, 'open311.error.notFound', { id: (code ?? match[1]!).slice(0, 20) }, locale);
      return send(c, format, 200, render(format, 'service_requests', [toServiceRequest(pub, m, { locale, origin: siteOrigin(ports.config, m) })]));
    } catch (e) {
      return fail(c, format, e);
    }
  });

  /** Anything else under /open311/v2 that reached the function: unknown, or a write we do not take. */
  function notFound(c: Context) {
    const format: Format = c.req.path.endsWith('.json') ? 'json' : 'xml';
    const m = opts.municipalityForHost(c.req.header('host'));
    const origin = m ? siteOrigin(ports.config, m) : '';
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      const form = m ? `${origin}/${OPEN311_LOCALE}/system-48h/report/` : '/';
      return send(c, format, 405, renderErrors(format, [{ code: 405, description: t(OPEN311_LOCALE, 'open311.error.readOnly', { url: form }) }]));
    }
    return send(c, format, 404, renderErrors(format, [{ code: 404, description: t(OPEN311_LOCALE, 'open311.error.noResource', { url: `${origin}${OPEN311_PATH}/discovery.json` }) }]));
  }
  api.all('*', (c) => notFound(c));

  return api;
}
