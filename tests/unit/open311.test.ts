// Open311 GeoReport v2 from the public projection: the mapping, the filters (dates with zones,
// the default window and limit), XML escaping and the error format, held to the JSON Schemas.
import { describe, it, expect } from 'vitest';
import { getMunicipality } from '../../core/municipalities/index.ts';
import type { PublicCase } from '../../core/cases/public.ts';
import {
  toServices, toServiceDefinition, toDiscovery, toServiceRequest, parseRequestsQuery, parseDateParam, selectRequests, render, renderErrors,
  xmlText, isServiceRequest, changesetOf, MAX_REQUESTS, type RequestsQuery,
} from '../../core/cases/open311.ts';
import { schemaErrors, xmlAsJson, elementNames, STANDARD_ELEMENTS, type SchemaName } from '../schemas/open311/index.ts';

const zvecan = getMunicipality('zvecan');
const origin = 'https://ezvecan.com';
const now = new Date('2026-03-15T12:00:00Z');
const TZ = 'Europe/Belgrade';

let n = 0;
function pub(extra: Partial<PublicCase> = {}): PublicCase {
  n++;
  return {
    v: 1, code: `TEST-${String(n).padStart(4, '0')}`, kind: 'report', municipality: 'zvecan', category: 'roads', lang: 'sr',
    text: 'Велика рупа на путу код моста.', status: 'received', createdAt: '2026-03-10T08:00:00Z', updatedAt: '2026-03-10T08:00:00Z',
    deadlineAt: '2026-03-12T08:00:00Z', photos: [], timeline: [{ at: '2026-03-10T08:00:00Z', status: 'received' }], ...extra,
  };
}

/** Both formats of a document: the JSON valid against the schema, the XML well-formed with the same content. */
function bothFormats(name: SchemaName, root: Parameters<typeof render>[1], value: unknown) {
  const json = JSON.parse(render('json', root, value)) as unknown;
  expect(schemaErrors(name, json)).toEqual([]);
  const xml = render('xml', root, value);
  expect(xmlAsJson(xml, name)).toEqual(json);
  expect([...elementNames(xml)].filter((e) => !STANDARD_ELEMENTS.has(e))).toEqual([]);
  return { json, xml };
}

describe('services, service definitions and discovery', () => {
  it('makes one realtime service per category, named in Serbian Latin, with the other names as keywords', () => {
    const services = toServices(zvecan);
    expect(services.map((s) => s.service_code)).toEqual(zvecan.categories.map((c) => c.code));
    const roads = services.find((s) => s.service_code === 'roads')!;
    expect(roads).toEqual({
      service_code: 'roads',
      service_name: 'Putevi i trotoari',
      description: 'Udarne rupe, oštećen asfalt, sneg i led na putu.',
      metadata: false,
      type: 'realtime',
      keywords: 'Путеви и тротоари, Rrugë dhe trotuare, roads',
      group: 'Odeljenje za urbanizam i infrastrukturu',
    });
    // "Other" goes to the general address, not a department: no group, and no description in the config.
    const other = services.find((s) => s.service_code === 'other')!;
    expect(other.group).toBeUndefined();
    expect(other.description).toBeUndefined();
    expect(toServices(zvecan, 'sq').find((s) => s.service_code === 'roads')!.service_name).toBe('Rrugë dhe trotuare');
    bothFormats('services', 'services', services);
  });

  it('defines every service with no extra attributes, and no unknown service', () => {
    expect(toServiceDefinition(zvecan, 'water')).toEqual({ service_code: 'water', attributes: [] });
    expect(toServiceDefinition(zvecan, 'nope')).toBeUndefined();
    const { xml } = bothFormats('service-definition', 'service_definition', toServiceDefinition(zvecan, 'water'));
    expect(xml).toContain('<service_definition><service_code>water</service_code><attributes></attributes></service_definition>');
  });

  it('discovers one production endpoint on the site origin, in XML and JSON', () => {
    const d = toDiscovery(zvecan, { origin, changeset: changesetOf(now) });
    expect(d.changeset).toBe('2026-03-15T12:00:00Z');
    expect(d.endpoints).toEqual([{ specification: 'http://wiki.open311.org/GeoReport_v2', url: 'https://ezvecan.com/open311/v2', changeset: '2026-03-15T12:00:00Z', type: 'production', formats: ['text/xml', 'application/json'] }]);
    expect(d.contact).toContain('kontakt@ezvecan.com');
    expect(d.contact).toContain('https://ezvecan.com/sr-latn/open-data/');
    const { xml } = bothFormats('discovery', 'discovery', d);
    expect(xml).toMatch(/<formats><format>text\/xml<\/format><format>application\/json<\/format><\/formats>/);
  });
});

