/**
 * The open-data files of the archive: every public case as JSON, CSV and (reports with a place)
 * GeoJSON. Built from the public projection only, in the language each case was written in.
 */
import type { PublicCase } from '../../core/cases/public.ts';
import { stateOf } from './build-now.ts';

export const CSV_COLUMNS = [
  'code', 'kind', 'category', 'status', 'created_at', 'first_answered_at', 'deadline_at', 'deadline_state',
  'address', 'lat', 'lng', 'text', 'answer', 'referral', 'name', 'photo_urls', 'url', 'demo',
] as const;

/** One row per case; `site` is the site's origin, for absolute links. */
export function openDataRow(c: PublicCase, site: URL): Record<(typeof CSV_COLUMNS)[number], string | number | boolean | null> {
  const largest = (p: PublicCase['photos'][number]) => p.variants.reduce((a, b) => (a.w >= b.w ? a : b)).url;
  return {
    code: c.code,
    kind: c.kind,
    category: c.category ?? null,
    status: c.status,
    created_at: c.createdAt,
    first_answered_at: c.firstAnsweredAt ?? null,
    deadline_at: c.deadlineAt,
    deadline_state: stateOf(c),
    address: c.address ?? null,
    lat: c.lat ?? null,
    lng: c.lng ?? null,
    text: c.text,
    answer: c.answer ?? null,
    referral: c.referral ?? null,
    name: c.name ?? null,
    photo_urls: c.photos.map((p) => new URL(largest(p), site).href).join(' '),
    url: new URL(`/sr-latn/archive/case/${c.code}/`, site).href,
    demo: !!c.demo,
  };
}

/**
 * A CSV cell: quoted when needed, and a leading = + - @ (or tab/CR) prefixed with an apostrophe
 * so a spreadsheet never runs a citizen's text as a formula.
 */
export function csvCell(v: string | number | boolean | null): string {
  if (v === null) return '';
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(cases: PublicCase[], site: URL): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const c of cases) {
    const row = openDataRow(c, site);
    lines.push(CSV_COLUMNS.map((k) => csvCell(row[k])).join(','));
  }
  // A byte-order mark so spreadsheet programs read Cyrillic and Albanian letters as UTF-8.
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** Reports that have a place, as GeoJSON points for the map. */
export function toGeoJson(cases: PublicCase[]) {
  return {
    type: 'FeatureCollection',
    features: cases
      .filter((c) => c.kind === 'report' && c.lat !== undefined && c.lng !== undefined)
      .map((c) => ({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [c.lng, c.lat] },
        properties: { code: c.code, category: c.category, status: c.status, state: stateOf(c), createdAt: c.createdAt },
      })),
  };
}
