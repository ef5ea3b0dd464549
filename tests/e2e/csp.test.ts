// The Content-Security-Policy in force, in Chromium, on the local stack (which sets the headers
// as CloudFront does: scripts/serve.mjs, core/security/headers.ts): the report form's island
// hydrates, draws its map, previews and uploads a photo and submits; the archive map draws its
// points; search runs Pagefind; the charts, the live status page, the form error page and the
// staff page render; and the browser reports no violation anywhere. Also: the hashes committed
// for CloudFront (core/security/csp/<id>.json) cover every page of the build.
//
// DIST_DIR=<folder> runs it against another build (e.g. one made into /tmp).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { launchBrowser } from '../helpers/browser.ts';
import { startTestStack, replyLink, type Stack } from '../helpers/stack.ts';
import { distDir as builtDir, siteIds } from '../helpers/dist.ts';
import { hashesOf, missingHashes } from '../../core/security/inline.ts';
import { readAllowedHashes } from '../../core/security/allowlist.ts';

const distDir = process.env.DIST_DIR ?? builtDir;
let browser: Browser;
let stack: Stack;

beforeAll(async () => {
  [browser, stack] = await Promise.all([launchBrowser(), startTestStack({ distDir })]);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** A 1×1 PNG for the map tiles (the machine is offline; the policy is checked before the request). */
const TILE = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

interface Watched {
  page: Page;
  ctx: BrowserContext;
  /** Every violation and policy complaint so far, from the page's events and the console. */
  problems: () => Promise<string[]>;
}

async function watchedPage(): Promise<Watched> {
  const ctx = await browser.newContext({ viewport: { width: 1000, height: 900 } });
  await ctx.route(/^https:\/\/tile\.openstreetmap\.org\//, (route) => route.fulfill({ status: 200, contentType: 'image/png', body: TILE }));
  // In every document, before any of its scripts: what the page itself is told.
  await ctx.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __csp: string[] }).__csp = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber}) ${e.sample}`));
  });
  const page = await ctx.newPage();
  const logged: string[] = [];
  page.on('console', (m) => {
    const text = m.text();
    if (/Content Security Policy|Refused to|Permissions.Policy/i.test(text)) logged.push(`console: ${text}`);
  });
  page.on('pageerror', (e) => logged.push(`page error: ${e.message}`));
  return {
    page,
    ctx,
    problems: async () => [...(await page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []).catch(() => [])), ...logged],
  };
}

/** Goes to a page after collecting what the current one reported. */
async function visit(w: Watched, url: string, collected: string[]) {
  collected.push(...(await w.problems()));
  await w.page.goto(url);
}

describe('the Content-Security-Policy in Chromium', () => {
  it('lets the report form hydrate, map, preview and upload a photo and submit, with no violation', async () => {
    const w = await watchedPage();
    const { page } = w;
    const problems: string[] = [];
    try {
      const response = await page.goto(stack.url('zvecan', '/sq/system-48h/report/'));
      expect(response?.headers()['content-security-policy']).toMatch(/script-src 'self' 'wasm-unsafe-eval' 'sha256-/);
      // The island hydrated: the map opens on request (Leaflet loads then), and a click drops a
      // pin into the hidden fields.
      await page.getByRole('button', { name: 'Shënoni vendin në hartë' }).click();
      await page.locator('.leaflet-container').waitFor();
      await page.locator('.leaflet-tile-loaded').first().waitFor();
      await page.check('#category-lighting');
      await page.fill('#description', 'Llamba rrugore para shkollës nuk ndizet prej tri netësh.');
      await page.fill('#address', 'Para shkollës fillore');
      const shownAt = Date.now();
      await page.locator('.leaflet-container').scrollIntoViewIfNeeded();
      const map = (await page.locator('.leaflet-container').boundingBox())!;
      await page.mouse.click(map.x + map.width / 2 + 15, map.y + map.height / 2 - 10);
      await expect.poll(() => page.inputValue('input[name="lat"]')).not.toBe('');
      // A preview (blob:) and an upload to the local S3 (connect-src).
      const photo = await sharp({ create: { width: 800, height: 600, channels: 3, background: { r: 90, g: 140, b: 200 } } }).jpeg().toBuffer();
      await page.locator('input[type="file"]').setInputFiles({ name: 'foto.jpg', mimeType: 'image/jpeg', buffer: photo });
      await expect.poll(() => page.locator('input[type="hidden"][name="photos"]').count(), { timeout: 15_000 }).toBe(1);
      expect(await page.locator('img[src^="blob:"]').count()).toBeGreaterThan(0);
      await page.fill('#email', 'csp@example.org');
      await page.check('#consent');
      await page.waitForTimeout(Math.max(0, 3500 - (Date.now() - shownAt)));
      problems.push(...(await w.problems()));
      await page.click('button[type="submit"]');
      // The live status page, rendered by the function from the built page shell.
      await page.waitForURL(/\/sq\/status\/[A-Z0-9]{4}-[A-Z0-9]{4}\//);
      expect(await page.locator('[data-testid="tracking-code"]').count()).toBe(1);
      problems.push(...(await w.problems()));

      // The staff page: the page shell again, and the private photo from S3 (img-src).
      await stack.poller.idle();
      const code = /\/status\/([A-Z0-9-]+)\//.exec(page.url())![1]!;
      const staffMail = (stack.sink.messages() as { to: string[]; subject: string; text: string; html: string; id: string }[]).find((m) => m.subject.includes(code) && /\/api\/reply\//.test(m.text));
      expect(staffMail).toBeDefined();
      await visit(w, replyLink(staffMail! as Parameters<typeof replyLink>[0]), problems);
      await page.locator('main').waitFor();
      const staffPhotos = page.locator('main img');
      if (await staffPhotos.count()) await expect.poll(() => staffPhotos.first().evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
      problems.push(...(await w.problems()));
      expect([...new Set(problems)]).toEqual([]);
    } finally {
      await w.ctx.close();
    }
  });

  it('draws the archive map with its points, with no violation', async () => {
    const w = await watchedPage();
    try {
      await w.page.goto(stack.url('zvecan', '/sr/archive/map/'));
      await w.page.locator('.leaflet-container').waitFor();
      await w.page.locator('.leaflet-tile-loaded').first().waitFor();
      // preferCanvas: the points are drawn on a canvas; a popup opens on one.
      await w.page.locator('.leaflet-overlay-pane canvas').waitFor();
      expect(await w.problems()).toEqual([]);
    } finally {
      await w.ctx.close();
    }
  });

  it('runs the search (Pagefind, WebAssembly) with no violation', async () => {
    const w = await watchedPage();
    try {
      await w.page.goto(stack.url('zvecan', '/sr-latn/search/?q=osam%20godina'));
      await w.page.locator('.pagefind-ui__result-link').first().waitFor({ timeout: 15_000 });
      expect(await w.problems()).toEqual([]);
    } finally {
      await w.ctx.close();
    }
  });

  it('shows the charts, the form error page and a missing case with no violation', async () => {
    const w = await watchedPage();
    const problems: string[] = [];
    try {
      await w.page.goto(stack.url('zvecan', '/sr/archive/statistics/'));
      const chart = w.page.locator('svg.chart__svg').first();
      await chart.waitFor();
      // The drawing keeps its height without a style attribute (the policy refuses those).
      const box = (await chart.boundingBox())!;
      expect(Math.round(box.height)).toBe(Number(await chart.getAttribute('height')));
      // A form posted without the island's checks: the function's error page, in the site's layout.
      await visit(w, stack.url('zvecan', '/sr/ask-the-mayor/ask/'), problems);
      await w.page.evaluate(() => {
        const f = document.createElement('form');
        f.method = 'post';
        f.action = '/api/questions';
        for (const [name, value] of [['municipality', 'zvecan'], ['locale', 'sr'], ['question', '']]) {
          const i = document.createElement('input');
          i.type = 'hidden';
          i.name = name!;
          i.value = value!;
          f.append(i);
        }
        document.body.append(f);
        f.submit();
      });
      await w.page.waitForURL('**/api/questions');
      expect(await w.page.title()).toMatch(/^Грешка:/);
      await visit(w, stack.url('zvecan', '/sr/status/ZZZZ-ZZZZ/'), problems);
      expect(await w.page.locator('main').count()).toBe(1);
      problems.push(...(await w.problems()));
      expect([...new Set(problems)]).toEqual([]);
    } finally {
      await w.ctx.close();
    }
  });
});

describe('the committed hashes (what a deploy puts into CloudFront)', () => {
  it.each(siteIds)('cover every inline script and style of %s, and its pages have no style or event attributes', (site) => {
    const root = join(distDir, site);
    const pages = readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && e.name.endsWith('.html'))
      .map((e) => readFileSync(join(e.parentPath, e.name), 'utf8'));
    const needed = hashesOf(pages);
    const allowed = readAllowedHashes(site);
    expect(allowed, `core/security/csp/${site}.json`).toBeDefined();
    expect(missingHashes(needed, allowed!)).toEqual({ scripts: [], styles: [] });
    expect(needed.styleAttributes).toEqual([]);
    expect(needed.eventHandlers).toEqual([]);
  });
});
