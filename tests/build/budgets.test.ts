// No built page over its size budget. Every .html page of every site in dist/ is weighed the way
// scripts/lib/page-weight.mjs weighs it for the benchmark (gzip as scripts/serve.mjs serves it:
// the HTML, the stylesheets it links, the scripts it loads; images and fonts excluded), plus the
// JavaScript those scripts and the form islands import, statically or with import(), since a
// browser fetches that on load too — except the import()s a page type names as deferred (the
// report form's Leaflet, loaded when the citizen opens the map), which have a budget of their
// own. Each page type has a budget for its JS before any interaction and for its total.
import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pageWeightWithModules, PAGE_BUDGETS } from '../../scripts/lib/page-weight.mjs';
import { distDir, siteIds, htmlFiles } from '../helpers/dist.ts';

const KB = 1024;

/** The budgets, in KB of gzip, per page type: scripts/lib/page-weight.mjs (the benchmark reports the forms against them too). */
export const BUDGETS = PAGE_BUDGETS;

const budgetOf = (file: string) => BUDGETS.find((b) => b.test.test(file))!;

/** The page's weight with the module graph of its scripts and islands (scripts/lib/page-weight.mjs). */
const weigh = (site: string, file: string, deferred?: RegExp) => pageWeightWithModules(distDir, site, file, deferred);

describe('page size budgets', () => {
  const rows = siteIds.flatMap((site) => htmlFiles(site).map((file) => ({ site, file, budget: budgetOf(file), ...weigh(site, file, budgetOf(file).deferred) })));

  it('weighs every built page', () => {
    expect(rows.length).toBeGreaterThan(100);
    expect(rows.filter((r) => r.missing.length).map((r) => `${r.site}/${r.file}: missing ${r.missing.join(' ')}`)).toEqual([]);
  });

  it('has no page over its budget', () => {
    const over = rows
      .filter((r) => r.js > r.budget.jsKb * KB || r.total > r.budget.totalKb * KB || r.deferredJs > (r.budget.deferredKb ?? 0) * KB)
      .map((r) => `${r.site}/${r.file} (${r.budget.type}): JS ${(r.js / KB).toFixed(1)} KB of ${r.budget.jsKb}, total ${(r.total / KB).toFixed(1)} KB of ${r.budget.totalKb}, on interaction ${(r.deferredJs / KB).toFixed(1)} KB of ${r.budget.deferredKb ?? 0}`);
    expect(over).toEqual([]);
  });

  it('loads Leaflet on a form page only when the citizen opens the map', () => {
    const forms = rows.filter((r) => r.budget.type === 'report form' || r.budget.type === 'ask form');
    expect(forms.length).toBe(siteIds.length * 6);
    for (const r of forms) {
      const where = `${r.site}/${r.file}`;
      expect(r.eager.filter((u) => /leaflet-src/.test(u)), where).toEqual([]);
      // The report form has the map behind its button: Leaflet is there, fetched on demand.
      if (r.budget.type === 'report form') {
        expect(r.later.length, where).toBe(1);
        expect(r.deferredJs, where).toBeGreaterThan(30 * KB);
      } else expect(r.later, where).toEqual([]);
    }
  });

  it('gives every page type with its own budget at least one page in each site and locale', () => {
    for (const b of BUDGETS.slice(0, -1)) {
      for (const site of siteIds) expect(rows.filter((r) => r.site === site && r.budget === b).length, `${b.type} in ${site}`).toBe(3);
    }
  });
});

/**
 * Markers that only a development build carries: React's development runtime and its prop-type
 * checks, Preact's debug and devtools hooks, the JSX development transform, Astro's development
 * island script (it times hydration), and process.env.NODE_ENV left for the browser to evaluate.
 * A build whose NODE_ENV is "development" produced all of them before astro.config.mjs made every
 * build a production one (scripts/build-site.mjs run directly, as the benchmark does, inherits
 * whatever NODE_ENV the shell has).
 */
export const DEV_MARKERS: [string, RegExp][] = [
  ['process.env.NODE_ENV', /process\.env\.NODE_ENV/],
  ['React development build', /react(?:-dom)?\.development|checkPropTypes|Invalid hook call/],
  ['Preact devtools or debug', /__PREACT_DEVTOOLS__|Undefined component passed to createElement/],
  ['JSX development runtime', /\bjsxDEV\b/],
  ['Astro development island script', /client-render-time/],
];

describe('no development runtime', () => {
  it('in any script a site emits or a form page inlines', () => {
    const found: string[] = [];
    for (const site of siteIds) {
      const astroDir = join(distDir, site, '_astro');
      const scripts = readdirSync(astroDir).filter((f) => /\.m?js$/.test(f));
      expect(scripts.length, site).toBeGreaterThan(0);
      const sources: (readonly [string, string])[] = scripts.map((f) => [`_astro/${f}`, readFileSync(join(astroDir, f), 'utf8')] as const);
      for (const file of htmlFiles(site).filter((f) => BUDGETS.slice(0, 2).some((b) => b.test.test(f)))) {
        const html = readFileSync(join(distDir, site, file), 'utf8');
        sources.push(...[...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((m) => [file, m[1]!] as const));
      }
      for (const [where, text] of sources) for (const [name, marker] of DEV_MARKERS) if (marker.test(text)) found.push(`${site}/${where}: ${name}`);
    }
    expect([...new Set(found)]).toEqual([]);
  });
});
