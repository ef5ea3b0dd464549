/**
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2): the read side of the standard,
 * built only from a municipality's config and the public projection of cases (`PublicCase`).
 * Pure functions shared by the sites' build (discovery, services and service definitions as
 * static files) and the function (requests, with the standard's filters).
 *
 * Only System 48h reports are service requests: a question to the mayor is not a report of a
 * problem at a place, so questions appear in the archive and the CSV/JSON open data instead.
 * Demo cases (made up by `npm run seed:demo`) are left out too: nothing in the standard could
 * tell a client that they are not real.
 */
import type { Municipality } from '../municipalities/schema.ts';
import { localeKeys, type Locale } from '../locales.ts';
import { t, type StringKey } from '../i18n/index.ts';
import { local } from '../text/localize.ts';
import { textFor, inReaderScript } from '../text/reader.ts';
import { zonedMidnight } from '../time.ts';
import { normaliseCode } from './codes.ts';
import { open311Status } from './statuses.ts';
import { answersFor, type PublicCase } from './public.ts';

export const GEOREPORT_V2 = 'http://wiki.open311.org/GeoReport_v2';
/** Where the endpoint lives on each site's origin. */
export const OPEN311_PATH = '/open311/v2';
/** Names and statuses are in Serbian Latin unless `?locale=` asks otherwise. */
export const OPEN311_LOCALE: Locale = 'sr-latn';
/** GET Service Requests without dates covers this many days, and a range may span no more. */
export const WINDOW_DAYS = 90;
/** At most this many requests in one answer (newest first), and this many ids in one query. */
export const MAX_REQUESTS = 1000;
/** The standard limits a request's description to 4,000 characters. */
export const DESCRIPTION_MAX = 4000;
/**
 * The most a list of service requests may weigh, counted as Lambda counts its answer: the body
 * as a JSON string inside the function's response, whose limit is 6 MB. The rest is room for the
 * headers and the envelope. A larger answer is refused with a request for a narrower query.
 */
export const MAX_RESPONSE_BYTES = 5_000_000;

export const formats = ['json', 'xml'] as const;
export type Format = (typeof formats)[number];
export const contentTypes: Record<Format, string> = { json: 'application/json; charset=utf-8', xml: 'text/xml; charset=utf-8' };
export const isFormat = (v: string): v is Format => (formats as readonly string[]).includes(v);

export interface Service {
  service_code: string;
  service_name: string;
  description?: string;
  metadata: boolean;
  type: 'realtime' | 'batch' | 'blackbox';
  keywords: string;
  group?: string;
}

export interface ServiceAttribute {
  variable: boolean;
  code: string;
  datatype: 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';
  required: boolean;
  datatype_description?: string;
  order: number;
  description: string;
  values?: { key: string; name: string }[];
}

export interface ServiceDefinition {
  service_code: string;
  attributes: ServiceAttribute[];
}

export interface Discovery {
  changeset: string;
  contact: string;
  key_service: string;
  endpoints: { specification: string; url: string; changeset: string; type: 'production' | 'test'; formats: string[] }[];
}

/** One service request, fields in the order of the standard; absent values are left out. */
export interface ServiceRequest {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes?: string;
  service_name: string;
  service_code: string;
  description: string;
  agency_responsible: string;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime: string;
  address?: string;
  lat?: number;
  long?: number;
  media_url?: string;
}

export interface Open311Error {
  code: number;
  description: string;
}

// ---------------------------------------------------------------------------------------------
// Services, service definitions, discovery
// ---------------------------------------------------------------------------------------------

/** The department whose address receives a category, as the service's group. */
function groupOf(m: Municipality, inbox: string, locale: Locale): string | undefined {
  const department = m.departments.find((d) => d.email === inbox);
  return department ? local(department.name, locale) : undefined;
}

/**
 * GET Service List: one service per System 48h category. The other forms of the name (Cyrillic,
 * Latin, Albanian) and the code are the keywords, so a client in any language can match them.
 */
