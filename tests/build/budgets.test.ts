// No built page over its size budget. Every .html page of every site in dist/ is weighed the way
// scripts/lib/page-weight.mjs weighs it for the benchmark (gzip as scripts/serve.mjs serves it:
// the HTML, the stylesheets it links, the scripts it loads; images and fonts excluded), plus the
// JavaScript those scripts and the form islands import, statically or with import(), since a
// browser fetches that on load too. Each page type has a budget for its JS and for its total.
import { describe, it, expect } from 'vitest';
import { readFileSync, existsSync } from 'node:fs';
import { join, posix } from 'node:path';
import { pageWeight, servedBytes } from '../../scripts/lib/page-weight.mjs';
import { distDir, siteIds, htmlFiles } from '../helpers/dist.ts';

const KB = 1024;

/**
 * The budgets, in KB of gzip (1 KB = 1,024 bytes). Content pages — everything a citizen reads:
 * home, news, events, documents, consultations, info, the archive's lists and cases, statistics,
 * open data — carry no JavaScript at all and weigh at most 30 KB. The pages that need a script
 * have their own budget, set a little above what they weigh today so that growth is a decision:
 * - the two citizen forms: React and the form island (today 158 KB of JS for the question form,
 *   205 KB for the report form, which also loads Leaflet for its map); both work without it, as
 *   plain HTML forms;
 * - search: Pagefind's UI, 31 KB (the index fragments it fetches while one types are not counted);
 * - the archive map: a small module that draws the map with Leaflet, 44 KB (the table beside it
 *   is the way in without JavaScript).
 * docs/benchmarks.md lists the same budgets.
 */
export const BUDGETS: { type: string; test: RegExp; jsKb: number; totalKb: number }[] = [
  { type: 'report form', test: /^[^/]+\/system-48h\/report\/index\.html$/, jsKb: 215, totalKb: 235 },
  { type: 'ask form', test: /^[^/]+\/ask-the-mayor\/ask\/index\.html$/, jsKb: 165, totalKb: 180 },
  { type: 'search', test: /^[^/]+\/search\/index\.html$/, jsKb: 35, totalKb: 45 },
  { type: 'archive map', test: /^[^/]+\/archive\/map\/index\.html$/, jsKb: 50, totalKb: 65 },
  { type: 'content page', test: /./, jsKb: 0, totalKb: 30 },
];

const budgetOf = (file: string) => BUDGETS.find((b) => b.test.test(file))!;

/** Bytes of a JS module and everything it imports (statically or by import()), each file once. */
function moduleGraph(siteDir: string, url: string, seen: Set<string>): number {
  const clean = posix.normalize(url.split(/[?#]/)[0]!);
  if (seen.has(clean)) return 0;
  seen.add(clean);
  const file = join(siteDir, clean);
  if (!existsSync(file)) return 0;
  const source = readFileSync(file);
  let bytes = servedBytes(source);
  for (const m of source.toString('utf8').matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)["'`]([^"'`]+\.m?js)["'`]/g)) {
    const ref = m[1]!;
    if (/^[a-z]+:|^\/\//i.test(ref)) continue;
    bytes += moduleGraph(siteDir, ref.startsWith('/') ? ref : posix.join(posix.dirname(clean), ref), seen);
  }
  return bytes;
}

/** The page's weight with the module graph of its scripts and islands. */
function weigh(site: string, file: string) {
  const siteDir = join(distDir, site);
  const w = pageWeight(distDir, site, file);
  const jsAssets = w.assets.filter((a) => a.kind === 'js');
  const seen = new Set<string>();
  // Inline scripts count as they are (pageWeight's inlineJs); files with what they import.
  let js = w.inlineJs;
  for (const a of jsAssets) js += moduleGraph(siteDir, a.file, seen);
  const html = readFileSync(join(siteDir, file), 'utf8');
  for (const m of html.matchAll(/\s(?:component-url|renderer-url)="([^"]+)"/g)) js += moduleGraph(siteDir, m[1]!, seen);
  return { html: w.html, css: w.css, js, total: w.html + w.css + js, missing: w.missing };
}

describe('page size budgets', () => {
  const rows = siteIds.flatMap((site) => htmlFiles(site).map((file) => ({ site, file, budget: budgetOf(file), ...weigh(site, file) })));

  it('weighs every built page', () => {
    expect(rows.length).toBeGreaterThan(100);
    expect(rows.filter((r) => r.missing.length).map((r) => `${r.site}/${r.file}: missing ${r.missing.join(' ')}`)).toEqual([]);
  });

  it('has no page over its budget', () => {
    const over = rows
      .filter((r) => r.js > r.budget.jsKb * KB || r.total > r.budget.totalKb * KB)
      .map((r) => `${r.site}/${r.file} (${r.budget.type}): JS ${(r.js / KB).toFixed(1)} KB of ${r.budget.jsKb}, total ${(r.total / KB).toFixed(1)} KB of ${r.budget.totalKb}`);
    expect(over).toEqual([]);
  });

  it('gives every page type with its own budget at least one page in each site and locale', () => {
    for (const b of BUDGETS.slice(0, -1)) {
      for (const site of siteIds) expect(rows.filter((r) => r.site === site && r.budget === b).length, `${b.type} in ${site}`).toBe(3);
    }
  });
});
