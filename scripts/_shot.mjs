import { chromium } from 'playwright-core';
const [,, url, out, width = '1280', js = '1'] = process.argv;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
const ctx = await browser.newContext({ viewport: { width: Number(width), height: 900 }, javaScriptEnabled: js === '1' });
const page = await ctx.newPage();
await page.goto(url);
await page.screenshot({ path: out, fullPage: true });
await browser.close();
