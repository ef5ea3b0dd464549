// "This may already be reported" in Chromium with JavaScript: an open report of the same category
// 50 m from the pin appears in the report form's live region (from the rebuilt site's
// /open-data/open-reports.json) with its status and a "follow this one instead" link to its archive
// page's follow form; one 500 m away does not, and another category shows none. Then, filed anyway,
// the confirmation page lists it too (the list the page shows without JavaScript). With JavaScript
// off there is no map: a report through the real form gets the open report of its category at the
// same address as typed (Cyrillic against Latin, "ул." aside) on its confirmation, and axe passes.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
import { request as httpRequest } from 'node:http';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser } from '../helpers/browser.ts';
import { startTestStack, getPage, type Stack } from '../helpers/stack.ts';
import { distDir } from '../helpers/dist.ts';

let browser: Browser;
let stack: Stack;
let sitesDir: string;
const built: string[] = [];
beforeAll(async () => {
  // The rebuild worker swaps rebuilt sites in: give it a copy, so other tests keep theirs.
  sitesDir = await mkdtemp(join(tmpdir(), 'eopstine-nearby-'));
  await cp(process.env.NEARBY_DIST ?? distDir, sitesDir, { recursive: true });
  [browser, stack] = await Promise.all([launchBrowser(), startTestStack({ distDir: sitesDir, rebuild: { debounceMs: 300, onBuilt: (site) => built.push(site) } })]);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  if (sitesDir) await rm(sitesDir, { recursive: true, force: true });
});