export function toServices(m: Municipality, locale: Locale = OPEN311_LOCALE): Service[] {
  return m.categories.map((cat) => {
    const name = local(cat.name, locale);
    const synonyms = [...new Set([...localeKeys.map((l) => local(cat.name, l)), cat.code])].filter((k) => k !== name);
    const group = groupOf(m, cat.inbox, locale);
    return {
      service_code: cat.code,
      service_name: name,
      ...(cat.description ? { description: local(cat.description, locale) } : {}),
      // The report form asks nothing beyond the standard's own fields (description, place, photos).
      metadata: false,
      // A report gets its tracking code (the service_request_id) at once.
      type: 'realtime',
      keywords: synonyms.map((k) => k.replace(/,/g, ' ')).join(', '),
      ...(group ? { group } : {}),
    };
  });
}

/** GET Service Definition: no extra attributes (metadata is false for every service). */
export function toServiceDefinition(m: Municipality, code: string): ServiceDefinition | undefined {
  return m.categories.some((c) => c.code === code) ? { service_code: code, attributes: [] } : undefined;
}

/** The discovery document: one production endpoint on the site's own origin, XML and JSON. */
export function toDiscovery(m: Municipality, opts: { origin: string; changeset: string; locale?: Locale }): Discovery {
  const locale = opts.locale ?? OPEN311_LOCALE;
  return {
    changeset: opts.changeset,
    contact: t(locale, 'open311.contact', { name: local(m.platformName, locale), email: m.contact.email, url: `${opts.origin}/${locale}/open-data/` }),
    key_service: t(locale, 'open311.keyService'),
    endpoints: [
      {
        specification: GEOREPORT_V2,
        url: `${opts.origin}${OPEN311_PATH}`,
        changeset: opts.changeset,
        type: 'production',
        formats: ['text/xml', 'application/json'],
      },
    ],
  };
}

/** A sortable changeset: the time, to the second, in UTC. */
export const changesetOf = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

// ---------------------------------------------------------------------------------------------
// Service requests
// ---------------------------------------------------------------------------------------------

/** Whether a public case is exposed as an Open311 service request. */
export function isServiceRequest(pub: Pick<PublicCase, 'kind' | 'demo'>): boolean {
  return pub.kind === 'report' && !pub.demo;
}

/** Characters that XML 1.0 cannot carry (most control characters, lone surrogates, U+FFFE/U+FFFF). */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Free text as both formats carry it alike: line breaks as \n, no characters XML cannot carry. */
const plainText = (s: string) => s.replace(/\r\n?/g, '\n').replace(NOT_XML, '');