describe('a public case as a service request', () => {
  it('maps every field from the public record', () => {
    const c = pub({
      status: 'resolved', answer: 'Рупа је закрпљена.', firstAnsweredAt: '2026-03-11T09:00:00Z', updatedAt: '2026-03-11T09:00:00Z',
      address: 'Улица краља Милана 5', lat: 42.9075, lng: 20.8406,
      photos: [{ id: 'p1', variants: [{ w: 480, url: '/media/p1-480.webp' }, { w: 1280, url: '/media/p1-1280.webp' }] }, { id: 'p2', variants: [{ w: 480, url: '/media/p2-480.webp' }] }],
    });
    expect(toServiceRequest(c, zvecan, { origin })).toEqual({
      service_request_id: c.code,
      status: 'closed',
      status_notes: 'Rešeno: Rupa je zakrpljena.',
      service_name: 'Putevi i trotoari',
      service_code: 'roads',
      description: 'Velika rupa na putu kod mosta.',
      agency_responsible: 'Opština Zvečan',
      requested_datetime: '2026-03-10T08:00:00Z',
      updated_datetime: '2026-03-11T09:00:00Z',
      expected_datetime: '2026-03-12T08:00:00Z',
      address: 'Ulica kralja Milana 5',
      lat: 42.9075,
      long: 20.8406,
      media_url: 'https://ezvecan.com/media/p1-1280.webp',
    });
    // Serbian Cyrillic on request; Albanian text is never transliterated.
    const cyr = toServiceRequest(c, zvecan, { origin, locale: 'sr' });
    expect([cyr.service_name, cyr.description, cyr.agency_responsible, cyr.status_notes]).toEqual(['Путеви и тротоари', 'Велика рупа на путу код моста.', 'Општина Звечан', 'Решено: Рупа је закрпљена.']);
    const sq = toServiceRequest(pub({ lang: 'sq', text: 'Gropë e madhe.' }), zvecan, { origin, locale: 'sq' });
    expect([sq.description, sq.service_name, sq.status_notes, sq.status]).toEqual(['Gropë e madhe.', 'Rrugë dhe trotuare', 'Pranuar', 'open']);
    bothFormats('requests', 'service_requests', [toServiceRequest(c, zvecan, { origin }), sq]);
  });

  it('closes "not within competence" and "forwarded" with where to turn as the status notes', () => {
    for (const status of ['not_in_competence', 'forwarded'] as const) {
      const r = toServiceRequest(pub({ status, referral: 'Obratite se JP Vodovod Ibar.', answer: 'Nije naše.' }), zvecan, { origin });
      expect(r.status).toBe('closed');
      expect(r.status_notes).toMatch(/: Obratite se JP Vodovod Ibar\.$/);
    }
    expect(toServiceRequest(pub({ status: 'in_progress' }), zvecan, { origin })).toMatchObject({ status: 'open', status_notes: 'U obradi' });
  });

  it('leaves out what a case does not have, and nothing outside the standard gets in', () => {
    const smuggled = { ...pub(), email: 'tajna@example.org', phone: '+383 44 000 000', contactName: 'Skriveni Građanin', internalNote: 'x' } as PublicCase;
    const r = toServiceRequest(smuggled, zvecan, { origin });
    expect(Object.keys(r)).toEqual(['service_request_id', 'status', 'status_notes', 'service_name', 'service_code', 'description', 'agency_responsible', 'requested_datetime', 'updated_datetime', 'expected_datetime']);
    expect(JSON.stringify(r)).not.toMatch(/tajna|383|Skriveni|internal/);
    expect(schemaErrors('request', [r])).toEqual([]);
    expect(schemaErrors('request', [{ ...r, email: 'x@example.org' }]).join()).toContain('"additionalProperty":"email"');
  });

  it('limits the description to the standard 4,000 characters', () => {
    const r = toServiceRequest(pub({ lang: 'sq', text: 'ë'.repeat(5000) }), zvecan, { origin });
    expect(Array.from(r.description)).toHaveLength(4000);
    expect(r.description.endsWith('…')).toBe(true);
  });

  it('exposes reports only: questions to the mayor and demo cases are not service requests', () => {
    expect(isServiceRequest(pub())).toBe(true);
    expect(isServiceRequest(pub({ kind: 'question', category: undefined }))).toBe(false);
    expect(isServiceRequest(pub({ demo: true }))).toBe(false);
  });
});

