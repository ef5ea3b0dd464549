// The Open311 list reads only some fields of each public record from the index (OPEN311_FIELDS in
// functions/web/open311.ts, a projection, so DynamoDB Local sends and the SDK parses about half as
// much). These tests hold that list to what the answer is made from: every field that
// matchesQuery, byNewest and toServiceRequest read is in it, and records cut down to it give the
// same answer as whole records, in every locale and both formats.
import { describe, it, expect } from 'vitest';
import { syntheticCases } from '../../scripts/lib/cases-gen.mjs';
import { OPEN311_FIELDS } from '../../functions/web/open311.ts';
import { getMunicipality } from '../../core/municipalities/index.ts';
import { localeKeys } from '../../core/locales.ts';
import type { PublicCase } from '../../core/cases/public.ts';
import { byNewest, matchesQuery, parseRequestsQuery, render, toServiceRequest, type RequestsQuery } from '../../core/cases/open311.ts';

const m = getMunicipality('zvecan');
const origin = 'https://ezvecan.com';
const now = new Date('2026-11-01T12:00:00Z');

/** The records: synthetic ones of every status, and ones with what those lack (photos, both answers, a referral, a point). */
function records(): PublicCase[] {
  const synthetic = syntheticCases({ municipality: 'zvecan', count: 400, seed: 14, now }) as PublicCase[];
  const base = synthetic.find((r) => r.kind === 'report')!;
  const extra: PublicCase[] = [
    { ...base, code: 'TEST-PH01', photos: [{ id: 'p1', variants: [{ w: 480, url: '/media/p1-480.webp' }, { w: 1280, url: '/media/p1-1280.webp' }] }], lat: 42.9, lng: 20.8, address: 'Главна 1' },
    { ...base, code: 'TEST-AN02', status: 'answered', answer: 'Поправљено.', answers: { sr: 'Поправљено.', sq: 'U rregullua.' }, lang: 'sq' },
    { ...base, code: 'TEST-RF03', status: 'not_in_competence', referral: 'Обратите се ЈП Путеви Србије.' },
    { ...base, code: 'TEST-DM04', demo: true },
    { ...base, code: 'TEST-QU05', kind: 'question', category: undefined },
  ];
  return [...synthetic, ...extra];
}

const pick = (r: PublicCase) => Object.fromEntries(OPEN311_FIELDS.filter((f) => f in r).map((f) => [f, r[f]])) as unknown as PublicCase;

function query(params: Record<string, string> = {}): RequestsQuery {
  const parsed = parseRequestsQuery(params, { now, timeZone: m.clock.timeZone });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.value;
}
/** Every record, whenever made (wider than the 90 days a client may ask for). */
const everything = (): RequestsQuery => ({ ...query(), start: new Date(0), end: now });

/** The answer of a list query from these records, as functions/web/open311.ts makes it. */
function answer(list: PublicCase[], q: RequestsQuery, locale: (typeof localeKeys)[number]) {
  return list.filter((r) => matchesQuery(r, q)).sort(byNewest).map((r) => toServiceRequest(r, m, { locale, origin }));
}

describe('Open311 list: the fields read from the index', () => {
  it('holds every field the answer reads (property reads recorded on whole records)', () => {
    const read = new Set<string>();
    const watched = (r: PublicCase) =>
      new Proxy(r, {
        get(target, prop, receiver) {
          if (typeof prop === 'string') read.add(prop);
          return Reflect.get(target, prop, receiver);
        },
        has(target, prop) {
          if (typeof prop === 'string') read.add(prop);
          return Reflect.has(target, prop);
        },
      });
    const list = records().map(watched);
    for (const locale of localeKeys) answer(list, everything(), locale);
    answer(list, query({ service_request_id: list.slice(0, 3).map((r) => r.code).join(',') }), 'sr');
    const missing = [...read].filter((f) => !(OPEN311_FIELDS as readonly string[]).includes(f));
    expect(missing, 'fields the answer reads but the index query does not fetch: add them to OPEN311_FIELDS').toEqual([]);
    // The list names no field a record does not have (a typo would fetch nothing).
    const known = new Set(records().flatMap((r) => Object.keys(r)));
    expect(OPEN311_FIELDS.filter((f) => !known.has(f) && f !== 'demo')).toEqual([]);
  });

  it('gives the same answer from records cut down to those fields, in every locale and both formats', () => {
    const whole = records();
    const cut = whole.map(pick);
    expect(JSON.stringify(cut).length, 'the cut records are smaller').toBeLessThan(JSON.stringify(whole).length * 0.8);
    const queries = [query(), query({ status: 'closed' }), everything(), { ...everything(), serviceCodes: ['roads'] }];
    for (const q of queries) {
      for (const locale of localeKeys) {
        const expected = answer(whole, q, locale);
        expect(answer(cut, q, locale), `${locale} ${JSON.stringify(q)}`).toEqual(expected);
        for (const format of ['json', 'xml'] as const) expect(render(format, 'service_requests', answer(cut, q, locale))).toBe(render(format, 'service_requests', expected));
      }
    }
    // The wide query really covers what the extra records add.
    const wide = answer(cut, queries[2]!, 'sr');
    expect(wide.some((r) => r.media_url)).toBe(true);
    expect(wide.some((r) => r.status_notes?.includes('Поправљено'))).toBe(true);
  });
});
