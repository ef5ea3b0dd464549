// Lighthouse (the npm package, pinned) with Debian's chromium, mobile defaults (a Moto G Power
// class device, simulated slow 4G and 4× CPU throttling): one page of each template in each
// locale of one site, served by scripts/serve.mjs on loopback. Nothing leaves the machine:
// Chromium resolves only localhost names (every other host name fails to resolve) and
// Lighthouse also blocks the map tiles and anything https by URL pattern.
import { existsSync, readdirSync, mkdtempSync, rmSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveSites } from '../serve.mjs';

const LOCALES = ['sr', 'sr-latn', 'sq'];
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** The flags of tests/helpers/browser.ts, plus a resolver that knows only loopback names. */
const chromeFlags = [
  '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-default-apps', '--disable-extensions', '--metrics-recording-only', '--no-default-browser-check',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE *.localhost, EXCLUDE 127.0.0.1',
];
const blockedUrlPatterns = ['*tile.openstreetmap.org*', '*openstreetmap.org*', 'https://*', 'http://*.com/*', 'http://*.org/*', 'http://*.net/*'];

/**
 * Starts Chromium with a DevTools port on loopback (port 0: Chromium picks a free one and says
 * which on stderr) and a throw-away profile; resolves with the port and a kill function.
 */
function launchChromium() {
  const profile = mkdtempSync(join(tmpdir(), 'bench-chromium-'));
  const child = spawn(chromiumPath, [...chromeFlags, '--remote-debugging-address=127.0.0.1', '--remote-debugging-port=0', `--user-data-dir=${profile}`, 'about:blank'], { stdio: ['ignore', 'ignore', 'pipe'] });
  const kill = () =>
    new Promise((resolve) => {
      const done = () => {
        rmSync(profile, { recursive: true, force: true });
        resolve();
      };
      if (child.exitCode !== null) return done();
      child.once('exit', done);
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`chromium did not open its DevTools port:\n${err}`)), 30_000);
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d) => {
      err += d;
      const m = /DevTools listening on ws:\/\/127\.0\.0\.1:(\d+)\//.exec(err);
      if (m) {
        clearTimeout(timer);
        resolve({ port: Number(m[1]), kill });
      }
    });
    child.once('exit', (code) => reject(new Error(`chromium exited (${code}):\n${err}`)));
  });
}

/** The first item folder under a list, skipping pagination and filter folders. */
function firstItem(siteDir, locale, section, skip = []) {
  const dir = join(siteDir, locale, section);
  if (!existsSync(dir)) return null;
  const name = readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !/^\d+$/.test(e.name) && !skip.includes(e.name) && existsSync(join(dir, e.name, 'index.html')))
    .map((e) => e.name)
    .sort()[0];
  return name ? `${section}/${name}/` : null;
}

/** One page per template: [template, path under the locale] (null when the site has none). */
export function templates(siteDir, locale) {
  return [
    ['home', ''],
    ['news list', 'news/'],
    ['news item', firstItem(siteDir, locale, 'news')],
    ['documents', 'documents/'],
    ['document', firstItem(siteDir, locale, 'documents', ['type', 'year'])],
    ['consultations', 'consultations/'],
    ['consultation', firstItem(siteDir, locale, 'consultations')],
    ['events', 'events/'],
    ['System 48h', 'system-48h/'],
    ['report form', 'system-48h/report/'],
    ['ask form', 'ask-the-mayor/ask/'],
    ['search', 'search/'],
    ['archive index', 'archive/'],
    ['archive list', 'archive/reports/'],
    ['archive case', firstItem(siteDir, locale, 'archive/case')],
    ['archive map', 'archive/map/'],
    ['statistics', 'archive/statistics/'],
    ['open data', 'open-data/'],
  ].map(([name, path]) => [name, path !== null && existsSync(join(siteDir, locale, path ?? '', 'index.html')) ? path : null]);
}

/**
 * @param {{ distDir: string, site: string, log: (s: string) => void, locales?: string[] }} o
 */
export async function benchLighthouse({ distDir, site, log, locales = LOCALES }) {
  if (!existsSync(chromiumPath)) throw new Error(`Chromium not found at ${chromiumPath} (apt-get install chromium, or set CHROMIUM_PATH)`);
  const { default: lighthouse } = await import('lighthouse');
  const server = await serveSites({ port: 0, distDir });
  const { port } = server.address();
  const chrome = await launchChromium();
  const rows = [];
  const skipped = [];
  try {
    for (const locale of locales) {
      for (const [template, path] of templates(join(distDir, site), locale)) {
        if (path === null) {
          skipped.push(`${template} (${locale})`);
          continue;
        }
        const url = `http://${site}.localhost:${port}/${locale}/${path}`;
        const t0 = performance.now();
        const result = await lighthouse(url, {
          port: chrome.port,
          output: 'json',
          logLevel: 'silent',
          onlyCategories: ['performance', 'accessibility', 'best-practices', 'seo'],
          blockedUrlPatterns,
        });
        const lhr = result?.lhr;
        if (!lhr) throw new Error(`lighthouse gave no result for ${url}`);
        if (lhr.runtimeError) throw new Error(`lighthouse on ${url}: ${lhr.runtimeError.message}`);
        const score = (c) => (lhr.categories[c]?.score == null ? null : Math.round(lhr.categories[c].score * 100));
        const num = (a) => lhr.audits[a]?.numericValue ?? null;
        const row = {
          template, locale, path: `/${locale}/${path}`,
          performance: score('performance'), accessibility: score('accessibility'), bestPractices: score('best-practices'), seo: score('seo'),
          lcpMs: num('largest-contentful-paint'), tbtMs: num('total-blocking-time'), cls: num('cumulative-layout-shift'), bytes: num('total-byte-weight'),
          requests: lhr.audits['network-requests']?.details?.items?.length ?? null,
          failing: Object.values(lhr.audits).filter((a) => a.score !== null && a.score < 0.9 && a.scoreDisplayMode === 'binary').map((a) => a.id),
        };
        rows.push(row);
        log(`  ${locale} ${template}: perf ${row.performance}, a11y ${row.accessibility}, bp ${row.bestPractices}, seo ${row.seo}, LCP ${(row.lcpMs / 1000).toFixed(2)} s, ${(row.bytes / 1024).toFixed(1)} KB (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
      }
    }
  } finally {
    await chrome.kill();
    server.closeAllConnections();
    await new Promise((r) => server.close(() => r()));
  }
  const { default: pkg } = await import('lighthouse/package.json', { with: { type: 'json' } }).catch(() => ({ default: { version: 'unknown' } }));
  return { lighthouse: pkg.version, chromium: chromiumPath, site, rows, skipped, settings: { formFactor: 'mobile', throttlingMethod: 'simulate', blockedUrlPatterns, chromeFlags } };
}
