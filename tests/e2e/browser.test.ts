import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
import { launchBrowser, startSites } from '../helpers/browser.ts';
import { distDir, read } from '../helpers/dist.ts';
import { locales } from '../../core/locales.ts';

let browser: Browser;
let sites: Awaited<ReturnType<typeof startSites>>;

beforeAll(async () => {
  browser = await launchBrowser();
  sites = await startSites();
});
afterAll(async () => {
  await browser?.close();
  await sites?.stop();
});

async function withPage<T>(options: Parameters<Browser['newContext']>[0], fn: (page: Page, ctx: BrowserContext) => Promise<T>): Promise<T> {
  const ctx = await browser.newContext(options);
  try {
    return await fn(await ctx.newPage(), ctx);
  } finally {
    await ctx.close();
  }
}

const subdirs = (site: string, path: string) =>
  readdirSync(join(distDir, site, 'sr', path), { withFileTypes: true }).filter((e) => e.isDirectory() && !/^\d+$/.test(e.name) && e.name !== 'type' && e.name !== 'year').map((e) => e.name).sort();

describe('language switch', () => {
  it('keeps the page when switching between the three locales', async () => {
    await withPage({}, async (page) => {
      const slug = subdirs('leposavic', 'news')[0]!;
      await page.goto(sites.url('leposavic', `/sr/news/${slug}/`));
      await page.locator('nav.lang a[hreflang="sq"]').click();
      await page.waitForURL(`**/sq/news/${slug}/`);
      expect(await page.getAttribute('html', 'lang')).toBe('sq');
      await page.locator('nav.lang a[hreflang="sr-Latn"]').click();
      await page.waitForURL(`**/sr-latn/news/${slug}/`);
      expect(await page.getAttribute('html', 'lang')).toBe('sr-Latn');
      await expect(page.locator('h1').textContent()).resolves.not.toMatch(/[\u0400-\u04FF]/);
    });
  });
});

describe('search', () => {
  it.each([
    ['sr-latn', 'osam godina'],
    ['sr', 'осам година'],
    ['sq', 'tetë vjet'],
  ])('finds a known news item in %s', async (locale, query) => {
    await withPage({}, async (page) => {
      await page.goto(sites.url('zvecan', `/${locale}/search/`));
      await page.locator('.pagefind-ui__search-input').fill(query);
      const result = page.locator(`.pagefind-ui__result-link[href*="/${locale}/news/e-zvecan-eight-years/"]`);
      await result.first().waitFor({ timeout: 15_000 });
      expect(await result.count()).toBeGreaterThan(0);
    });
  });
});

describe('documents filter with JavaScript turned off', () => {
  it('narrows the list by type and then by year through plain links', async () => {
    await withPage({ javaScriptEnabled: false }, async (page) => {
      await page.goto(sites.url('zvecan', '/sq/documents/'));
      const all = await page.locator('[data-testid="documents"] > li').count();
      expect(all).toBeGreaterThanOrEqual(5);
      await page.locator('nav.filters a[href="/sq/documents/type/budget/"]').click();
      await page.waitForURL('**/sq/documents/type/budget/');
      const types = await page.locator('[data-testid="documents"] > li').evaluateAll((els) => els.map((e) => e.getAttribute('data-type')));
      expect(types.length).toBeGreaterThan(0);
      expect(types.length).toBeLessThan(all);
      expect(new Set(types)).toEqual(new Set(['budget']));
      expect(await page.locator('nav.filters [aria-current="page"]').first().textContent()).toBe('Buxhet');
      await page.locator('nav.filters a[href="/sq/documents/type/budget/2026/"]').click();
      await page.waitForURL('**/sq/documents/type/budget/2026/');
      const years = await page.locator('[data-testid="documents"] > li').evaluateAll((els) => els.map((e) => e.getAttribute('data-year')));
      expect(new Set(years)).toEqual(new Set(['2026']));
    });
  });
});