function postJson(body: unknown): Promise<{ status: number; body: string }> {
  const data = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port: stack.port, method: 'POST', path: '/api/reports', headers: { host: `zvecan.localhost:${stack.port}`, 'content-type': 'application/json', accept: 'application/json', 'sec-fetch-site': 'same-origin', 'content-length': String(Buffer.byteLength(data)) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

/** Opens the report form and places the pin at the same spot of the map each time: the same lat/lng. */
async function pinned(page: Page, locale: string): Promise<{ lat: number; lng: number }> {
  await page.goto(stack.url('zvecan', `/${locale}/system-48h/report/`));
  // The map (and Leaflet) loads when the citizen presses its button.
  const openMap = { sr: 'Означите место на мапи', 'sr-latn': 'Označite mesto na mapi', sq: 'Shënoni vendin në hartë' }[locale]!;
  await page.getByRole('button', { name: openMap }).click();
  await page.locator('.leaflet-container').waitFor();
  await page.locator('.leaflet-container').scrollIntoViewIfNeeded();
  const map = (await page.locator('.leaflet-container').boundingBox())!;
  await page.mouse.click(map.x + map.width / 2 + 15, map.y + map.height / 2 - 10);
  await expect.poll(() => page.inputValue('input[name="lat"]')).not.toBe('');
  return { lat: Number(await page.inputValue('input[name="lat"]')), lng: Number(await page.inputValue('input[name="lng"]')) };
}

describe('the report form with JavaScript', () => {
  let near = '';
  let far = '';
  let at = { lat: 0, lng: 0 };

  it('files two earlier reports near the spot the pin will mark, and the site is rebuilt with them', async () => {
    const ctx = await browser.newContext({ viewport: { width: 400, height: 900 } });
    at = await pinned(await ctx.newPage(), 'sr');
    await ctx.close();
    const file = async (metresNorth: number, text: string) => {
      const r = await postJson({ municipality: 'zvecan', locale: 'sr', category: 'lighting', description: text, address: 'Код школе', email: 'prvi@example.org', consent: true, lat: +(at.lat + metresNorth / 111_195).toFixed(6), lng: at.lng });
      expect(r.status, r.body).toBe(201);
      return (JSON.parse(r.body) as { code: string }).code;
    };
    near = await file(50, 'Улична светиљка код школе не ради три ноћи.');
    far = await file(500, 'Светиљка на крају улице не ради.');
    await stack.poller.idle();
    await expect.poll(async () => {
      await stack.poller.idle();
      const r = await getPage(stack, 'zvecan', '/open-data/open-reports.json');
      return r.status === 200 ? (JSON.parse(r.body) as { reports: { code: string }[] }).reports.map((x) => x.code) : [];
    }, { timeout: 150_000, interval: 1000 }).toContain(far);
  }, 180_000);

  it('shows the open report 50 m away after the pin and the category, with a link to follow it instead', async () => {
    const ctx = await browser.newContext({ viewport: { width: 400, height: 900 } });
    const page = await ctx.newPage();
    const again = await pinned(page, 'sq');
    // The same spot of the map, give or take a few metres (the page above it differs by language).
    expect(Math.abs(again.lat - at.lat) * 111_195).toBeLessThan(20);
    expect(Math.abs(again.lng - at.lng) * 81_500).toBeLessThan(20);
    // Nothing until a category is chosen.
    expect(await page.locator('[data-testid="nearby"]').count()).toBe(0);
    await page.check('#category-lighting');
    const panel = page.locator('[data-testid="nearby-panel"]');
    await panel.locator('[data-testid="nearby"]').waitFor();
    expect(await panel.getAttribute('aria-live')).toBe('polite');
    const items = panel.locator('.nearby__item');
    expect(await items.count()).toBe(1);
    expect(await items.first().getAttribute('data-code')).toBe(near);
    expect(await panel.locator('h2').textContent()).toBe('Mund të jetë raportuar tashmë');
    expect(await panel.locator(`a[href="/sq/archive/case/${near}/#follow"]`).textContent()).toContain(near);
    expect(await panel.locator(`a[href="/sq/archive/case/${near}/"]`).count()).toBe(1);
    expect(await panel.locator('.badge--received').count()).toBe(1);
    expect(await panel.textContent()).toContain('Ulična svetiljka');
    expect(await panel.textContent()).not.toContain(far);
    const axe = await new AxeBuilder({ page }).include('form').analyze();
    expect(axe.violations.map((v) => v.id)).toEqual([]);

    // Another category: none of them.
    await page.check('#category-water');
    await panel.locator('[data-testid="nearby-none"]').waitFor();
    expect(await panel.locator('[data-testid="nearby"]').count()).toBe(0);

    // Filed anyway, in the same category: the confirmation lists it as well.
    await page.check('#category-lighting');
    await page.fill('#description', 'Llamba rrugore para shkollës nuk ndizet.');
    await page.fill('#address', 'Para shkollës');
    await page.fill('#email', 'dyti@example.org');
    await page.check('#consent');
    await page.waitForTimeout(3500);
    await page.click('button[type="submit"]');
    await page.waitForURL(/\/sq\/status\/[A-Z0-9]{4}-[A-Z0-9]{4}\/\?new=1$/);
    const confirmation = page.locator('[data-testid="nearby"]');
    await confirmation.waitFor();
    expect(await confirmation.locator(`a[href="/sq/archive/case/${near}/#follow"]`).count()).toBe(1);
    expect(await confirmation.textContent()).not.toContain(far);
    await ctx.close();
  }, 60_000);
});

describe('the report form with JavaScript off', () => {
  it('files a report without a map point and the confirmation offers the open report at the same address', async () => {
    // An earlier report of the same category without a map point, typed in Cyrillic.
    const r = await postJson({ municipality: 'zvecan', locale: 'sr', category: 'lighting', description: 'Светиљка испред поште не ради.', address: 'ул. Војводе Путника 3', email: 'treci@example.org', consent: true });
    expect(r.status, r.body).toBe(201);
    const earlier = (JSON.parse(r.body) as { code: string }).code;
    const other = await postJson({ municipality: 'zvecan', locale: 'sr', category: 'roads', description: 'Рупа испред поште.', address: 'Војводе Путника 3', email: 'treci@example.org', consent: true });
    expect(other.status, other.body).toBe(201);
    const otherCode = (JSON.parse(other.body) as { code: string }).code;
    await stack.poller.idle();

    const ctx = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 400, height: 900 } });
    const page = await ctx.newPage();
    await page.goto(stack.url('zvecan', '/sr-latn/system-48h/report/'));
    expect(await page.locator('.leaflet-container').count()).toBe(0);
    await page.check('#category-lighting');
    await page.fill('#description', 'Ulična svetiljka ispred pošte ne svetli.');
    await page.fill('#address', 'Vojvode Putnika 3');
    await page.fill('#email', 'cetvrti@example.org');
    await page.check('#consent');
    await page.waitForTimeout(3500);
    await page.click('button[type="submit"]');
    await page.waitForURL(/\/sr-latn\/status\/[A-Z0-9]{4}-[A-Z0-9]{4}\/\?new=1$/);
    const confirmation = page.locator('[data-testid="nearby"]');
    await confirmation.waitFor();
    expect(await confirmation.locator('h2').textContent()).toBe('Možda je već prijavljeno');
    expect(await confirmation.textContent()).toContain('Na istoj adresi su i ove otvorene prijave');
    expect(await confirmation.locator('.nearby__item').count()).toBe(1);
    expect(await confirmation.locator('.nearby__item').first().getAttribute('data-code')).toBe(earlier);
    expect(await confirmation.locator(`a[href="/sr-latn/archive/case/${earlier}/#follow"]`).textContent()).toContain(earlier);
    expect(await confirmation.textContent()).toContain('Svetiljka ispred pošte ne radi.');
    expect(await confirmation.textContent()).not.toContain(otherCode);
    expect(await page.content()).not.toMatch(/treci@|cetvrti@/);
    const url = page.url();
    await ctx.close();

    // The same page with JavaScript, for axe (which runs as a script in the page).
    const axeCtx = await browser.newContext({ viewport: { width: 400, height: 900 } });
    const axePage = await axeCtx.newPage();
    await axePage.goto(url);
    await axePage.locator('[data-testid="nearby"]').waitFor();
    const axe = await new AxeBuilder({ page: axePage }).analyze();
    expect(axe.violations.map((v) => v.id)).toEqual([]);
    await axeCtx.close();
  }, 60_000);
});
