// Bench sections over the ordinary build of the four sites (content only, no archive source):
// the full build in parallel (as npm run build) and one site at a time, and the transferred
// weight of key pages against the budget. Used by scripts/bench.mjs.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildAll, distEnv } from '../build-all.mjs';
import { siteIds } from './sites.mjs';
import { pageWeight, pageWeightWithModules, PAGE_BUDGETS } from './page-weight.mjs';

const LOCALES = ['sr', 'sr-latn', 'sq'];
const KB = 1024;
/** The budget of a content page: no JavaScript, at most 30 KB in all (images excluded). */
export const BUDGET = { jsBytes: 0, totalBytes: 30 * KB };
/**
 * The two citizen forms: the JavaScript each loads before any interaction (its scripts and
 * islands with everything they import, gzip), against issue 14's floors and the tighter budgets
 * tests/build/budgets.test.ts enforces; the report form's Leaflet is fetched only when the map is
 * opened (`deferred`).
 */
const budget = (type) => PAGE_BUDGETS.find((b) => b.type === type);
export const FORMS = [
  { page: 'report form', path: (l) => `${l}/system-48h/report/index.html`, floorJsBytes: 80 * KB, budgetJsBytes: budget('report form').jsKb * KB, deferred: budget('report form').deferred },
  { page: 'ask form', path: (l) => `${l}/ask-the-mayor/ask/index.html`, floorJsBytes: 72 * KB, budgetJsBytes: budget('ask form').jsKb * KB },
];

/**
 * The full build, `parallelConcurrency` sites at once, into dist/ (DIST_DIR elsewhere); with
 * `serial`, then again one site at a time (the default run leaves that out to save its minute).
 */
export async function benchFullBuilds({ parallelConcurrency, log, serial: withSerial = false }) {
  const timed = async (label, concurrency) => {
    log(`  ${label} (concurrency ${concurrency}):`);
    const r = await buildAll(siteIds, { concurrency, env: distEnv, log: (s) => log(`  ${s}`) });
    log(`  wall ${(r.wallMs / 1000).toFixed(1)} s, ${r.pages} pages, ${r.pagesPerSecond.toFixed(1)} pages/s, peak RSS ${r.peakRssMb} MB`);
    return { concurrency, ...r, results: [...r.results].sort((a, b) => a.site.localeCompare(b.site)) };
  };
  const parallel = await timed('parallel, as npm run build', parallelConcurrency);
  // The serial run comes second, so it also gets whatever warm caches the first left: if that
  // flatters serial, the speed-up is an under- rather than over-estimate.
  if (!withSerial) return { parallel, serial: null, speedup: null };
  const serial = await timed('serial, one site at a time', 1);
  return { parallel, serial, speedup: serial.wallMs / parallel.wallMs };
}

/** The first news item under /<locale>/news/ (pagination folders skipped). */
function firstNewsItem(distDir, site, locale) {
  const dir = join(distDir, site, locale, 'news');
  if (!existsSync(dir)) return null;
  const name = readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !/^\d+$/.test(e.name) && existsSync(join(dir, e.name, 'index.html')))
    .map((e) => e.name)
    .sort()[0];
  return name ? `${locale}/news/${name}/index.html` : null;
}

/** Weight of home, a news item and documents in every site and locale of distDir. */
export function benchPageWeight({ distDir }) {
  const pages = [];
  for (const site of siteIds) {
    for (const locale of LOCALES) {
      for (const [page, path] of [['home', `${locale}/index.html`], ['news item', firstNewsItem(distDir, site, locale)], ['documents', `${locale}/documents/index.html`]]) {
        if (!path || !existsSync(join(distDir, site, path))) {
          pages.push({ site, locale, page, path, error: 'page not found in dist' });
          continue;
        }
        const w = pageWeight(distDir, site, path);
        const over = [];
        if (w.js > BUDGET.jsBytes) over.push(`JS ${(w.js / KB).toFixed(1)} KB > 0`);
        if (w.total > BUDGET.totalBytes) over.push(`total ${(w.total / KB).toFixed(1)} KB > ${BUDGET.totalBytes / KB} KB`);
        pages.push({ site, locale, page, path, html: w.html, css: w.css, js: w.js, total: w.total, missing: w.missing, external: w.external, overBudget: over.length > 0, over });
      }
    }
  }
  const forms = [];
  for (const site of siteIds) {
    for (const locale of LOCALES) {
      for (const f of FORMS) {
        const path = f.path(locale);
        if (!existsSync(join(distDir, site, path))) {
          forms.push({ site, locale, page: f.page, path, error: 'page not found in dist' });
          continue;
        }
        const w = pageWeightWithModules(distDir, site, path, f.deferred);
        forms.push({ site, locale, page: f.page, path, html: w.html, css: w.css, js: w.js, total: w.total, onMapOpen: w.deferredJs, floorJs: f.floorJsBytes, budgetJs: f.budgetJsBytes, missing: w.missing, withinFloor: w.js <= f.floorJsBytes, withinBudget: w.js <= f.budgetJsBytes });
      }
    }
  }
  const measured = pages.filter((w) => !w.error);
  const heaviest = measured.reduce((a, b) => (b.total > a.total ? b : a), measured[0]);
  const summary = {
    pagesMeasured: measured.length,
    pagesMissing: pages.length - measured.length,
    maxTotalBytes: heaviest?.total ?? null,
    maxTotalPage: heaviest ? `${heaviest.site}/${heaviest.path}` : null,
    allJsZero: measured.every((w) => w.js === 0),
    allTotalsWithinBudget: measured.every((w) => w.total <= BUDGET.totalBytes),
    overBudgetPages: measured.filter((w) => w.overBudget).length,
    incomplete: pages.length !== measured.length || measured.some((w) => w.missing.length > 0) || forms.some((f) => f.error || f.missing.length > 0),
    formsWithinFloor: forms.every((f) => !f.error && f.withinFloor),
    formsWithinBudget: forms.every((f) => !f.error && f.withinBudget),
  };
  return { unit: 'bytes (gzip as served)', budget: BUDGET, pages, forms, summary };
}