describe('accessibility (axe, WCAG 2.2 AA) and small screens', () => {
  const site = 'zubin-potok';
  const first = (dir: string) => subdirs(site, dir)[0]!;
  const consultations = subdirs(site, 'consultations');
  const open = consultations.find((c) => read(site, `sr/consultations/${c}/index.html`).includes('badge--open'))!;
  const closed = consultations.find((c) => c !== open)!;
  const templates = [
    '', 'about/', 'news/', `news/${first('news')}/`, 'events/', `events/${first('events')}/`, 'documents/',
    `documents/${first('documents')}/`, 'documents/type/budget/', 'consultations/', `consultations/${open}/`,
    `consultations/${closed}/`, 'info/', 'info/covid-19/', 'system-48h/', 'privacy/', 'search/',
    'system-48h/report/', 'ask-the-mayor/ask/',
    'archive/', 'archive/reports/', 'archive/reports/rural-roads/all/all/', 'archive/questions/', 'archive/case/FXZA-2345/',
    'archive/case/FXZB-2345/', 'archive/map/', 'archive/overdue/', 'archive/statistics/', 'platform/', 'open-data/',
  ];
  const paths: string[] = ['/', '/no-such-page/', ...locales.flatMap((l) => templates.map((tpl) => `/${l.key}/${tpl}`))];

  const axeTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

  it.each(paths)('%s has no violations and fits 320 px', async (path) => {
    await withPage({ viewport: { width: 320, height: 800 } }, async (page) => {
      await page.goto(sites.url(site, path));
      // The root sends the browser on to the default locale by a meta refresh.
      if (path === '/') await page.waitForURL('**/sr/');
      // Check the forms as hydrated islands, with the map drawn (Astro drops `ssr` once hydrated).
      if (/\/(report|ask)\/$/.test(path)) await page.locator('astro-island:not([ssr])').waitFor();
      if (path.endsWith('/report/')) {
        // First with the button that opens the map, then with the map drawn.
        const before = await new AxeBuilder({ page }).withTags(axeTags).analyze();
        expect(before.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([]);
        await page.locator('#map-open').click();
        await page.locator('#map.leaflet-container .leaflet-control-zoom').waitFor();
      }
      const results = await new AxeBuilder({ page }).withTags(axeTags).analyze();
      const summary = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
      expect(summary).toEqual([]);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
    });
  });

  // The same pages as a browser with JavaScript turned off sees them: the forms as plain HTML
  // forms, search and the map with their fallbacks, <noscript> shown. Chromium's own switch
  // (newContext({ javaScriptEnabled: false })) also stops axe, which runs as a script in the page,
  // so the pass gets the same effect another way: every page's scripts are taken out of its HTML
  // and <noscript> elements unwrapped before the browser sees it, and script files are refused.
  // One context for the whole pass keeps it quick.
  describe('with JavaScript turned off', () => {
    let ctx: BrowserContext;
    let page: Page;
    const withoutScripts = (html: string) =>
      html
        .replace(/<script\b[\s\S]*?<\/script\s*>/gi, '')
        .replace(/<link\b[^>]*\brel=["']?modulepreload[^>]*>/gi, '')
        .replace(/<\/?noscript\b[^>]*>/gi, '');
    beforeAll(async () => {
      ctx = await browser.newContext({ viewport: { width: 320, height: 800 } });
      await ctx.route('**/*', async (route) => {
        const type = route.request().resourceType();
        if (type === 'script') return route.abort();
        if (type !== 'document') return route.continue();
        // Fetched here on loopback (Node does not resolve *.localhost names as Chromium does).
        const url = new URL(route.request().url());
        const res = await fetch(`http://127.0.0.1:${url.port}${url.pathname}${url.search}`, { headers: { host: url.host }, redirect: 'manual' });
        const headers = Object.fromEntries([...res.headers].filter(([k]) => !['content-encoding', 'content-length'].includes(k)));
        const body = await res.text();
        return route.fulfill({ status: res.status, headers, body: (headers['content-type'] ?? '').startsWith('text/html') ? withoutScripts(body) : body });
      });
      page = await ctx.newPage();
    });
    afterAll(async () => {
      await ctx?.close();
    });

    it.each(paths)('%s without JavaScript has no violations and fits 320 px', async (path) => {
      // The root is checked as itself: a page served through route.fulfill does not follow its
      // meta refresh, and /sr/, where it leads, is checked on its own.
      await page.goto(sites.url(site, path));
      expect(await page.locator('script').count()).toBe(0);
      const results = await new AxeBuilder({ page }).withTags(axeTags).analyze();
      const summary = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
      expect(summary).toEqual([]);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
    });
  });
});

// The full pass above runs on one site; the colours (and categories) differ per municipality,
// so every other site gets the pages that show its colours: the header and navigation, buttons,
// the filters and badges of the archive, the charts, a case, the hydrated report form.
describe('accessibility of every municipality (axe, WCAG 2.2 AA)', () => {
  const axeTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
  const others = readdirSync(distDir, { withFileTypes: true })
    .filter((e) => !e.name.startsWith('.') && e.name !== 'zubin-potok' && (e.isDirectory() || e.isSymbolicLink()))
    .map((e) => e.name)
    .sort();
  // A site whose fixture archive has no case has no case pages.
  const cases = (site: string) => (existsSync(join(distDir, site, 'sr', 'archive', 'case')) ? subdirs(site, 'archive/case') : []);
  const paths = others.flatMap((site) =>
    locales.flatMap((l) =>
      // Zvečan's fixture has the cases that show resolution: answers in two languages, a duplicate.
      ['', 'system-48h/', 'system-48h/report/', 'archive/', 'archive/reports/', 'archive/statistics/', 'platform/', ...cases(site).slice(0, 1).map((c) => `archive/case/${c}/`), ...(site === 'zvecan' ? ['archive/case/FXRF-2345/', 'archive/case/FXRG-2345/'] : [])].map(
        (tpl) => [site, `/${l.key}/${tpl}`] as const,
      ),
    ),
  );

  it('covers the other three sites', () => {
    expect(others).toHaveLength(3);
  });

  it.each(paths)('%s %s has no violations', async (site, path) => {
    await withPage({ viewport: { width: 1024, height: 800 } }, async (page) => {
      await page.goto(sites.url(site, path));
      if (path.endsWith('/report/')) await page.locator('astro-island:not([ssr])').waitFor();
      const results = await new AxeBuilder({ page }).withTags(axeTags).analyze();
      expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([]);
    });
  });
});

describe('citizen forms with JavaScript', () => {
  const site = 'zvecan';
  /** Opens a form page once its island has hydrated. */
  async function open(page: Page, path: string) {
    await page.goto(sites.url(site, path));
    await page.locator('astro-island:not([ssr])').waitFor();
    await page.waitForFunction(() => (document.querySelector('input[name="idempotencyKey"]') as HTMLInputElement | null)?.value !== '');
  }

  it('shows the errors of the shared schema in a focused summary, with messages beside the fields', async () => {
    await withPage({}, async (page) => {
      let posted = 0;
      await page.route(/\/api\/reports(\?|$)/, (route) => { posted++; return route.fulfill({ status: 500 }); });
      await open(page, '/sr/system-48h/report/');
      await page.fill('#description', 'кратко');
      await page.click('button[type="submit"]');
      await page.locator('.error-summary').waitFor();
      expect(await page.evaluate(() => document.activeElement?.className)).toBe('error-summary');
      expect(await page.title()).toMatch(/^Грешка: /);
      const links = await page.locator('.error-summary a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      expect(links).toEqual(['#category', '#description', '#address', '#email', '#consent']);
      expect(await page.locator('#description').getAttribute('aria-describedby')).toBe('description-hint description-error');
      expect(await page.locator('#description-error').textContent()).toContain('Опис је прекратак');
      expect(await page.inputValue('#description')).toBe('кратко');
      await page.locator('.error-summary a[href="#description"]').click();
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('description');
      expect(posted).toBe(0);
    });
  });

  it('drops a pin on the map, sends JSON once however often it is clicked, and goes to the status page', async () => {
    await withPage({}, async (page) => {
      const bodies: unknown[] = [];
      // The API answers only once the test has clicked again, so every click lands while sending.
      let answer!: () => void;
      const answered = new Promise<void>((r) => (answer = r));
      await page.route(/\/api\/reports(\?|$)/, async (route) => {
        bodies.push(route.request().postDataJSON());
        expect(route.request().headers()['accept']).toBe('application/json');
        await answered;
        await route.fulfill({ status: 201, contentType: 'application/json', body: JSON.stringify({ code: 'ABC123', status: 'received', statusUrl: '/sr/news/' }) });
      });
      await open(page, '/sr/system-48h/report/');
      await page.getByRole('button', { name: 'Означите место на мапи' }).click();
      await page.locator('#map.leaflet-container').click({ position: { x: 150, y: 120 } });
      await page.locator('.map-pin').waitFor();
      expect(Number(await page.inputValue('input[name="lat"]'))).toBeGreaterThan(42.84);
      await page.check('#category-lighting');
      await page.fill('#description', 'Светиљка код школе не ради већ недељу дана.');
      await page.fill('#phone', '+383 44 123 456');
      await page.check('#consent');
      await page.locator('button[type="submit"]').dblclick();
      await page.locator('button[type="submit"][aria-disabled="true"]').click({ force: true }); // aria-disabled: Playwright would wait
      answer();
      await page.waitForURL('**/sr/news/');
      expect(bodies).toHaveLength(1);
      expect(bodies[0]).toMatchObject({ municipality: site, locale: 'sr', category: 'lighting', consent: true, showName: false, phone: '+383 44 123 456', website: '' });
      const body = bodies[0] as Record<string, unknown>;
      expect(typeof body['lat']).toBe('number');
      expect(body['idempotencyKey']).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
      expect(typeof body['startedAt']).toBe('number');
    });
  });

  it('shows the API’s errors and keeps the answers when it refuses or is busy', async () => {
    await withPage({}, async (page) => {
      let status = 400;
      await page.route(/\/api\/questions(\?|$)/, (route) => route.fulfill({
        status, contentType: 'application/json',
        body: JSON.stringify(status === 400 ? { errors: [{ field: 'email', code: 'invalidEmail', message: 'Shkruani një adresë të saktë emaili, me shenjën @.' }] } : { error: 'rateLimited' }),
      }));
      await open(page, '/sq/ask-the-mayor/ask/');
      await page.fill('#question', 'Kur do të rregullohet rruga te shkolla?');
      await page.fill('#email', 'ana@example.com');
      await page.check('#consent');
      await page.click('button[type="submit"]');
      await page.locator('#email-error').waitFor();
      expect(await page.locator('.error-summary a').getAttribute('href')).toBe('#email');
      status = 429;
      await page.click('button[type="submit"]');
      await page.locator('.error-summary li', { hasText: 'Prisni disa minuta' }).waitFor();
      expect(await page.inputValue('#question')).toBe('Kur do të rregullohet rruga te shkolla?');
    });
  });

  it('shrinks a photo to a JPEG, uploads it by presigned POST, and keeps its key; refuses what is not a photo', async () => {
    await withPage({ viewport: { width: 320, height: 800 } }, async (page) => {
      const key = 'incoming/0b0b7d4e-5c39-4e3e-9a52-6c1b2f0f8a11';
      let ticket: unknown;
      let upload: Buffer | null = null;
      await page.route('**/api/uploads', (route) => {
        ticket = route.request().postDataJSON();
        return route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ key, url: '/storage-post', fields: { key, 'Content-Type': 'image/jpeg' }, maxBytes: 10485760 }) });
      });
      await page.route('**/storage-post', (route) => {
        upload = route.request().postDataBuffer();
        return route.fulfill({ status: 204 });
      });
      await open(page, '/sr-latn/system-48h/report/');
      const png = await page.evaluate(async () => {
        const c = document.createElement('canvas');
        c.width = 4000;
        c.height = 1000;
        c.getContext('2d')!.fillRect(0, 0, 10, 10);
        const b = await new Promise<Blob | null>((r) => c.toBlob(r, 'image/png'));
        return Array.from(new Uint8Array(await b!.arrayBuffer()));
      });
      await page.setInputFiles('#photos', [
        { name: 'wide.png', mimeType: 'image/png', buffer: Buffer.from(png) },
        { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') },
      ]);
      await page.locator('input[type="hidden"][name="photos"]').waitFor({ state: 'attached' });
      expect(await page.inputValue('input[type="hidden"][name="photos"]')).toBe(key);
      expect(ticket).toMatchObject({ municipality: site, locale: 'sr-latn', contentType: 'image/jpeg' });
      const text = upload!.toString('latin1');
      // Every field before the file, and the file a JPEG.
      expect(text.indexOf('name="key"')).toBeLessThan(text.indexOf('name="file"'));
      expect(text).toMatch(/name="file"; filename="photo\.jpg"\r\nContent-Type: image\/jpeg/);
      expect(await page.locator('.photo__img').getAttribute('alt')).toBe('Fotografija 1');
      const size = await page.locator('.photo__img').evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight]);
      expect(size).toEqual([2048, 512]);
      expect(await page.locator('.photo-notices').textContent()).toContain('notes.txt');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await page.getByRole('button', { name: 'Ukloni fotografiju 1' }).click();
      expect(await page.locator('input[type="hidden"][name="photos"]').count()).toBe(0);
    });
  });
});

