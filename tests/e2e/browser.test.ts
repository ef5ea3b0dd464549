import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
import { launchBrowser, startSites } from '../helpers/browser.ts';
import { distDir, read } from '../helpers/dist.ts';
import { locales } from '../../sites/i18n/locales.ts';

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
  ];
  const paths: string[] = ['/', '/no-such-page/', ...locales.flatMap((l) => templates.map((tpl) => `/${l.key}/${tpl}`))];

  it.each(paths)('%s has no violations and fits 320 px', async (path) => {
    await withPage({ viewport: { width: 320, height: 800 } }, async (page) => {
      await page.goto(sites.url(site, path));
      // The root sends the browser on to the default locale by a meta refresh.
      if (path === '/') await page.waitForURL('**/sr/');
      const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
      const summary = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
      expect(summary).toEqual([]);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
    });
  });
});