function truncate(text: string, max: number): string {
  // No more UTF-16 units than `max`: no more characters either.
  if (text.length <= max) return text;
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** The largest published variant of the first published photo, as an absolute URL. */
function mediaUrl(pub: PublicCase, origin: string): string | undefined {
  const photo = pub.photos[0];
  if (!photo) return undefined;
  const largest = photo.variants.reduce((a, b) => (b.w > a.w ? b : a));
  try {
    return new URL(largest.url, origin).href;
  } catch {
    return undefined;
  }
}

/**
 * One public case as a service request. Every field is named here from the public record: a
 * field added to the projection later stays out of Open311 until someone adds it on purpose.
 */
export function toServiceRequest(pub: PublicCase, m: Municipality, opts: { locale?: Locale; origin: string }): ServiceRequest {
  const locale = opts.locale ?? OPEN311_LOCALE;
  const code = pub.category ?? 'other';
  const category = m.categories.find((c) => c.code === code);
  const label = t(locale, `status.${pub.status}` as StringKey);
  // Why the status is what it is: where to turn instead (not within competence, forwarded), else the
  // answer in the reader's language when staff wrote one (answersFor, as the archive chooses).
  const answer = answersFor(pub, locale)?.first;
  const note = pub.referral ?? answer?.text;
  const media = mediaUrl(pub, opts.origin);
  // Texts in the reader's script (Serbian only) and the address in Latin letters for Latin-script
  // readers, as the archive shows them (core/text/reader.ts). An answer is in its own language.
  const readerText = (text: string, written = pub.lang) => textFor(written, text, locale).text;
  const address = pub.address ? plainText(inReaderScript(pub.address, locale)) : undefined;
  return {
    service_request_id: pub.code,
    status: open311Status(pub.status),
    status_notes: note ? `${label}: ${plainText(readerText(note, pub.referral === undefined && answer ? answer.written : pub.lang))}` : label,
    service_name: category ? local(category.name, locale) : code,
    service_code: code,
    description: truncate(plainText(readerText(pub.text)), DESCRIPTION_MAX),
    agency_responsible: local(m.officialName, locale),
    requested_datetime: pub.createdAt,
    updated_datetime: pub.updatedAt,
    expected_datetime: pub.deadlineAt,
    ...(address ? { address } : {}),
    ...(pub.lat !== undefined && pub.lng !== undefined ? { lat: pub.lat, long: pub.lng } : {}),
    ...(media ? { media_url: media } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// GET Service Requests: the filters
// ---------------------------------------------------------------------------------------------

export interface RequestsQuery {
  /** service_request_id: when given, every other filter is ignored (as the standard says). */
  ids?: string[];
  serviceCodes?: string[];
  statuses?: ('open' | 'closed')[];
  /** Inclusive bounds on requested_datetime. */
  start: Date;
  end: Date;
}

export type Params = Record<string, string | undefined>;
export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: Open311Error[] };

const DAY_MS = 86_400_000;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(?:([Zz])|([+-])(\d{2}):?(\d{2}))$/;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const daysIn = (y: number, month: number) => new Date(Date.UTC(y, month, 0)).getUTCDate();

/**
 * A date parameter in the W3C profile of ISO 8601: a date and time with its zone (Z or ±hh:mm),
 * or a date alone, taken in the municipality's time zone (the start of that day for a start,
 * its last millisecond for an end). A "+" that a client did not encode arrives as a space and
 * is read as "+". Anything else (no zone, 30 February) is undefined.
 */
export function parseDateParam(raw: string, bound: 'start' | 'end', timeZone: string): Date | undefined {
  // The longest valid form is about 35 characters; anything far longer is not a date, and is not
  // worth a regular expression's time.
  if (raw.length > 64) return undefined;
  const value = raw.trim().replace(/^(.+[Tt][\d:.]+) (\d{2}:?\d{2})$/, '$1+$2');
  const dateOnly = DATE_ONLY.exec(value);
  if (dateOnly) {
    const [y, month, d] = dateOnly.slice(1).map(Number) as [number, number, number];
    if (month < 1 || month > 12 || d < 1 || d > daysIn(y, month)) return undefined;
    return new Date(bound === 'start' ? zonedMidnight(y, month, d, timeZone) : zonedMidnight(y, month, d + 1, timeZone) - 1);
  }
  const m = DATE_TIME.exec(value);
  if (!m) return undefined;
  const [y, month, d, h, min] = m.slice(1, 6).map(Number) as [number, number, number, number, number];
  const s = Number(m[6] ?? 0);
  const ms = m[7] ? Math.floor(Number(`0${m[7]}`) * 1000) : 0;
  if (month < 1 || month > 12 || d < 1 || d > daysIn(y, month) || h > 23 || min > 59 || s > 59) return undefined;
  let offset = 0;
  if (!m[8]) {
    const oh = Number(m[10]);
    const om = Number(m[11]);
    if (oh > 14 || om > 59) return undefined;
    offset = (m[9] === '-' ? -1 : 1) * (oh * 60 + om) * 60_000;
  }
  return new Date(Date.UTC(y, month - 1, d, h, min, s, ms) - offset);
}

const list = (v: string | undefined) => (v ?? '').split(',').map((x) => x.trim()).filter(Boolean);

/**
 * A service_request_id as the public records spell codes (`ABCD-1234`, core/cases/public.ts): a
 * tracking code however typed (normaliseCode), or four and four letters or digits in any case,
 * dash optional; undefined for anything that cannot name a record.
 */
function requestId(raw: string): string | undefined {
  const code = normaliseCode(raw);
  if (code) return code;
  const m = /^([A-Za-z0-9]{4})-?([A-Za-z0-9]{4})$/.exec(raw);
  return m ? `${m[1]}-${m[2]}`.toUpperCase() : undefined;
}

/** The parameters of GET Service Requests, each of which may be given once. */
export const REQUEST_PARAMS = ['jurisdiction_id', 'locale', 'service_request_id', 'service_code', 'start_date', 'end_date', 'status'] as const;

/**
 * Reads the query of GET Service Requests. An empty parameter counts as absent ("optional" in
 * the standard). Without dates the range is the last 90 days; with one date it runs 90 days
 * from it (or to it); with both it may span no more than 90 days. Ids must be tracking codes
 * (any case, dash optional); with `serviceCodes` (the municipality's services), so must be the
 * service codes asked for.
 */
export function parseRequestsQuery(params: Params, opts: { now: Date; timeZone: string; locale?: Locale; serviceCodes?: readonly string[] }): Parsed<RequestsQuery> {
  const locale = opts.locale ?? OPEN311_LOCALE;
  const error = (key: StringKey, vars: Record<string, string | number>): Open311Error => ({ code: 400, description: t(locale, key, vars) });
  const errors: Open311Error[] = [];
  const window = WINDOW_DAYS * DAY_MS;

  const rawIds = list(params.service_request_id);
  if (rawIds.length > MAX_REQUESTS) return { ok: false, errors: [error('open311.error.tooMany', { param: 'service_request_id', max: MAX_REQUESTS })] };
  if (rawIds.length) {
    const bad = rawIds.find((id) => !requestId(id));
    if (bad !== undefined) return { ok: false, errors: [error('open311.error.badId', { param: 'service_request_id', value: bad.slice(0, 20), example: 'K7QM-3XTD' })] };
    const ids = [...new Set(rawIds.map((id) => requestId(id)!))];
    return { ok: true, value: { ids, start: new Date(0), end: opts.now } };
  }

  const statuses = list(params.status).map((s) => s.toLowerCase());
  if (statuses.some((s) => s !== 'open' && s !== 'closed')) errors.push(error('open311.error.badValue', { param: 'status', values: 'open, closed' }));

  const dates: Partial<Record<'start' | 'end', Date>> = {};
  for (const [name, bound] of [['start_date', 'start'], ['end_date', 'end']] as const) {
    const raw = params[name]?.trim();
    if (!raw) continue;
    const d = parseDateParam(raw, bound, opts.timeZone);
    if (d) dates[bound] = d;
    else errors.push(error('open311.error.badDate', { param: name, example: '2026-03-01T00:00:00+01:00' }));
  }
  if (errors.length) return { ok: false, errors };

  let { start, end } = dates;
  if (!start && !end) {
    end = opts.now;
    start = new Date(end.getTime() - window);
  } else if (!end) end = new Date(start!.getTime() + window);
  else if (!start) start = new Date(end.getTime() - window);
  if (start!.getTime() > end.getTime()) return { ok: false, errors: [error('open311.error.dateOrder', { start: 'start_date', end: 'end_date' })] };
  if (end.getTime() - start!.getTime() > window) return { ok: false, errors: [error('open311.error.range', { start: 'start_date', end: 'end_date', days: WINDOW_DAYS })] };

  const serviceCodes = list(params.service_code);
  if (opts.serviceCodes && serviceCodes.some((code) => !opts.serviceCodes!.includes(code))) {
    return { ok: false, errors: [error('open311.error.badValue', { param: 'service_code', values: opts.serviceCodes.join(', ') })] };
  }
  return {
    ok: true,
    value: {
      ...(serviceCodes.length ? { serviceCodes } : {}),
      ...(statuses.length ? { statuses: [...new Set(statuses)] as ('open' | 'closed')[] } : {}),
      start: start!,
      end,
    },
  };
}

/** Whether a public case answers the query. */
export function matchesQuery(pub: PublicCase, q: RequestsQuery): boolean {
  if (!isServiceRequest(pub)) return false;
  if (q.ids) return q.ids.includes(pub.code);
  if (q.serviceCodes && !q.serviceCodes.includes(pub.category ?? 'other')) return false;
  if (q.statuses && !q.statuses.includes(open311Status(pub.status))) return false;
  const at = Date.parse(pub.createdAt);
  return at >= q.start.getTime() && at <= q.end.getTime();
}

/** Newest first (by the instant, whatever zone a record was written in), then by code. */
export function byNewest(a: PublicCase, b: PublicCase): number {
  return Date.parse(b.createdAt) - Date.parse(a.createdAt) || a.code.localeCompare(b.code);
}

/** The cases that answer a query, newest first, at most MAX_REQUESTS. */
export function selectRequests(cases: Iterable<PublicCase>, q: RequestsQuery): PublicCase[] {
  const out: PublicCase[] = [];
  for (const c of cases) if (matchesQuery(c, q)) out.push(c);
  return out.sort(byNewest).slice(0, MAX_REQUESTS);
}

// ---------------------------------------------------------------------------------------------
// Serialisation: JSON as the standard's examples, XML with its element names
// ---------------------------------------------------------------------------------------------

/** The element of one item in each list (JSON arrays are XML lists of these). */
const ITEM: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  errors: 'error',
  endpoints: 'endpoint',
  formats: 'format',
  attributes: 'attribute',
  values: 'value',
};

export type Root = 'discovery' | 'services' | 'service_definition' | 'service_requests' | 'errors';

/**
 * Text as XML character data: markup characters escaped, and characters that XML 1.0 cannot
 * carry at all (most control characters, lone surrogates, U+FFFE/U+FFFF) dropped.
 */
export function xmlText(value: string): string {
  return value
    .replace(NOT_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\r/g, '&#13;');
}

function element(name: string, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) {
    const item = ITEM[name];
    if (!item) throw new Error(`open311: no item element for the list "${name}"`);
    return `<${name}>${value.map((v) => element(item, v)).join('')}</${name}>`;
  }
  if (typeof value === 'object') {
    return `<${name}>${Object.entries(value).map(([k, v]) => element(k, v)).join('')}</${name}>`;
  }
  return `<${name}>${xmlText(String(value))}</${name}>`;
}

/** A whole XML document: the declaration, then the root element (lists take the root's name). */
export function toXml(root: Root, value: unknown): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${element(root, value)}\n`;
}

/** The body of a response in either format. */
export function render(format: Format, root: Root, value: unknown): string {
  return format === 'xml' ? toXml(root, value) : JSON.stringify(value);
}

/**
 * What a piece of the body adds to a Lambda response: its UTF-8 bytes once written as a JSON
 * string (quotes, backslashes and control characters escaped), without the string's own quotes.
 */
export function lambdaBytes(piece: string): number {
  let n = 0;
  for (let i = 0; i < piece.length; i++) {
    const c = piece.charCodeAt(i);
    if (c === 0x22 || c === 0x5c || c === 0x08 || c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d) n += 2;
    else if (c < 0x20) n += 6;
    else if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < piece.length && (piece.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) n += 6; // a lone surrogate is written as \uXXXX
    else n += 3;
  }
  return n;
}

/**
 * A list of service requests in either format, written piece by piece while counting what it
 * weighs (lambdaBytes); undefined as soon as it would pass `maxBytes`, so an answer too large for
 * Lambda is never finished, let alone sent.
 */
export function renderRequests(format: Format, requests: Iterable<ServiceRequest>, maxBytes = MAX_RESPONSE_BYTES): string | undefined {
  const [open, separator, close] = format === 'xml' ? ['<?xml version="1.0" encoding="utf-8"?>\n<service_requests>', '', '</service_requests>\n'] : ['[', ',', ']'];
  const parts = [open];
  let size = lambdaBytes(open) + lambdaBytes(close);
  let first = true;
  for (const request of requests) {
    const piece = (first ? '' : separator) + (format === 'xml' ? element('request', request) : JSON.stringify(request));
    first = false;
    size += lambdaBytes(piece);
    if (size > maxBytes) return undefined;
    parts.push(piece);
  }
  parts.push(close);
  return parts.join('');
}

/** An error body: `[{code, description}]`, or `<errors><error>…` in XML. */
export function renderErrors(format: Format, errors: Open311Error[]): string {
  return render(format, 'errors', errors);
}