describe('the filters of GET Service Requests', () => {
  const parse = (params: Record<string, string>) => parseRequestsQuery(params, { now, timeZone: TZ });
  const ok = (params: Record<string, string>): RequestsQuery => {
    const r = parse(params);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    return r.value;
  };
  const iso = (q: RequestsQuery) => [q.start.toISOString(), q.end.toISOString()];

  it('defaults to the last 90 days; one date opens 90 days from or to it', () => {
    expect(iso(ok({}))).toEqual(['2025-12-15T12:00:00.000Z', '2026-03-15T12:00:00.000Z']);
    // Empty parameters are the same as absent ones.
    expect(iso(ok({ start_date: '', end_date: ' ', status: '', service_code: '' }))).toEqual(iso(ok({})));
    expect(iso(ok({ start_date: '2026-01-01T00:00:00Z' }))).toEqual(['2026-01-01T00:00:00.000Z', '2026-04-01T00:00:00.000Z']);
    expect(iso(ok({ end_date: '2026-01-01T00:00:00Z' }))).toEqual(['2025-10-03T00:00:00.000Z', '2026-01-01T00:00:00.000Z']);
  });

  it('reads dates with their zone, and a date alone in the municipality’s zone', () => {
    expect(parseDateParam('2026-03-10T01:00:00+01:00', 'start', TZ)!.toISOString()).toBe('2026-03-10T00:00:00.000Z');
    expect(parseDateParam('2026-03-09T19:00:00-05:00', 'start', TZ)!.toISOString()).toBe('2026-03-10T00:00:00.000Z');
    expect(parseDateParam('2026-03-10T00:00Z', 'start', TZ)!.toISOString()).toBe('2026-03-10T00:00:00.000Z');
    expect(parseDateParam('2026-03-10T00:00:00.250z', 'start', TZ)!.toISOString()).toBe('2026-03-10T00:00:00.250Z');
    // An unencoded "+" in a query string arrives as a space.
    expect(parseDateParam('2026-03-10T01:00:00 01:00', 'start', TZ)!.toISOString()).toBe('2026-03-10T00:00:00.000Z');
    // Winter (UTC+1) and summer (UTC+2) in Belgrade; an end date covers its whole day.
    expect(parseDateParam('2026-01-15', 'start', TZ)!.toISOString()).toBe('2026-01-14T23:00:00.000Z');
    expect(parseDateParam('2026-07-15', 'start', TZ)!.toISOString()).toBe('2026-07-14T22:00:00.000Z');
    expect(parseDateParam('2026-07-15', 'end', TZ)!.toISOString()).toBe('2026-07-15T21:59:59.999Z');
    expect(parseDateParam('2026-03-29', 'end', TZ)!.toISOString()).toBe('2026-03-29T21:59:59.999Z'); // the day clocks go forward
    for (const bad of ['2026-03-10T00:00:00', '2026-02-30T00:00:00Z', '2026-13-01', '10.03.2026', '2026-03-10T24:00:00Z', 'yesterday', '2026-03-10T00:00:00+25:00']) {
      expect(parseDateParam(bad, 'start', TZ), bad).toBeUndefined();
    }
  });

  it('refuses bad dates, reversed or too long ranges and unknown statuses with 400 errors', () => {
    const errors = (params: Record<string, string>) => {
      const r = parse(params);
      if (r.ok) throw new Error('expected errors');
      for (const e of r.errors) expect(e.code).toBe(400);
      expect(schemaErrors('errors', r.errors)).toEqual([]);
      return r.errors.map((e) => e.description);
    };
    expect(errors({ start_date: '2026-03-10' + 'T00:00:00', status: 'pending' })).toEqual([
      'Parametar status može biti: open, closed.',
      'Parametar start_date mora biti datum i vreme po standardu ISO 8601 sa vremenskom zonom, na primer 2026-03-01T00:00:00+01:00.',
    ]);
    expect(errors({ start_date: '2026-03-10T00:00:00Z', end_date: '2026-03-01T00:00:00Z' })).toEqual(['Parametar start_date mora biti pre parametra end_date.']);
    expect(errors({ start_date: '2025-01-01T00:00:00Z', end_date: '2025-06-01T00:00:00Z' })[0]).toMatch(/90 dana/);
    // Exactly 90 days is allowed.
    expect(iso(ok({ start_date: '2026-01-01T00:00:00+01:00', end_date: '2026-04-01T00:00:00+02:00' }))).toEqual(['2025-12-31T23:00:00.000Z', '2026-03-31T22:00:00.000Z']);
    expect(errors({ service_request_id: Array.from({ length: MAX_REQUESTS + 1 }, (_, i) => `ID${i}`).join(',') })[0]).toMatch(/najviše 1000/);
    // Albanian messages when the query is in Albanian.
    const sq = parseRequestsQuery({ status: 'x' }, { now, timeZone: TZ, locale: 'sq' });
    expect(!sq.ok && sq.errors[0]!.description).toBe('Parametri status mund të jetë: open, closed.');
  });

  it('filters by code, category, status and time, inclusive, newest first, at most 1000', () => {
    const a = pub({ createdAt: '2026-03-01T00:00:00Z', category: 'water' });
    const b = pub({ createdAt: '2026-03-01T00:59:59+01:00', status: 'answered' }); // = 2026-02-28T23:59:59Z
    const c = pub({ createdAt: '2026-03-14T10:00:00Z', status: 'not_in_competence' });
    const q = pub({ createdAt: '2026-03-14T11:00:00Z', kind: 'question', category: undefined });
    const d = pub({ createdAt: '2026-03-13T11:00:00Z', demo: true });
    const old = pub({ createdAt: '2025-11-01T00:00:00Z' });
    const all = [a, b, c, q, d, old];
    const codes = (params: Record<string, string>) => selectRequests(all, ok(params)).map((x) => x.code);
    expect(codes({})).toEqual([c.code, a.code, b.code]);
    expect(codes({ start_date: '2026-03-01T01:00:00+01:00' })).toEqual([c.code, a.code]);
    expect(codes({ end_date: '2026-03-01T00:00:00Z' })).toEqual([a.code, b.code]);
    expect(codes({ status: 'closed' })).toEqual([c.code, b.code]);
    expect(codes({ status: 'OPEN, closed' })).toEqual([c.code, a.code, b.code]);
    expect(codes({ service_code: 'water' })).toEqual([a.code]);
    expect(codes({ service_code: 'roads,water', status: 'open' })).toEqual([a.code]);
    // service_request_id overrides every other filter (the old one is outside the window), in any case, but never shows a question.
    expect(codes({ service_request_id: `${old.code.toLowerCase()}, ${q.code},${c.code}`, status: 'open', start_date: 'nonsense' })).toEqual([c.code, old.code]);
    const many = Array.from({ length: MAX_REQUESTS + 200 }, (_, i) => pub({ createdAt: new Date(now.getTime() - i * 60_000).toISOString() }));
    const picked = selectRequests(many, ok({}));
    expect(picked).toHaveLength(MAX_REQUESTS);
    expect(picked[0]).toBe(many[0]);
    expect(schemaErrors('requests', picked.map((p) => toServiceRequest(p, zvecan, { origin })))).toEqual([]);
  });
});

