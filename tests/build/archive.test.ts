// The archive as built from tests/fixtures/archive.json (the global setup builds every site with
// it): which pages exist, what the filters count, what the open data holds, and that citizens'
// text is shown as text.
import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { distDir, read, siteIds } from '../helpers/dist.ts';
import { localeKeys } from '../../core/locales.ts';
import { publicCaseSchema, type PublicCase } from '../../core/cases/public.ts';

const fixture = (JSON.parse(readFileSync(new URL('../fixtures/archive.json', import.meta.url), 'utf8')) as unknown[]).map((r) => publicCaseSchema.parse(r));
const casesOf = (site: string): PublicCase[] => fixture.filter((c) => c.municipality === site);
const exists = (site: string, path: string) => existsSync(join(distDir, site, path));
/** The page's own content, without the head (whose meta description repeats text inside attributes). */
const main = (html: string) => html.slice(html.indexOf('<main'), html.indexOf('</main>'));

describe('archive pages', () => {
  it('builds a page per public case in every locale, and only for that municipality', () => {
    for (const site of siteIds) {
      for (const c of fixture) {
        for (const l of localeKeys) expect(exists(site, `${l}/archive/case/${c.code}/index.html`), `${site} ${l} ${c.code}`).toBe(c.municipality === site);
      }
      for (const l of localeKeys) {
        for (const p of ['archive', 'archive/reports', 'archive/questions', 'archive/map', 'archive/overdue']) expect(exists(site, `${l}/${p}/index.html`), `${site} ${l}/${p}`).toBe(true);
      }
    }
  });

  it('shows a citizen text and an answer containing HTML as text', () => {
    const html = main(read('zvecan', 'sr/archive/case/FXRA-2345/index.html'));
    expect(html).toContain('&lt;script&gt;alert');
    expect(html).not.toMatch(/<script>alert|<img src=x/);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('writes Serbian text, addresses and names in the reader’s script', () => {
    expect(read('zvecan', 'sr-latn/archive/case/FXRA-2345/index.html')).toContain('Velika rupa na putu kod škole.');
    expect(read('zvecan', 'sq/archive/case/FXRA-2345/index.html')).toContain('Glavna ulica kod škole');
    expect(read('zubin-potok', 'sr-latn/archive/case/FXZA-2345/index.html')).toContain('Miloš');
    expect(read('zubin-potok', 'sr/archive/case/FXZA-2345/index.html')).toContain('Милош');
    // Albanian text stays as written, marked as Albanian, on a Serbian page.
    expect(read('zvecan', 'sr/archive/case/FXRB-2345/index.html')).toMatch(/<div class="prose" lang="sq"><p>Llamba rrugore/);
  });

  it('counts the filters from the cases and builds every non-empty combination', () => {
    const all = read('zvecan', 'sr-latn/archive/reports/index.html');
    for (const c of casesOf('zvecan').filter((c) => c.kind === 'report')) expect(all).toContain(c.code);
    expect(all).toMatch(/href="\/sr-latn\/archive\/reports\/all\/received\/all\/">Primljeno \(1\)/);
    const received = read('zvecan', 'sr-latn/archive/reports/all/received/all/index.html');
    expect(received).toContain('FXRC-2345');
    expect(received).not.toContain('FXRA-2345');
    // No page for a combination without cases.
    expect(exists('zvecan', 'sr/archive/reports/roads/received/all/index.html')).toBe(false);
    expect(exists('zvecan', 'sr/archive/reports/roads/resolved/2026/index.html')).toBe(true);
  });

  it('lists open cases past their deadline, and not those still in time', () => {
    const overdue = read('zvecan', 'sq/archive/overdue/index.html');
    expect(overdue).toContain('FXRC-2345');
    expect(overdue).not.toContain('FXRD-2345');
    expect(read('zvecan', 'sq/archive/case/FXRD-2345/index.html')).toContain('state--open');
    expect(read('zvecan', 'sq/archive/case/FXRB-2345/index.html')).toContain('state--missed');
  });

  it('marks demo cases as such', () => {
    expect(read('zubin-potok', 'sq/archive/case/FXZA-2345/index.html')).toContain('të dhënave demonstruese');
    expect(read('zubin-potok', 'sq/archive/index.html')).toContain('të dhëna demonstruese');
    expect(read('zvecan', 'sq/archive/index.html')).not.toContain('të dhëna demonstruese');
  });
});

describe('open data files', () => {
  it('has one CSV row per public case, with formulas neutralised', () => {
    const csv = read('zvecan', 'open-data/cases.csv');
    const lines = csv.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    // The columns added for resolution come last, so readers of the earlier files keep working.
    expect(lines[0]).toBe('code,kind,category,status,created_at,first_answered_at,deadline_at,deadline_state,address,lat,lng,text,answer,referral,name,photo_urls,url,demo,channel,planned_at,resolution_due_at,resolved_at,duplicate_of,answer_sr,answer_sq');
    expect(lines).toHaveLength(1 + casesOf('zvecan').length);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""klik"") Kontejner`);
  });

  it('has the same cases as JSON, and the located reports as GeoJSON', () => {
    const json = JSON.parse(read('zvecan', 'open-data/cases.json')) as { code: string; deadline_state: string; photo_urls: string }[];
    expect(json.map((r) => r.code).sort()).toEqual(casesOf('zvecan').map((c) => c.code).sort());
    expect(json.find((r) => r.code === 'FXRA-2345')?.photo_urls).toBe('https://ezvecan.com/media/FXRA-2345/p1-1280.webp');
    const geo = JSON.parse(read('zvecan', 'open-data/reports.geojson')) as { type: string; features: { geometry: { coordinates: number[] }; properties: { code: string } }[] };
    expect(geo.type).toBe('FeatureCollection');
    expect(geo.features.map((f) => f.properties.code).sort()).toEqual(['FXRA-2345', 'FXRC-2345']);
    expect(geo.features.find((f) => f.properties.code === 'FXRA-2345')?.geometry.coordinates).toEqual([20.8412, 42.9081]);
  });
});