describe('citizen forms with JavaScript turned off', () => {
  it('post form-encoded to the API, with no map, no photos and an honest honeypot', async () => {
    await withPage({ javaScriptEnabled: false }, async (page) => {
      let posted: { type: string | undefined; body: URLSearchParams } | null = null;
      await page.route(/\/api\/reports(\?|$)/, (route) => {
        posted = { type: route.request().headers()['content-type'], body: new URLSearchParams(route.request().postData() ?? '') };
        return route.fulfill({ status: 303, headers: { Location: '/sq/news/' } });
      });
      await page.goto(sites.url('leposavic', '/sq/system-48h/report/'));
      expect(await page.locator('#map, input[type="file"]').count()).toBe(0);
      await page.check('input[name="category"] >> nth=0');
      await page.fill('#description', 'Ndriçimi te shkolla nuk punon prej një jave.');
      await page.fill('#address', 'Rruga e shkollës');
      await page.fill('#email', 'ana@example.com');
      await page.check('#consent');
      await page.click('button[type="submit"]');
      await page.waitForURL('**/sq/news/');
      expect(posted!.type).toBe('application/x-www-form-urlencoded');
      const body = posted!.body;
      expect(body.get('municipality')).toBe('leposavic');
      expect(body.get('locale')).toBe('sq');
      expect(body.get('consent')).toBe('on');
      expect(body.has('showName')).toBe(false);
      expect(body.get('website')).toBe('');
      expect(body.get('lat')).toBe('');
      expect(body.get('idempotencyKey')).toBe('');
    });
  });
});