describe('XML and error bodies', () => {
  it('escapes user text: markup, ampersands and quotes are text, characters XML cannot carry are dropped', () => {
    const c = pub({ lang: 'sq', text: 'Kujdes <script>alert("x")</script> & "thonjëza" \'a\'\u0000\u0008 fund', address: 'Rruga <b>1</b> & 2' });
    const { xml, json } = bothFormats('request', 'service_requests', [toServiceRequest(c, zvecan, { origin })]);
    expect(xml).toContain('<description>Kujdes &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;thonjëza&quot; &apos;a&apos; fund</description>');
    expect(xml).toContain('<address>Rruga &lt;b&gt;1&lt;/b&gt; &amp; 2</address>');
    expect(xml).not.toMatch(/<script|<b>/);
    expect((json as { description: string }[])[0]!.description).toBe('Kujdes <script>alert("x")</script> & "thonjëza" \'a\' fund');
    expect(xmlText('a\r\nb\u{1F600}\uFFFE\uD800')).toBe('a&#13;\nb\u{1F600}');
  });

  it('keeps line breaks as \\n in both formats', () => {
    const r = toServiceRequest(pub({ lang: 'sq', text: 'rreshti 1\r\nrreshti 2' }), zvecan, { origin });
    expect(r.description).toBe('rreshti 1\nrreshti 2');
    bothFormats('request', 'service_requests', [r]);
  });

  it('writes errors as [{code, description}] and <errors><error>', () => {
    const errors = [{ code: 400, description: 'Parametar <status> & "drugi"' }, { code: 404, description: 'Nema' }];
    expect(JSON.parse(renderErrors('json', errors))).toEqual(errors);
    const xml = renderErrors('xml', errors);
    expect(xml).toBe('<?xml version="1.0" encoding="utf-8"?>\n<errors><error><code>400</code><description>Parametar &lt;status&gt; &amp; &quot;drugi&quot;</description></error><error><code>404</code><description>Nema</description></error></errors>\n');
    expect(xmlAsJson(xml, 'errors')).toEqual(errors);
    expect(schemaErrors('errors', errors)).toEqual([]);
    expect(schemaErrors('errors', [])).not.toEqual([]);
  });

  it('writes an empty list as an empty root element', () => {
    expect(render('xml', 'service_requests', [])).toBe('<?xml version="1.0" encoding="utf-8"?>\n<service_requests></service_requests>\n');
    expect(xmlAsJson(render('xml', 'service_requests', []), 'requests')).toEqual([]);
    expect(render('json', 'service_requests', [])).toBe('[]');
  });
});
